import ArgumentParser
import CCHCCore
import CCHCModuleKit

struct RankCommand: WorkbenchCommand {
    static let configuration = CommandConfiguration(
        commandName: "rank",
        abstract: "Rank the units of a set by index %; equal indices share a place.",
        discussion: """
            Ranks are counted within the set's ranking groups (`groups:` in the set file: none, \
            kind, or the units file's `group` column); --by ranks within other groups for this \
            view. Units with nothing recorded, and under `unranked_if_missing` units with \
            applicable leaves left empty, are listed apart without a place, with the reason.

            Examples:
              rank
              rank --set department
              rank --by kind
            """
    )

    @Option(name: .long, help: "Rank within groups: group (the units' named groups), kind, or none.")
    var by: String?

    @OptionGroup var setOption: SetOption

    @OptionGroup var scenarioOption: ScenarioOption

    /// What `scenario` changes, for people reading its ranking.
    private func changes(in scenario: String, _ context: CommandContext) throws -> ReportTable {
        var table = try ScenarioEditing.changesTable(
            ScenarioEditing.layers(of: scenario, in: context), key: "changes",
            title: "What scenario '\(scenario)' changes", whenEmpty: "Scenario '\(scenario)' changes nothing yet.",
            in: context)
        table.isShownToScripts = false
        return table
    }

    func run(in context: CommandContext) throws {
        let set = try setOption.resolve(in: context)
        let scenario = try scenarioOption.resolve(in: context)
        var scores = try context.evaluation.ranking(setID: set.id, scenario: scenario)
        var policy = set.ranking
        if let by {
            guard let grouping = RankingPolicy.Grouping(rawValue: by.lowercased()) else {
                let choices = RankingPolicy.Grouping.allCases.map(\.rawValue)
                throw UserError(
                    "Cannot rank by '\(by)'; expected group, kind or none\(Suggestions.hint(for: by, in: choices, style: .clause, otherwise: ""))"
                )
            }
            policy.grouping = grouping
            scores = Scoring.rank(scores, policy: policy)
        }
        let rows: [[Cell]] = scores.map { score in
            [
                ScoreRows.rank(score), .text(score.unit.id), .text(score.unit.name), .text(score.setID),
                .number(score.total), .number(score.applicableMax), ScoreRows.index(score),
            ] + ScoreRows.band(score) + completenessCells(score)
        }
        let counts = set.bands.bands.map { band in "\(band.name) \(scores.filter { $0.band?.code == band.code }.count)"
        }
        // A scenario's exclusions are said, not just missing from the table.
        var excluded: [String] = []
        if scenario != Scenario.baseline {
            let ranked = Set(scores.map(\.unit.id))
            excluded = try context.evaluation.units().filter { $0.setID == set.id && !ranked.contains($0.id) }.map(
                \.name)
        }
        // Asked to rank by groups the set's units do not have: one ranking, and it says why.
        let ungrouped =
            policy.grouping == .group && !scores.isEmpty && scores.allSatisfy { $0.unit.group == nil }
            ? ["No unit of set '\(set.id)' is in a ranking group: one ranking of all its units"] : []
        let excludedNote =
            ungrouped
            + (excluded.isEmpty
                ? []
                : [
                    "\(excluded.count) unit\(excluded.count == 1 ? "" : "s") excluded in scenario '\(scenario)': "
                        + ListText.abbreviated(excluded)
                ])
        try context.emit(
            Report(
                title: "Ranking: set '\(set.id)', year \(try context.evaluation.year())"
                    + (policy.grouping == .none ? "" : ", by \(policy.grouping.rawValue)")
                    + ScenarioOption.titleSuffix(scenario),
                tables: [
                    ReportTable(
                        key: "ranking",
                        columns: [
                            Column("rank", "Rank"), Column("unit_id", "Unit id"), Column("unit", "Unit"),
                            // One set a ranking, named in its title: a column of it says it again.
                            Column("set", "Set", shownToPeople: false), Column("total", "Total"), Column("max", "Max"),
                            Column("index_pct", "Index %"),
                        ] + ScoreRows.bandColumns + completenessColumns(scores),
                        rows: rows, sections: rankingSections(scores), whenEmpty: "No units to rank.")
                ]
                    // In a scenario, what it assumes: the reader of its ranking sees why a unit
                    // moved ('scenario show' gives scripts the overrides).
                    + (scenario == Scenario.baseline ? [] : [try changes(in: scenario, context)]),
                notes: (scores.isEmpty ? [] : ["Bands: " + counts.joined(separator: ", ")])
                    + excludedNote + completenessNotes(scores) + tieNote(policy)
                    + ScoreRows.gateNotes(scores) + dataNotes(context, setIDs: [set.id]),
                charts: [
                    Chart(
                        table: "ranking", label: "unit",
                        kind: .bars(
                            value: "index_pct", scale: 100, category: "band_name",
                            categories: set.bands.bands.map(\.name)),
                        title: "Index % by unit, coloured by band")
                ]
            ).scoped(set: set.id, year: try context.evaluation.year(), scenario: scenario))
    }
}

/// Says when ties are decided on the unrounded index (the default, two decimals, goes unsaid).
func tieNote(_ policy: RankingPolicy) -> [String] {
    policy.ties == .unrounded
        ? ["Ties: places follow the unrounded index, so equal indices shown to two decimals may have different places."]
        : []
}
