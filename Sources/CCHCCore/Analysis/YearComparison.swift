/// Two years of one criteria set side by side: each unit's index, band and rank in both, and
/// where it lost points — in both years (recurring), only in the later (new) or only in the
/// earlier (recovered, or dropped from the set). Index % is compared, not points, so a changed
/// maximum does not mislead.
///
/// Each year is scored with its own version of the set. Units are paired by id; leaves through
/// the crosswalk between the two versions (``CriteriaCrosswalk``), by id when the versions are
/// the same or no crosswalk is given. A criterion split or merged between versions is compared
/// as one item (its old leaves against its new ones) and by field.
public struct YearComparison: Sendable {
    /// A criterion (one leaf, or the leaves of a split or merger) where a unit lost points in
    /// one year or both.
    public struct LostLeaf: Sendable, Equatable {
        /// The leaf's id in the later year (ids joined by `+` for a split; the earlier id for a
        /// dropped leaf).
        public var id: String
        /// Its title (the later year's; the earlier's for a dropped leaf).
        public var title: String
        /// Points lost in the earlier year; nil when none were (or the leaf did not apply).
        public var lostA: Double?
        /// Points lost in the later year.
        public var lostB: Double?
        /// The earlier year's leaf ids it continues (empty for a new leaf).
        public var previousIDs: [String] = []
        /// What the crosswalk says of it.
        public var mapping: CriteriaCrosswalk.Kind = .same
        /// Its place in ``YearComparison/groups`` (the one item of the crosswalk it shows).
        public var group = 0
    }

    /// One unit in both years.
    public struct UnitRow: Sendable {
        /// The unit.
        public var unit: EvaluatedUnit
        /// Its score in the earlier year (nil when it was not evaluated then).
        public var a: UnitScore?
        /// Its score in the later year.
        public var b: UnitScore?
        /// Leaves with points lost in both years, most lost in the later year first.
        public var recurring: [LostLeaf]
        /// Leaves with points lost only in the later year.
        public var new: [LostLeaf]
        /// Leaves with points lost only in the earlier year, still in the later version.
        public var recovered: [LostLeaf]
        /// Leaves with points lost in the earlier year that the later version dropped.
        public var dropped: [LostLeaf] = []

        /// Index % in the later year minus the earlier; nil without both.
        public var indexMove: Double? { a?.indexPct.flatMap { a in b?.indexPct.map { $0 - a } } }
        /// Places gained (positive) or lost; nil without both ranks.
        public var rankMove: Int? { a?.rank.flatMap { a in b?.rank.map { a - $0 } } }

        /// A unit with nothing recorded in either year (a successor not assessed yet).
        public init(unrecorded unit: EvaluatedUnit) {
            self.init(unit: unit, a: nil, b: nil, recurring: [], new: [], recovered: [])
        }

        init(
            unit: EvaluatedUnit, a: UnitScore?, b: UnitScore?, recurring: [LostLeaf], new: [LostLeaf],
            recovered: [LostLeaf], dropped: [LostLeaf] = []
        ) {
            self.unit = unit
            self.a = a
            self.b = b
            self.recurring = recurring
            self.new = new
            self.recovered = recovered
            self.dropped = dropped
        }
    }

    /// A field of either version, and whether its leaves compare one to one.
    public struct Field: Sendable, Equatable {
        /// The field's id (fields are paired by id).
        public var id: String
        /// Its title (the later year's when it is in both).
        public var title: String
        /// Whether it is in each version.
        public var inA: Bool, inB: Bool
        /// What the crosswalk changed under it, in ids (`2.3 → 2.3.1 + 2.3.2` for a split,
        /// `– → 2.4` for a new leaf); empty when its leaves compare one to one.
        public var changes: [String]
        /// Whether its leaves compare one to one (same leaves, at most renumbered).
        public var leavesMapOneToOne: Bool { changes.isEmpty && inA && inB }
    }

