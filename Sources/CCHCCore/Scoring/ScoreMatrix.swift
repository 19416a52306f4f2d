import Dispatch
import Foundation

/// A set's units with every leaf resolved to its final points, in flat arrays: re-aggregating,
/// banding and ranking many units (a full rescore, a Monte-Carlo run) is then a few passes over
/// contiguous numbers, with no per-unit dictionaries.
public struct ScoreMatrix: Sendable {
    /// The units, in the order of the rows.
    public let units: [EvaluatedUnit]
    /// Final points, units × leaves row by row; NaN where the leaf does not apply.
    public private(set) var points: [Double]
    /// Whether each cell's points were assessed: the leaf applies and something decided its
    /// points (a stage, a scenario, the rule on evidence), not "nothing recorded, 0".
    let assessed: [Bool]
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
    /// Each unit's applicable maximum (the sum of its applicable leaves' maxima).
    let applicableMaxima: [Double]
    /// Each unit's applicable maximum of each field, row by row (``fields`` in order).
    let fieldMaxima: [Double]
    /// Each unit's row.
    let rowOfUnit: [String: Int]
    /// For each evidence gate, each unit's value of the evidence it reads (NaN when missing).
    let gateValues: [[Double]]
    let set: CriteriaSet

    /// Resolves every leaf of every unit of `plan`'s set once (stages, rules, not applicable).
    public init(units: [EvaluatedUnit], records: [String: UnitRecord], plan: ScoringPlan) {
        let set = plan.set
        let units = units.filter { $0.setID == set.id }
        let width = plan.leaves.count
        let unitCount = units.count
        // Units are resolved apart, so the cores share them: each writes its own rows.
        let points = SharedSlots(count: unitCount * width, repeating: Double.nan)
        let adjustment = SharedSlots(count: unitCount, repeating: 0.0)
        let recorded = SharedSlots(count: unitCount, repeating: false)
        let rankable = SharedSlots(count: unitCount, repeating: false)
        let assessed = SharedSlots(count: unitCount * width, repeating: false)
        SharedSlots<Double>.forEachConcurrently(unitCount) { row in
            let unit = units[row]
            let record = records[unit.id] ?? UnitRecord()
            let score = Scoring.score(unit, record: record, plan: plan, keepingLeaves: false) { column, value, source in
                guard source.isApplicable else { return }
                points[row * width + column] = value
                assessed[row * width + column] = source != .missing
            }
            rankable[row] = !set.ranking.unrankedIfMissing || score.missingLeaves == 0
            adjustment[row] = score.bonus - score.penalty
            recorded[row] = !record.leaves.isEmpty || !record.evidence.isEmpty
        }
        let groups = units.map { RankingPolicy.group(of: $0, by: set.ranking.grouping) }
        let groupNames = Set(groups).sorted { RankingPolicy.groupOrder($0, $1, by: set.ranking.grouping) }
        let groupPosition = Dictionary(uniqueKeysWithValues: groupNames.enumerated().map { ($1, Int32($0)) })
        let order = VietnameseText.sorted(Array(units.indices), by: { units[$0].name })
        var nameOrder = [Int32](repeating: 0, count: units.count)
        for (place, row) in order.enumerated() { nameOrder[row] = Int32(place) }
        self.init(
            plan: plan, units: units, points: points.values(count: unitCount * width),
            assessed: assessed.values(count: unitCount * width),
            adjustment: adjustment.values(count: unitCount), recorded: recorded.values(count: unitCount),
            rankable: rankable.values(count: unitCount), nameOrder: nameOrder,
            groupOrder: groups.map { groupPosition[$0] ?? 0 },
            gateValues: set.bands.gates.map { gate in
                guard case .evidenceGreaterThan(let key, _) = gate.condition else { return [] }
                return units.map { records[$0.id]?.evidence[key]?.value.number ?? .nan }
            })
    }

