import ArgumentParser
import CCHCCore
import CCHCModuleKit

struct DiffCommand: WorkbenchCommand {
    static let configuration = CommandConfiguration(
        commandName: "diff",
        abstract: "Compare two scenarios: totals, indices, bands and ranks, most moved first.",
        discussion: """
            Without --set, the sets the two scenarios change (one table each), else the set in \
            use. Max A and Max B appear when a unit's applicable maximum changed; an excluded unit \
            is counted as excluded, not as a band change.

            Examples:
              diff baseline faster-dossiers
              diff baseline proposal --set department
            """
    )

    @Argument(help: "The scenario compared from.")
    var from: String

    @Argument(help: "The scenario compared to.")
    var to: String

    @OptionGroup var setOption: SetOption

    func run(in context: CommandContext) throws {
        for name in [from, to] where name != Scenario.baseline { _ = try context.evaluation.scenario(name) }
        var setIDs = [try setOption.resolve(in: context).id]
        if setOption.set == nil {
            let changed = Set(try context.evaluation.changedSets(from) + context.evaluation.changedSets(to))
            let ordered = try context.evaluation.setIDs().filter(changed.contains)
            if !ordered.isEmpty { setIDs = ordered }
        }
        let year = try context.evaluation.year()
        let parts = try setIDs.map { try diff(setID: $0, in: context) }
        let several = parts.count > 1
        let maxChanged = parts.contains(where: \.maxChanged)
        let grouped = parts.contains(where: \.grouped)
        // One table: for people a section per set, for scripts a row's set in a column.
        let rows = parts.flatMap { part in
            part.lines.map { line in
                let row = line.cells(maxChanged: maxChanged)
                return Array(row[..<3]) + [.text(part.setID)] + row[3...]
            }
        }
        // The layers of both scenarios (a layer they share once), as `scenario show` lists them.
        var changed: [Scenario] = []
        for name in [from, to] {
            for layer in try ScenarioEditing.layers(of: name, in: context)
            where !changed.contains(where: { $0.name == layer.name }) {
                changed.append(layer)
            }
        }
        let changing = changed.filter { !$0.overrides.isEmpty }
        // An amended rule that moves nobody because stage decisions stand says so: the zeros of
        // the comparison are not "the rule would change nothing".
        let fromLayers = Set(try ScenarioEditing.layers(of: from, in: context).map(\.name))
        var standing: [String] = []
        for layer in try ScenarioEditing.layers(of: to, in: context) where !fromLayers.contains(layer.name) {
            for override in layer.overrides {
                if let note = try ScenarioEditing.standingDecisionsNote(override, in: layer, context: context) {
                    standing.append(note)
                }
            }
        }
        let sections =
            several ? parts.map { TableSection(title: "Set '\($0.setID)'", count: $0.lines.count) } : []
        try context.emit(
            Report(
                title: "Diff: '\(from)' → '\(to)'" + (several ? "" : ", set '\(setIDs[0])'") + ", year \(year)",
                facts: [
                    Fact("set", "Set", several ? .null : .text(setIDs[0]), shownToPeople: false),
                    Fact("year", "Year", .integer(year), shownToPeople: false),
                    // A and B of the columns' headers, named.
                    Fact("scenario_a", "Scenario A", .text(from)), Fact("scenario_b", "Scenario B", .text(to)),
                ],
                tables: [
                    ReportTable(
                        key: "diff",
                        columns: [
                            Column("unit_id", "Unit id"), Column("unit", "Unit"),
                            Column("group", "Group", shownToPeople: grouped),
                            Column("set", "Set", shownToPeople: false),
                        ]
                            + (maxChanged ? [Column("max_a", "Max A"), Column("max_b", "Max B")] : []) + [
                                Column("total_a", "Total A"),
                                Column("total_b", "Total B"), Column("total_delta", "Δ total"),
                                Column("index_a", "Index A"),
                                Column("index_b", "Index B"), Column("index_delta", "Δ index"),
                                Column("band_a", "Band code A", shownToPeople: false),
                                Column("band_b", "Band code B", shownToPeople: false),
                                Column("band_name_a", "Band A"), Column("band_name_b", "Band B"),
                                Column("rank_a", "Rank A"), Column("rank_b", "Rank B"),
                                Column("rank_move", "Moved"),
                                Column("not_ranked", "Note", shownToScripts: false),
                            ],
                        rows: rows, sections: sections, sectionColumn: several ? "set" : nil
                    ).hidingFromPeople(["not_ranked"]),
                    // What the scenarios change: the reader of the comparison sees the proposal.
                    try ScenarioEditing.changesTable(
                        changed, key: "changes",
                        title: changing.count == 1
                            ? "What scenario '\(changing[0].name)' changes" : "What the scenarios change",
                        in: context),
                ],
                notes: parts.flatMap { part in
                    [
                        (several ? "Set '\(part.setID)': " : "") + part.summary,
                        "Scores changed: \(part.changedScores) of \(part.lines.count) units"
                            + (several ? " in set '\(part.setID)'" : ""),
                    ]
                }
                    + standing + dataNotes(context, setIDs: setIDs),
                charts: [
                    Chart(
                        table: "diff", label: "unit",
                        kind: .slope(from: "index_a", to: "index_b", fromLabel: from, toLabel: to),
                        title: "Index % in '\(from)' and '\(to)'")
                ]))
    }

