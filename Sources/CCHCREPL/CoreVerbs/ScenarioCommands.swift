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
        var world = try context.evaluation.world(scenario.parent)
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

struct ScenarioCommand: WorkbenchCommand {
    static let configuration = CommandConfiguration(
        commandName: "scenario",
        abstract: "Create, choose, list, show or drop what-if scenarios.",
        discussion: """
            A scenario is a named layer of overrides (set, unset, exclude, amend) over a parent \
            scenario; 'baseline' is the data as loaded and is read-only. Scenarios are kept in \
            the workspace.

            Examples:
              scenario new faster-dossiers
              set tu-ha evidence dossiers.on_time_rate 98%
              rank --scenario faster-dossiers
              diff baseline faster-dossiers
              scenario new proposal --from faster-dossiers
              scenario use baseline
            """,
        subcommands: [New.self, Use.self, List.self, Show.self, Drop.self],
        defaultSubcommand: List.self
    )

    func run(in context: CommandContext) throws {}

    struct New: WorkbenchCommand {
        static let configuration = CommandConfiguration(
            commandName: "new", abstract: "Create a scenario and use it.")
        @Argument(help: "A name: letters, digits, '-', '_' or '.'.")
        var name: String
        @Option(name: .long, help: "The parent scenario (default: baseline).")
        var from: String = Scenario.baseline

        func run(in context: CommandContext) throws {
            guard Values.isPlainID(name), name != Scenario.baseline else {
                throw UserError(
                    "Scenario name '\(name)' must be ASCII letters, digits, '-', '_' or '.', and not 'baseline'")
            }
            if try context.evaluation.workspace().scenarios().contains(where: { $0.name == name }) {
                throw UserError("A scenario named '\(name)' already exists")
            }
            if from != Scenario.baseline { _ = try context.evaluation.scenario(from) }
            try context.evaluation.workspace().createScenario(name: name, parent: from, by: context.evaluation.author())
            context.currentScenario = name
            context.write("Created scenario '\(name)' from '\(from)'; using it")
        }
    }

    struct Use: WorkbenchCommand {
        static let configuration = CommandConfiguration(
            commandName: "use", abstract: "Choose the scenario scoring commands work on.")
        @Argument(help: "A scenario name, or baseline.")
        var name: String

        func run(in context: CommandContext) throws {
            if name != Scenario.baseline { _ = try context.evaluation.scenario(name) }
            context.currentScenario = name
            context.write("Using scenario '\(name)'")
        }
    }

    struct List: WorkbenchCommand {
        static let configuration = CommandConfiguration(commandName: "list", abstract: "List the scenarios.")
        func run(in context: CommandContext) throws {
            let scenarios = try context.evaluation.workspace().scenarios()
            let rows: [[Cell]] =
                [
                    [
                        .text(context.currentScenario == Scenario.baseline ? "*" : ""), .text(Scenario.baseline), .null,
                        .integer(0), .null, .null,
                    ]
                ]
                + scenarios.map { scenario in
                    [
                        .text(scenario.name == context.currentScenario ? "*" : ""), .text(scenario.name),
                        .text(scenario.parent), .integer(scenario.overrides.count), .text(scenario.createdBy),
                        .text(scenario.createdAt),
                    ]
                }
            try context.emit(
                Report(tables: [
                    ReportTable(
                        key: "scenarios",
                        columns: [
                            Column("current", ""), Column("scenario", "Scenario"), Column("parent", "From"),
                            Column("overrides", "Overrides"), Column("created_by", "By"),
                            Column("created_at", "Created"),
                        ],
                        rows: rows)
                ]))
        }
    }

    struct Show: WorkbenchCommand {
        static let configuration = CommandConfiguration(
            commandName: "show", abstract: "Show a scenario's overrides, its parents' included.")
        @Argument(help: "A scenario (default: the one in use).")
        var name: String?

        func run(in context: CommandContext) throws {
            let name = name ?? context.currentScenario
            guard name != Scenario.baseline else {
                context.write("Scenario 'baseline' is the data as loaded: no overrides")
                return
            }
            var chain = [try context.evaluation.scenario(name)]
            while let parent = chain.last?.parent, parent != Scenario.baseline {
                chain.append(try context.evaluation.scenario(parent))
            }
            var rows: [[Cell]] = []
            for layer in chain.reversed() {
                for (index, override) in layer.overrides.enumerated() {
                    rows.append([.text(layer.name), .integer(index + 1), .text(override.text)])
                }
            }
            try context.emit(
                Report(
                    facts: [
                        Fact("scenario", "Scenario", .text(name)),
                        Fact(
                            "chain", "Layers",
                            .text(([Scenario.baseline] + chain.reversed().map(\.name)).joined(separator: " → "))),
                    ],
                    tables: [
                        ReportTable(
                            key: "overrides",
                            columns: [
                                Column("layer", "Layer"), Column("number", "No."), Column("override", "Override"),
                            ],
                            rows: rows)
                    ]))
        }
    }

