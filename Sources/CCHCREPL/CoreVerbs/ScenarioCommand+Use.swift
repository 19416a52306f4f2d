import ArgumentParser
import CCHCCore
import CCHCModuleKit

extension ScenarioCommand {
    struct Use: WorkbenchCommand {
        static let configuration = CommandConfiguration(
            commandName: "use", abstract: "Choose the scenario scoring commands work on.")
        @Argument(help: "A scenario name, or baseline.")
        var name: String

        func run(in context: CommandContext) throws {
            if name != Scenario.baseline { _ = try context.evaluation.scenario(name) }
            context.currentScenario = name
            context.write("Using scenario '\(name)'")
        }
    }
}
