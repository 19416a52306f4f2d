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

/// The `--scenario` option of the commands that change a scenario.
struct EditedScenarioOption: ParsableArguments {
    @Option(name: .long, help: "Change this scenario (default: the one chosen with 'scenario use').")
    var scenario: String?

    /// The scenario to change: `--scenario`, else the one in use.
    /// - Throws: the baseline's read-only error; an unknown scenario.
    func resolve(in context: CommandContext) throws -> Scenario {
        try ScenarioEditing.current(context, named: scenario)
    }
}

/// Changes the scenario in use (or the one named); the baseline is read-only.
enum ScenarioEditing {
    /// Scenario `name` and the scenarios it builds on, the first built on the baseline first;
    /// none for the baseline.
    static func layers(of name: String, in context: CommandContext) throws -> [Scenario] {
        guard name != Scenario.baseline else { return [] }
        var chain = [try context.evaluation.scenario(name)]
        while let parent = chain.last?.parent, parent != Scenario.baseline {
            chain.append(try context.evaluation.scenario(parent))
        }
        return chain.reversed()
    }

    /// The overrides of `layers` as a table. Scripts read each as typed: its `layer`, its
    /// `number` there and its words (`override`). People read who and what it changes: the
    /// unit by name (`unit`; none for an amendment, which changes every unit of its set), the
    /// criterion by id and title (`criterion`; for an evidence value, the leaves of the unit's
    /// set that read it) and the change itself (`change`, such as `points set to 2` or
    /// `evidence dossiers.on_time_rate = 99%`), with the layer only when there are several.
    /// - Throws: as ``CCHCCore/Evaluation/units()`` and
    ///   ``CCHCCore/Evaluation/sets(inScenario:)``.
    static func changesTable(
        _ layers: [Scenario], key: String, title: String? = nil, whenEmpty: String? = nil, in context: CommandContext
    ) throws -> ReportTable {
        let units = Dictionary(uniqueKeysWithValues: try context.evaluation.units().map { ($0.id, $0) })
        var rows: [[Cell]] = []
        for layer in layers where !layer.overrides.isEmpty {
            let sets = try context.evaluation.sets(inScenario: layer.name)
            for (offset, override) in layer.overrides.enumerated() {
                let unit = override.unit.map { id in units[id]?.name ?? id }
                let set = override.unit.flatMap { units[$0].flatMap { sets[$0.setID] } }
                let (criterion, change) = override.described(unitSet: set, sets: sets)
                rows.append([
                    .text(layer.name), .integer(offset + 1), .text(override.text), unit.map(Cell.text) ?? .null,
                    criterion.map(Cell.text) ?? .null, .text(change),
                ])
            }
        }
        let layered = layers.filter { !$0.overrides.isEmpty }.count > 1
        return ReportTable(
            key: key, title: title,
            columns: [
                Column("layer", "Layer", shownToPeople: layered), Column("number", "No.", shownToPeople: false),
                Column("override", "Override", shownToPeople: false),
                Column("unit", "Unit", shownToScripts: false), Column("criterion", "Criterion", shownToScripts: false),
                Column("change", "Change", shownToScripts: false),
            ],
            rows: rows, whenEmpty: whenEmpty)
    }

