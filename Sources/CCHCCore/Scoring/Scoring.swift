/// How a leaf's final points were decided.
public enum LeafSource: Sendable, Equatable {
    /// The latest stage recorded.
    case stage(Stage)
    /// The rule applied to the evidence (no stage recorded).
    case rule
    /// Nothing recorded and no evidence: zero points.
    case missing
    /// Not applicable: marked `na`, a ratio with no cases, or an optional block not held.
    case notApplicable(reason: String)
}

/// The score of one leaf.
public struct LeafScore: Sendable, Equatable {
    /// The leaf.
    public var node: CriterionNode
    /// Final points (0 when not applicable).
    public var points: Double
    /// How the points were decided.
    public var source: LeafSource
    /// What the rule makes of the unit's evidence, whatever the stages say.
    public var ruleOutcome: RuleOutcome
    /// The evidence the rule reads, if present.
    public var evidence: Evidence?
    /// The stages recorded.
    public var assessment: LeafAssessment?

    /// False when the leaf leaves the denominator.
    public var isApplicable: Bool {
        if case .notApplicable = source { return false }
        return true
    }
}

/// Points of an inner node (field or criterion).
public struct NodeScore: Sendable, Equatable {
    /// The node's id.
    public var id: String
    /// Points achieved on its applicable leaves.
    public var achieved: Double
    /// The maximum of its applicable leaves.
    public var applicableMax: Double
    /// achieved ÷ applicable max × 100; `nil` when nothing applies.
    public var indexPct: Double? { applicableMax > 0 ? achieved / applicableMax * 100 : nil }
}

/// The score of one unit against its criteria set.
public struct UnitScore: Sendable, Equatable {
    /// The unit.
    public var unit: EvaluatedUnit
    /// The set's id.
    public var setID: String
    /// Every leaf in document order.
    public var leaves: [LeafScore]
    /// Inner nodes by id.
    public var nodes: [String: NodeScore]
    /// Points on applicable leaves, before adjustments.
    public var achieved: Double
    /// The maximum of applicable leaves.
    public var applicableMax: Double
    /// Bonus points that count (capped).
    public var bonus: Double
    /// Penalty points that count (capped).
    public var penalty: Double
    /// achieved + bonus − penalty, within 0…applicable max.
    public var total: Double
    /// total ÷ applicable max × 100; `nil` when no leaf applies.
    public var indexPct: Double?
    /// The band from the index alone.
    public var bandBeforeGates: Band?
    /// The band after gates.
    public var band: Band?
    /// Gates that demoted the unit.
    public var gatesApplied: [Gate]
    /// The rank among the units scored together (ties share); `nil` when unranked.
    public var rank: Int?
}

/// Pure scoring functions.
public enum Scoring {
    /// Comparisons of points and percentages allow this much floating-point error.
    public static let tolerance = 1e-9

    /// Scores `unit` against `set` from its record.
    public static func score(_ unit: EvaluatedUnit, record: UnitRecord, set: CriteriaSet) -> UnitScore {
        var leaves: [LeafScore] = []
        for field in set.fields {
            collectLeaves(of: field, record: record, optionalHeld: true, into: &leaves)
        }
        let byID = Dictionary(uniqueKeysWithValues: leaves.map { ($0.node.id, $0) })
        var nodes: [String: NodeScore] = [:]
        for node in set.allNodes where !node.isLeaf {
            let scores = node.leaves.compactMap { byID[$0.id] }.filter(\.isApplicable)
            nodes[node.id] = NodeScore(
                id: node.id,
                achieved: scores.reduce(0) { $0 + $1.points },
                applicableMax: scores.reduce(0) { $0 + $1.node.maxPoints }
            )
        }
        let applicable = leaves.filter(\.isApplicable)
        let achieved = applicable.reduce(0) { $0 + $1.points }
        let applicableMax = applicable.reduce(0) { $0 + $1.node.maxPoints }
        let bonus = min(max(0, record.bonus), set.adjustments.bonusCap)
        let penalty = min(max(0, record.penalty), set.adjustments.penaltyCap)
        let total = min(applicableMax, max(0, achieved + bonus - penalty))
        // A unit with nothing recorded for the year has no index (it is not ranked last with 0).
        let hasData = !record.leaves.isEmpty || !record.evidence.isEmpty
        let index = applicableMax > 0 && hasData ? total / applicableMax * 100 : nil

        var score = UnitScore(
            unit: unit, setID: set.id, leaves: leaves, nodes: nodes, achieved: achieved, applicableMax: applicableMax,
            bonus: bonus, penalty: penalty, total: total, indexPct: index, bandBeforeGates: nil, band: nil,
            gatesApplied: [], rank: nil
        )
        if let index {
            let initial = set.bands.band(forIndex: Format.round(index))
            score.bandBeforeGates = initial
            score.band = initial
            for gate in set.bands.gates where score.band?.code == gate.appliesTo {
                if gateTriggers(gate.condition, fields: set.fields, nodes: nodes, record: record) {
                    score.band = set.bands.band(gate.demoteTo) ?? score.band
                    score.gatesApplied.append(gate)
                }
            }
        }
        return score
    }

