import Foundation

/// Parsing of the values users write in CSV files.
public enum Values {
    /// A number: `2`, `2.5`, `-1`; with `decimalComma` (semicolon files), also `2,5`. Without
    /// it, a comma is still read as the decimal mark where it cannot be a thousands separator:
    /// `"1,5"` or `"1,75"` quoted in a comma file (not `1,500`, which is refused as ambiguous).
    /// Spaces around it may be non-breaking (`97,5 %` as spreadsheets write it).
    public static func number(_ text: String, decimalComma: Bool) -> Double? {
        var bytes = Array(text.utf8)
        if bytes.contains(where: { $0 >= 0x80 }) {
            // Non-breaking and other Unicode spaces; the ASCII ones are trimmed below.
            bytes = Array(text.trimmingCharacters(in: .whitespaces).utf8)
        }
        while let last = bytes.last, last == 0x20 || last == 0x09 { bytes.removeLast() }
        while let first = bytes.first, first == 0x20 || first == 0x09 { bytes.removeFirst() }
        if decimalComma, isGroupedByPoints(bytes) { bytes.removeAll { $0 == 0x2E } }
        if let comma = bytes.firstIndex(of: 0x2C), !bytes.contains(0x2E),
            bytes.lazy.filter({ $0 == 0x2C }).count == 1
        {
            let decimals = bytes.count - comma - 1
            let integer = bytes[..<comma].filter { $0 >= 0x30 && $0 <= 0x39 }
            if decimalComma || decimals != 3 || integer.allSatisfy({ $0 == 0x30 }) {
                bytes[comma] = 0x2E
            }
        }
        // Digits, sign, point and exponent only: no "inf", "nan", hex or grouping.
        guard !bytes.isEmpty,
            bytes.allSatisfy({
                ($0 >= 0x30 && $0 <= 0x39) || $0 == 0x2B || $0 == 0x2D || $0 == 0x2E || $0 == 0x65 || $0 == 0x45
            }),
            let value = Double(String(decoding: bytes, as: UTF8.self)), value.isFinite
        else { return nil }
        return value
    }

    /// The highest percentage any value may have: a ratio of amounts (revenue against its
    /// estimate) passes 100 %, but not tenfold.
    public static let percentageLimit = 1000.0

    /// Whether `text` reads as an ISO date (`2024-06-05`, with a time after or not): what a
    /// workbook's date cell gives.
    static func looksLikeISODate(_ text: String) -> Bool {
        let bytes = Array(text.trimmingWhitespace.utf8.prefix(10))
        guard bytes.count == 10, bytes[4] == 0x2D, bytes[7] == 0x2D else { return false }
        return [0, 1, 2, 3, 5, 6, 8, 9].allSatisfy { bytes[$0] >= 0x30 && bytes[$0] <= 0x39 }
    }

    /// Whether `bytes` are a whole number grouped by points in threes (`1.234`, `12.345.678`,
    /// with a sign or a decimal comma after: `1.234,5`): where the comma is the decimal mark
    /// the point is the thousands separator, as Excel writes a number formatted `#,##0` in a
    /// Vietnamese locale. `0.975` is not (nobody groups a zero).
    static func isGroupedByPoints(_ bytes: [UInt8]) -> Bool {
        var digits = bytes[...]
        if let sign = digits.first, sign == 0x2B || sign == 0x2D { digits = digits.dropFirst() }
        if let comma = digits.firstIndex(of: 0x2C) { digits = digits[..<comma] }
        let groups = digits.split(separator: 0x2E, omittingEmptySubsequences: false)
        guard groups.count > 1, let head = groups.first, (1...3).contains(head.count), head.first != 0x30 else {
            return false
        }
        let isDigit = { (byte: UInt8) in byte >= 0x30 && byte <= 0x39 }
        return head.allSatisfy(isDigit) && groups.dropFirst().allSatisfy { $0.count == 3 && $0.allSatisfy(isDigit) }
    }

    /// Yes/no in the spellings users write: yes/no, có/không, true/false, 1/0, x/empty, and a
    /// Vietnamese phrase by its first word: `Đã số hóa`, `Đạt`, `Có thư` (yes); `Chưa số hóa`,
    /// `Không đạt` (no).
    public static func yesNo(_ text: String) -> Bool? {
        let folded = VietnameseText.fold(text)
        switch folded {
        case "yes", "y", "co", "true", "1", "x", "dung": return true
        case "no", "n", "khong", "false", "0", "", "sai": return false
        default: break
        }
        switch folded.split(separator: " ").first {
        case "co", "da", "dat": return true
        case "khong", "chua": return false
        default: return nil
        }
    }