    struct Drop: WorkbenchCommand {
        static let configuration = CommandConfiguration(commandName: "drop", abstract: "Remove a scenario.")
        @Argument(help: "A scenario name.")
        var name: String

        func run(in context: CommandContext) throws {
            _ = try context.evaluation.scenario(name)
            let children = try context.evaluation.workspace().scenarios().filter { $0.parent == name }.map(\.name)
            guard children.isEmpty else {
                throw UserError(
                    "Scenario '\(name)' is the parent of \(children.map { "'\($0)'" }.joined(separator: ", ")); drop those first"
                )
            }
            try context.evaluation.workspace().dropScenario(name, by: context.evaluation.author())
            if context.currentScenario == name { context.currentScenario = Scenario.baseline }
            context.write("Dropped scenario '\(name)'")
        }
    }
}

struct SetCommand: WorkbenchCommand {
    static let configuration = CommandConfiguration(
        commandName: "set",
        abstract: "In the scenario in use: set a unit's points on a leaf, or an evidence value.",
        discussion: """
            Points ('na' for not applicable) win over every stage. An evidence value re-scores \
            the unit's leaves that read it under their rules.

            Examples:
              set tu-ha 4.2 2
              set tu-ha 3.3.2 na
              set tu-ha evidence dossiers.on_time_rate 98%
              set "Hương Văn" evidence dossiers.overdue_apology_rate 5/5
            """
    )

    @Argument(help: "UNIT CRITERION POINTS, or UNIT evidence KEY VALUE.")
    var words: [String]

    func run(in context: CommandContext) throws {
        guard let unit = words.first else { throw UserError("Expected 'set UNIT CRITERION POINTS'") }
        let override = try Override.parse(["set", try ScenarioEditing.unitID(unit, in: context)] + words.dropFirst())
        try ScenarioEditing.add(override, in: context)
    }
}

struct UnsetCommand: WorkbenchCommand {
    static let configuration = CommandConfiguration(
        commandName: "unset",
        abstract: "In the scenario in use: take back a set, exclude or amend.",
        discussion:
            "Examples:\n  unset tu-ha 4.2\n  unset tu-ha evidence dossiers.on_time_rate\n  unset exclude tu-ha\n  unset amend commune:3.2.4 max"
    )

    @Argument(help: "UNIT CRITERION, UNIT evidence KEY, exclude UNIT, or amend SET:CRITERION max|threshold|rule.")
    var words: [String]

    func run(in context: CommandContext) throws {
        let scenario = try ScenarioEditing.current(context)
        let target: String
        switch words.first {
        case "exclude" where words.count == 2: target = "exclude \(try ScenarioEditing.unitID(words[1], in: context))"
        case "amend" where words.count == 3:
            target =
                "\(words[2] == "thresholds" ? "threshold" : words[2]) \(try AmendCommand.qualify(words[1], in: context))"
        case .some(let unit) where words.count == 2:
            target = "points \(try ScenarioEditing.unitID(unit, in: context)) \(words[1])"
        case .some(let unit) where words.count == 3 && words[1] == "evidence":
            target = "evidence \(try ScenarioEditing.unitID(unit, in: context)) \(words[2])"
        default:
            throw UserError(
                "Expected 'unset UNIT CRITERION', 'unset UNIT evidence KEY', 'unset exclude UNIT' or 'unset amend SET:CRITERION KIND'"
            )
        }
        guard let removed = scenario.overrides.first(where: { $0.target == target }) else {
            throw UserError("Scenario '\(scenario.name)' has no override for '\(words.joined(separator: " "))'")
        }
        try context.evaluation.workspace().updateScenario(
            scenario.name, overrides: scenario.overrides.filter { $0.target != target }, action: "unset",
            before: removed.text, after: nil, by: context.evaluation.author())
        context.write("Scenario '\(scenario.name)': took back '\(removed.text)'")
    }
}

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

struct AmendCommand: WorkbenchCommand {
    static let configuration = CommandConfiguration(
        commandName: "amend",
        abstract: "In the scenario in use: change a criterion's maximum, thresholds or rule.",
        discussion: """
            The parents' maxima follow. Every unit is re-scored on the leaf from its evidence \
            under the amended rule; without evidence, its points are scaled to a new maximum. \
            The criterion is taken from the set in use unless written SET:ID.

            Examples:
              amend 3.2.4 max 3
              amend 3.2.3 threshold 95=5,90=4,80=3
              amend 4.2 rule boolean org.working_rules_issued
              amend department:3.3.2 rule ratio dossiers.overdue_apology_rate 100=2,50=1 no-cases max
            """
    )

    @Argument(help: "CRITERION max N | CRITERION threshold MIN=POINTS,… | CRITERION rule KIND ….")
    var words: [String]

