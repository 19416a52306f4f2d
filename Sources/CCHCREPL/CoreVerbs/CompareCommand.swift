import ArgumentParser
import CCHCCore
import CCHCModuleKit

/// `compare YEAR_A YEAR_B`: learn from last year.
struct CompareCommand: WorkbenchCommand {
    static let configuration = CommandConfiguration(
        commandName: "compare",
        abstract: "Compare two years: each unit's index, band and rank, and the leaves where it lost points.",
        discussion: """
            Per unit: index %, band and rank in both years, the move, and how many leaves lost \
            points in both years (recurring), only in the later (new) or only in the earlier \
            (recovered); per criterion over all units, the same. With --unit, that unit's leaves in \
            each list, most points first. Index % is compared, not points, so a changed maximum \
            does not mislead. Each year is scored with the version of the set its scores were \
            recorded against; leaves are paired through the crosswalk between the two versions \
            (docs/criteria-format.md), by id when there is none. A criterion split or merged \
            between versions is one item (its old leaves against its new ones), and the fields \
            table compares by field where leaves do not map one to one.

            Examples:
              compare 2023 2024
              compare 2023 2024 --unit tu-ha
              compare 2023 2024 --set department
            """
    )

    @Argument(help: "The earlier year.")
    var yearA: Int

    @Argument(help: "The later year.")
    var yearB: Int

    @OptionGroup var setOption: SetOption

    @Option(name: .long, help: "One unit: its leaves in each list.")
    var unit: String?

    func run(in context: CommandContext) throws {
        let set = try setOption.resolve(in: context)
        for year in [yearA, yearB] {
            try Limits.check(year: year)
            if try !context.evaluation.workspace().hasData(year: year) {
                throw Self.nothingRecorded(set: set.id, year: year)
            }
        }
        let (comparison, versionNotes) = try context.evaluation.comparison(
            setID: set.id, yearA: yearA, yearB: yearB)
        // A year with nothing scored would read as a year of no losses: said, not compared.
        for (year, scored) in [
            (yearA, comparison.units.contains { $0.a?.indexPct != nil }),
            (yearB, comparison.units.contains { $0.b?.indexPct != nil }),
        ] where !scored {
            throw Self.nothingRecorded(set: set.id, year: year)
        }
        let history = history(try context.evaluation.workspace().unitSuccessions())
        let scope = [
            Fact("set", "Set", .text(set.id), shownToPeople: false),
            Fact("year_a", "Year A", .integer(yearA), shownToPeople: false),
            Fact("year_b", "Year B", .integer(yearB), shownToPeople: false),
        ]
        let title = "Comparison: set '\(set.id)', \(yearA) → \(yearB)"
        if let unit {
            let chosen = try resolveQueries([unit], in: context).first
            guard let row = comparison.units.first(where: { $0.unit.id == chosen?.id }) else {
                throw UserError("Unit '\(unit)' is not evaluated against set '\(set.id)' in \(yearA) or \(yearB)")
            }
            try context.emit(
                Report(
                    title: title, facts: scope + unitFacts(row),
                    tables: [
                        leafTable(
                            "recurring", "Lost points in both years", row.recurring,
                            pairedByID: comparison.pairedByIDAcrossVersions),
                        leafTable(
                            "new", "Lost points only in \(yearB)", row.new,
                            pairedByID: comparison.pairedByIDAcrossVersions),
                        leafTable(
                            "recovered", "Lost points only in \(yearA) (recovered)", row.recovered,
                            pairedByID: comparison.pairedByIDAcrossVersions),
                        leafTable(
                            "dropped", "Lost points in \(yearA) on criteria dropped by \(yearB)", row.dropped,
                            pairedByID: comparison.pairedByIDAcrossVersions),
                        fieldTable(comparison, rows: [row]),
                    ],
                    notes: notes(comparison, history) + versionNotes + recordedOnlyNote(context, "Years")
                        + dataNotes(context, setIDs: [])))
            return
        }
        try context.emit(
            Report(
                title: title, facts: scope,
                tables: [
                    unitTable(comparison, history, successors: try context.evaluation.units()),
                    criterionTable(comparison), fieldTable(comparison, rows: comparison.units),
                ],
                notes: notes(comparison, history) + versionNotes + recordedOnlyNote(context, "Years")
                    + dataNotes(context, setIDs: [])))
    }

