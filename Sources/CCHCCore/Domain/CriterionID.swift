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
        let x = a.rawValue.split(separator: ".", omittingEmptySubsequences: false)
        let y = b.rawValue.split(separator: ".", omittingEmptySubsequences: false)
        for (p, q) in zip(x, y) where p != q {
            switch (Int(p), Int(q)) {
            case let (m?, n?): return m != n ? m < n : p < q  // `01` and `1`: by text, to stay a strict order
            case (.some, nil): return true
            case (nil, .some): return false
            case (nil, nil): return p < q
            }
        }
        return x.count < y.count
    }
}
