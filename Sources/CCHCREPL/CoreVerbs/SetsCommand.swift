import ArgumentParser
import CCHCCore
import CCHCModuleKit
import Foundation

struct SetsCommand: WorkbenchCommand {
    static let configuration = CommandConfiguration(
        commandName: "sets",
        abstract: "List the criteria sets; '*' marks the one in use."
    )

    func run(in context: CommandContext) throws {
        let sets = try context.evaluation.allCriteriaSets()
        let units = try context.evaluation.units()
        let rows: [[Cell]] = sets.map { set in
            [
                .text(set.id == context.evaluation.currentSetID ? "*" : ""),
                .bool(set.id == context.evaluation.currentSetID), .text(set.id), .text(set.title),
                .text(set.level.rawValue), .text(set.owner), .integer(set.year), .text(set.version),
                .number(set.maxPoints), .integer(set.leaves.count),
                .integer(units.filter { $0.setID == set.id }.count),
                .text(context.evaluation.module(providingSet: set.id).map { "module \($0)" } ?? "workspace"),
                .text(set.provenance.label),
            ]
        }
        try context.emit(
            Report(
                tables: [
                    ReportTable(
                        key: "sets",
                        columns: [
                            Column("marker", "", shownToScripts: false),
                            Column("current", "In use", shownToPeople: false), Column("set", "Set"),
                            Column("title", "Title"),
                            Column("level", "Level"),
                            Column("owner", "Owner"), Column("year", "Year"), Column("version", "Version"),
                            Column("max", "Max"), Column("leaves", "Leaves"), Column("units", "Units"),
                            Column("from", "From"), Column("provenance", "Provenance"),
                        ],
                        rows: rows)
                ],
                notes: ["Most point values are drafts (inferred); 'criteria' shows each node's provenance."]))
    }
}
