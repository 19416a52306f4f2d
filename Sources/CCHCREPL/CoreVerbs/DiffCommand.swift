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
        for setID in setIDs { try diff(setID: setID, in: context) }
    }

    private func diff(setID: String, in context: CommandContext) throws {
        let before = Dictionary(
            uniqueKeysWithValues: try context.evaluation.ranking(setID: setID, scenario: from).map { ($0.unit.id, $0) })
        let after = try context.evaluation.ranking(setID: setID, scenario: to)
        let ids = Set(before.keys).union(after.map(\.unit.id))
        let afterByID = Dictionary(uniqueKeysWithValues: after.map { ($0.unit.id, $0) })
        struct Line {
            var a: UnitScore?
            var b: UnitScore?
            var unit: EvaluatedUnit
            var move: Int? { a?.rank.flatMap { ra in b?.rank.map { ra - $0 } } }
            var changesBand: Bool { a?.band?.code != b?.band?.code }
        }
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
            return (x.b?.rank ?? Int.max, x.unit.id) < (y.b?.rank ?? Int.max, y.unit.id)
        }
        func number(_ value: Double?) -> Cell { value.map { .number($0) } ?? .null }
        let maxChanged = lines.contains { line in
            guard let a = line.a, let b = line.b else { return false }
            return abs(a.applicableMax - b.applicableMax) > Scoring.tolerance
        }
        let rows: [[Cell]] = lines.map { line in
            let deltaTotal = line.a.flatMap { a in line.b.map { $0.total - a.total } }
            let deltaIndex = line.a?.indexPct.flatMap { a in line.b?.indexPct.map { $0 - a } }
            let group = (line.b ?? line.a).map { $0.group.isEmpty ? Cell.null : .text($0.group) } ?? .null
            return [.text(line.unit.id), .text(line.unit.name), group]
                + (maxChanged ? [number(line.a?.applicableMax), number(line.b?.applicableMax)] : []) + [
                    number(line.a?.total), number(line.b?.total), number(deltaTotal),
                    number(line.a?.indexPct), number(line.b?.indexPct), number(deltaIndex),
                    line.a?.band.map { .text($0.code) } ?? .null, line.b?.band.map { .text($0.code) } ?? .null,
                    line.a?.band.map { .text($0.name) } ?? .null, line.b?.band.map { .text($0.name) } ?? .null,
                    line.a?.rank.map { .integer($0) } ?? .null, line.b?.rank.map { .integer($0) } ?? .null,
                    line.move.map { .signed($0) } ?? .null,
                ]
        }
        let up = lines.filter { ($0.move ?? 0) > 0 }.count
        let down = lines.filter { ($0.move ?? 0) < 0 }.count
        let bands = lines.filter { $0.a != nil && $0.b != nil && $0.a?.band?.code != $0.b?.band?.code }.count
        let gone = lines.filter { $0.b == nil }.count
        let absent = lines.filter { $0.a == nil }.count
        try context.emit(
            Report(
                title: "Diff: '\(from)' → '\(to)', set '\(setID)', year \(try context.evaluation.year())",
                facts: [
                    Fact("set", "Set", .text(setID), shownToPeople: false),
                    Fact("year", "Year", .integer(try context.evaluation.year()), shownToPeople: false),
                    Fact("scenario_a", "Scenario A", .text(from), shownToPeople: false),
                    Fact("scenario_b", "Scenario B", .text(to), shownToPeople: false),
                ],
                tables: [
                    ReportTable(
                        key: "diff",
                        columns: [
                            Column("unit_id", "Unit id"), Column("unit", "Unit"),
                            Column("group", "Group", shownToPeople: after.contains { !$0.group.isEmpty }),
                        ]
                            + (maxChanged ? [Column("max_a", "Max A"), Column("max_b", "Max B")] : []) + [
                                Column("total_a", "Total A"),
                                Column("total_b", "Total B"), Column("total_delta", "Δ"), Column("index_a", "Index A"),
                                Column("index_b", "Index B"), Column("index_delta", "Δ"),
                                Column("band_a", "Band code A", shownToPeople: false),
                                Column("band_b", "Band code B", shownToPeople: false),
                                Column("band_name_a", "Band A"), Column("band_name_b", "Band B"),
                                Column("rank_a", "Rank A"), Column("rank_b", "Rank B"),
                                Column("rank_move", "Moved"),
                            ],
                        rows: rows)
                ],
                notes: [
                    "\(up) moved up, \(down) moved down, \(bands) changed band"
                        + (gone > 0 ? ", \(gone) excluded in '\(to)'" : "")
                        + (absent > 0 ? ", \(absent) excluded in '\(from)'" : "") + "."
                ] + dataNotes(context, setIDs: [setID]),
                charts: [
                    Chart(
                        table: "diff", label: "unit",
                        kind: .slope(from: "index_a", to: "index_b", fromLabel: from, toLabel: to),
                        title: "Index % in '\(from)' and '\(to)'")
                ]))
    }
}