    /// A note on an amendment of a rule or thresholds that gives some units other points by the
    /// rule while the points recorded at a stage stand (an amendment reaches only the points
    /// that come from the rule): how many, and one of them as an example; nil when none.
    /// `scenario` holds the amendment, its parent is what it is compared with.
    /// - Throws: as ``CCHCCore/Evaluation/world(_:)``.
    static func standingDecisionsNote(
        _ override: Override, in scenario: Scenario, context: CommandContext
    ) throws -> String? {
        let qualified: String
        switch override {
        case .amendThresholds(let criterion, _), .amendRule(let criterion, _): qualified = criterion
        default: return nil
        }
        let parts = qualified.split(separator: ":", maxSplits: 1).map(String.init)
        guard parts.count == 2 else { return nil }
        let (setID, leafID) = (parts[0], parts[1])
        let before = try context.evaluation.world(scenario.parent)
        let after = try context.evaluation.world(scenario.name)
        guard let old = before.sets[setID]?.node(leafID), let new = after.sets[setID]?.node(leafID), new.isLeaf
        else { return nil }
        var standing: [(unit: EvaluatedUnit, rule: Double, points: Double)] = []
        for unit in after.dataset.units where unit.setID == setID && after.excluded[unit.id] == nil {
            let was = Scoring.scoreLeaf(old, record: before.dataset.record(for: unit.id))
            let now = Scoring.scoreLeaf(new, record: after.dataset.record(for: unit.id))
            guard let rule = now.ruleOutcome.points, rule != was.ruleOutcome.points,
                abs(now.points - was.points) <= Scoring.tolerance, abs(rule - now.points) > Scoring.tolerance
            else { continue }
            standing.append((unit, rule, now.points))
        }
        guard let first = standing.first else { return nil }
        return
            "The amended rule of \(leafID) gives \(standing.count) unit\(standing.count == 1 ? "" : "s") other points, "
            + "but the points recorded at a stage stand (\(first.unit.name): the rule gives \(Format.fixed(first.rule)), "
            + "recorded \(Format.fixed(first.points))); 'explain UNIT \(leafID)' shows why, "
            + "'set UNIT \(leafID) POINTS' sets a unit's points"
    }

    static func current(_ context: CommandContext, named name: String? = nil) throws -> Scenario {
        if let name, name != Scenario.baseline { return try context.evaluation.scenario(name) }
        guard name == nil, context.currentScenario != Scenario.baseline else {
            let names = try context.evaluation.workspace().scenarios().map(\.name)
            throw UserError(
                names.isEmpty
                    ? "The baseline is read-only; 'scenario new NAME' starts a scenario to change"
                    : "The baseline is read-only; 'scenario use NAME' chooses a scenario to change for this session "
                        + "and --scenario NAME one for this command (\(ListText.abbreviated(names.sorted()))); "
                        + "'scenario new NAME' starts another")
        }
        return try context.evaluation.scenario(context.currentScenario)
    }

    /// Adds `override` to the scenario in use (replacing one with the same target), after checking
    /// that it applies.
    static func add(_ override: Override, to scenario: Scenario, in context: CommandContext) throws {
        // The same change again changes nothing (and is not audited as a change).
        if scenario.overrides.contains(override) {
            context.write("Scenario '\(scenario.name)' already has '\(override.text)'; nothing changed")
            return
        }
        // Checked against what it touches: the parent's view of its unit (or of the sets, for an
        // amendment) with this scenario's other changes of that unit and its amendments — not
        // every unit the scenario changes, which would make each change cost more than the last.
        let related = scenario.overrides.filter {
            $0.target != override.target && ($0.unit == nil || $0.unit == override.unit)
        }
        var world = try context.evaluation.world(scenario.parent, only: Set([override.unit].compactMap { $0 }))
        for item in related + [override] { try world.apply(item, scenario: scenario.name) }
        try context.evaluation.updateScenario(scenario.name, setting: override)
        context.write("Scenario '\(scenario.name)': \(override.text)")
    }

    /// A unit id from an id or a name (among all units, excluded ones included).
    static func unitID(_ query: String, in context: CommandContext) throws -> String {
        try UnitMatcher.match(query, in: try context.evaluation.units()).id
    }

    /// Splits words typed as `UNIT …` where the unit may be a name of several unquoted words
    /// (`set huong van 1.1.1 2`), as `explain` and `score` read them: the last `trailing` words
    /// are the command's own, the words before them the unit.
    ///
    /// - Precondition: `words` has more than `trailing` words (the caller's usage check).
    /// - Returns: The unit's words joined by spaces, and the words after it.
    static func splitUnit(_ words: [String], trailing: Int) -> (unit: String, rest: [String]) {
        precondition(words.count > trailing, "splitUnit needs a unit before the command's own words")
        let cut = words.count - trailing
        return (words[..<cut].joined(separator: " "), Array(words[cut...]))
    }
}
