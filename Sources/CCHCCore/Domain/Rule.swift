/// How a leaf is scored. Every leaf has exactly one rule.
public enum Rule: Sendable, Equatable {
    /// Full points when the evidence is true, else none.
    case boolean(evidence: String)
    /// A percentage against thresholds ordered high to low; the first reached wins.
    case ratio(RatioRule)
    /// The maximum minus `perCount` points per counted violation, not below `floor`.
    case deduction(evidence: String, perCount: Double, floor: Double)
    /// Points within 0…max entered by an assessor.
    case manual
    /// A survey index 0…100 scaled to the maximum.
    case survey(evidence: String)

    /// The rule kind as written in criteria files.
    public var kind: String {
        switch self {
        case .boolean: "boolean"
        case .ratio: "ratio"
        case .deduction: "deduction"
        case .manual: "manual"
        case .survey: "survey"
        }
    }

    /// The evidence key the rule reads, if any.
    public var evidenceKey: String? {
        switch self {
        case .boolean(let key), .survey(let key), .deduction(let key, _, _): key
        case .ratio(let ratio): ratio.evidence
        case .manual: nil
        }
    }
}

/// A graded ratio rule.
public struct RatioRule: Sendable, Equatable {
    /// One step: at least `min` percent earns `points`.
    public struct Threshold: Sendable, Equatable {
        /// The lowest percentage (inclusive) that earns the points.
        public var min: Double
        /// The points earned.
        public var points: Double
        /// Creates a threshold.
        public init(min: Double, points: Double) {
            self.min = min
            self.points = points
        }
    }

    /// What a zero denominator (no cases) gives.
    public enum NoCases: Sendable, Equatable {
        /// Full points.
        case max
        /// The leaf is not applicable.
        case notApplicable
        /// These points.
        case points(Double)
    }

    /// The evidence key holding the percentage or fraction.
    public var evidence: String
    /// Thresholds, highest first.
    public var thresholds: [Threshold]
    /// Points when no threshold is reached.
    public var otherwise: Double
    /// The result when the denominator is zero.
    public var ifNoCases: NoCases
    /// True for a ratio of amounts that may pass 100 % (revenue against the estimate: 123 %),
    /// YAML `above_100: true`; a ratio of cases (dossiers on time ÷ resolved) cannot.
    public var allowsAbove100: Bool

    /// Creates a ratio rule.
    public init(
        evidence: String, thresholds: [Threshold], otherwise: Double = 0, ifNoCases: NoCases,
        allowsAbove100: Bool = false
    ) {
        self.evidence = evidence
        self.thresholds = thresholds
        self.otherwise = otherwise
        self.ifNoCases = ifNoCases
        self.allowsAbove100 = allowsAbove100
    }
}
