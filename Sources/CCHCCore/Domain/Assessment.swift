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

    /// The stage a word users write names, in any case, with or without diacritics, spaces,
    /// hyphens or underscores: the ids (`appraisal1`, `Appraisal 1`) and the Vietnamese names
    /// exports print (`Tự chấm`, `Tự đánh giá`, `Thẩm định lần 1`, `Thẩm định vòng 1`, `Giải
    /// trình`, `Thẩm định lần 2`, `Thẩm định lại`); nil otherwise.
    public init?(written text: String) {
        let compact = VietnameseText.fold(text).filter { !" _-.".contains($0) }
        switch compact {
        case "self", "selfassessment", "tucham", "tuchamdiem", "tudanhgia": self = .selfAssessment
        case "appraisal1", "thamdinh", "thamdinh1", "thamdinhlan1", "thamdinhvong1": self = .appraisal1
        case "explanation", "giaitrinh": self = .explanation
        case "appraisal2", "thamdinh2", "thamdinhlan2", "thamdinhvong2", "thamdinhlai": self = .appraisal2
        default: return nil
        }
    }

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

/// A value per stage, stored inline (no allocation): a million of them load fast.
///
/// Reads like a dictionary keyed by ``Stage``; iterates in stage order.
public struct StageMap<Value: Sendable & Equatable>: Sendable, Equatable, Sequence, ExpressibleByDictionaryLiteral {
    private var selfAssessment: Value?
    private var appraisal1: Value?
    private var explanation: Value?
    private var appraisal2: Value?

    /// An empty map.
    public init() {}

    /// A map from a literal such as `[.self: .points(2)]`.
    public init(dictionaryLiteral elements: (Stage, Value)...) {
        for (stage, value) in elements { self[stage] = value }
    }

    /// The value of a stage.
    public subscript(stage: Stage) -> Value? {
        get {
            switch stage {
            case .selfAssessment: selfAssessment
            case .appraisal1: appraisal1
            case .explanation: explanation
            case .appraisal2: appraisal2
            }
        }
        set {
            switch stage {
            case .selfAssessment: selfAssessment = newValue
            case .appraisal1: appraisal1 = newValue
            case .explanation: explanation = newValue
            case .appraisal2: appraisal2 = newValue
            }
        }
    }

    /// True when no stage has a value.
    public var isEmpty: Bool { selfAssessment == nil && appraisal1 == nil && explanation == nil && appraisal2 == nil }

    /// The stages with values, in stage order.
    public func makeIterator() -> IndexingIterator<[(key: Stage, value: Value)]> {
        Stage.allCases.compactMap { stage in self[stage].map { (key: stage, value: $0) } }.makeIterator()
    }
}

/// The stages recorded for one (unit, year, leaf).
///
/// 80 bytes: what most assessments lack (notes, a scenario's value) is kept apart, so the million
/// assessments of a year at national scale take half the memory they took inline (168 bytes).
public struct LeafAssessment: Sendable, Equatable {
    /// The value recorded at each stage present.
    public var stages: StageMap<StageValue>
    /// Notes per stage.
    public var notes: StageMap<String> {
        get { noteStorage?.value ?? StageMap() }
        set { noteStorage = newValue.isEmpty ? nil : Shared(newValue) }
    }
    /// A what-if scenario's value, which wins over every stage.
    public var scenarioValue: StageValue? {
        get { scenarioStorage?.value.value }
        set { updateScenario { $0.value = newValue } }
    }
    /// How the scenario's value came about when not typed by hand, shown by `explain`, e.g.
    /// `scaled from 1.00/2 (appraisal2)`.
    public var scenarioNote: String? {
        get { scenarioStorage?.value.note }
        set { updateScenario { $0.note = newValue } }
    }
    /// True when the scenario's value is the rule's outcome for evidence the scenario set, so an
    /// amendment of the rule evaluates it again instead of scaling it.
    public var scenarioFollowsRule: Bool {
        get { scenarioStorage?.value.followsRule ?? false }
        set { updateScenario { $0.followsRule = newValue } }
    }

    /// After a scenario set the evidence the leaf's rule reads: the decision's points the value was
    /// measured from (a stage's, or points the scenario set), whether the points now follow the
    /// rule or the decision still stands; `nil` when none was recorded.
    public var scenarioDecision: Double? {
        get { scenarioStorage?.value.decision }
        set { updateScenario { $0.decision = newValue } }
    }
    /// After a scenario set the evidence the leaf's rule reads: the evidence before it, which the
    /// decision was measured against (so an amendment, or another value, measures from it too).
    public var scenarioEvidenceBefore: EvidenceValue? {
        get { scenarioStorage?.value.evidenceBefore }
        set { updateScenario { $0.evidenceBefore = newValue } }
    }

    private var noteStorage: Shared<StageMap<String>>?
    private var scenarioStorage: Shared<ScenarioPart>?

    /// Creates an assessment.
    public init(stages: StageMap<StageValue> = [:], notes: StageMap<String> = [:], scenarioValue: StageValue? = nil) {
        self.stages = stages
        self.notes = notes
        self.scenarioValue = scenarioValue
    }

    /// The latest stage present and its value: the one the final score uses.
    public var latest: (stage: Stage, value: StageValue)? {
        for stage in Stage.allCases.reversed() {
            if let value = stages[stage] { return (stage, value) }
        }
        return nil
    }

    private mutating func updateScenario(_ change: (inout ScenarioPart) -> Void) {
        var part = scenarioStorage?.value ?? ScenarioPart()
        change(&part)
        scenarioStorage = part == ScenarioPart() ? nil : Shared(part)
    }

    /// What a what-if scenario set for the leaf.
    private struct ScenarioPart: Sendable, Equatable {
        var value: StageValue?
        var note: String?
        var followsRule = false
        var decision: Double?
        var evidenceBefore: EvidenceValue?
    }

    /// An immutable value behind one reference (8 bytes in the assessment); a change makes a new
    /// one, so assessments stay values.
    private final class Shared<Value: Sendable & Equatable>: Sendable, Equatable {
        let value: Value
        init(_ value: Value) { self.value = value }
        static func == (lhs: Shared, rhs: Shared) -> Bool { lhs === rhs || lhs.value == rhs.value }
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
    /// Leaves whose self-assessment cites evidence documents (an `evidence_ref`).
    public var selfReferenced: Set<String>

    /// Creates a record.
    public init(
        leaves: [String: LeafAssessment] = [:], evidence: [String: Evidence] = [:], bonus: Double = 0,
        penalty: Double = 0, selfReferenced: Set<String> = []
    ) {
        self.leaves = leaves
        self.evidence = evidence
        self.bonus = bonus
        self.penalty = penalty
        self.selfReferenced = selfReferenced
    }
}
