/// How a leaf's final points were decided.
public enum LeafSource: Sendable, Equatable {
    /// The latest stage recorded.
    case stage(Stage)
    /// A what-if scenario.
    case scenario
    /// The rule applied to the evidence (no stage recorded).
    case rule
    /// Nothing recorded and no evidence: zero points.
    case missing
    /// Not applicable: marked `na`, a ratio with no cases, or an optional block not held.
    case notApplicable(reason: String)

    /// False when the leaf leaves the denominator.
    public var isApplicable: Bool {
        if case .notApplicable = self { return false }
        return true
    }
}

/// The score of one leaf.
public struct LeafScore: Sendable, Equatable {
    /// The leaf.
    public var node: CriterionNode
    /// Final points (0 when not applicable).
    public var points: Double
    /// How the points were decided.
    public var source: LeafSource
    /// What the rule makes of the unit's evidence, whatever the stages say (with its reason).
    public var ruleOutcome: RuleOutcome {
        RuleEvaluator.evaluate(node.rule ?? .manual, maxPoints: node.maxPoints, evidence: evidence?.value)
    }
    /// The evidence the rule reads, if present.
    public var evidence: Evidence?
    /// The stages recorded.
    public var assessment: LeafAssessment?

    /// False when the leaf leaves the denominator.
    public var isApplicable: Bool { source.isApplicable }
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
    /// The rank among the units of its ranking group (ties share); `nil` when unranked.
    public var rank: Int?
    /// Applicable leaves with nothing recorded: no stage, no scenario value and no evidence for
    /// the rule (they score 0).
    public var missingLeaves: Int = 0
    /// The ranking group it was ranked in (``RankingPolicy/group(of:by:)``); empty when the set
    /// ranks all its units together.
    public var group: String = ""
    /// Why it has no rank, once ranked (``Scoring/rank(_:policy:)``): nothing recorded, or leaves
    /// missing under a set that ranks only complete units; nil when it has a rank.
    public var unrankedReason: String?
}

/// A criteria set compiled for scoring many units: leaves in document order and, for every inner
/// node and optional block, the contiguous range of its leaves.
public struct ScoringPlan: Sendable {
    /// The set.
    public let set: CriteriaSet
    let leaves: [CriterionNode]
    let inner: [(id: String, leaves: Range<Int>)]
    let optional: [Range<Int>]
    let optionalOfLeaf: [[Int]]
    /// The range of leaves of each field (lĩnh vực), in the set's order; one leaf for a field
    /// that is a leaf.
    let fieldRanges: [Range<Int>]
    /// Each leaf's place when the leaves are sorted by id (``CriterionID`` order), so sorts by
    /// id compare two integers.
    let idOrder: [Int]

    /// Compiles `set`.
    public init(_ set: CriteriaSet) {
        self.set = set
        var leaves: [CriterionNode] = []
        var inner: [(id: String, leaves: Range<Int>)] = []
        var optional: [Range<Int>] = []
        func visit(_ node: CriterionNode) {
            let start = leaves.count
            if node.isLeaf {
                leaves.append(node)
            } else {
                for child in node.children { visit(child) }
                inner.append((node.id, start..<leaves.count))
            }
            if node.isOptional { optional.append(start..<leaves.count) }
        }
        var fieldRanges: [Range<Int>] = []
        for field in set.fields {
            let start = leaves.count
            visit(field)
            fieldRanges.append(start..<leaves.count)
        }
        self.fieldRanges = fieldRanges
        self.leaves = leaves
        self.inner = inner
        self.optional = optional
        optionalOfLeaf = leaves.indices.map { index in optional.indices.filter { optional[$0].contains(index) } }
        var idOrder = [Int](repeating: 0, count: leaves.count)
        for (place, index) in leaves.indices.sorted(by: { CriterionID(leaves[$0].id) < CriterionID(leaves[$1].id) })
            .enumerated()
        {
            idOrder[index] = place
        }
        self.idOrder = idOrder
    }
}

/// Pure scoring functions.
public enum Scoring {
    /// Comparisons of points and percentages allow this much floating-point error.
    public static let tolerance = 1e-9

    /// Scores `unit` against `set` from its record.
    public static func score(_ unit: EvaluatedUnit, record: UnitRecord, set: CriteriaSet) -> UnitScore {
        score(unit, record: record, plan: ScoringPlan(set))
    }

