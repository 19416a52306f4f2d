import ArgumentParser
import CCHCCore
import CCHCModuleKit

struct ExcludeCommand: WorkbenchCommand {
    static let configuration = CommandConfiguration(
        commandName: "exclude",
        abstract: "In the scenario in use: leave a unit out of scores and ranks.",
        discussion: "Example:\n  exclude bql-da"
    )

    @Argument(help: "A unit id or name (quotes are not needed around a name of several words).")
    var unit: [String]

    @OptionGroup var scenarioOption: EditedScenarioOption

    func run(in context: CommandContext) throws {
        let override = Override.exclude(unit: try ScenarioEditing.unitID(unit.joined(separator: " "), in: context))
        try ScenarioEditing.add(override, to: try scenarioOption.resolve(in: context), in: context)
    }
}
