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
        for (row, unit) in units.enumerated() {
            let record = records[unit.id] ?? UnitRecord()
            let score = Scoring.score(unit, record: record, plan: plan)
            for (column, leaf) in score.leaves.enumerated() where leaf.isApplicable {
                points[row * width + column] = leaf.points
            }
            adjustment.append(score.bonus - score.penalty)
            recorded.append(!record.leaves.isEmpty || !record.evidence.isEmpty)
        }
        self.points = points
        self.adjustment = adjustment
        self.recorded = recorded
        let order = units.indices.sorted { VietnameseText.precedes(units[$0].name, units[$1].name) }
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

    /// Totals, bands and ranks of every unit, from these points or `varied` ones (same shape).
    public func rank(points varied: [Double]? = nil) -> [Row] {
        let points = varied ?? self.points
        var rows = [Row](repeating: Row(total: 0, applicableMax: 0), count: units.count)
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
            let index = Format.round(total / maximum * 100)
            rows[row].index = index
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
        let order = units.indices.filter { rows[$0].index != nil }.sorted { a, b in
            let (ia, ib) = (rows[a].index!, rows[b].index!)
            return ia != ib ? ia > ib : nameOrder[a] < nameOrder[b]
        }
        for (row, place) in zip(order, Scoring.places(order.lazy.map { rows[$0].index })) { rows[row].rank = place }
        return rows
    }
}