    /// Scores `unit` with a compiled set (for scoring many units).
    /// - Parameter keepingLeaves: false leaves ``UnitScore/leaves`` empty: totals, nodes, band and
    ///   gates are the same, with far less memory for rankings of many units.
    public static func score(
        _ unit: EvaluatedUnit, record: UnitRecord, plan: ScoringPlan, keepingLeaves: Bool = true
    ) -> UnitScore {
        score(unit, record: record, plan: plan, keepingLeaves: keepingLeaves) { _, _, _ in }
    }

    /// Scores `unit` with a compiled set, telling `resolved` each leaf's position in
    /// ``ScoringPlan/leaves``, final points and source, in that order (what a matrix of every
    /// unit keeps, without the leaves' scores).
    static func score(
        _ unit: EvaluatedUnit, record: UnitRecord, plan: ScoringPlan, keepingLeaves: Bool,
        resolved: (_ index: Int, _ points: Double, _ source: LeafSource) -> Void
    ) -> UnitScore {
        let set = plan.set
        let held = plan.optional.map { range in range.contains { Self.hasData(plan.leaves[$0], record: record) } }
        var leaves: [LeafScore] = []
        if keepingLeaves { leaves.reserveCapacity(plan.leaves.count) }
        var missing = 0
        var achievedPrefix = [0.0]
        var maxPrefix = [0.0]
        achievedPrefix.reserveCapacity(plan.leaves.count + 1)
        maxPrefix.reserveCapacity(plan.leaves.count + 1)
        for index in plan.leaves.indices {
            let optionalHeld = plan.optionalOfLeaf[index].allSatisfy { held[$0] }
            let points: Double
            let source: LeafSource
            if keepingLeaves {
                let leaf = scoreLeaf(plan.leaves[index], record: record, optionalHeld: optionalHeld)
                (points, source) = (leaf.points, leaf.source)
                leaves.append(leaf)
            } else {
                // No score of the leaf is built (it copies the node and the stages: a third of
                // the time of a ranking of every unit).
                (points, source) = resolve(plan.leaves[index], record: record, optionalHeld: optionalHeld)
            }
            let applicable = source.isApplicable
            achievedPrefix.append(achievedPrefix[index] + (applicable ? points : 0))
            maxPrefix.append(maxPrefix[index] + (applicable ? plan.leaves[index].maxPoints : 0))
            if source == .missing { missing += 1 }
            resolved(index, points, source)
        }
        var nodes: [String: NodeScore] = [:]
        nodes.reserveCapacity(plan.inner.count)
        for (id, range) in plan.inner {
            nodes[id] = NodeScore(
                id: id, achieved: achievedPrefix[range.upperBound] - achievedPrefix[range.lowerBound],
                applicableMax: maxPrefix[range.upperBound] - maxPrefix[range.lowerBound])
        }
        let achieved = achievedPrefix.last ?? 0
        let applicableMax = maxPrefix.last ?? 0
        let bonus = min(max(0, record.bonus), set.adjustments.bonusCap)
        let penalty = min(max(0, record.penalty), set.adjustments.penaltyCap)
        let total = min(applicableMax, max(0, achieved + bonus - penalty))
        // A unit with nothing recorded for the year has no index (it is not ranked last with 0).
        let recorded = !record.leaves.isEmpty || !record.evidence.isEmpty
        let index = applicableMax > 0 && recorded ? total / applicableMax * 100 : nil

        var score = UnitScore(
            unit: unit, setID: set.id, leaves: leaves, nodes: nodes, achieved: achieved, applicableMax: applicableMax,
            bonus: bonus, penalty: penalty, total: total, indexPct: index, bandBeforeGates: nil, band: nil,
            gatesApplied: [], rank: nil, missingLeaves: missing
        )
        let bands = set.bands
        if let index, let before = bands.bandPosition(forIndex: Format.round(index)),
            let placement = bands.placement(
                forIndex: Format.round(index),
                holds: { gate, _ in
                    gate.condition.holds(
                        fieldIndices: plan.fieldRanges.lazy.map { range in
                            let maximum = maxPrefix[range.upperBound] - maxPrefix[range.lowerBound]
                            guard maximum > 0 else { return nil }
                            return (achievedPrefix[range.upperBound] - achievedPrefix[range.lowerBound]) / maximum * 100
                        },
                        evidence: { record.evidence[$0]?.value.number })
                })
        {
            score.bandBeforeGates = bands.bands[before]
            score.band = bands.bands[placement.band]
            score.gatesApplied = placement.gates.map { bands.gates[$0] }
        }
        return score
    }

    private static func hasData(_ leaf: CriterionNode, record: UnitRecord) -> Bool {
        if let assessment = record.leaves[leaf.id], !assessment.stages.isEmpty || assessment.scenarioValue != nil {
            return true
        }
        if let key = leaf.rule?.evidenceKey, record.evidence[key] != nil { return true }
        return false
    }

