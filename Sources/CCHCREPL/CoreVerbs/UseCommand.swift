import ArgumentParser
import CCHCCore
import CCHCModuleKit
import Foundation

struct UseCommand: WorkbenchCommand {
    static let configuration = CommandConfiguration(
        commandName: "use",
        abstract: "Choose the criteria set that score, rank and criteria work on.",
        discussion: "The choice is kept in the workspace.\n\nExamples:\n  use department\n  use commune"
    )

    @Argument(help: "A set id (see 'sets').")
    var set: String

    func run(in context: CommandContext) throws {
        try context.evaluation.use(setID: set)
        let chosen = try context.evaluation.criteriaSet(set)
        let count = try context.evaluation.units().filter { $0.setID == chosen.id }.count
        context.write("Using criteria set '\(chosen.id)': \(chosen.title) (\(count) units)")
    }
}
