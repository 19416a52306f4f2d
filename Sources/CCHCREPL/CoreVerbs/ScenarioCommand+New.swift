import ArgumentParser
import CCHCCore
import CCHCModuleKit

extension ScenarioCommand {
    struct New: WorkbenchCommand {
        static let configuration = CommandConfiguration(
            commandName: "new", abstract: "Create a scenario and use it for this session.")
        @Argument(help: "A name: letters, digits, '-', '_' or '.'.")
        var name: String
        @Option(name: .long, help: "The parent scenario.")
        var from: String = Scenario.baseline

        func run(in context: CommandContext) throws {
            guard Values.isPlainID(name), name != Scenario.baseline else {
                throw UserError(
                    "Scenario name '\(name)' must be ASCII letters, digits, '-', '_' or '.', and not 'baseline'")
            }
            if try context.evaluation.workspace().scenarios().contains(where: { $0.name == name }) {
                throw UserError("A scenario named '\(name)' already exists")
            }
            try context.evaluation.createScenario(name, from: from)
            context.currentScenario = name
            context.write("Created scenario '\(name)' from '\(from)'; using it for this session")
        }
    }
}
