import ArgumentParser
import CCHCCore
import CCHCModuleKit

struct ScoreCommand: WorkbenchCommand {
    static let configuration = CommandConfiguration(
        commandName: "score",
        abstract: "Score units: points, adjustments, index %, band and rank.",
        discussion: """
            Without units, every unit of the set in use, in rank order. With one unit, also the \
            points of each field.

            Examples:
              score
              score "Hương Văn"
              score huong van
              score tu-ha p-noivu
            """
    )

    @Argument(help: "Unit ids or names; a name may be typed without diacritics.")
    var units: [String] = []

    @OptionGroup var setOption: SetOption

    @OptionGroup var scenarioOption: ScenarioOption

    func run(in context: CommandContext) throws {
        let scenario = try scenarioOption.resolve(in: context)
        var scores: [UnitScore]
        if units.isEmpty {
            scores = try context.evaluation.ranking(setID: try setOption.resolve(in: context).id, scenario: scenario)
        } else {
            let chosen = try resolveQueries(units, in: context)
            if setOption.set != nil {
                // Named with units, the set is checked, not ignored.
                let set = try setOption.resolve(in: context)
                if let other = chosen.first(where: { $0.setID != set.id }) {
                    throw UserError("Unit '\(other.id)' is evaluated against set '\(other.setID)', not '\(set.id)'")
                }
            }
            scores = try chosen.map { unit in
                guard
                    let score = try context.evaluation.ranking(setID: unit.setID, scenario: scenario)
                        .first(where: { $0.unit.id == unit.id })
                else {
                    // Named by the scenario that excludes it (one this one may build on).
                    let excluding = try? context.evaluation.world(scenario, forUnit: unit.id).excluded[unit.id]
                    throw EvaluationError.unitExcluded(unit: unit.id, scenario: (excluding ?? nil) ?? scenario)
                }
                return score
            }
        }
        let rows: [[Cell]] = scores.map { score in
            [
                ScoreRows.rank(score), .text(score.unit.id), .text(score.unit.name), .text(score.setID),
                .number(score.achieved), .number(score.bonus), .number(score.penalty), .number(score.total),
                .number(score.applicableMax), ScoreRows.index(score),
            ] + ScoreRows.band(score) + completenessCells(score)
        }
        var tables = [
            ReportTable(
                key: "scores",
                columns: [
                    Column("rank", "Rank"), Column("unit_id", "Unit id"), Column("unit", "Unit"), Column("set", "Set"),
                    Column("achieved", "Points"), Column("bonus", "Bonus"), Column("penalty", "Penalty"),
                    Column("total", "Total"), Column("max", "Max"), Column("index_pct", "Index %"),
                ] + ScoreRows.bandColumns + completenessColumns(scores),
                rows: rows, sections: units.isEmpty ? rankingSections(scores) : [], whenEmpty: "No units to score.")
        ]
        if scores.count == 1, let score = scores.first {
            tables.append(
                try fieldTable(
                    context.evaluation.scorecard(unitID: score.unit.id, scenario: scenario),
                    set: context.evaluation.criteriaSet(score.setID, scenario: scenario)))
        }
        let setIDs = Set(scores.map(\.setID))
        let scoreSet = setIDs.count == 1 ? setIDs.first : nil
        try context.emit(
            Report(
                facts: ScenarioOption.facts(scenario),
                tables: tables,
                notes: completenessNotes(scores) + ScoreRows.gateNotes(scores)
                    + dataNotes(context, setIDs: Array(Set(scores.map(\.setID))).sorted())
            ).scoped(set: scoreSet, year: try context.evaluation.year(), scenario: scenario))
    }

    private func fieldTable(_ score: UnitScore, set: CriteriaSet) -> ReportTable {
        ReportTable(
            key: "fields", title: "Fields of \(score.unit.name)",
            columns: [
                Column("field", "Field"), Column("title", "Title"), Column("achieved", "Points"),
                Column("max", "Max"), Column("index_pct", "Index %"),
            ],
            rows: set.fields.map { field in
                let node = score.nodes[field.id]
                let leaf = score.leaves.first { $0.node.id == field.id }
                let achieved = node?.achieved ?? leaf?.points ?? 0
                let max = node?.applicableMax ?? (leaf?.isApplicable == true ? field.maxPoints : 0)
                return [
                    .text(field.id), .text(field.title), .number(achieved), .number(max),
                    max > 0 ? .number(achieved / max * 100) : .null,
                ]
            })
    }
}
