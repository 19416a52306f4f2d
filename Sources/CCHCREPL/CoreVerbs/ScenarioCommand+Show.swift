import ArgumentParser
import CCHCCore
import CCHCModuleKit

extension ScenarioCommand {
    struct Show: WorkbenchCommand {
        static let configuration = CommandConfiguration(
            commandName: "show", abstract: "Show a scenario's overrides, its parents' included.")
        @Argument(help: "A scenario (default: the one in use).")
        var name: String?

        func run(in context: CommandContext) throws {
            let name = name ?? context.currentScenario
            guard name != Scenario.baseline else {
                context.write("Scenario 'baseline' is the data as loaded: no overrides")
                return
            }
            let chain = try ScenarioEditing.layers(of: name, in: context)
            try context.emit(
                Report(
                    facts: [
                        Fact("scenario", "Scenario", .text(name)),
                        Fact(
                            "chain", "Layers",
                            .text(([Scenario.baseline] + chain.map(\.name)).joined(separator: " → "))),
                    ],
                    tables: [
                        try ScenarioEditing.changesTable(
                            chain, key: "overrides",
                            whenEmpty: "Scenario '\(name)' has no overrides: 'set', 'exclude' or 'amend' adds one.",
                            in: context)
                    ]))
        }
    }
}