    /// Scores one leaf: the latest stage recorded wins; with no stage, the rule reads the evidence.
    public static func scoreLeaf(_ leaf: CriterionNode, record: UnitRecord, optionalHeld: Bool = true) -> LeafScore {
        let (points, source) = resolve(leaf, record: record, optionalHeld: optionalHeld)
        return LeafScore(
            node: leaf, points: points, source: source,
            evidence: (leaf.rule ?? .manual).evidenceKey.flatMap { record.evidence[$0] },
            assessment: record.leaves[leaf.id])
    }

    /// A leaf's final points and how they were decided (``scoreLeaf(_:record:optionalHeld:)``
    /// without the leaf's score around them).
    static func resolve(_ leaf: CriterionNode, record: UnitRecord, optionalHeld: Bool) -> (Double, LeafSource) {
        guard optionalHeld else { return (0, .notApplicable(reason: "optional block not held")) }
        if let assessment = record.leaves[leaf.id] {
            if let value = assessment.scenarioValue {
                switch value {
                case .notApplicable: return (0, .notApplicable(reason: "not applicable in the scenario"))
                case .points(let points): return (min(leaf.maxPoints, max(0, points)), .scenario)
                }
            }
            if let latest = assessment.latest {
                switch latest.value {
                case .notApplicable:
                    return (0, .notApplicable(reason: "marked not applicable (\(latest.stage.rawValue))"))
                case .points(let points): return (min(leaf.maxPoints, max(0, points)), .stage(latest.stage))
                }
            }
        }
        let rule = leaf.rule ?? .manual
        let evidence = rule.evidenceKey.flatMap { record.evidence[$0] }
        switch RuleEvaluator.evaluate(rule, maxPoints: leaf.maxPoints, evidence: evidence?.value, explain: false) {
        case .points(let points, _):
            return (points, .rule)
        case .notApplicable:
            return (
                0,
                .notApplicable(
                    reason: RuleEvaluator.evaluate(rule, maxPoints: leaf.maxPoints, evidence: evidence?.value).reason)
            )
        case .noData:
            return (0, .missing)
        }
    }

    /// A ranking with one unit's score replaced: the unit moves to its new place and the places
    /// are renumbered under `policy`, in time linear in the number of units (no full re-sort).
    public static func rerank(
        _ ranked: [UnitScore], replacing score: UnitScore, policy: RankingPolicy = RankingPolicy()
    ) -> [UnitScore] {
        rerank(ranked, removing: [score.unit.id], inserting: [score], policy: policy)
    }

    /// `ranked` (a ranking of `set`) with the units of `set` in `changed` scored again from their
    /// records there and put in their places, and the units `removed` (ids; those changed too)
    /// taken out: the ranking the whole data would give when only those units changed.
    public static func rerank(
        _ ranked: [UnitScore], rescoring changed: Dataset, removing removed: Set<String> = [], set: CriteriaSet
    ) -> [UnitScore] {
        let plan = ScoringPlan(set)
        let rescored = changed.units.filter { $0.setID == set.id }.map {
            score($0, record: changed.record(for: $0.id), plan: plan, keepingLeaves: false)
        }
        return rerank(
            ranked, removing: removed.union(changed.units.map(\.id)), inserting: rescored, policy: set.ranking)
    }

    /// A ranking without the units `removed` (ids) and with `scores` put in their places (each
    /// found by a binary search, after any unit it ties with), the places renumbered under
    /// `policy` once: time linear in the number of units for a few changed ones.
    public static func rerank(
        _ ranked: [UnitScore], removing removed: Set<String>, inserting scores: [UnitScore],
        policy: RankingPolicy = RankingPolicy()
    ) -> [UnitScore] {
        let replaced = removed.union(scores.map(\.unit.id))
        var result = ranked.filter { !replaced.contains($0.unit.id) }
        for score in scores.map(policy.marked) {
            // The key of the marked score: its group and whether it is ranked decide its place.
            let key = RankKey(score, policy: policy)
            var low = 0
            var high = result.count
            while low < high {
                let middle = (low + high) / 2
                if key.precedes(RankKey(result[middle], policy: policy), by: policy.grouping) {
                    high = middle
                } else {
                    low = middle + 1
                }
            }
            result.insert(score, at: low)
        }
        // Renumbering needs no names: no collation key is built for the units that did not move.
        let keys = result.map { PlaceKey($0, policy: policy) }
        for (offset, place) in places(keys).enumerated() { result[offset].rank = place }
        return result
    }