    /// Mergers and renames between the two years: each successor's predecessors and each
    /// predecessor's successor (steps dated after year A, up to year B).
    typealias History = (predecessors: [String: [String]], successor: [String: String])

    private func history(_ all: [UnitSuccession]) -> History {
        let steps = all.filter { $0.year > yearA && $0.year <= yearB }
        return (
            Dictionary(grouping: steps, by: \.successorID).mapValues { $0.map(\.unitID).sorted() },
            Dictionary(steps.map { ($0.unitID, $0.successorID) }, uniquingKeysWith: { first, _ in first })
        )
    }

    private func cells(_ score: UnitScore?) -> [Cell] {
        [
            score?.indexPct.map { .number($0) } ?? .null, score?.band.map { .text($0.code) } ?? .null,
            score?.band.map { .text($0.name) } ?? .null, score?.rank.map { .integer($0) } ?? .null,
        ]
    }

    private func columns(_ year: Int, _ suffix: String) -> [Column] {
        [
            Column("index_\(suffix)", "Index \(year)"),
            Column("band_\(suffix)", "Band code \(year)", shownToPeople: false),
            Column("band_name_\(suffix)", "Band \(year)"), Column("rank_\(suffix)", "Rank \(year)"),
        ]
    }

    private func unitFacts(_ row: YearComparison.UnitRow) -> [Fact] {
        let names = columns(yearA, "a") + columns(yearB, "b")
        let values = cells(row.a) + cells(row.b)
        return [Fact("unit_id", "Unit id", .text(row.unit.id)), Fact("unit", "Unit", .text(row.unit.name))]
            + zip(names, values).map { Fact($0.key, $0.header, $1, shownToPeople: $0.isShownToPeople) } + [
                Fact("index_move", "Index move", row.indexMove.map { .number($0) } ?? .null),
                Fact("rank_move", "Rank move", row.rankMove.map(Cell.signed) ?? .null),
            ]
    }

    /// The units of both years; a successor with nothing recorded yet still gets its row, so
    /// its predecessors show (`successors`: the workspace's units, to find it).
    private func unitTable(_ comparison: YearComparison, _ history: History, successors: [EvaluatedUnit]) -> ReportTable
    {
        let listed = Set(comparison.units.map(\.unit.id))
        let waiting = successors.filter { history.predecessors[$0.id] != nil && !listed.contains($0.id) }
            .map { YearComparison.UnitRow(unrecorded: $0) }
        return ReportTable(
            key: "units", title: "By unit",
            columns: [Column("unit_id", "Unit id"), Column("unit", "Unit")] + columns(yearA, "a") + columns(yearB, "b")
                + [
                    Column("index_move", "Δ index"), Column("rank_move", "Moved"), Column("recurring", "Recurring"),
                    Column("new", "New"), Column("recovered", "Recovered"),
                    Column("predecessors", "Predecessors in \(yearA)"), Column("merged_into", "Continues as"),
                ],
            rows: (comparison.units + waiting).map { row in
                // A merged unit beside what its predecessors were; a predecessor names its successor.
                let before = (history.predecessors[row.unit.id] ?? []).map { id -> String in
                    let score = comparison.units.first { $0.unit.id == id }?.a
                    let result = score.map {
                        "\($0.indexPct.map { Format.fixed($0) + "%" } ?? "—"), \($0.band?.name ?? "—"), rank \($0.rank.map(String.init) ?? "—")"
                    }
                    return "\(id) (\(result ?? "not evaluated"))"
                }
                return [.text(row.unit.id), .text(row.unit.name)] + cells(row.a) + cells(row.b) + [
                    row.indexMove.map { .number($0) } ?? .null, row.rankMove.map(Cell.signed) ?? .null,
                    .integer(row.recurring.count), .integer(row.new.count), .integer(row.recovered.count),
                    before.isEmpty ? .null : .text(before.joined(separator: "; ")),
                    history.successor[row.unit.id].map(Cell.text) ?? .null,
                ]
            }
        ).hidingFromPeople(["predecessors", "merged_into"])
    }

