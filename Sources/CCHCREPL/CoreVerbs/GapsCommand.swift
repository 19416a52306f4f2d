import ArgumentParser
import CCHCCore
import CCHCModuleKit

struct GapsCommand: WorkbenchCommand {
    static let configuration = CommandConfiguration(
        commandName: "gaps",
        abstract: "Show where points were lost: one unit's leaves, or every criterion over all units.",
        discussion: """
            For a unit: every applicable leaf that did not get its maximum, with what was lost, \
            where the points came from and what the rule makes of the evidence. With \
            --by-criterion: the points lost on each criterion over all units of the set, most \
            first: the table units study to see why points were lost.

            Examples:
              gaps tu-ha
              gaps huong van
              gaps --by-criterion
              gaps --by-criterion --set department
            """
    )

    @Argument(help: "A unit id or name.")
    var unit: [String] = []

    @Flag(name: .long, help: "Aggregate over all units of the set.")
    var byCriterion = false

    @OptionGroup var setOption: SetOption

    @OptionGroup var scenarioOption: ScenarioOption

    func run(in context: CommandContext) throws {
        if byCriterion {
            guard unit.isEmpty else { throw UserError("Give a unit or --by-criterion, not both") }
            try emitByCriterion(context)
            return
        }
        guard !unit.isEmpty else { throw UserError("Name a unit, or use --by-criterion for all units") }
        guard let unit = try resolveQueries([unit.joined(separator: " ")], in: context).first else { return }
        let scenario = try scenarioOption.resolve(in: context)
        let score = try context.evaluation.scorecard(unitID: unit.id, scenario: scenario)
        let gaps = Analysis.gaps(score)
        let lost = gaps.reduce(0) { $0 + $1.lost }
        try context.emit(
            Report(
                title: "Points lost: \(unit.name), set '\(score.setID)', year \(try context.evaluation.year())",
                facts: ScenarioOption.facts(scenario) + [
                    Fact("unit_id", "Unit id", .text(unit.id)), Fact("unit", "Unit", .text(unit.name)),
                    Fact("set", "Set", .text(score.setID)),
                    Fact("lost", "Points lost", .number(lost)),
                    Fact("max", "Applicable max", .number(score.applicableMax)),
                    Fact("index_pct", "Index %", score.indexPct.map { .number($0) } ?? .null),
                ],
                tables: [
                    ReportTable(
                        key: "gaps",
                        columns: [
                            Column("id", "Id"), Column("title", "Title"), Column("max", "Max"),
                            Column("points", "Points"),
                            Column("lost", "Lost"), Column("source", "From"), Column("rule_says", "Rule says"),
                        ],
                        rows: gaps.map { gap in
                            [
                                .text(gap.leaf.node.id), .text(gap.leaf.node.title), .number(gap.leaf.node.maxPoints),
                                .number(gap.leaf.points), .number(gap.lost), .text(ExplainCommand.source(gap.leaf)),
                                .text(ExplainCommand.ruleSays(gap.leaf)),
                            ]
                        }, whenEmpty: "No points lost.")
                ],
                notes: dataNotes(context, setIDs: [score.setID])
            ).scoped(set: score.setID, year: try context.evaluation.year(), scenario: scenario))
    }

    private func emitByCriterion(_ context: CommandContext) throws {
        let scenario = try scenarioOption.resolve(in: context)
        let baseline = try setOption.resolve(in: context)
        // Every leaf of every unit resolved: kept in the workspace for the baseline.
        let set = try context.evaluation.criteriaSet(baseline.id, scenario: scenario)
        let gaps = Analysis.gapsByCriterion(
            try context.evaluation.scoreMatrix(set: set, scenario: scenario), plan: ScoringPlan(set))
        let total = gaps.reduce(0) { $0 + $1.lost }
        try context.emit(
            Report(
                title: "Points lost by criterion: set '\(set.id)', year \(try context.evaluation.year())"
                    + ScenarioOption.titleSuffix(scenario),
                tables: [
                    ReportTable(
                        key: "gaps",
                        columns: [
                            Column("id", "Id"), Column("title", "Title"), Column("max", "Max"),
                            Column("units", "Units"), Column("losing", "Losing"), Column("lost", "Lost"),
                            Column("lost_pct", "Lost %"),
                        ],
                        rows: gaps.map { gap in
                            [
                                .text(gap.node.id), .text(gap.node.title), .number(gap.node.maxPoints),
                                .integer(gap.applicable), .integer(gap.losing), .number(gap.lost), .number(gap.lostPct),
                            ]
                        })
                ],
                notes: [
                    "\(Format.fixed(total)) points lost in all; 'Lost %' is the share of the points the applicable units could have had."
                ] + dataNotes(context, setIDs: [set.id])
            ).scoped(set: set.id, year: try context.evaluation.year(), scenario: scenario))
    }
}
