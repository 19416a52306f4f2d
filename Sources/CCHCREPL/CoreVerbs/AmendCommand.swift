import ArgumentParser
import CCHCCore
import CCHCModuleKit

struct AmendCommand: WorkbenchCommand {
    static let configuration = CommandConfiguration(
        commandName: "amend",
        abstract: "In the scenario in use: change a criterion's maximum, thresholds or rule.",
        discussion: """
            The parents' maxima follow. The assessors' decisions are kept: points recorded at a \
            stage (or set in the scenario) stay, scaled in proportion to a new maximum (1 of 2 \
            becomes 1.5 of 3; 'explain' shows "scaled from 1.00/2"). Points that come from a \
            rule (no stage recorded) follow the amended rule; a new maximum scales its \
            thresholds and deductions. An amendment that changes nothing moves nobody. The \
            criterion is taken from the set in use unless written SET:ID.

            Examples:
              amend 3.2.4 max 3
              amend 3.2.3 threshold 95=5,90=4,80=3
              amend 4.2 rule boolean org.working_rules_issued
              amend department:3.3.2 rule ratio dossiers.overdue_apology_rate 100=2,50=1 no-cases max
            """
    )

    @Argument(
        help: ArgumentHelp(
            "CRITERION max N | CRITERION threshold MIN=POINTS,… | CRITERION rule KIND ….", valueName: "criterion"))
    var words: [String]

    @OptionGroup var scenarioOption: EditedScenarioOption

    static func qualify(_ criterion: String, in context: CommandContext) throws -> String {
        criterion.contains(":") ? criterion : "\(context.evaluation.currentSetID):\(criterion)"
    }

    func run(in context: CommandContext) throws {
        guard let criterion = words.first else { throw UserError("Expected 'amend CRITERION max N'") }
        let override = try Override.parse(["amend", try Self.qualify(criterion, in: context)] + words.dropFirst())
        let scenario = try scenarioOption.resolve(in: context)
        try ScenarioEditing.add(override, to: scenario, in: context)
        // A rule amended for units whose points were decided at a stage moves none of them: said.
        if let note = try ScenarioEditing.standingDecisionsNote(
            override, in: try context.evaluation.scenario(scenario.name), context: context)
        {
            context.write(note)
        }
    }
}