    /// The units, in the later year's ranking order, then those evaluated only earlier.
    public let units: [UnitRow]
    /// The sets the two years were scored with.
    public let setA: CriteriaSet, setB: CriteriaSet
    /// How the earlier version's leaves became the later's (every leaf in one group).
    public let groups: [CriteriaCrosswalk.Group]
    /// The fields of the later version, then those only in the earlier.
    public let fields: [Field]
    /// Whether two different versions were paired by leaf id for want of a crosswalk (the
    /// pairing may join different criteria).
    public var pairedByIDAcrossVersions = false

    /// Compares two years' data, each scored with its own year's set, pairing leaves by
    /// `groups` (default: by id). The units' scores keep their leaves (``lessons`` reads them).
    public init(
        setA: CriteriaSet, dataA: Dataset, setB: CriteriaSet, dataB: Dataset,
        groups: [CriteriaCrosswalk.Group]? = nil
    ) {
        func ranked(_ set: CriteriaSet, _ data: Dataset) -> [UnitScore] {
            let plan = ScoringPlan(set)
            return Scoring.rank(
                data.units.filter { $0.setID == set.id }.map {
                    Scoring.score($0, record: data.record(for: $0.id), plan: plan)
                }, policy: set.ranking)
        }
        self.init(
            setA: setA, rankingA: ranked(setA, dataA),
            matrixA: ScoreMatrix(units: dataA.units, records: dataA.records, plan: ScoringPlan(setA)), setB: setB,
            rankingB: ranked(setB, dataB),
            matrixB: ScoreMatrix(units: dataB.units, records: dataB.records, plan: ScoringPlan(setB)), groups: groups)
    }

