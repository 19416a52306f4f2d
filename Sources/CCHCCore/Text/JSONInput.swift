import Foundation

/// JSON read from a file the user named, with errors a person can act on.
public enum JSONInput {
    /// Parses `data` (the bytes of `file`) as a JSON value.
    ///
    /// - Returns: what `JSONSerialization` gives: `[String: Any]`, `[Any]`, `String`, `NSNumber`
    ///   or `NSNull`.
    /// - Throws: ``InputProblem`` at the line and column where the text stops being JSON
    ///   (`f.json:3:7: This is not valid JSON: invalid value …`), or at 1:1 for an empty file.
    public static func parse(_ data: Data, file: String) throws -> Any {
        do {
            return try JSONSerialization.jsonObject(with: data, options: [.fragmentsAllowed])
        } catch {
            let text = String(decoding: data, as: UTF8.self)
            if text.allSatisfy(\.isWhitespace) {
                throw InputProblem(file: file, line: 1, column: 1, message: "The file is empty; expected JSON")
            }
            let detail = (error as NSError).userInfo[NSDebugDescriptionErrorKey] as? String ?? "\(error)"
            let (line, column) = position(of: detail, in: text)
            // The position is told as line and column: drop Foundation's byte offset.
            var reason = detail
            if let around = reason.range(of: " around character ") { reason = String(reason[..<around.lowerBound]) }
            reason = reason.trimmingCharacters(in: CharacterSet(charactersIn: ". "))
            reason = reason.prefix(1).lowercased() + reason.dropFirst()
            throw InputProblem(
                file: file, line: line, column: column,
                message: "This is not valid JSON: \(reason); a quote, comma or bracket may be missing or extra")
        }
    }

    /// The line and column (in characters) of "… around character N" (Foundation counts UTF-8
    /// bytes from 0), else of the end of the text.
    static func position(of detail: String, in text: String) -> (line: Int, column: Int) {
        var offset = Int.max
        if let range = detail.range(of: "character ") {
            offset = Int(detail[range.upperBound...].prefix { $0.isNumber }) ?? Int.max
        }
        var line = 1
        var column = 1
        for (index, byte) in text.utf8.enumerated() {
            if index >= offset { break }
            if byte == 0x0A {
                line += 1
                column = 1
            } else if byte & 0xC0 != 0x80 {
                column += 1
            }
        }
        return (line, column)
    }
}
