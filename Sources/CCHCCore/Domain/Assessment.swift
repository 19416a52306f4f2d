/// A stage of the year's assessment, in order.
public enum Stage: String, Sendable, Codable, CaseIterable, Comparable {
    /// Tự đánh giá: the unit's own points.
    case selfAssessment = "self"
    /// Thẩm định vòng 1.
    case appraisal1
    /// Giải trình: the unit's points after explaining.
    case explanation
    /// Thẩm định vòng 2.
    case appraisal2

    /// Stages compare by their order in the year.
    public static func < (lhs: Stage, rhs: Stage) -> Bool {
        allCases.firstIndex(of: lhs)! < allCases.firstIndex(of: rhs)!
    }
}

/// What a stage recorded for a leaf.
public enum StageValue: Sendable, Equatable {
    /// Points.
    case points(Double)
    /// Không áp dụng: the leaf does not apply to the unit.
    case notApplicable
}

/// The stages recorded for one (unit, year, leaf).
public struct LeafAssessment: Sendable, Equatable {
    /// The value recorded at each stage present.
    public var stages: [Stage: StageValue]
    /// Notes per stage.
    public var notes: [Stage: String]

    /// Creates an assessment.
    public init(stages: [Stage: StageValue] = [:], notes: [Stage: String] = [:]) {
        self.stages = stages
        self.notes = notes
    }

    /// The latest stage present and its value: the one the final score uses.
    public var latest: (stage: Stage, value: StageValue)? {
        stages.max { $0.key < $1.key }.map { ($0.key, $0.value) }
    }
}

/// Everything recorded about one unit for one year.
public struct UnitRecord: Sendable, Equatable {
    /// Leaf assessments by leaf id.
    public var leaves: [String: LeafAssessment]
    /// Evidence by key.
    public var evidence: [String: Evidence]
    /// Bonus points before the cap.
    public var bonus: Double
    /// Penalty points before the cap.
    public var penalty: Double

    /// Creates a record.
    public init(
        leaves: [String: LeafAssessment] = [:], evidence: [String: Evidence] = [:], bonus: Double = 0,
        penalty: Double = 0
    ) {
        self.leaves = leaves
        self.evidence = evidence
        self.bonus = bonus
        self.penalty = penalty
    }
}
