import Foundation

/// How wide text sets in Times New Roman, the font of Vietnamese administrative documents (Nghị
/// định 30/2020/NĐ-CP), regular and bold: Adobe's Times-Roman and Times-Bold advance widths
/// (AFM, thousandths of an em), with which Times New Roman and Liberation Serif (LibreOffice's
/// stand-in) are metric-compatible. A Vietnamese letter is as wide as its base letter; the horn
/// of `ơ`, `ư` adds a little. Used to size DOCX table columns so no word breaks.
enum TextMetrics {
    /// The width of `text` at `points` (in twentieths of a point, Word's unit), the widest
    /// line when it has several.
    static func width(_ text: String, bold: Bool, points: Double) -> Double {
        let table = bold ? Self.bold : Self.regular
        var widest = 0
        var line = 0
        for scalar in text.unicodeScalars {
            let value = Int(scalar.value)
            switch value {
            case 0x0A:
                widest = max(widest, line)
                line = 0
            case 0x20..<0x7F: line += table[value - 0x20]
            case 0x00A0: line += 250
            case 0x2192, 0x2026, 0x2014, 0x25BC: line += 1000  // → … — ▼
            case 0x0300...0x036F: break  // a mark sits above or below its letter
            case 0x200B: break  // a zero-width space: a place to break, not a letter
            default: line += marked(scalar, table: table, bold: bold)
            }
        }
        return Double(max(widest, line)) * points * 20 / 1000
    }

    /// A letter with marks (`ạ`, `ư`, `Ế`, `đ`): its base letter's width, or what a fallback
    /// font gives it where the document's font lacks Vietnamese (LibreOffice with an older
    /// Liberation Serif sets such letters in DejaVu Serif, about 600 and 650 wide), whichever
    /// is more, so a column fits either way; a horn (`ơ`, `ư`) adds a little.
    static func marked(_ scalar: Unicode.Scalar, table: [Int], bold: Bool) -> Int {
        let fallback = bold ? 650 : 600
        switch scalar.value {
        case 0x0110: return 800  // Đ
        case 0x0111: return fallback  // đ
        default: break
        }
        var base = fallback
        var horn = 0
        for part in String(scalar).decomposedStringWithCanonicalMapping.unicodeScalars {
            if (0x20..<0x7F).contains(part.value) {
                base = max(table[Int(part.value) - 0x20], fallback)
            } else if part.value == 0x031B {
                horn = 60
            }
        }
        return base + horn
    }

    /// Advance widths of the printable ASCII characters, space (0x20) to tilde (0x7E).
    static let regular: [Int] = [
        250, 333, 408, 500, 500, 833, 778, 180, 333, 333, 500, 564, 250, 333, 250, 278,  // space … /
        500, 500, 500, 500, 500, 500, 500, 500, 500, 500, 278, 278, 564, 564, 564, 444,  // 0 … ?
        921, 722, 667, 667, 722, 611, 556, 722, 722, 333, 389, 722, 611, 889, 722, 722,  // @ … O
        556, 722, 667, 556, 611, 722, 722, 944, 722, 722, 611, 333, 278, 333, 469, 500,  // P … _
        333, 444, 500, 444, 500, 444, 333, 500, 500, 278, 278, 500, 278, 778, 500, 500,  // ` … o
        500, 500, 333, 389, 278, 500, 500, 722, 500, 500, 444, 480, 200, 480, 541,  // p … ~
    ]

    static let bold: [Int] = [
        250, 333, 555, 500, 500, 1000, 833, 278, 333, 333, 500, 570, 250, 333, 250, 278,
        500, 500, 500, 500, 500, 500, 500, 500, 500, 500, 333, 333, 570, 570, 570, 500,
        930, 722, 667, 722, 722, 667, 611, 778, 778, 389, 500, 778, 667, 944, 722, 778,
        611, 778, 722, 556, 667, 722, 722, 1000, 722, 722, 667, 333, 278, 333, 581, 500,
        333, 500, 556, 444, 556, 444, 333, 500, 556, 278, 333, 556, 278, 833, 556, 500,
        556, 556, 444, 389, 333, 556, 500, 722, 500, 500, 444, 394, 220, 394, 520,
    ]
}