    /// An evidence value: a percentage (`97.5%`), a fraction (`39/40`, `0/0` for no cases), a
    /// yes/no word, or a number.
    public static func evidence(_ text: String, decimalComma: Bool) -> EvidenceValue? {
        try? checkedEvidence(text, decimalComma: decimalComma)
    }

    /// An evidence value read and checked the same way wherever it is typed (`set … evidence`,
    /// `import evidence`): a percentage within 0…100 %, a fraction whose parts are 0 or more with
    /// the numerator at most the denominator (`0/0` for no cases).
    /// - Throws: ``EvidenceValueError`` saying what is wrong with the text.
    public static func checkedEvidence(_ text: String, decimalComma: Bool) throws(EvidenceValueError) -> EvidenceValue {
        let trimmed = text.trimmingWhitespace
        if trimmed.hasSuffix("%") {
            guard let percent = number(String(trimmed.dropLast()), decimalComma: decimalComma) else {
                throw .notAValue(text)
            }
            // Above 100 only where a rule reads amounts (checked by its use); never past the limit.
            guard (0...percentageLimit).contains(percent) else { throw .percentageOutOfRange(text) }
            return .percent(percent)
        }
        if trimmed.contains("/") {
            let parts = trimmed.split(separator: "/", omittingEmptySubsequences: false)
            guard parts.count == 2, let numerator = number(String(parts[0]), decimalComma: decimalComma),
                let denominator = number(String(parts[1]), decimalComma: decimalComma)
            else { throw .notAValue(text) }
            guard numerator >= 0, denominator >= 0 else { throw .negativeFraction(text) }
            guard denominator <= Limits.magnitude else { throw .tooLarge(text) }
            guard numerator <= denominator else { throw .numeratorAboveDenominator(text) }
            return .fraction(numerator: numerator, denominator: denominator)
        }
        if let value = number(trimmed, decimalComma: decimalComma) {
            guard abs(value) <= Limits.magnitude else { throw .tooLarge(text) }
            return .number(value)
        }
        if let truth = yesNo(trimmed) { return .bool(truth) }
        throw .notAValue(text)
    }

    /// An id users can type: ASCII letters, digits, `-`, `_` and `.`.
    public static func isPlainID(_ text: String) -> Bool {
        !text.isEmpty
            && text.utf8.allSatisfy { byte in
                (byte >= 0x30 && byte <= 0x39) || (byte >= 0x41 && byte <= 0x5A) || (byte >= 0x61 && byte <= 0x7A)
                    || byte == 0x2D || byte == 0x5F || byte == 0x2E
            }
    }

    /// A dotted snake_case evidence key: `dossiers.on_time_rate`.
    public static func isEvidenceKey(_ text: String) -> Bool {
        let parts = text.split(separator: ".", omittingEmptySubsequences: false)
        return parts.count >= 2
            && parts.allSatisfy { part in
                !part.isEmpty
                    && part.utf8.allSatisfy { ($0 >= 0x61 && $0 <= 0x7A) || ($0 >= 0x30 && $0 <= 0x39) || $0 == 0x5F }
            }
    }
}

/// Why a typed evidence value is refused; the same words in `set … evidence` and
/// `import evidence`.
public enum EvidenceValueError: WorkbenchError, Equatable {
    /// Not a number, percentage, fraction or yes/no.
    case notAValue(String)
    /// A percentage outside 0…100 %.
    case percentageOutOfRange(String)
    /// A fraction with a negative part.
    case negativeFraction(String)
    /// A fraction whose numerator is above its denominator.
    case numeratorAboveDenominator(String)
    /// A number beyond ``Limits/magnitude``.
    case tooLarge(String)

    public var description: String {
        switch self {
        case .notAValue(let text) where text.trimmingWhitespace.isEmpty:
            "The value is empty (a formula never calculated, or a cell left blank); write it, or leave the row out"
        case .notAValue(let text) where Values.looksLikeISODate(text):
            "Value '\(text)' is a date: the spreadsheet turned what was typed (5/6, 39/40) into one; format the column as Text and type it again"
        case .notAValue(let text):
            "Value '\(text)' is not a number, a percentage (97.5%), a fraction (39/40) or yes/no"
        case .percentageOutOfRange(let text): "Percentage '\(text)' is outside 0…100%"
        case .tooLarge(let text): LimitError.magnitude(text).description
        case .negativeFraction(let text): "Fraction '\(text)' has a negative part"
        case .numeratorAboveDenominator(let text):
            "Fraction '\(text)' has its numerator above the denominator (cases that met the rule / all cases)"
        }
    }
}