    /// Places of indices listed best first, as provinces publish them: equal indices share the
    /// place of the first of them and the next place skips (1, 2, 2, 4); `nil` (no index) gets no
    /// place. The one implementation of place numbering.
    public static func places(_ ordered: some Sequence<Double?>) -> [Int?] {
        var previous: Double?
        var place = 0
        return ordered.enumerated().map { offset, value in
            guard let value else { return nil }
            if value != previous { place = offset + 1 }
            previous = value
            return place
        }
    }

    /// Places of units listed in ranking order (``RankKey/precedes(_:by:)``): numbered from 1
    /// within each group, ties sharing; units not ranked get none.
    static func places(_ keys: [PlaceKey]) -> [Int?] {
        var places: [Int?] = []
        places.reserveCapacity(keys.count)
        var start = 0
        while start < keys.count {
            var end = start + 1
            while end < keys.count, keys[end].group == keys[start].group { end += 1 }
            places += Self.places(keys[start..<end].lazy.map { $0.ranked ? $0.index : nil })
            start = end
        }
        return places
    }

    /// Ranks scores under `policy`: within each ranking group, by index % (rounded to the
    /// published two decimals, or unrounded), equal indices sharing a place (1, 2, 2, 4). Units
    /// without an index, and under `unrankedIfMissing` units with missing leaves, get no place
    /// and a reason; they are listed after their group's ranked units. Groups are listed in
    /// ``RankingPolicy/groupOrder(_:_:by:)``; within a place, units in Vietnamese name order.
    public static func rank(_ scores: [UnitScore], policy: RankingPolicy = RankingPolicy()) -> [UnitScore] {
        let marked = scores.map(policy.marked)
        // Keys are computed once per unit, not once per comparison.
        let keys = marked.map { RankKey($0, policy: policy) }
        let order = marked.indices.sorted { keys[$0].precedes(keys[$1], by: policy.grouping) }
        let ranks = places(order.map { keys[$0].place })
        return zip(order, ranks).map { position, rank in
            var score = marked[position]
            score.rank = rank
            return score
        }
    }
}

/// What orders a unit in a ranking: its group, whether it is ranked, its index at the policy's
/// precision, and its name's Vietnamese collation key.
struct RankKey {
    let place: PlaceKey
    let name: [Int]

    init(_ score: UnitScore, policy: RankingPolicy) {
        place = PlaceKey(score, policy: policy)
        name = VietnameseText.collationKey(score.unit.name)
    }

    /// True when `self` is listed before `other`: group first, ranked units before unranked,
    /// higher index, then name.
    func precedes(_ other: RankKey, by grouping: RankingPolicy.Grouping) -> Bool {
        let (a, b) = (place, other.place)
        if a.group != b.group { return RankingPolicy.groupOrder(a.group, b.group, by: grouping) }
        if a.ranked != b.ranked { return a.ranked }
        if a.index != b.index { return a.index > b.index }
        return name.lexicographicallyPrecedes(other.name)
    }
}

/// What decides a unit's place once the order is known: its group, whether it is ranked and its
/// index at the policy's precision (no collation key, which numbering places never needs).
struct PlaceKey {
    let group: String
    let ranked: Bool
    let index: Double

    init(_ score: UnitScore, policy: RankingPolicy) {
        group = score.group
        ranked = score.unrankedReason == nil
        index = score.indexPct.map(policy.key) ?? -1
    }
}

extension RankingPolicy {
    /// An index % as the tie policy compares it: rounded to two decimals, or "unrounded": to a
    /// millionth of a percent, so that floating-point noise (sums taken in another order) never
    /// decides a place.
    public func key(_ index: Double) -> Double { Format.round(index, decimals: ties == .published ? 2 : 6) }

    /// `score` with its group and, when it cannot be ranked under this policy, the reason.
    public func marked(_ score: UnitScore) -> UnitScore {
        var score = score
        score.group = Self.group(of: score.unit, by: grouping)
        score.unrankedReason =
            if score.indexPct == nil {
                "nothing recorded for the year, or nothing applicable"
            } else if unrankedIfMissing, score.missingLeaves > 0 {
                "\(score.missingLeaves) applicable \(score.missingLeaves == 1 ? "leaf has" : "leaves have") nothing recorded"
            } else {
                nil
            }
        return score
    }
}

extension UnitScore {
    /// Takes the place `ranked` (the same unit, as its set's ranking placed it) has: its rank,
    /// ranking group and why it has no rank; the points stay this score's.
    public mutating func takePlace(of ranked: UnitScore) {
        rank = ranked.rank
        group = ranked.group
        unrankedReason = ranked.unrankedReason
    }
}