    /// One set's side of the comparison: each unit's line, most moved first.
    private struct Part {
        var setID: String
        var lines: [Line]
        /// Whether a unit's applicable maximum differs between the scenarios.
        var maxChanged: Bool
        /// Whether the set's units are ranked in groups.
        var grouped: Bool
        /// `3 moved up, 2 moved down, 1 changed band.`
        var summary: String
        /// How many units in both scenarios have another total or index in B.
        var changedScores: Int
    }

    /// A unit in both scenarios (or excluded from one).
    private struct Line {
        var a: UnitScore?
        var b: UnitScore?
        var unit: EvaluatedUnit
        var move: Int? { a?.rank.flatMap { ra in b?.rank.map { ra - $0 } } }
        var changesBand: Bool { a?.band?.code != b?.band?.code }
        /// How far the index moved (0 for a unit in one scenario only).
        var indexMove: Double { abs((b?.indexPct ?? 0) - (a?.indexPct ?? 0)) }
        /// Whether the unit is in both scenarios with another total or index.
        var changesScore: Bool {
            guard let a, let b else { return false }
            return abs(a.total - b.total) > Scoring.tolerance || indexMove > Scoring.tolerance
        }

        /// The row's cells: id, name, group, then (with `maxChanged`) the maxima, totals,
        /// indices, bands, ranks and the move.
        func cells(maxChanged: Bool) -> [Cell] {
            func number(_ value: Double?) -> Cell { value.map { .number($0) } ?? .null }
            let deltaTotal = a.flatMap { a in b.map { $0.total - a.total } }
            let deltaIndex = a?.indexPct.flatMap { a in b?.indexPct.map { $0 - a } }
            let group = (b ?? a).map { $0.group.isEmpty ? Cell.null : .text($0.group) } ?? .null
            return [.text(unit.id), .text(unit.name), group]
                + (maxChanged ? [number(a?.applicableMax), number(b?.applicableMax)] : []) + [
                    number(a?.total), number(b?.total), number(deltaTotal),
                    number(a?.indexPct), number(b?.indexPct), number(deltaIndex),
                    a?.band.map { .text($0.code) } ?? .null, b?.band.map { .text($0.code) } ?? .null,
                    a?.band.map { .text($0.name) } ?? .null, b?.band.map { .text($0.name) } ?? .null,
                    a?.rank.map { .integer($0) } ?? .null, b?.rank.map { .integer($0) } ?? .null,
                    move.map { .signed($0) } ?? .null,
                    // For people, why a row's A or B is empty.
                    a == nil || b == nil ? .text("not ranked") : .null,
                ]
        }
    }

    private func diff(setID: String, in context: CommandContext) throws -> Part {
        let before = Dictionary(
            uniqueKeysWithValues: try context.evaluation.ranking(setID: setID, scenario: from).map { ($0.unit.id, $0) })
        let after = try context.evaluation.ranking(setID: setID, scenario: to)
        let ids = Set(before.keys).union(after.map(\.unit.id))
        let afterByID = Dictionary(uniqueKeysWithValues: after.map { ($0.unit.id, $0) })
        var lines = ids.compactMap { id -> Line? in
            guard let unit = (afterByID[id] ?? before[id])?.unit else { return nil }
            return Line(a: before[id], b: afterByID[id], unit: unit)
        }
        lines.sort { x, y in
            let mx = abs(x.move ?? Int.max / 2)
            let my = abs(y.move ?? Int.max / 2)
            if mx != my { return mx > my }
            // Among equal moves, a unit that changes band first (it moved where it counts).
            if x.changesBand != y.changesBand { return x.changesBand }
            // Then a unit whose score changed, the most first: a change that moved no place is
            // still what the scenario did.
            if x.changesScore != y.changesScore { return x.changesScore }
            if x.changesScore, abs(x.indexMove - y.indexMove) > Scoring.tolerance { return x.indexMove > y.indexMove }
            return (x.b?.rank ?? Int.max, x.unit.id) < (y.b?.rank ?? Int.max, y.unit.id)
        }
        let maxChanged = lines.contains { line in
            guard let a = line.a, let b = line.b else { return false }
            return abs(a.applicableMax - b.applicableMax) > Scoring.tolerance
        }
        let up = lines.filter { ($0.move ?? 0) > 0 }.count
        let down = lines.filter { ($0.move ?? 0) < 0 }.count
        let bands = lines.filter { $0.a != nil && $0.b != nil && $0.a?.band?.code != $0.b?.band?.code }.count
        let gone = lines.filter { $0.b == nil }.count
        let absent = lines.filter { $0.a == nil }.count
        return Part(
            setID: setID, lines: lines, maxChanged: maxChanged, grouped: after.contains { !$0.group.isEmpty },
            summary: "\(up) moved up, \(down) moved down, \(bands) changed band"
                + (gone > 0 ? ", \(gone) excluded in '\(to)'" : "")
                + (absent > 0 ? ", \(absent) excluded in '\(from)'" : "") + ".",
            changedScores: lines.filter(\.changesScore).count)
    }
}