    private static func gateTriggers(
        _ condition: Gate.Condition, fields: [CriterionNode], nodes: [String: NodeScore], record: UnitRecord
    ) -> Bool {
        switch condition {
        case .anyFieldBelow(let percent):
            return fields.contains { field in
                guard let index = field.isLeaf ? nil : nodes[field.id]?.indexPct else { return false }
                return index + tolerance < percent
            }
        case .evidenceGreaterThan(let key, let value):
            guard let number = record.evidence[key]?.value.number else { return false }
            return number > value + tolerance
        }
    }

    private static func hasData(_ node: CriterionNode, record: UnitRecord) -> Bool {
        node.leaves.contains { leaf in
            if let stages = record.leaves[leaf.id]?.stages, !stages.isEmpty { return true }
            if let key = leaf.rule?.evidenceKey, record.evidence[key] != nil { return true }
            return false
        }
    }

    private static func collectLeaves(
        of node: CriterionNode, record: UnitRecord, optionalHeld: Bool, into leaves: inout [LeafScore]
    ) {
        let held = optionalHeld && (!node.isOptional || hasData(node, record: record))
        guard node.isLeaf else {
            for child in node.children { collectLeaves(of: child, record: record, optionalHeld: held, into: &leaves) }
            return
        }
        leaves.append(scoreLeaf(node, record: record, optionalHeld: held))
    }

    /// Scores one leaf: the latest stage recorded wins; with no stage, the rule reads the evidence.
    public static func scoreLeaf(_ leaf: CriterionNode, record: UnitRecord, optionalHeld: Bool = true) -> LeafScore {
        let rule = leaf.rule ?? .manual
        let evidence = rule.evidenceKey.flatMap { record.evidence[$0] }
        let outcome = RuleEvaluator.evaluate(rule, maxPoints: leaf.maxPoints, evidence: evidence?.value)
        let assessment = record.leaves[leaf.id]
        var score = LeafScore(
            node: leaf, points: 0, source: .missing, ruleOutcome: outcome, evidence: evidence, assessment: assessment
        )
        if !optionalHeld {
            score.source = .notApplicable(reason: "optional block not held")
        } else if let latest = assessment?.latest {
            switch latest.value {
            case .notApplicable:
                score.source = .notApplicable(reason: "marked not applicable (\(latest.stage.rawValue))")
            case .points(let points):
                score.points = min(leaf.maxPoints, max(0, points))
                score.source = .stage(latest.stage)
            }
        } else {
            switch outcome {
            case .points(let points, _):
                score.points = points
                score.source = .rule
            case .notApplicable(let reason):
                score.source = .notApplicable(reason: reason)
            case .noData:
                score.source = .missing
            }
        }
        return score
    }

    /// Ranks scores by index % (rounded to 2 decimals, the published precision): equal indices
    /// share a place (1, 2, 2, 4). Units without an index are left unranked and listed last.
    /// Within a place, units are listed in Vietnamese name order.
    public static func rank(_ scores: [UnitScore]) -> [UnitScore] {
        let sorted = scores.sorted { a, b in
            let ia = a.indexPct.map { Format.round($0) } ?? -1
            let ib = b.indexPct.map { Format.round($0) } ?? -1
            if ia != ib { return ia > ib }
            return VietnameseText.precedes(a.unit.name, b.unit.name)
        }
        var ranked: [UnitScore] = []
        var previous: Double?
        var place = 0
        for (offset, var score) in sorted.enumerated() {
            guard let index = score.indexPct.map({ Format.round($0) }) else {
                score.rank = nil
                ranked.append(score)
                continue
            }
            if index != previous { place = offset + 1 }
            previous = index
            score.rank = place
            ranked.append(score)
        }
        return ranked
    }
}