    static func qualify(_ criterion: String, in context: CommandContext) throws -> String {
        criterion.contains(":") ? criterion : "\(context.evaluation.currentSetID):\(criterion)"
    }

    func run(in context: CommandContext) throws {
        guard let criterion = words.first else { throw UserError("Expected 'amend CRITERION max N'") }
        let override = try Override.parse(["amend", try Self.qualify(criterion, in: context)] + words.dropFirst())
        try ScenarioEditing.add(override, in: context)
    }
}

struct DiffCommand: WorkbenchCommand {
    static let configuration = CommandConfiguration(
        commandName: "diff",
        abstract: "Compare two scenarios: totals, indices, bands and ranks, most moved first.",
        discussion: "Examples:\n  diff baseline faster-dossiers\n  diff baseline proposal --set department"
    )

    @Argument(help: "The scenario compared from.")
    var from: String

    @Argument(help: "The scenario compared to.")
    var to: String

    @OptionGroup var setOption: SetOption

    func run(in context: CommandContext) throws {
        let setID = try setOption.resolve(in: context).id
        for name in [from, to] where name != Scenario.baseline { _ = try context.evaluation.scenario(name) }
        let before = Dictionary(
            uniqueKeysWithValues: try context.evaluation.ranking(setID: setID, scenario: from).map { ($0.unit.id, $0) })
        let after = try context.evaluation.ranking(setID: setID, scenario: to)
        let ids = Set(before.keys).union(after.map(\.unit.id))
        let afterByID = Dictionary(uniqueKeysWithValues: after.map { ($0.unit.id, $0) })
        struct Line {
            var a: UnitScore?
            var b: UnitScore?
            var unit: EvaluatedUnit
            var move: Int? { a?.rank.flatMap { ra in b?.rank.map { ra - $0 } } }
        }
        var lines = ids.compactMap { id -> Line? in
            guard let unit = (afterByID[id] ?? before[id])?.unit else { return nil }
            return Line(a: before[id], b: afterByID[id], unit: unit)
        }
        lines.sort { x, y in
            let mx = abs(x.move ?? Int.max / 2)
            let my = abs(y.move ?? Int.max / 2)
            if mx != my { return mx > my }
            return (x.b?.rank ?? Int.max, x.unit.id) < (y.b?.rank ?? Int.max, y.unit.id)
        }
        func number(_ value: Double?) -> Cell { value.map { .number($0) } ?? .null }
        let rows: [[Cell]] = lines.map { line in
            let deltaTotal = line.a.flatMap { a in line.b.map { $0.total - a.total } }
            let deltaIndex = line.a?.indexPct.flatMap { a in line.b?.indexPct.map { $0 - a } }
            return [
                .text(line.unit.id), .text(line.unit.name), number(line.a?.total), number(line.b?.total),
                number(deltaTotal),
                number(line.a?.indexPct), number(line.b?.indexPct), number(deltaIndex),
                .text(line.a?.band?.name ?? "—"), .text(line.b?.band?.name ?? "—"),
                line.a?.rank.map { .integer($0) } ?? .null, line.b?.rank.map { .integer($0) } ?? .null,
                line.move.map { .text($0 > 0 ? "+\($0)" : "\($0)") } ?? .text("—"),
            ]
        }
        let up = lines.filter { ($0.move ?? 0) > 0 }.count
        let down = lines.filter { ($0.move ?? 0) < 0 }.count
        let bands = lines.filter { $0.a?.band?.code != $0.b?.band?.code }.count
        let gone = lines.filter { $0.b == nil }.count
        try context.emit(
            Report(
                title: "Diff: '\(from)' → '\(to)', set '\(setID)', year \(try context.evaluation.year())",
                tables: [
                    ReportTable(
                        key: "diff",
                        columns: [
                            Column("unit_id", "Unit id"), Column("unit", "Unit"), Column("total_a", "Total A"),
                            Column("total_b", "Total B"), Column("total_delta", "Δ"), Column("index_a", "Index A"),
                            Column("index_b", "Index B"), Column("index_delta", "Δ"), Column("band_a", "Band A"),
                            Column("band_b", "Band B"), Column("rank_a", "Rank A"), Column("rank_b", "Rank B"),
                            Column("rank_move", "Moved"),
                        ],
                        rows: rows)
                ],
                notes: [
                    "\(up) moved up, \(down) moved down, \(bands) changed band\(gone > 0 ? ", \(gone) excluded in '\(to)'" : "")."
                ] + dataNotes(context, setIDs: [setID]),
                charts: [
                    Chart(
                        table: "diff", label: "unit",
                        kind: .slope(from: "index_a", to: "index_b", fromLabel: from, toLabel: to),
                        title: "Index % in '\(from)' and '\(to)'")
                ]))
    }
}
