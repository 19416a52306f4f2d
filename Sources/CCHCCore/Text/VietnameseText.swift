import Foundation

/// Vietnamese-aware text helpers: normalisation, diacritic-free matching, collation and
/// display width.
public enum VietnameseText {
    /// The NFC form of `text`; every name the workbench stores or compares goes through it.
    public static func nfc(_ text: String) -> String {
        isPlainlyNFC(text) ? text : text.precomposedStringWithCanonicalMapping
    }

    /// Whether `text` is NFC by a look at its bytes alone: every character below U+0300 (ASCII,
    /// Latin-1, Latin Extended-A and -B: đ, ơ, ư, Ă…) or in Latin Extended Additional
    /// (U+1E00–U+1EFF: ạ, ế, ữ… — the rest of Vietnamese), none of which normalisation changes, and
    /// no combining mark (U+0300 and up) that could join them. False for anything else, which then
    /// goes through Foundation's normalisation (reading 10,000 stored unit names spent most of its
    /// time there).
    static func isPlainlyNFC(_ text: String) -> Bool {
        var utf8 = text.utf8.makeIterator()
        while let byte = utf8.next() {
            if byte < 0xCC { continue }  // below U+0300, or a continuation byte
            guard byte == 0xE1, let second = utf8.next(), (0xB8...0xBB).contains(second) else { return false }
        }
        return true
    }

    /// A matching key: lowercase, without diacritics (đ → d), whitespace collapsed.
    ///
    /// "Hương Văn", "huong van" and the NFD spelling of "HƯƠNG VĂN" have the same key.
    public static func fold(_ text: String) -> String {
        var out = String.UnicodeScalarView()
        var lastWasSpace = true
        for scalar in text.decomposedStringWithCanonicalMapping.unicodeScalars {
            if scalar.properties.generalCategory == .nonspacingMark { continue }
            if scalar.properties.isWhitespace {
                if !lastWasSpace { out.append(" ") }
                lastWasSpace = true
                continue
            }
            lastWasSpace = false
            switch scalar {
            case "đ", "Đ": out.append("d")
            default: out.append(contentsOf: String(scalar).lowercased().unicodeScalars)
            }
        }
        var folded = String(out)
        if folded.hasSuffix(" ") { folded.removeLast() }
        return folded
    }

    // MARK: - Collation

    /// The Vietnamese alphabet order: a ă â b c d đ e ê g h i k l m n o ô ơ p q r s t u ư v x y.
    /// Letters outside it sort by their scalar value after it.
    private static let letterOrder: [String: Int] = {
        let alphabet = [
            "a", "ă", "â", "b", "c", "d", "đ", "e", "ê", "f", "g", "h", "i", "j", "k", "l", "m", "n",
            "o", "ô", "ơ", "p", "q", "r", "s", "t", "u", "ư", "v", "w", "x", "y", "z",
        ]
        return Dictionary(uniqueKeysWithValues: alphabet.enumerated().map { ($1, $0 + 1) })
    }()

    /// Tone marks in the order Vietnamese dictionaries use: none, huyền, hỏi, ngã, sắc, nặng.
    private static let toneOrder: [Unicode.Scalar: Int] = [
        "\u{0300}": 1, "\u{0309}": 2, "\u{0303}": 3, "\u{0301}": 4, "\u{0323}": 5,
    ]
    /// Marks that make a separate letter (breve, circumflex, horn).
    private static let letterMarks: Set<Unicode.Scalar> = ["\u{0306}", "\u{0302}", "\u{031B}"]

    /// A key that sorts strings the Vietnamese way: by letters of the Vietnamese alphabet first
    /// (so "Đông" comes after "Dương"), then by tone, then by case.
    public static func collationKey(_ text: String) -> [Int] {
        var primary: [Int] = []
        var tones: [Int] = []
        var cases: [Int] = []
        for character in nfc(text) {
            let scalars = character.unicodeScalars
            let weights =
                scalars.count == 1
                ? characterWeights[scalars[scalars.startIndex]] ?? weights(of: character)
                : weights(of: character)
            if let letter = weights.primary { primary.append(letter) }
            tones.append(weights.tone)
            cases.append(weights.upper ? 1 : 0)
        }
        return primary + [Int.min] + tones + [Int.min] + cases
    }