    /// A matrix of resolved rows; what follows from the points and the plan is worked out here.
    private init(
        plan: ScoringPlan, units: [EvaluatedUnit], points: [Double], assessed: [Bool], adjustment: [Double],
        recorded: [Bool],
        rankable: [Bool], nameOrder: [Int32], groupOrder: [Int32], gateValues: [[Double]]
    ) {
        let width = plan.leaves.count
        let maxima = plan.leaves.map(\.maxPoints)
        set = plan.set
        self.units = units
        rowOfUnit = Dictionary(units.enumerated().map { ($1.id, $0) }, uniquingKeysWith: { first, _ in first })
        self.points = points
        self.assessed = assessed
        self.maxima = maxima
        self.width = width
        self.adjustment = adjustment
        self.recorded = recorded
        self.rankable = rankable
        self.nameOrder = nameOrder
        self.groupOrder = groupOrder
        self.gateValues = gateValues
        fields = plan.fieldRanges
        let fieldCount = plan.fieldRanges.count
        var applicableMaxima = [Double](repeating: 0, count: units.count)
        var fieldMaxima = [Double](repeating: 0, count: units.count * fieldCount)
        for row in units.indices {
            for (field, range) in plan.fieldRanges.enumerated() {
                for column in range where !points[row * width + column].isNaN {
                    fieldMaxima[row * fieldCount + field] += maxima[column]
                }
            }
            for column in 0..<width where !points[row * width + column].isNaN {
                applicableMaxima[row] += maxima[column]
            }
        }
        self.applicableMaxima = applicableMaxima
        self.fieldMaxima = fieldMaxima
    }

    /// The row of unit `id`, if the matrix has it.
    func row(of id: String) -> Int? { rowOfUnit[id] }

    /// The matrix with the rows of `changed`'s units (their records alone) resolved again under
    /// `plan` (this matrix's), the other rows as they are: what resolving every unit gives when
    /// only those units' rows changed, to the last bit (each row is resolved apart). A unit the
    /// matrix has no row for is left out.
    func updating(_ changed: Dataset, plan: ScoringPlan) -> ScoreMatrix {
        let fresh = ScoreMatrix(units: changed.units, records: changed.records, plan: plan)
        var (points, assessed, adjustment) = (self.points, self.assessed, self.adjustment)
        var (recorded, rankable, gateValues) = (self.recorded, self.rankable, self.gateValues)
        for (from, unit) in fresh.units.enumerated() {
            guard let row = rowOfUnit[unit.id] else { continue }
            for column in 0..<width {
                points[row * width + column] = fresh.points[from * width + column]
                assessed[row * width + column] = fresh.assessed[from * width + column]
            }
            adjustment[row] = fresh.adjustment[from]
            recorded[row] = fresh.recorded[from]
            rankable[row] = fresh.rankable[from]
            for gate in gateValues.indices where !gateValues[gate].isEmpty {
                gateValues[gate][row] = fresh.gateValues[gate][from]
            }
        }
        return ScoreMatrix(
            plan: plan, units: units, points: points, assessed: assessed, adjustment: adjustment, recorded: recorded,
            rankable: rankable, nameOrder: nameOrder, groupOrder: groupOrder, gateValues: gateValues)
    }

    /// Points lost on each leaf of unit `row`, by the leaf's position in the plan: maximum −
    /// points where that is above the tolerance on an assessed leaf, else 0 (a leaf with
    /// nothing recorded is missing data, not a loss).
    func lost(row: Int) -> [Double] {
        (0..<width).map { column in
            let cell = row * width + column
            guard assessed[cell] else { return 0 }
            let missing = maxima[column] - points[cell]
            return missing > Scoring.tolerance ? missing : 0
        }
    }

    /// Whether anything of unit `row` was assessed (a unit with nothing recorded in a year has
    /// no score that year, not one of zeros).
    func anyAssessed(row: Int) -> Bool { assessed[row * width..<(row + 1) * width].contains(true) }

    // MARK: Stored form

    /// The format's version, first in every payload: another one is not read.
    static let storedVersion: UInt8 = 1

