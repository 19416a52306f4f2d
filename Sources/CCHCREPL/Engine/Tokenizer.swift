import CCHCCore

/// Splits a command line into words: whitespace separates, double or single quotes group, a
/// backslash escapes the next character (outside single quotes; inside double quotes `\n` and
/// `\t` are a line break and a tab), and a `#` that starts a word begins a comment to the end of
/// the line, as in a shell (`rank  # the ranking`; `'#1'` or `\#1` is a word). Words are
/// normalised to NFC.
public enum Tokenizer {
    /// Thrown for an unterminated quote or a trailing backslash.
    public enum TokenizeError: WorkbenchError, Equatable {
        /// A quote was opened and never closed.
        case unterminatedQuote(Character)
        /// The line ends with a lone backslash.
        case trailingBackslash
        /// The line holds a control character (NUL, an escape sequence…) at a 1-based column.
        case controlCharacter(UInt32, column: Int)

        public var description: String {
            switch self {
            case .unterminatedQuote(let quote): "Unterminated \(quote == "'" ? "single" : "double") quote in the line"
            case .trailingBackslash: "The line ends with a lone backslash"
            case .controlCharacter(let value, let column):
                "The line has a control character (U+\(String(format: "%04X", value))) at column \(column); names, texts and notes are kept exactly, so it is refused"
            }
        }
    }

    /// `word` as one word of a command line: single-quoted when it holds anything but plain
    /// characters (a `'` inside becomes `'\''`), double-quoted with escapes when it holds a line
    /// break, so `tokenize` gives it back unchanged.
    public static func quoted(_ word: String) -> String {
        let special: Set<Unicode.Scalar> = ["\"", "'", "\\", "#"]
        let plain =
            !word.isEmpty && word.unicodeScalars.allSatisfy { !$0.properties.isWhitespace && !special.contains($0) }
        if plain { return word }
        guard word.unicodeScalars.contains(where: { $0 == "\n" }) else {
            var text = "'"
            for scalar in word.unicodeScalars {
                if scalar == "'" { text += "'\\''" } else { text.unicodeScalars.append(scalar) }
            }
            return text + "'"
        }
        // A line break (from `\n` typed in double quotes) cannot stand in a line: double quotes,
        // with `\n`, `\"` and `\\` written as escapes.
        var text = "\""
        for scalar in word.unicodeScalars {
            switch scalar {
            case "\n": text += "\\n"
            case "\"": text += "\\\""
            case "\\": text += "\\\\"
            default: text.unicodeScalars.append(scalar)
            }
        }
        return text + "\""
    }

    /// The words of `line`.
    /// - Throws: ``TokenizeError`` for an unterminated quote, a trailing backslash, or a control
    ///   character other than tab (NUL would cut a name short where it is stored; escape
    ///   sequences would play on the terminal).
    public static func tokenize(_ line: String) throws -> [String] {
        try words(line).map(\.text)
    }

    /// The words of `line`, as ``tokenize(_:)`` splits them, each saying whether it is a value
    /// whatever it begins with: a word that starts with a quote (`"-5 điểm là quá nặng"`) or a
    /// negative number (`-1`, `-0.5`, `-1,5`) is never taken for an option.
    /// - Throws: as ``tokenize(_:)``.
    public static func words(_ line: String) throws -> [(text: String, isValue: Bool)] {
        for (offset, scalar) in line.unicodeScalars.enumerated()
        where scalar.properties.generalCategory == .control && scalar != "\t" {
            throw TokenizeError.controlCharacter(scalar.value, column: offset + 1)
        }
        var words: [(text: String, isValue: Bool)] = []
        var current = String.UnicodeScalarView()
        var inWord = false
        var startsQuoted = false
        var quote: Unicode.Scalar?
        var escaping = false
        // Scalars, not characters: a combining mark after a quote or a space (`"\u{0301}…"`)
        // would otherwise join it into one character and hide it.
        scalars: for scalar in line.unicodeScalars {
            if escaping {
                // Inside double quotes, \n and \t stand for a line break and a tab.
                switch (quote, scalar) {
                case ("\"", "n"): current.append("\n")
                case ("\"", "t"): current.append("\t")
                default: current.append(scalar)
                }
                escaping = false
                continue
            }
            if let open = quote {
                if scalar == open {
                    quote = nil
                } else if scalar == "\\" && open == "\"" {
                    escaping = true
                } else {
                    current.append(scalar)
                }
                continue
            }
            switch scalar {
            case "\\":
                escaping = true
                inWord = true
            case "\"", "'":
                if !inWord { startsQuoted = true }
                quote = scalar
                inWord = true
            case "#" where !inWord:
                break scalars
            case _ where scalar.properties.isWhitespace:
                if inWord { words.append((String(current), startsQuoted || isNegativeNumber(String(current)))) }
                current = String.UnicodeScalarView()
                inWord = false
                startsQuoted = false
            default:
                current.append(scalar)
                inWord = true
            }
        }
        if let quote { throw TokenizeError.unterminatedQuote(Character(quote)) }
        if escaping { throw TokenizeError.trailingBackslash }
        if inWord { words.append((String(current), startsQuoted || isNegativeNumber(String(current)))) }
        return words.map { (VietnameseText.nfc($0.text), $0.isValue) }
    }

    /// `line` without its trailing comment (a `#` that starts a word outside quotes) and the
    /// spaces before it, as the command is echoed back (`"command"` in JSON).
    public static func withoutComment(_ line: String) -> String {
        var quote: Unicode.Scalar?
        var escaping = false
        var previous: Unicode.Scalar = " "
        let scalars = line.unicodeScalars
        for index in scalars.indices {
            let scalar = scalars[index]
            defer { previous = scalar }
            if escaping {
                escaping = false
            } else if let open = quote {
                if scalar == open { quote = nil } else if scalar == "\\" && open == "\"" { escaping = true }
            } else if scalar == "\\" {
                escaping = true
            } else if scalar == "\"" || scalar == "'" {
                quote = scalar
            } else if scalar == "#", previous.properties.isWhitespace {
                return String(scalars[..<index]).trimmingWhitespace
            }
        }
        return line
    }

    /// `-1`, `-0.5`, `-1,5`, `-.5`: a minus sign and a number, not an option.
    static func isNegativeNumber(_ word: String) -> Bool {
        var rest = word.unicodeScalars.dropFirst()
        guard word.hasPrefix("-"), let first = rest.first else { return false }
        if first == "." || first == "," { rest = rest.dropFirst() }
        guard let digit = rest.first, ("0"..."9").contains(digit) else { return false }
        return rest.allSatisfy { ("0"..."9").contains($0) || $0 == "." || $0 == "," || $0 == "%" }
    }
}