    /// Compares two years from each year's ranking of its set and every leaf of its units
    /// resolved (``ScoreMatrix``), pairing leaves by `groups` (default: by id). The rows carry
    /// the rankings' scores as given (without leaves when the rankings have none).
    public init(
        setA: CriteriaSet, rankingA: [UnitScore], matrixA: ScoreMatrix, setB: CriteriaSet, rankingB: [UnitScore],
        matrixB: ScoreMatrix, groups: [CriteriaCrosswalk.Group]? = nil
    ) {
        self.setA = setA
        self.setB = setB
        let groups = groups ?? CriteriaCrosswalk.byID(old: setA, new: setB)
        self.groups = groups
        // A unit with nothing recorded in a year has no score that year (not one of zeros).
        func recorded(_ scores: [UnitScore], _ matrix: ScoreMatrix) -> [UnitScore] {
            scores.filter { matrix.row(of: $0.unit.id).map(matrix.anyAssessed) ?? false }
        }
        let rankedA = recorded(rankingA, matrixA)
        let scoresA = Dictionary(rankedA.map { ($0.unit.id, $0) }, uniquingKeysWith: { a, _ in a })
        let rankedB = recorded(rankingB, matrixB)
        let idsB = Set(rankedB.map(\.unit.id))
        // What each group is, worked out once for every unit: its leaves' places in each
        // year's matrix, and how it is shown and ordered.
        let placeA = Dictionary(
            ScoringPlan(setA).leaves.enumerated().map { ($1.id, $0) }, uniquingKeysWith: { a, _ in a })
        let placeB = Dictionary(
            ScoringPlan(setB).leaves.enumerated().map { ($1.id, $0) }, uniquingKeysWith: { a, _ in a })
        let titlesA = Dictionary(setA.leaves.map { ($0.id, $0.title) }, uniquingKeysWith: { a, _ in a })
        let titlesB = Dictionary(setB.leaves.map { ($0.id, $0.title) }, uniquingKeysWith: { a, _ in a })
        let shown: [LostLeaf] = groups.enumerated().map { index, group in
            let dropped = group.to.isEmpty
            return LostLeaf(
                id: (dropped ? group.from : group.to).joined(separator: "+"),
                title: dropped
                    ? group.from.compactMap { titlesA[$0] }.joined(separator: "; ")
                    : group.to.compactMap { titlesB[$0] }.joined(separator: "; "),
                lostA: nil, lostB: nil, previousIDs: group.from, mapping: group.kind, group: index)
        }
        let fromPlaces = groups.map { $0.from.compactMap { placeA[$0] } }
        let toPlaces = groups.map { $0.to.compactMap { placeB[$0] } }
        let idOrder = shown.indices.sorted(by: { CriterionID(shown[$0].id) < CriterionID(shown[$1].id) })
            .enumerated().sorted { $0.element < $1.element }.map(\.offset)
        @Sendable func sum(_ places: [Int], _ lost: [Double]) -> Double? {
            var total: Double?
            for place in places where lost[place] > 0 { total = (total ?? 0) + lost[place] }
            return total
        }
        @Sendable func row(_ unit: EvaluatedUnit, _ a: UnitScore?, _ b: UnitScore?) -> UnitRow {
            let lostA = a.flatMap { matrixA.row(of: $0.unit.id) }.map(matrixA.lost) ?? []
            let lostB = b.flatMap { matrixB.row(of: $0.unit.id) }.map(matrixB.lost) ?? []
            var lists: [[Int]] = [[], [], [], []]  // recurring, new, recovered, dropped: groups
            var amounts = [(a: Double?, b: Double?)](repeating: (nil, nil), count: groups.count)
            for index in groups.indices {
                let x = lostA.isEmpty ? nil : sum(fromPlaces[index], lostA)
                let y = lostB.isEmpty ? nil : sum(toPlaces[index], lostB)
                guard x != nil || y != nil else { continue }
                amounts[index] = (x, y)
                lists[x != nil && y != nil ? 0 : y != nil ? 1 : groups[index].to.isEmpty ? 3 : 2].append(index)
            }
            func sorted(_ list: [Int]) -> [LostLeaf] {
                list.sorted { x, y in
                    // Most points first (the later year's, then the earlier's), then by id.
                    let (ax, ay) = (amounts[x], amounts[y])
                    let (kx, ky) = ((ax.b ?? 0, ax.a ?? 0), (ay.b ?? 0, ay.a ?? 0))
                    return kx != ky ? kx > ky : idOrder[x] < idOrder[y]
                }.map { index in
                    var leaf = shown[index]
                    (leaf.lostA, leaf.lostB) = amounts[index]
                    return leaf
                }
            }
            return UnitRow(
                unit: unit, a: a, b: b, recurring: sorted(lists[0]), new: sorted(lists[1]),
                recovered: sorted(lists[2]), dropped: sorted(lists[3]))
        }
        let pairs: [(EvaluatedUnit, UnitScore?, UnitScore?)] =
            rankedB.map { ($0.unit, scoresA[$0.unit.id], $0) }
            + rankedA.filter { !idsB.contains($0.unit.id) }.map { ($0.unit, $0, nil) }
        // Units are compared apart, so the cores share them.
        let rows = SharedSlots<UnitRow?>(count: pairs.count, repeating: nil)
        SharedSlots<UnitRow?>.forEachConcurrently(pairs.count) { index in
            let (unit, a, b) = pairs[index]
            rows[index] = row(unit, a, b)
        }
        units = rows.values(count: pairs.count).map { $0! }
        fields = Self.fields(setA: setA, setB: setB, groups: groups)
    }

    /// The fields of both versions, with what changed under each.
    private static func fields(setA: CriteriaSet, setB: CriteriaSet, groups: [CriteriaCrosswalk.Group]) -> [Field] {
        func fieldOf(_ set: CriteriaSet) -> [String: String] {
            var map: [String: String] = [:]
            for field in set.fields { for node in field.flattened where node.isLeaf { map[node.id] = field.id } }
            return map
        }
        let (fieldA, fieldB) = (fieldOf(setA), fieldOf(setB))
        var changes: [String: [String]] = [:]
        for group in groups {
            let touched = Set(group.from.compactMap { fieldA[$0] } + group.to.compactMap { fieldB[$0] })
            // Written in ids and arrows, so it reads the same in every language.
            let (from, to) = (group.from.joined(separator: " + "), group.to.joined(separator: " + "))
            if group.kind == .same, touched.count < 2 { continue }  // a leaf that moved changes both fields
            let text = "\(from.isEmpty ? "–" : from) → \(to.isEmpty ? "–" : to)"
            for field in touched { changes[field, default: []].append(text) }
        }
        let idsA = Set(setA.fields.map(\.id))
        let idsB = Set(setB.fields.map(\.id))
        return setB.fields.map {
            Field(id: $0.id, title: $0.title, inA: idsA.contains($0.id), inB: true, changes: changes[$0.id] ?? [])
        }
            + setA.fields.filter { !idsB.contains($0.id) }.map {
                Field(id: $0.id, title: $0.title, inA: true, inB: false, changes: changes[$0.id] ?? [])
            }
    }