    /// The matrix as bytes, to keep in the workspace (``Workspace/storedResult(_:year:setID:contentHash:revision:)``):
    /// each row's unit id, name and group places, flags and adjustment, the points row by row
    /// and whether each was assessed (a byte a cell),
    /// then each gate's evidence values.
    func encoded() -> Data {
        var writer = StoredBytesWriter()
        writer.bytes.reserveCapacity(points.count * 8 + units.count * 48 + 64)
        writer.bytes.append(Self.storedVersion)
        writer.int(units.count)
        writer.int(width)
        for row in units.indices {
            writer.text(units[row].id)
            writer.int(Int(nameOrder[row]))
            writer.int(Int(groupOrder[row]))
            writer.int((recorded[row] ? 1 : 0) | (rankable[row] ? 2 : 0))
            writer.double(adjustment[row])
        }
        writer.doubles(points)
        writer.bytes.append(contentsOf: assessed.lazy.map { $0 ? 1 : 0 })
        writer.int(gateValues.count)
        for values in gateValues {
            writer.int(values.count)
            writer.doubles(values)
        }
        return Data(writer.bytes)
    }

    /// The matrix kept as `data` for `plan`'s set, its units taken from `units` (by id); nil when
    /// it does not fit them or the plan (a unit gone or of another set, another width or format).
    init?(stored data: Data, plan: ScoringPlan, units known: [String: EvaluatedUnit]) {
        var reader = StoredBytesReader(bytes: [UInt8](data))
        guard reader.byte() == Self.storedVersion, let count = reader.int(), count >= 0,
            reader.int() == plan.leaves.count
        else { return nil }
        var units: [EvaluatedUnit] = []
        var nameOrder: [Int32] = []
        var groupOrder: [Int32] = []
        var recorded: [Bool] = []
        var rankable: [Bool] = []
        var adjustment: [Double] = []
        for _ in 0..<count {
            guard let id = reader.text(), let unit = known[id], unit.setID == plan.set.id, let name = reader.int(),
                let group = reader.int(), let flags = reader.int(), let adjusted = reader.double()
            else { return nil }
            units.append(unit)
            nameOrder.append(Int32(truncatingIfNeeded: name))
            groupOrder.append(Int32(truncatingIfNeeded: group))
            recorded.append(flags & 1 != 0)
            rankable.append(flags & 2 != 0)
            adjustment.append(adjusted)
        }
        guard let points = reader.doubles(count * plan.leaves.count),
            let assessed = reader.flags(count * plan.leaves.count), let gates = reader.int(),
            gates == plan.set.bands.gates.count
        else { return nil }
        var gateValues: [[Double]] = []
        for _ in 0..<gates {
            guard let length = reader.int(), length == 0 || length == count, let values = reader.doubles(length)
            else { return nil }
            gateValues.append(values)
        }
        guard reader.atEnd else { return nil }
        self.init(
            plan: plan, units: units, points: points, assessed: assessed, adjustment: adjustment, recorded: recorded,
            rankable: rankable,
            nameOrder: nameOrder, groupOrder: groupOrder, gateValues: gateValues)
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
        (varied ?? points).withUnsafeBufferPointer { rank($0) }
    }

    /// As ``rank(points:)``, over a buffer of the points' shape.
    func rank(_ points: UnsafeBufferPointer<Double>) -> [Row] {
        let fieldCount = fields.count
        var achieved = [Double](repeating: 0, count: units.count)
        var fieldAchieved = [Double](repeating: 0, count: units.count * fieldCount)
        for row in units.indices {
            let base = row * width
            var sum = 0.0
            for column in 0..<width where !points[base + column].isNaN { sum += points[base + column] }
            achieved[row] = sum
            for (field, range) in fields.enumerated() {
                var sum = 0.0
                for column in range where !points[base + column].isNaN { sum += points[base + column] }
                fieldAchieved[row * fieldCount + field] = sum
            }
        }
        return achieved.withUnsafeBufferPointer { achieved in
            fieldAchieved.withUnsafeBufferPointer { rank(achieved: achieved, fieldAchieved: $0) }
        }
    }

