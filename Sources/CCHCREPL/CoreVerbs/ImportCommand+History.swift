import ArgumentParser
import CCHCCore
import CCHCModuleKit
import Foundation

extension ImportCommand {
    struct UnitsHistory: WorkbenchCommand {
        static let configuration = CommandConfiguration(
            commandName: "units-history",
            abstract: "Import mergers and renames between years: year, unit_id, successor_id[, note].",
            discussion: """
                From YEAR on, UNIT_ID's work continues as SUCCESSOR_ID: several units with one \
                successor merged (the 2025 reorganisation joined communes), one with one was \
                renamed or re-coded. Both must be units of the workspace ('units add' the new one \
                first); a unit ends once; no chain leads back to its start. 'compare' then shows a \
                merged unit beside its predecessors, and 'units history' lists it.

                Examples:
                  import units-history sap-nhap-2025.csv
                  import units-history sap-nhap-2025.csv --check
                """)
        @OptionGroup var options: Options
        func run(in context: CommandContext) throws {
            try report(
                context.evaluation.importUnitHistory(
                    path: context.resolvePath(options.file), fileName: options.file, table: options.table.options(),
                    check: options.check),
                check: options.check, in: context)
        }
    }
}

extension UnitsCommand {
    struct History: WorkbenchCommand {
        static let configuration = CommandConfiguration(
            commandName: "history",
            abstract: "Mergers and renames: which units continue which, from which year.",
            discussion: "Examples:\n  units history\n  units history \"Hương Vân\"")

        @Argument(help: "Only this unit's history (as predecessor or successor).")
        var unit: [String] = []

        func run(in context: CommandContext) throws {
            var successions = try context.evaluation.workspace().unitSuccessions()
            if !unit.isEmpty, let chosen = try resolveQueries([unit.joined(separator: " ")], in: context).first {
                // The unit's line: what it came from and what it became, step by step.
                var ids: Set<String> = [chosen.id]
                var grew = true
                while grew {
                    let before = ids.count
                    for step in successions where ids.contains(step.unitID) || ids.contains(step.successorID) {
                        ids.insert(step.unitID)
                        ids.insert(step.successorID)
                    }
                    grew = ids.count > before
                }
                successions = successions.filter { ids.contains($0.unitID) }
            }
            let names = Dictionary(
                try context.evaluation.units().map { ($0.id, $0.name) }, uniquingKeysWith: { first, _ in first })
            let mergers = Dictionary(grouping: successions, by: \.successorID)
            try context.emit(
                Report(
                    title: "Unit history",
                    tables: [
                        ReportTable(
                            key: "history",
                            columns: [
                                Column("year", "From year"), Column("unit_id", "Unit id"), Column("unit", "Unit"),
                                Column("successor_id", "Continues as"), Column("successor", "Successor"),
                                Column("kind", "Kind"), Column("note", "Note"),
                            ],
                            rows: successions.map { step in
                                [
                                    .integer(step.year), .text(step.unitID), names[step.unitID].map(Cell.text) ?? .null,
                                    .text(step.successorID), names[step.successorID].map(Cell.text) ?? .null,
                                    .text((mergers[step.successorID]?.count ?? 0) > 1 ? "merged" : "renamed"),
                                    step.note.map(Cell.text) ?? .null,
                                ]
                            })
                    ],
                    notes: successions.isEmpty
                        ? ["No merger or rename recorded; 'import units-history FILE' adds them"] : []
                ))
        }
    }
}
