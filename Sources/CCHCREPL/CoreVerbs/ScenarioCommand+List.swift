import ArgumentParser
import CCHCCore
import CCHCModuleKit

extension ScenarioCommand {
    struct List: WorkbenchCommand {
        static let configuration = CommandConfiguration(commandName: "list", abstract: "List the scenarios.")
        func run(in context: CommandContext) throws {
            let scenarios = try context.evaluation.workspace().scenarios()
            let rows: [[Cell]] =
                [
                    [
                        .text(context.currentScenario == Scenario.baseline ? "*" : ""),
                        .bool(context.currentScenario == Scenario.baseline), .text(Scenario.baseline), .null,
                        .integer(0), .null, .null,
                    ]
                ]
                + scenarios.map { scenario in
                    [
                        .text(scenario.name == context.currentScenario ? "*" : ""),
                        .bool(scenario.name == context.currentScenario), .text(scenario.name),
                        .text(scenario.parent), .integer(scenario.overrides.count), .text(scenario.createdBy),
                        .text(scenario.createdAt),
                    ]
                }
            try context.emit(
                Report(tables: [
                    ReportTable(
                        key: "scenarios",
                        columns: [
                            Column("marker", "", shownToScripts: false),
                            Column("current", "In use", shownToPeople: false), Column("scenario", "Scenario"),
                            Column("parent", "From"),
                            Column("overrides", "Overrides"), Column("created_by", "By"),
                            Column("created_at", "Created"),
                        ],
                        rows: rows)
                ]))
        }
    }
}
