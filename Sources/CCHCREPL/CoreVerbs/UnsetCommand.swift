import ArgumentParser
import CCHCCore
import CCHCModuleKit

struct UnsetCommand: WorkbenchCommand {
    static let configuration = CommandConfiguration(
        commandName: "unset",
        abstract: "In the scenario in use: take back a set, exclude or amend.",
        discussion:
            "Examples:\n  unset tu-ha 4.2\n  unset tu-ha evidence dossiers.on_time_rate\n  unset exclude tu-ha\n  unset amend commune:3.2.4 max"
    )

    @Argument(
        help: ArgumentHelp(
            "UNIT CRITERION, UNIT evidence KEY, exclude UNIT, or amend SET:CRITERION max|threshold|rule.",
            valueName: "unit"))
    var words: [String]

    @OptionGroup var scenarioOption: EditedScenarioOption

    func run(in context: CommandContext) throws {
        let scenario = try scenarioOption.resolve(in: context)
        let target: String
        switch words.first {
        case "exclude" where words.count >= 2:
            target = "exclude \(try ScenarioEditing.unitID(words.dropFirst().joined(separator: " "), in: context))"
        case "amend" where words.count == 3:
            target =
                "\(words[2] == "thresholds" ? "threshold" : words[2]) \(try AmendCommand.qualify(words[1], in: context))"
        case .some where words.count >= 3 && words[words.count - 2].lowercased() == "evidence":
            let (unit, rest) = ScenarioEditing.splitUnit(words, trailing: 2)
            target = "evidence \(try ScenarioEditing.unitID(unit, in: context)) \(rest[1])"
        case .some where words.count >= 2:
            let (unit, rest) = ScenarioEditing.splitUnit(words, trailing: 1)
            target = "points \(try ScenarioEditing.unitID(unit, in: context)) \(rest[0])"
        default:
            throw UserError(
                "Expected 'unset UNIT CRITERION', 'unset UNIT evidence KEY', 'unset exclude UNIT' or 'unset amend SET:CRITERION KIND'"
            )
        }
        guard let removed = scenario.overrides.first(where: { $0.target == target }) else {
            // The change may come from a scenario this one builds on.
            var parent = scenario.parent
            while parent != Scenario.baseline, let above = try? context.evaluation.scenario(parent) {
                if above.overrides.contains(where: { $0.target == target }) {
                    throw UserError(
                        "Scenario '\(scenario.name)' has no override for '\(words.joined(separator: " "))': it comes from '\(above.name)', which '\(scenario.name)' builds on; 'unset \(words.joined(separator: " ")) --scenario \(above.name)' takes it back there"
                            + (target.hasPrefix("exclude ") ? "" : ", or 'set' in '\(scenario.name)' overrides it")
                    )
                }
                parent = above.parent
            }
            throw UserError("Scenario '\(scenario.name)' has no override for '\(words.joined(separator: " "))'")
        }
        guard try context.evaluation.removeOverride(removed, from: scenario) else {
            throw UserError("Scenario '\(scenario.name)' no longer has '\(removed.text)' (changed by another session)")
        }
        context.write("Scenario '\(scenario.name)': took back '\(removed.text)'")
    }
}
