import ArgumentParser
import CCHCCore
import CCHCModuleKit

struct ExcludeCommand: WorkbenchCommand {
    static let configuration = CommandConfiguration(
        commandName: "exclude",
        abstract: "In the scenario in use: leave a unit out of scores and ranks.",
        discussion: "Example:\n  exclude bql-da"
    )

    @Argument(help: "A unit id or name.")
    var unit: String

    func run(in context: CommandContext) throws {
        try ScenarioEditing.add(.exclude(unit: try ScenarioEditing.unitID(unit, in: context)), in: context)
    }
}
