import ArgumentParser
import CCHCCore
import CCHCModuleKit

extension UnitsCommand {
    struct Remove: WorkbenchCommand {
        static let configuration = CommandConfiguration(
            commandName: "remove",
            abstract: "Remove a unit; with --force also its assessments and evidence.",
            discussion: "Example:\n  units remove huong-van-2"
        )

        @Argument(help: "The unit's id.")
        var id: String

        @Flag(name: .long, help: "Also remove the unit's recorded assessments and evidence.")
        var force = false

        func run(in context: CommandContext) throws {
            try context.evaluation.removeUnit(id, force: force)
            context.write("Removed unit '\(id)'")
        }
    }
}
