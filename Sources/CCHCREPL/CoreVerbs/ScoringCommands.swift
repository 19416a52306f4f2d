import ArgumentParser
import CCHCCore
import CCHCModuleKit

/// Score rows shared by `score` and `rank`.
enum ScoreRows {
    static func bandName(_ score: UnitScore) -> Cell { score.band.map { .text($0.name) } ?? .text("—") }
    static func index(_ score: UnitScore) -> Cell { score.indexPct.map { .number($0) } ?? .null }
    static func rank(_ score: UnitScore) -> Cell { score.rank.map { .integer($0) } ?? .null }

    /// "tu-ha: Xuất sắc → Tốt (gate no_excellent_if_discipline: …)".
    static func gateNotes(_ scores: [UnitScore]) -> [String] {
        scores.flatMap { score in
            score.gatesApplied.map { gate in
                "\(score.unit.id): demoted from '\(gate.appliesTo)' to '\(gate.demoteTo)' by gate \(gate.id): \(gate.text)"
            }
        }
    }
}

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
            scores = try resolveQueries(units, in: context).map { unit in
                guard
                    let score = try context.evaluation.ranking(setID: unit.setID, scenario: scenario)
                        .first(where: { $0.unit.id == unit.id })
                else {
                    throw UserError("Unit '\(unit.id)' is excluded from scenario '\(scenario)'")
                }
                return score
            }
        }
        let rows: [[Cell]] = scores.map { score in
            [
                ScoreRows.rank(score), .text(score.unit.id), .text(score.unit.name), .text(score.setID),
                .number(score.achieved), .number(score.bonus), .number(score.penalty), .number(score.total),
                .number(score.applicableMax), ScoreRows.index(score), ScoreRows.bandName(score),
            ]
        }
        var tables = [
            ReportTable(
                key: "scores",
                columns: [
                    Column("rank", "Rank"), Column("unit_id", "Unit id"), Column("unit", "Unit"), Column("set", "Set"),
                    Column("achieved", "Points"), Column("bonus", "Bonus"), Column("penalty", "Penalty"),
                    Column("total", "Total"), Column("max", "Max"), Column("index_pct", "Index %"),
                    Column("band", "Band"),
                ],
                rows: rows)
        ]
        if scores.count == 1, let score = scores.first {
            tables.append(
                try fieldTable(
                    context.evaluation.scorecard(unitID: score.unit.id, scenario: scenario),
                    set: context.evaluation.world(scenario).sets[score.setID]
                        ?? context.evaluation.criteriaSet(score.setID)))
        }
        try context.emit(
            Report(
                tables: tables,
                notes: ScoreRows.gateNotes(scores) + (scores.isEmpty ? ["No units to score."] : [])
                    + dataNotes(context, setIDs: Array(Set(scores.map(\.setID))).sorted())
            ))
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
                    max > 0 ? .number(achieved / max * 100) : .text("n/a"),
                ]
            })
    }
}

/// A note naming the units left unranked because nothing is recorded for them.
func unranked(_ scores: [UnitScore], year: Int) -> [String] {
    let missing = scores.filter { $0.rank == nil }.map(\.unit.id)
    guard !missing.isEmpty else { return [] }
    return ["Not ranked (nothing recorded for \(year) or nothing applicable): \(missing.joined(separator: ", "))"]
}

/// Resolves unit queries. Words typed without quotes ("huong van") are taken as one name when
/// they do not each name a unit.
func resolveQueries(_ words: [String], in context: CommandContext) throws -> [EvaluatedUnit] {
    let units = try context.evaluation.units()
    do {
        return try words.map { try UnitMatcher.match($0, in: units) }
    } catch let wordError as UnitMatcher.MatchError {
        guard words.count > 1 else { throw wordError }
        do {
            return [try UnitMatcher.match(words.joined(separator: " "), in: units)]
        } catch {
            if case .ambiguous = wordError { throw error }
            throw wordError
        }
    }
}

struct RankCommand: WorkbenchCommand {
    static let configuration = CommandConfiguration(
        commandName: "rank",
        abstract: "Rank the units of a set by index %; equal indices share a place.",
        discussion: "Examples:\n  rank\n  rank --set department"
    )

    @OptionGroup var setOption: SetOption

    @OptionGroup var scenarioOption: ScenarioOption

    func run(in context: CommandContext) throws {
        let set = try setOption.resolve(in: context)
        let scenario = try scenarioOption.resolve(in: context)
        let scores = try context.evaluation.ranking(setID: set.id, scenario: scenario)
        let rows: [[Cell]] = scores.map { score in
            [
                ScoreRows.rank(score), .text(score.unit.id), .text(score.unit.name), .text(score.setID),
                .number(score.total), .number(score.applicableMax), ScoreRows.index(score), ScoreRows.bandName(score),
            ]
        }
        let counts = set.bands.bands.map { band in "\(band.name) \(scores.filter { $0.band?.code == band.code }.count)"
        }
        try context.emit(
            Report(
                title: "Ranking: set '\(set.id)', year \(try context.evaluation.year())"
                    + (scenario == Scenario.baseline ? "" : ", scenario '\(scenario)'"),
                tables: [
                    ReportTable(
                        key: "ranking",
                        columns: [
                            Column("rank", "Rank"), Column("unit_id", "Unit id"), Column("unit", "Unit"),
                            Column("set", "Set"), Column("total", "Total"), Column("max", "Max"),
                            Column("index_pct", "Index %"),
                            Column("band", "Band"),
                        ],
                        rows: rows)
                ],
                notes: (scores.isEmpty ? ["No units to rank."] : ["Bands: " + counts.joined(separator: ", ")])
                    + unranked(scores, year: try context.evaluation.year())
                    + ScoreRows.gateNotes(scores) + dataNotes(context, setIDs: [set.id]),
                charts: [
                    Chart(
                        table: "ranking", label: "unit",
                        kind: .bars(
                            value: "index_pct", scale: 100, category: "band", categories: set.bands.bands.map(\.name)),
                        title: "Index % by unit, coloured by band")
                ]))
    }
}
