import ArgumentParser
import CCHCCore
import CCHCModuleKit

struct SetCommand: WorkbenchCommand {
    static let configuration = CommandConfiguration(
        commandName: "set",
        abstract: "In the scenario in use: set a unit's points on a leaf, or an evidence value.",
        discussion: """
            Points ('na' for not applicable) win over every stage. An evidence value re-scores \
            the unit's leaves that read it under their rules, towards the rule's outcome and \
            never against the change: a stage's decision stands when the rule gives the same for \
            both values, a better value never lowers the points and a worse one never raises them.

            Examples:
              set tu-ha 4.2 2
              set tu-ha 3.3.2 na
              set tu-ha evidence dossiers.on_time_rate 98%
              set huong van 1.1.1 na
              set "Hương Văn" evidence dossiers.overdue_apology_rate 5/5
            """
    )

    @Argument(help: ArgumentHelp("UNIT CRITERION POINTS, or UNIT evidence KEY VALUE.", valueName: "unit"))
    var words: [String]

    @OptionGroup var scenarioOption: EditedScenarioOption

    func run(in context: CommandContext) throws {
        guard words.count >= 3 else { throw UserError(ScenarioError.setUsage.description) }
        let isEvidence = words.count >= 4 && words[words.count - 3].lowercased() == "evidence"
        let (unit, rest) = ScenarioEditing.splitUnit(words, trailing: isEvidence ? 3 : 2)
        var override = try Override.parse(["set", try ScenarioEditing.unitID(unit, in: context)] + rest)
        let scenario = try scenarioOption.resolve(in: context)
        if case .evidence(let unitID, let key, let value) = override,
            let setID = try context.evaluation.units().first(where: { $0.id == unitID })?.setID,
            let use = try context.evaluation.sets(inScenario: scenario.name)[setID]?.evidenceUses[key]
        {
            // The same check as 'import evidence': a value the rule would misread is refused.
            if let problem = use.problem(with: value, written: words.last ?? value.display) {
                throw UserError(problem)
            }
            // A share of 1 (0.975) is refused as such; a bare 1 could be 1 % or all of it.
            if value == .number(1), use == .rate || use == .rateOfAmounts, let written = words.last,
                !written.contains("%")
            {
                throw UserError("Rate '\(written)' could be 1 % or 100 % (a share of 1): write 1% or 100%")
            }
            // A rate written as a bare number (`99.5`) is the percentage the rule reads, and
            // shown so (`99.5%`) wherever the scenario's value is.
            if case .number(let number) = value, number > 1, use == .rate || use == .rateOfAmounts {
                override = .evidence(unit: unitID, key: key, value: .percent(number))
            }
        }
        let unitID = override.unit ?? ""
        let before = try? context.evaluation.scorecard(unitID: unitID, scenario: scenario.name)
        try ScenarioEditing.add(override, to: scenario, in: context)
        // A value in an optional block not held (a survey the unit did not take part in) holds
        // it: its other leaves then count, with nothing recorded. Said, as it moves more than asked.
        if let before, let after = try? context.evaluation.scorecard(unitID: unitID, scenario: scenario.name) {
            let opened = after.leaves.filter { leaf in
                leaf.source == .missing
                    && before.leaves.first { $0.node.id == leaf.node.id }?.source
                        == .notApplicable(reason: "optional block not held")
            }.map(\.node.id)
            if !opened.isEmpty {
                context.write(
                    "Warning: this holds an optional block \(unitID) had not held: \(ListText.abbreviated(opened, limit: 8)) now count, with nothing recorded (0 points, Missing); set them too for the block's whole effect, or 'unset' this"
                )
            }
        }
    }
}