    private func criterionTable(_ comparison: YearComparison) -> ReportTable {
        struct Tally {
            var title = ""
            var losingA = 0
            var losingB = 0
            var both = 0
            var lostA = 0.0
            var lostB = 0.0
            var leaf: YearComparison.LostLeaf?
        }
        // One tally per item of the crosswalk (a dropped leaf and a new one may share an id).
        var tallies = [Tally](repeating: Tally(), count: comparison.groups.count)
        for row in comparison.units {
            for list in [row.recurring, row.new, row.recovered, row.dropped] {
                for leaf in list where tallies.indices.contains(leaf.group) {
                    if tallies[leaf.group].leaf == nil {
                        tallies[leaf.group].title = leaf.title
                        tallies[leaf.group].leaf = leaf
                    }
                    if let lost = leaf.lostA {
                        tallies[leaf.group].losingA += 1
                        tallies[leaf.group].lostA += lost
                    }
                    if let lost = leaf.lostB {
                        tallies[leaf.group].losingB += 1
                        tallies[leaf.group].lostB += lost
                    }
                    if leaf.lostA != nil, leaf.lostB != nil { tallies[leaf.group].both += 1 }
                }
            }
        }
        let ordered = tallies.filter { $0.leaf != nil }.sorted { x, y in
            let (a, b) = (x.leaf?.id ?? "", y.leaf?.id ?? "")
            return x.lostB != y.lostB ? x.lostB > y.lostB : a != b ? CriterionID(a) < CriterionID(b) : x.lostA > y.lostA
        }
        return ReportTable(
            key: "criteria", title: "By criterion, most points lost in \(yearB) first",
            columns: [
                Column("id", "Id"), Column("title", "Title"), Column("losing_a", "Units losing \(yearA)"),
                Column("losing_b", "Units losing \(yearB)"), Column("recurring", "In both"),
                Column("lost_a", "Lost \(yearA)"), Column("lost_b", "Lost \(yearB)"),
                Column("was", "Was (\(yearA))"), Column("mapping", "Comparable"),
            ],
            rows: ordered.map { tally in
                [
                    .text(tally.leaf?.id ?? ""), .text(tally.title), .integer(tally.losingA), .integer(tally.losingB),
                    .integer(tally.both), .number(tally.lostA), .number(tally.lostB),
                ] + mappingCells(tally.leaf, pairedByID: comparison.pairedByIDAcrossVersions)
            }
        ).hidingMappingWhenEveryLeafCompares()
    }

    private func leafTable(
        _ key: String, _ title: String, _ leaves: [YearComparison.LostLeaf], pairedByID: Bool
    ) -> ReportTable {
        ReportTable(
            key: key, title: title,
            columns: [
                Column("id", "Id"), Column("title", "Title"), Column("lost_a", "Lost \(yearA)"),
                Column("lost_b", "Lost \(yearB)"), Column("was", "Was (\(yearA))"), Column("mapping", "Comparable"),
            ],
            rows: leaves.map { leaf in
                [
                    .text(leaf.id), .text(leaf.title), leaf.lostA.map { .number($0) } ?? .null,
                    leaf.lostB.map { .number($0) } ?? .null,
                ] + mappingCells(leaf, pairedByID: pairedByID)
            }
        ).hidingMappingWhenEveryLeafCompares()
            // A list of the leaves lost in one year only has nothing in the other year's column.
            .hidingFromPeople(["lost_a", "lost_b"])
    }

    /// The earlier ids of a criterion (when they differ) and what the crosswalk says of it.
    private func mappingCells(_ leaf: YearComparison.LostLeaf?, pairedByID: Bool) -> [Cell] {
        guard let leaf else { return [.null, .null] }
        let was = leaf.previousIDs.joined(separator: "+")
        let text: String =
            switch leaf.mapping {
            case .same where pairedByID: "by id (no crosswalk)"
            case .same: was == leaf.id ? "yes" : "yes (renumbered)"
            case .split: "split: by field"
            case .merged: "merged: by field"
            case .dropped: "dropped in \(yearB)"
            case .new: "new in \(yearB)"
            }
        return [was == leaf.id || was.isEmpty ? .null : .text(was), .text(text)]
    }

