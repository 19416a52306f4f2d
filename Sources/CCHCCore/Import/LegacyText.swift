import Foundation

#if canImport(Glibc)
    import Glibc
#elseif canImport(Darwin)
    import Darwin
#endif

/// Text files in the Vietnamese code page Excel still writes: its "CSV (Comma delimited)" on a
/// Vietnamese Windows saves in Windows-1258 (tone marks as combining bytes after the vowel).
/// Decoded by the C library's `iconv`, then kept only when every character outside ASCII is a
/// Vietnamese letter or common punctuation (a tone mark after anything but a vowel is not): a
/// file in another code page, or not text, is left to the UTF-8 check and its message.
///
/// TCVN3 and VNI are not tried: nearly every byte above 127 is a Vietnamese letter in them, so
/// any file would decode "as Vietnamese", and a wrong guess would import garbled names.
enum LegacyText {
    /// The code pages tried, in order: `iconv`'s name and the name people know.
    static let candidates = [("WINDOWS-1258", "Windows-1258")]

    /// How many bytes of a file are checked for UTF-8 before a code page is tried: a file whose
    /// first MiB is UTF-8 is read as UTF-8 (the import's reader tells a later byte that is not).
    static let probeBytes = 1 << 20

    /// True when `bytes` (a file's first bytes, perhaps cut inside a character) are UTF-8.
    static func isUTF8(prefix bytes: Data) -> Bool {
        for cut in 0...min(3, bytes.count) where String(data: bytes.dropLast(cut), encoding: .utf8) != nil {
            return true
        }
        return false
    }

    /// `data` decoded from the first of ``candidates`` that gives Vietnamese text, NFC, with the
    /// code page's name; nil when none does.
    static func decode(_ data: Data) -> (text: String, encoding: String)? {
        for (code, name) in candidates {
            guard let text = convert(data, from: code).map(VietnameseText.nfc), isVietnamese(text) else { continue }
            return (text, name)
        }
        return nil
    }

    /// `data` converted from `code` to UTF-8 by `iconv`; nil when a byte has no character there.
    static func convert(_ data: Data, from code: String) -> String? {
        let converter = iconv_open("UTF-8", code)
        guard let converter, converter != iconv_t(bitPattern: -1) else { return nil }
        defer { iconv_close(converter) }
        // A byte becomes at most a letter and a combining mark: 6 bytes of UTF-8.
        var output = [UInt8](repeating: 0, count: data.count * 6 + 16)
        var input = [UInt8](data)
        let written: Int? = input.withUnsafeMutableBufferPointer { inBuffer in
            output.withUnsafeMutableBufferPointer { outBuffer in
                var inPointer: UnsafeMutablePointer<CChar>? = UnsafeMutableRawPointer(inBuffer.baseAddress)?
                    .assumingMemoryBound(to: CChar.self)
                var outPointer: UnsafeMutablePointer<CChar>? = UnsafeMutableRawPointer(outBuffer.baseAddress)?
                    .assumingMemoryBound(to: CChar.self)
                var inLeft = inBuffer.count
                var outLeft = outBuffer.count
                guard iconv(converter, &inPointer, &inLeft, &outPointer, &outLeft) != -1, inLeft == 0 else {
                    return nil
                }
                return outBuffer.count - outLeft
            }
        }
        guard let written else { return nil }
        return String(decoding: output[..<written], as: UTF8.self)
    }

    /// True when every character outside ASCII is a Vietnamese letter or common punctuation,
    /// and there is at least one letter: what a Vietnamese file decoded in its own code page
    /// gives, and what one decoded in another does not (`¸`, `ª`, a tone mark left on a
    /// consonant or a `?`).
    static func isVietnamese(_ text: String) -> Bool {
        var letters = 0
        for character in text where !character.isASCII {
            if vietnameseLetters.contains(character) {
                letters += 1
            } else if !punctuation.contains(character) {
                return false
            }
        }
        return letters > 0
    }

    static let vietnameseLetters: Set<Character> = {
        let lower = "àáảãạăằắẳẵặâầấẩẫậđèéẻẽẹêềếểễệìíỉĩịòóỏõọôồốổỗộơờớởỡợùúủũụưừứửữựỳýỷỹỵ"
        return Set(lower + lower.uppercased())
    }()

    static let punctuation: Set<Character> = [
        "\u{00A0}", "“", "”", "‘", "’", "–", "—", "…", "•", "°", "«", "»", "·", "×", "²", "³", "½", "§", "€",
    ]
}