    /// Totals, bands and ranks from each unit's points on its applicable leaves (`achieved`, one
    /// per row) and on each field's (`fieldAchieved`, row by row, a field's points where its
    /// leaves do not apply ignored): the maxima do not change with the points.
    func rank(achieved: UnsafeBufferPointer<Double>, fieldAchieved: UnsafeBufferPointer<Double>) -> [Row] {
        let unrounded = set.ranking.ties == .unrounded
        var rows = [Row](repeating: Row(total: 0, applicableMax: 0), count: units.count)
        // What orders the ranked units: group, then key (higher first), then name.
        var order: [RankedRow] = []
        order.reserveCapacity(units.count)
        let bands = set.bands
        let fieldCount = fields.count
        for row in units.indices {
            let maximum = applicableMaxima[row]
            let total = min(maximum, max(0, achieved[row] + adjustment[row]))
            rows[row].total = total
            rows[row].applicableMax = maximum
            guard recorded[row], maximum > 0 else { continue }
            let exact = total / maximum * 100
            let index = Format.round(exact)
            rows[row].index = index
            if rankable[row] {
                order.append(
                    RankedRow(
                        group: groupOrder[row], key: unrounded ? set.ranking.key(exact) : index,
                        name: nameOrder[row], row: Int32(row)))
            }
            guard !bands.gates.isEmpty else {
                rows[row].band = bands.bandPosition(forIndex: index)
                continue
            }
            let base = row * fieldCount
            rows[row].band =
                bands.placement(forIndex: index) { gate, number in
                    gate.condition.holds(
                        fieldIndices: (base..<base + fieldCount).lazy.map { slot in
                            fieldMaxima[slot] > 0 ? fieldAchieved[slot] / fieldMaxima[slot] * 100 : nil
                        },
                        evidence: { _ in
                            let value = gateValues[number][row]
                            return value.isNaN ? nil : value
                        })
                }?.band
        }
        Self.place(order, in: &rows)
        return rows
    }
}

extension ScoreMatrix {
    /// Numbers the places of the ranked units: one more than the units of the same group with a
    /// higher key, so equal keys share a place (1, 2, 2, 4) and the names that order a tie do
    /// not matter. Keys in whole hundredths of 0…100 (the published index) are counted, in time
    /// linear in the units; others are sorted.
    fileprivate static func place(_ ranked: [RankedRow], in rows: inout [Row]) {
        let cents = ranked.map { ($0.key * 100).rounded() }
        if zip(ranked, cents).allSatisfy({ key, cents in
            cents >= 0 && cents <= 10_000 && abs(key.key * 100 - cents) < 1e-6
        }) {
            let groups = Int(ranked.lazy.map(\.group).max() ?? 0) + 1
            // above[group][k]: units of the group with more than k hundredths.
            var above = [Int32](repeating: 0, count: groups * 10_002)
            for (entry, cents) in zip(ranked, cents) { above[Int(entry.group) * 10_002 + Int(cents)] += 1 }
            for group in 0..<groups {
                var higher: Int32 = 0
                for k in stride(from: 10_000, through: 0, by: -1) {
                    let slot = group * 10_002 + k
                    let here = above[slot]
                    above[slot] = higher
                    higher += here
                }
            }
            for (entry, cents) in zip(ranked, cents) {
                rows[Int(entry.row)].rank = Int(above[Int(entry.group) * 10_002 + Int(cents)]) + 1
            }
            return
        }
        let order = ranked.sorted()
        var start = 0
        while start < order.count {
            var end = start + 1
            while end < order.count, order[end].group == order[start].group { end += 1 }
            var place = 0
            for position in start..<end {
                if position == start || order[position].key != order[position - 1].key { place = position - start + 1 }
                rows[Int(order[position].row)].rank = place
            }
            start = end
        }
    }
}

/// A ranked unit's sort key in ``ScoreMatrix/rank(achieved:fieldAchieved:)``.
private struct RankedRow: Comparable {
    var group: Int32
    var key: Double
    var name: Int32
    var row: Int32

    static func < (a: RankedRow, b: RankedRow) -> Bool {
        if a.group != b.group { return a.group < b.group }
        if a.key != b.key { return a.key > b.key }
        return a.name < b.name
    }
}
