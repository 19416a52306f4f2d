import ArgumentParser
import CCHCCore
import CCHCModuleKit

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
                    + ScenarioOption.titleSuffix(scenario),
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
