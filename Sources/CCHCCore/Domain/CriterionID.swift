/// A criterion's id as the regulations number it (`3.2.10`), ordered as they list criteria:
/// part by part, numbers by value (`3.2.9` before `3.2.10`), a number before a word, words by
/// text, and a parent before its children (`3.2` before `3.2.1`).
///
/// The one ordering of criterion ids: analyses, goal plans and feedback reports all sort with it.
public struct CriterionID: Hashable, Sendable, Comparable, CustomStringConvertible, ExpressibleByStringLiteral {
    /// The id as written, e.g. `3.2.10`.
    public let rawValue: String

    /// Wraps an id as written.
    public init(_ rawValue: String) { self.rawValue = rawValue }

    /// Wraps a literal id.
    public init(stringLiteral value: String) { rawValue = value }

    public var description: String { rawValue }

    public static func < (a: CriterionID, b: CriterionID) -> Bool {
        // Component by component over the UTF-8 bytes, without splitting (sorts compare ids
        // millions of times): numbers by value, else by text; a prefix of components first.
        let x = a.rawValue.utf8
        let y = b.rawValue.utf8
        var i = x.startIndex
        var j = y.startIndex
        let dot = UInt8(ascii: ".")
        while true {
            let p = x[i...].prefix { $0 != dot }
            let q = y[j...].prefix { $0 != dot }
            if !p.elementsEqual(q) {
                switch (number(p), number(q)) {
                case let (m?, n?): return m != n ? m < n : text(p) < text(q)  // `01` and `1`: by text
                case (.some, nil): return true
                case (nil, .some): return false
                case (nil, nil): return text(p) < text(q)
                }
            }
            let (xEnd, yEnd) = (p.endIndex == x.endIndex, q.endIndex == y.endIndex)
            if xEnd || yEnd { return xEnd && !yEnd }
            i = x.index(after: p.endIndex)
            j = y.index(after: q.endIndex)
        }
    }

    /// A component's value when it is a whole number (as `Int(_:)` reads it).
    private static func number(_ bytes: Substring.UTF8View) -> Int? {
        guard !bytes.isEmpty, bytes.count <= 18, bytes.allSatisfy({ $0 >= 48 && $0 <= 57 }) else {
            return bytes.isEmpty ? nil : Int(text(bytes))
        }
        return bytes.reduce(0) { $0 * 10 + Int($1 - 48) }
    }

    private static func text(_ bytes: Substring.UTF8View) -> Substring { Substring(bytes) }
}
