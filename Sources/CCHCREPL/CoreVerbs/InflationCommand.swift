import ArgumentParser
import CCHCCore
import CCHCModuleKit

struct InflationCommand: WorkbenchCommand {
    static let configuration = CommandConfiguration(
        commandName: "inflation",
        abstract: "Check self-assessments against the units' own evidence, most points at stake first.",
        discussion: """
            Flags leaves where the self-assessed points exceed what the unit's own evidence \
            supports under the rule ('above evidence'), and leaves self-scored without any \
            evidence ('no evidence': none recorded for a rule that reads evidence, or no \
            evidence document cited for a manual leaf). The letter asks units to self-assess \
            'nghiêm túc, thực chất'; this shows the appraisal council where to look first.

            Examples:
              inflation
              inflation --set department
              inflation tu-ha
            """
    )

    @Argument(help: "A unit id or name (default: every unit of the set).")
    var unit: [String] = []

    @Option(name: .long, help: "Order of the units: stake (most points at stake first) or name.")
    var sort: String = "stake"

    @OptionGroup var setOption: SetOption

    @OptionGroup var scenarioOption: ScenarioOption

    func run(in context: CommandContext) throws {
        guard ["stake", "name"].contains(sort) else {
            throw UserError("Unknown order '\(sort)'; expected stake or name")
        }
        let scenario = try scenarioOption.resolve(in: context)
        if !unit.isEmpty {
            guard let unit = try resolveQueries([unit.joined(separator: " ")], in: context).first else { return }
            let world = try context.evaluation.world(scenario, forUnit: unit.id)
            let dataset = world.dataset
            let plan = ScoringPlan(try world.sets[unit.setID] ?? context.evaluation.criteriaSet(unit.setID))
            let flagged = Analysis.inflation(record: dataset.record(for: unit.id), plan: plan)
            try context.emit(
                Report(
                    facts: ScenarioOption.facts(scenario) + [
                        Fact("unit_id", "Unit id", .text(unit.id)), Fact("unit", "Unit", .text(unit.name)),
                        Fact("at_stake", "Points at stake", .number(flagged.reduce(0) { $0 + $1.atStake })),
                    ],
                    tables: [
                        ReportTable(
                            key: "leaves",
                            columns: [
                                Column("id", "Id"), Column("title", "Title"), Column("kind", "Flag"),
                                Column("self", "Self"), Column("supported", "Evidence supports"),
                                Column("at_stake", "At stake"), Column("evidence", "Evidence"),
                            ],
                            rows: flagged.map { item in
                                [
                                    .text(item.node.id), .text(item.node.title), .text(item.kind.rawValue),
                                    .number(item.selfPoints), item.supported.map { .number($0) } ?? .null,
                                    .number(item.atStake),
                                    .text(item.evidence.map { "\($0.key) = \($0.value.display)" } ?? "—"),
                                ]
                            }, whenEmpty: "Every self-assessed point is backed by the unit's evidence.")
                    ],
                    notes: dataNotes(context, setIDs: [unit.setID])
                ).scoped(set: unit.setID, year: try context.evaluation.year(), scenario: scenario))
            return
        }
        let baseline = try setOption.resolve(in: context)
        let set =
            scenario == Scenario.baseline
            ? baseline : try context.evaluation.sets(inScenario: scenario)[baseline.id] ?? baseline
        // The baseline's tallies are kept in the workspace: a later run reads them, not the year.
        let measured = try context.evaluation.inflationTallies(set: set, scenario: scenario)
        let byStake = sort == "stake"
        let rows = VietnameseText.sorted(measured, by: \.unit.name) { a, b in
            byStake && abs(a.tally.atStake - b.tally.atStake) > Scoring.tolerance
                ? a.tally.atStake > b.tally.atStake : nil
        }
        try context.emit(
            Report(
                title: "Self-assessment against evidence: set '\(set.id)', year \(try context.evaluation.year())"
                    + ScenarioOption.titleSuffix(scenario),
                tables: [
                    ReportTable(
                        key: "units",
                        columns: [
                            Column("unit_id", "Unit id"), Column("unit", "Unit"), Column("above", "Above evidence"),
                            Column("above_points", "Points"), Column("unsupported", "No evidence"),
                            Column("unsupported_points", "Points"), Column("at_stake", "At stake"),
                        ],
                        rows: rows.map { row in
                            [
                                .text(row.unit.id), .text(row.unit.name), .integer(row.tally.above),
                                .number(row.tally.abovePoints), .integer(row.tally.unsupported),
                                .number(row.tally.unsupportedPoints), .number(row.tally.atStake),
                            ]
                        })
                ],
                notes: ["'inflation UNIT' lists the leaves of one unit."] + dataNotes(context, setIDs: [set.id])
            ).scoped(set: set.id, year: try context.evaluation.year(), scenario: scenario))
    }
}
