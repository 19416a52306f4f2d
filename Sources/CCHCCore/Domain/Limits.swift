/// The bounds input must keep: a value outside them is refused with an error naming it, never
/// trapped on or left to run for hours (issue M). Documented in docs/reliability.md.
public enum Limits {
    /// Evaluation years, and the years of rows, criteria sets and samples.
    public static let years = 1900...2100
    /// The most bytes one field of an imported table holds (64 KiB): a longer one is an error
    /// before any lookup or suggestion is tried on it.
    public static let fieldBytes = 65_536

    /// The largest magnitude of a number read as evidence or points: 10^12. Counts and points
    /// of the domain are far below it; above it, sums lose whole units and goal-seeking has
    /// no meaning.
    public static let magnitude = 1e12

    /// Refuses a year outside ``years``.
    /// - Throws: ``LimitError/year(_:)``.
    public static func check(year: Int) throws(LimitError) {
        guard years.contains(year) else { throw .year(String(year)) }
    }
}

/// A value outside ``Limits``.
public enum LimitError: WorkbenchError, Equatable {
    /// A year outside 1900–2100, as written.
    case year(String)
    /// A number larger in magnitude than 10^12, as written.
    case magnitude(String)

    public var description: String {
        switch self {
        case .year(let text):
            "Year '\(text)' is outside \(Limits.years.lowerBound)–\(Limits.years.upperBound)"
        case .magnitude(let text):
            "Number '\(text)' is too large; values are at most 1,000,000,000,000 (10^12) in size"
        }
    }
}