    /// Each field's index % in both years (the average over `rows`' units that have it), and
    /// whether its leaves compare one to one.
    private func fieldTable(_ comparison: YearComparison, rows: [YearComparison.UnitRow]) -> ReportTable {
        // One pass over the units: each field's index summed in each year.
        var sums: [String: (a: Double, countA: Int, b: Double, countB: Int)] = [:]
        for field in comparison.fields { sums[field.id] = (0, 0, 0, 0) }
        for row in rows {
            for field in comparison.fields {
                if let pct = row.a?.nodes[field.id]?.indexPct {
                    sums[field.id]!.a += pct
                    sums[field.id]!.countA += 1
                }
                if let pct = row.b?.nodes[field.id]?.indexPct {
                    sums[field.id]!.b += pct
                    sums[field.id]!.countB += 1
                }
            }
        }
        func average(_ id: String, later: Bool) -> Double? {
            guard let sum = sums[id] else { return nil }
            let (total, count) = later ? (sum.b, sum.countB) : (sum.a, sum.countA)
            return count == 0 ? nil : total / Double(count)
        }
        return ReportTable(
            key: "fields", title: "By field (index % of the field\(rows.count == 1 ? "" : ", average over units"))",
            columns: [
                Column("id", "Field"), Column("title", "Title"), Column("pct_a", "% \(yearA)"),
                Column("pct_b", "% \(yearB)"), Column("move", "Δ"), Column("one_to_one", "Leaves map one to one"),
                Column("changes", "Changed between versions"),
            ],
            rows: comparison.fields.map { field in
                let (a, b) = (average(field.id, later: false), average(field.id, later: true))
                return [
                    .text(field.id), .text(field.title), a.map { .number($0) } ?? .null, b.map { .number($0) } ?? .null,
                    a.flatMap { a in b.map { .number($0 - a) } } ?? .null, .bool(field.leavesMapOneToOne),
                    field.changes.isEmpty ? .null : .text(field.changes.joined(separator: "; ")),
                ]
            }
        ).hidingFromPeople(["changes"]).hidingFromPeople(["one_to_one"], whenEvery: { $0 == .bool(true) })
    }

    /// A year with nothing scored would read as a year without losses: said, not compared.
    private static func nothingRecorded(set: String, year: Int) -> UserError {
        UserError(
            "Nothing is recorded for set '\(set)' in \(year): nothing to compare; import that year's scores first (year \(year), then import scores FILE)"
        )
    }

    private func notes(_ comparison: YearComparison, _ history: History) -> [String] {
        var notes: [String] = []
        let onlyA = comparison.units.filter { $0.b == nil && history.successor[$0.unit.id] == nil }.map(\.unit.id)
        let onlyB = comparison.units.filter {
            $0.a?.indexPct == nil && $0.b != nil && history.predecessors[$0.unit.id] == nil
        }.map(\.unit.id)
        for (successor, units) in history.predecessors.sorted(by: { $0.key < $1.key }) {
            notes.append("\(ListText.abbreviated(units)) continue as \(successor) from \(yearB) or before")
        }
        if !onlyA.isEmpty { notes.append("Evaluated in \(yearA) only: \(ListText.abbreviated(onlyA))") }
        if !onlyB.isEmpty {
            notes.append("Nothing recorded in \(yearA) (no move to compare): \(ListText.abbreviated(onlyB))")
        }
        notes.append("Index % is compared, not points; units are paired by id (and through mergers)")
        return notes
    }
}

extension ReportTable {
    /// A comparison's table without a leaf's earlier id (`was`) and whether it compares
    /// (`mapping`) for people when no leaf was renumbered and every one compares as it is.
    fileprivate func hidingMappingWhenEveryLeafCompares() -> Self {
        hidingFromPeople(["was"]).hidingFromPeople(["mapping"], whenEvery: { $0 == .text("yes") })
    }
}
