/// A set's units with every leaf resolved to its final points, in flat arrays: re-aggregating,
/// banding and ranking many units (a full rescore, a Monte-Carlo run) is then a few passes over
/// contiguous numbers, with no per-unit dictionaries.
public struct ScoreMatrix: Sendable {
    /// The units, in the order of the rows.
    public let units: [EvaluatedUnit]
    /// Final points, units × leaves row by row; NaN where the leaf does not apply.
    public private(set) var points: [Double]
    /// Leaf maxima.
    public let maxima: [Double]
    /// Leaves per row.
    public let width: Int
    /// Capped bonus − capped penalty per unit.
    let adjustment: [Double]
    /// False for units with nothing recorded (no index).
    let recorded: [Bool]
    /// Each unit's place in Vietnamese name order (ties of index are listed by name).
    let nameOrder: [Int32]
    /// Each unit's ranking group, as its position in the groups' order.
    let groupOrder: [Int32]
    /// False for units the set's policy leaves unranked whatever their points (missing leaves
    /// under `unranked_if_missing`).
    let rankable: [Bool]
    /// Field leaf ranges, for the weak-field gates.
    let fields: [Range<Int>]
    /// For each evidence gate, each unit's value of the evidence it reads (NaN when missing).
    let gateValues: [[Double]]
    let set: CriteriaSet

    /// Resolves every leaf of every unit of `plan`'s set once (stages, rules, not applicable).
    public init(units: [EvaluatedUnit], records: [String: UnitRecord], plan: ScoringPlan) {
        let set = plan.set
        self.set = set
        let units = units.filter { $0.setID == set.id }
        self.units = units
        width = plan.leaves.count
        maxima = plan.leaves.map(\.maxPoints)
        var points = [Double](repeating: .nan, count: units.count * width)
        var adjustment: [Double] = []
        var recorded: [Bool] = []
        var rankable: [Bool] = []
        for (row, unit) in units.enumerated() {
            let record = records[unit.id] ?? UnitRecord()
            let score = Scoring.score(unit, record: record, plan: plan)
            rankable.append(!set.ranking.unrankedIfMissing || score.missingLeaves == 0)
            for (column, leaf) in score.leaves.enumerated() where leaf.isApplicable {
                points[row * width + column] = leaf.points
            }
            adjustment.append(score.bonus - score.penalty)
            recorded.append(!record.leaves.isEmpty || !record.evidence.isEmpty)
        }
        self.points = points
        self.adjustment = adjustment
        self.recorded = recorded
        self.rankable = rankable
        let groups = units.map { RankingPolicy.group(of: $0, by: set.ranking.grouping) }
        let groupNames = Set(groups).sorted { RankingPolicy.groupOrder($0, $1, by: set.ranking.grouping) }
        let groupPosition = Dictionary(uniqueKeysWithValues: groupNames.enumerated().map { ($1, Int32($0)) })
        groupOrder = groups.map { groupPosition[$0] ?? 0 }
        let order = VietnameseText.sorted(Array(units.indices), by: { units[$0].name })
        var nameOrder = [Int32](repeating: 0, count: units.count)
        for (place, row) in order.enumerated() { nameOrder[row] = Int32(place) }
        self.nameOrder = nameOrder
        fields = plan.fieldRanges
        gateValues = set.bands.gates.map { gate in
            guard case .evidenceGreaterThan(let key, _) = gate.condition else { return [] }
            return units.map { records[$0.id]?.evidence[key]?.value.number ?? .nan }
        }
    }

    /// One unit's aggregate.
    public struct Row: Sendable, Equatable {
        /// Points after adjustments, within 0…applicable max.
        public var total: Double
        /// The applicable maximum.
        public var applicableMax: Double
        /// Index % rounded to 2 decimals; `nil` without data.
        public var index: Double?
        /// The band's position in the set's bands (0 = highest), after gates.
        public var band: Int?
        /// The rank; `nil` when unranked.
        public var rank: Int?
    }

    /// Totals, bands and ranks of every unit, from these points or `varied` ones (same shape),
    /// ranked as ``Scoring/rank(_:policy:)`` ranks under the set's policy.
    public func rank(points varied: [Double]? = nil) -> [Row] {
        let points = varied ?? self.points
        let unrounded = set.ranking.ties == .unrounded
        var rows = [Row](repeating: Row(total: 0, applicableMax: 0), count: units.count)
        var keys = [Double](repeating: -1, count: units.count)
        let bands = set.bands
        for row in units.indices {
            var achieved = 0.0
            var maximum = 0.0
            let base = row * width
            for column in 0..<width {
                let value = points[base + column]
                if !value.isNaN {
                    achieved += value
                    maximum += maxima[column]
                }
            }
            let total = min(maximum, max(0, achieved + adjustment[row]))
            rows[row].total = total
            rows[row].applicableMax = maximum
            guard recorded[row], maximum > 0 else { continue }
            let exact = total / maximum * 100
            let index = Format.round(exact)
            rows[row].index = index
            keys[row] = unrounded ? set.ranking.key(exact) : index
            rows[row].band =
                bands.placement(forIndex: index) { gate, number in
                    gate.condition.holds(
                        fieldIndices: fields.lazy.map { range in
                            var achieved = 0.0
                            var maximum = 0.0
                            for column in range {
                                let value = points[base + column]
                                guard !value.isNaN else { continue }
                                achieved += value
                                maximum += maxima[column]
                            }
                            return maximum > 0 ? achieved / maximum * 100 : nil
                        },
                        evidence: { _ in
                            let value = gateValues[number][row]
                            return value.isNaN ? nil : value
                        })
                }?.band
        }
        let order = units.indices.filter { rows[$0].index != nil && rankable[$0] }.sorted { a, b in
            if groupOrder[a] != groupOrder[b] { return groupOrder[a] < groupOrder[b] }
            return keys[a] != keys[b] ? keys[a] > keys[b] : nameOrder[a] < nameOrder[b]
        }
        var start = 0
        while start < order.count {
            var end = start + 1
            while end < order.count, groupOrder[order[end]] == groupOrder[order[start]] { end += 1 }
            let group = order[start..<end]
            for (row, place) in zip(group, Scoring.places(group.lazy.map { keys[$0] })) { rows[row].rank = place }
            start = end
        }
        return rows
    }
}