    /// The group an earlier year's leaf belongs to.
    public func group(ofEarlier id: String) -> CriteriaCrosswalk.Group? { groups.first { $0.from.contains(id) } }

    /// The group a later year's leaf belongs to.
    public func group(ofLater id: String) -> CriteriaCrosswalk.Group? { groups.first { $0.to.contains(id) } }
}

extension Evaluation {
    /// Set `setID` in `yearA` and `yearB`, each year scored with the version of the set its
    /// scores were recorded against, leaves paired through the crosswalk between the versions;
    /// with notes saying which versions were used and anything the reader must know.
    /// - Throws: as ``criteriaSet(_:asRecordedIn:)`` and ``crosswalk(from:to:)``;
    ///   ``WorkspaceError`` when the workspace cannot be read; ``LimitError`` for a year outside
    ///   ``Limits/years``.
    /// - Parameter detailed: true to keep every leaf in the units' scores (as `lessons` needs);
    ///   else they have none, and each year's ranking and resolved leaves are read as kept in
    ///   the workspace when they are current (``storedOrComputed(_:set:year:decode:encode:compute:)``).
    public func comparison(setID: String, yearA: Int, yearB: Int, detailed: Bool = false) throws -> (
        comparison: YearComparison, notes: [String]
    ) {
        let (comparison, notes, _) = try comparisonAndMatrix(
            setID: setID, yearA: yearA, yearB: yearB, detailed: detailed)
        return (comparison, notes)
    }

    /// What `lessons` reads of unit `unitID` and set `setID`: the comparison of the two years
    /// from what is kept (as ``comparison(setID:yearA:yearB:detailed:)`` without details), with
    /// the unit's row carrying every leaf of both years (read from the unit's own rows), and
    /// what the other units of its ranking group reached in the earlier year on each leaf, from
    /// the earlier year's resolved leaves. Every unit's rows are read only when the data keeps
    /// changing underneath (then as the detailed comparison does).
    /// - Throws: as ``comparison(setID:yearA:yearB:detailed:)``.
    public func lessons(unitID: String, setID: String, yearA: Int, yearB: Int) throws -> LessonsGround {
        let workspace = try workspace()
        let label = try syntheticLabel()
        for _ in 1...3 {
            let revision = try workspace.revision()
            let (fast, notes, matrixA) = try comparisonAndMatrix(
                setID: setID, yearA: yearA, yearB: yearB, detailed: false)
            guard var row = fast.units.first(where: { $0.unit.id == unitID }) else {
                return LessonsGround(comparison: fast, notes: notes, row: nil, blockShares: [:])
            }
            // The unit's own leaves, scored as its ranking scored it.
            func detailed(_ ranked: UnitScore?, set: CriteriaSet, year: Int) throws -> UnitScore? {
                let (data, _) = try workspace.unitDataset(year: year, syntheticLabel: label, unit: unitID)
                guard let ranked, let unit = data.units.first(where: { $0.id == unitID }) else { return ranked }
                var score = Scoring.score(unit, record: data.record(for: unitID), set: set)
                score.takePlace(of: ranked)
                return score
            }
            let a = try detailed(row.a, set: fast.setA, year: yearA)
            let b = try detailed(row.b, set: fast.setB, year: yearB)
            // Every read saw the data as it was at `revision` (every write to data raises it).
            guard try workspace.revision() == revision, let matrixA else {
                continue
            }
            (row.a, row.b) = (a, b)
            var shares: [String: [Double]] = [:]
            if let a {
                let plan = ScoringPlan(fast.setA)
                for other in fast.units {
                    guard let score = other.a, score.unit.id != unitID, score.group == a.group,
                        let place = matrixA.row(of: score.unit.id)
                    else { continue }
                    for (column, leaf) in plan.leaves.enumerated() {
                        let points = matrixA.points[place * matrixA.width + column]
                        guard !points.isNaN, leaf.maxPoints > 0 else { continue }
                        shares[leaf.id, default: []].append(points / leaf.maxPoints * 100)
                    }
                }
            }
            return LessonsGround(comparison: fast, notes: notes, row: row, blockShares: shares)
        }
        // The data kept changing: every unit's rows, read at once.
        let (full, notes) = try comparison(setID: setID, yearA: yearA, yearB: yearB, detailed: true)
        let row = full.units.first(where: { $0.unit.id == unitID })
        var shares: [String: [Double]] = [:]
        if let a = row?.a {
            for other in full.units.compactMap(\.a) where other.unit.id != unitID && other.group == a.group {
                for leaf in other.leaves where leaf.isApplicable && leaf.node.maxPoints > 0 {
                    shares[leaf.node.id, default: []].append(leaf.points / leaf.node.maxPoints * 100)
                }
            }
        }
        return LessonsGround(comparison: full, notes: notes, row: row, blockShares: shares)
    }

