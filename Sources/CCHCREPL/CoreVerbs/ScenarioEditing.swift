import ArgumentParser
import CCHCCore
import CCHCModuleKit

/// The `--scenario` option of the scoring commands.
struct ScenarioOption: ParsableArguments {
    @Option(name: .long, help: "Score in this scenario (default: the one chosen with 'scenario use').")
    var scenario: String?

    func resolve(in context: CommandContext) throws -> String {
        let name = scenario ?? context.currentScenario
        if name != Scenario.baseline { _ = try context.evaluation.scenario(name) }
        return name
    }
}

extension ScenarioOption {
    /// The fact naming `scenario` at the top of a scoring view, when it is not the baseline.
    static func facts(_ scenario: String) -> [Fact] {
        scenario == Scenario.baseline ? [] : [Fact("scenario", "Scenario", .text(scenario))]
    }

    /// `, scenario 'NAME'` for a scoring view's title, when it is not the baseline.
    static func titleSuffix(_ scenario: String) -> String {
        scenario == Scenario.baseline ? "" : ", scenario '\(scenario)'"
    }
}

/// Changes the scenario in use; the baseline is read-only.
enum ScenarioEditing {
    static func current(_ context: CommandContext) throws -> Scenario {
        guard context.currentScenario != Scenario.baseline else {
            throw UserError("The baseline is read-only; 'scenario new NAME' starts a scenario to change")
        }
        return try context.evaluation.scenario(context.currentScenario)
    }

    /// Adds `override` to the scenario in use (replacing one with the same target), after checking
    /// that it applies.
    static func add(_ override: Override, in context: CommandContext) throws {
        let scenario = try current(context)
        var overrides = scenario.overrides.filter { $0.target != override.target }
        overrides.append(override)
        var world = try context.evaluation.world(scenario.parent, holding: Set(overrides.compactMap(\.unit)))
        for item in overrides { try world.apply(item, scenario: scenario.name) }
        let before = scenario.overrides.first { $0.target == override.target }?.text
        try context.evaluation.updateScenario(scenario.name, overrides: overrides, changed: override, before: before)
        context.write("Scenario '\(scenario.name)': \(override.text)")
    }

    /// A unit id from an id or a name (among all units, excluded ones included).
    static func unitID(_ query: String, in context: CommandContext) throws -> String {
        try UnitMatcher.match(query, in: try context.evaluation.units()).id
    }
}
