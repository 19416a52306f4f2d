/// Two years of one criteria set side by side: each unit's index, band and rank in both, and
/// where it lost points — in both years (recurring), only in the later (new) or only in the
/// earlier (recovered). Index % is compared, not points, so a changed maximum does not mislead.
///
/// Units are paired by id; leaves by id (a criteria crosswalk between versions is not read yet).
public struct YearComparison: Sendable {
    /// A leaf where a unit lost points in one year or both.
    public struct LostLeaf: Sendable, Equatable {
        /// The leaf's id.
        public var id: String
        /// Its title (from the later year's set).
        public var title: String
        /// Points lost in the earlier year; nil when none were (or the leaf did not apply).
        public var lostA: Double?
        /// Points lost in the later year.
        public var lostB: Double?
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
        /// Leaves with points lost only in the earlier year.
        public var recovered: [LostLeaf]

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
            recovered: [LostLeaf]
        ) {
            self.unit = unit
            self.a = a
            self.b = b
            self.recurring = recurring
            self.new = new
            self.recovered = recovered
        }
    }

    /// The units, in the later year's ranking order, then those evaluated only earlier.
    public let units: [UnitRow]

    /// Compares set `setID` between two years' data (each scored with its own year's set).
    public init(setA: CriteriaSet, dataA: Dataset, setB: CriteriaSet, dataB: Dataset) {
        func ranked(_ set: CriteriaSet, _ data: Dataset) -> [UnitScore] {
            let plan = ScoringPlan(set)
            return Scoring.rank(
                data.units.filter { $0.setID == set.id }.map {
                    Scoring.score($0, record: data.record(for: $0.id), plan: plan)
                }, policy: set.ranking)
        }
        // A unit with nothing recorded in a year has no score that year (not one of zeros).
        func recorded(_ scores: [UnitScore]) -> [UnitScore] {
            scores.filter { $0.leaves.contains { $0.isApplicable && $0.source != .missing } }
        }
        let scoresA = Dictionary(
            recorded(ranked(setA, dataA)).map { ($0.unit.id, $0) }, uniquingKeysWith: { a, _ in a })
        let rankedB = recorded(ranked(setB, dataB))
        let idsB = Set(rankedB.map(\.unit.id))
        var rows: [UnitRow] = []
        func lost(_ score: UnitScore?) -> [String: Double] {
            var lost: [String: Double] = [:]
            // Points lost are points assessed short of the maximum: a leaf with nothing recorded
            // is missing data, not a loss.
            for leaf in score?.leaves ?? [] where leaf.isApplicable && leaf.source != .missing {
                let missing = leaf.node.maxPoints - leaf.points
                if missing > Scoring.tolerance { lost[leaf.node.id] = missing }
            }
            return lost
        }
        let titles = Dictionary(
            (setA.leaves + setB.leaves).map { ($0.id, $0.title) }, uniquingKeysWith: { _, later in later })
        func row(_ unit: EvaluatedUnit, _ a: UnitScore?, _ b: UnitScore?) -> UnitRow {
            let (lostA, lostB) = (lost(a), lost(b))
            func leaves(_ ids: [String]) -> [LostLeaf] {
                ids.map { LostLeaf(id: $0, title: titles[$0] ?? "", lostA: lostA[$0], lostB: lostB[$0]) }
                    .sorted { x, y in
                        // Most points first (the later year's, then the earlier's), then by id.
                        let (kx, ky) = ((x.lostB ?? 0, x.lostA ?? 0), (y.lostB ?? 0, y.lostA ?? 0))
                        return kx != ky ? kx > ky : CriterionID(x.id) < CriterionID(y.id)
                    }
            }
            return UnitRow(
                unit: unit, a: a, b: b, recurring: leaves(lostB.keys.filter { lostA[$0] != nil }),
                new: leaves(lostB.keys.filter { lostA[$0] == nil }),
                recovered: leaves(lostA.keys.filter { lostB[$0] == nil }))
        }
        for b in rankedB { rows.append(row(b.unit, scoresA[b.unit.id], b)) }
        for a in recorded(ranked(setA, dataA)) where !idsB.contains(a.unit.id) { rows.append(row(a.unit, a, nil)) }
        units = rows
    }
}

extension Evaluation {
    /// Set `setID` in `yearA` and `yearB`, each year's data scored with the set as loaded now.
    /// - Throws: as ``criteriaSet(_:)``; ``WorkspaceError`` when the workspace cannot be read;
    ///   ``LimitError`` for a year outside ``Limits/years``.
    public func comparison(setID: String, yearA: Int, yearB: Int) throws -> YearComparison {
        try Limits.check(year: yearA)
        try Limits.check(year: yearB)
        let set = try criteriaSet(setID)
        let workspace = try workspace()
        let label = try workspace.setting("synthetic_label")
        return YearComparison(
            setA: set, dataA: try workspace.dataset(year: yearA, syntheticLabel: label), setB: set,
            dataB: try workspace.dataset(year: yearB, syntheticLabel: label))
    }
}