    /// One character's place in ``collationKey(_:)``: its letter (nil for a lone mark), tone and case.
    private static func weights(of character: Character) -> (primary: Int?, tone: Int, upper: Bool) {
        let lower = String(character).lowercased()
        var base = ""
        var tone = 0
        for scalar in lower.decomposedStringWithCanonicalMapping.unicodeScalars {
            if let t = toneOrder[scalar] {
                tone = t
            } else {
                base.unicodeScalars.append(scalar)
            }
        }
        let letter = base.precomposedStringWithCanonicalMapping
        var primary: Int?
        if let order = letterOrder[letter] {
            primary = order
        } else if let first = letter.unicodeScalars.first, !letterMarks.contains(first) {
            // Digits, spaces and punctuation sort before letters; anything else after them.
            let value = Int(first.value)
            primary = value < 0x80 && !first.properties.isAlphabetic ? value - 0x80 : 0x1000 + value
        }
        return (primary, tone, String(character) != lower)
    }

    /// ``weights(of:)`` of every one-scalar character names are written in (ASCII, Latin-1 and
    /// Latin Extended-A/B, the precomposed Vietnamese letters), worked out once: a key is then
    /// a table look-up per character instead of a case mapping and two normalisations.
    private static let characterWeights: [Unicode.Scalar: (primary: Int?, tone: Int, upper: Bool)] = {
        var table: [Unicode.Scalar: (primary: Int?, tone: Int, upper: Bool)] = [:]
        for range in [0x20...0x7E, 0xA0...0x24F, 0x1EA0...0x1EFF] {
            for value in range {
                guard let scalar = Unicode.Scalar(value) else { continue }
                let character = Character(scalar)
                guard character.unicodeScalars.count == 1 else { continue }
                table[scalar] = weights(of: character)
            }
        }
        return table
    }()

    /// True when `a` sorts before `b` in Vietnamese order. For sorting many items use
    /// ``sorted(_:by:then:)``, which builds each key once instead of twice per comparison.
    public static func precedes(_ a: String, _ b: String) -> Bool {
        collationKey(a).lexicographicallyPrecedes(collationKey(b))
    }

    /// `items` in Vietnamese order of `name`, after `first` (a comparison that decides when it
    /// returns non-nil): each name's collation key is built once.
    public static func sorted<T>(
        _ items: [T], by name: (T) -> String, then first: ((T, T) -> Bool?)? = nil
    ) -> [T] {
        let keys = items.map { collationKey(name($0)) }
        return items.indices.sorted { a, b in
            if let decided = first?(items[a], items[b]) { return decided }
            return keys[a].lexicographicallyPrecedes(keys[b])
        }.map { items[$0] }
    }

    // MARK: - Display width

    /// The number of terminal columns `text` takes: combining marks take none, East Asian wide
    /// characters and emoji take two, everything else one.
    public static func displayWidth(_ text: String) -> Int {
        // Printable ASCII (ids, numbers) takes a column a byte: no grapheme breaking needed.
        if text.utf8.allSatisfy({ $0 >= 0x20 && $0 < 0x7F }) { return text.utf8.count }
        // Precomposed Latin and Vietnamese letters (NFC names) take a column a scalar: no
        // combining mark, format character or wide character among them.
        var columns = 0
        for scalar in text.unicodeScalars {
            let value = scalar.value
            guard
                (0x20..<0x7F).contains(value) || (0xA0..<0x300).contains(value) && value != 0xAD
                    || (0x1E00..<0x1F00).contains(value)
            else { return text.reduce(0) { $0 + width(of: $1) } }
            columns += 1
        }
        return columns
    }

    private static func width(of character: Character) -> Int {
        guard let first = character.unicodeScalars.first else { return 0 }
        let value = first.value
        if value < 0x20 || (0x7F..<0xA0).contains(value) { return 0 }
        switch first.properties.generalCategory {
        case .nonspacingMark, .enclosingMark, .format: return 0
        default: break
        }
        if first.properties.isEmojiPresentation { return 2 }
        let wide: [ClosedRange<UInt32>] = [
            0x1100...0x115F, 0x2E80...0x303E, 0x3041...0x33FF, 0x3400...0x4DBF, 0x4E00...0x9FFF,
            0xA000...0xA4CF, 0xAC00...0xD7A3, 0xF900...0xFAFF, 0xFE30...0xFE4F, 0xFF00...0xFF60,
            0xFFE0...0xFFE6, 0x20000...0x2FFFD, 0x30000...0x3FFFD,
        ]
        return wide.contains { $0.contains(value) } ? 2 : 1
    }

    /// `text` padded with spaces to `width` display columns.
    public static func pad(_ text: String, to width: Int, rightAligned: Bool = false) -> String {
        let padding = String(repeating: " ", count: max(0, width - displayWidth(text)))
        return rightAligned ? padding + text : text + padding
    }
}
