import ArgumentParser
import CCHCCore
import CCHCModuleKit

extension ScenarioCommand {
    struct Drop: WorkbenchCommand {
        static let configuration = CommandConfiguration(commandName: "drop", abstract: "Remove a scenario.")
        @Argument(help: "A scenario name.")
        var name: String

        func run(in context: CommandContext) throws {
            guard name.lowercased() != Scenario.baseline else {
                throw UserError(
                    "The baseline is the data as loaded and cannot be dropped; 'scenario drop NAME' drops a scenario ('scenario list' lists them)"
                )
            }
            _ = try context.evaluation.scenario(name)
            let children = try context.evaluation.workspace().scenarios().filter { $0.parent == name }.map(\.name)
            guard children.isEmpty else {
                throw UserError(
                    "Scenario '\(name)' is the parent of \(children.map { "'\($0)'" }.joined(separator: ", ")); drop those first"
                )
            }
            try context.evaluation.dropScenario(name)
            if context.currentScenario == name { context.currentScenario = Scenario.baseline }
            context.write("Dropped scenario '\(name)'")
        }
    }
}