    /// The comparison, its notes, and the earlier year's resolved leaves when not `detailed`.
    private func comparisonAndMatrix(setID: String, yearA: Int, yearB: Int, detailed: Bool) throws -> (
        YearComparison, [String], ScoreMatrix?
    ) {
        try Limits.check(year: yearA)
        try Limits.check(year: yearB)
        let (setA, noteA) = try criteriaSet(setID, asRecordedIn: yearA)
        let (setB, noteB) = try criteriaSet(setID, asRecordedIn: yearB)
        let (groups, crosswalk, noteWalk) = try self.crosswalk(from: setA, to: setB)
        let workspace = try workspace()
        let label = try workspace.setting("synthetic_label")
        var notes = [noteA, noteB, noteWalk].compactMap { $0 }
        func describe(_ set: CriteriaSet) -> String { "version '\(set.version)' (\(set.contentHash.prefix(12)))" }
        if setA.contentHash == setB.contentHash {
            notes.append("Both years are scored with set '\(setID)' \(describe(setB))")
        } else {
            notes.append(
                "\(yearA) is scored with set '\(setID)' \(describe(setA)), \(yearB) with \(describe(setB)), as each year's scores were recorded"
            )
        }
        if let crosswalk {
            notes.append(
                "Leaves are paired through the crosswalk '\(crosswalk.fromVersion)' → '\(crosswalk.toVersion)' (\(crosswalk.file))"
            )
        }
        var comparison: YearComparison
        var earlier: ScoreMatrix?
        if detailed {
            comparison = YearComparison(
                setA: setA, dataA: try workspace.dataset(year: yearA, syntheticLabel: label), setB: setB,
                dataB: try workspace.dataset(year: yearB, syntheticLabel: label), groups: groups)
        } else {
            let (rankingA, matrixA) = try rankingAndMatrix(of: setA, in: yearA)
            let (rankingB, matrixB) = try rankingAndMatrix(of: setB, in: yearB)
            comparison = YearComparison(
                setA: setA, rankingA: rankingA, matrixA: matrixA, setB: setB, rankingB: rankingB, matrixB: matrixB,
                groups: groups)
            earlier = matrixA
        }
        comparison.pairedByIDAcrossVersions = crosswalk == nil && setA.version != setB.version
        return (comparison, notes, earlier)
    }
}

/// What `lessons` reads for one unit (``Evaluation/lessons(unitID:setID:yearA:yearB:)``).
public struct LessonsGround: Sendable {
    /// The two years compared (the other units' scores without their leaves).
    public var comparison: YearComparison
    /// Which versions of the set were used, and anything the reader must know.
    public var notes: [String]
    /// The unit in both years, with every leaf; nil when it has nothing recorded in either.
    public var row: YearComparison.UnitRow?
    /// For each leaf id of the earlier year's version, the percent of its maximum that each
    /// other unit of the unit's ranking group reached there, where it applies (in the order of
    /// the comparison's units); empty when the unit was not evaluated in the earlier year.
    public var blockShares: [String: [Double]]
}
