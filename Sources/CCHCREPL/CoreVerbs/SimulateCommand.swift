import ArgumentParser
import CCHCCore
import CCHCModuleKit

struct SimulateCommand: WorkbenchCommand {
    static let configuration = CommandConfiguration(
        commandName: "simulate",
        abstract: "How sure is the ranking? Monte-Carlo over appraisal uncertainty.",
        discussion: """
            In every run, each manual and survey leaf of every unit moves by a random amount \
            within ±spread of its maximum; the units are re-scored and ranked. The report gives \
            each unit's median rank, the 5–95 % interval of its rank and how often it landed in \
            each band. The same seed gives the same result.

            Examples:
              simulate
              simulate --runs 1000 --seed 7 --spread 10%
              simulate --set department --scenario proposal
            """
    )

    @Option(name: .long, help: "Number of runs.")
    var runs: Int = 200

    @Option(name: .long, help: "Seed of the random numbers.")
    var seed: UInt64 = 1

    @Option(name: .long, help: "Spread as a share of each varied leaf's maximum, e.g. 10%.")
    var spread: String = "10%"

    @OptionGroup var setOption: SetOption

    @OptionGroup var scenarioOption: ScenarioOption

    func run(in context: CommandContext) throws {
        guard (1...100_000).contains(runs) else { throw UserError("--runs must be within 1…100000, not '\(runs)'") }
        let text = spread.hasSuffix("%") ? String(spread.dropLast()) : spread
        guard let percent = Values.number(text, decimalComma: true), (0...100).contains(percent) else {
            throw UserError("Spread '\(spread)' is not a percentage within 0…100%, e.g. 10%")
        }
        let scenario = try scenarioOption.resolve(in: context)
        let baseline = try setOption.resolve(in: context)
        let set =
            scenario == Scenario.baseline
            ? baseline : try context.evaluation.sets(inScenario: scenario)[baseline.id] ?? baseline
        // The baseline's resolved leaves are kept in the workspace: a later run reads them
        // instead of the year's two million rows.
        let matrix = try context.evaluation.scoreMatrix(set: set, scenario: scenario)
        var progress: (@Sendable (Int) -> Void)?
        if let report = context.progress {
            let total = runs
            progress = { done in report("simulate: \(done)/\(total) runs") }
        }
        let simulation = Simulation(runs: runs, seed: seed, spread: percent / 100)
        let outcomes = try simulation.run(
            matrix, plan: ScoringPlan(set), progress: progress,
            interrupted: context.interrupted)
        let sorted = outcomes.sorted { a, b in
            // Units ranked in no run last.
            if a.median != b.median { return (a.median ?? .max) < (b.median ?? .max) }
            let (ra, rb) = (a.baseRank ?? Int.max, b.baseRank ?? Int.max)
            return ra != rb ? ra < rb : a.unit.id < b.unit.id
        }
        let bands = set.bands.bands
        var columns = [
            Column("unit_id", "Unit id"), Column("unit", "Unit"), Column("rank", "Rank"),
            Column("median_rank", "Median"), Column("rank_p5", "5%"), Column("rank_p95", "95%"),
        ]
        columns += bands.map { Column("p_\($0.code)", "\($0.name) %") }
        var rows: [[Cell]] = []
        for outcome in sorted {
            var row: [Cell] = [
                .text(outcome.unit.id), .text(outcome.unit.name), outcome.baseRank.map { Cell.integer($0) } ?? .null,
                outcome.median.map(Cell.integer) ?? .null, outcome.low.map(Cell.integer) ?? .null,
                outcome.high.map(Cell.integer) ?? .null,
            ]
            for band in bands { row.append(.number((outcome.bandShares[band.code] ?? 0) * 100, decimals: 1)) }
            rows.append(row)
        }
        var title =
            "Simulation: set '\(set.id)', year \(try context.evaluation.year()), \(runs) runs, seed \(seed), spread ±\(Format.number(percent))%"
        title += ScenarioOption.titleSuffix(scenario)
        try context.emit(
            Report(
                title: title, tables: [ReportTable(key: "units", columns: columns, rows: rows)],
                notes: [
                    "Manual and survey leaves vary; leaves whose points follow other evidence (boolean, ratio, deduction) stay as they are."
                ] + dataNotes(context, setIDs: [set.id])
            ).scoped(set: set.id, year: try context.evaluation.year(), scenario: scenario))
    }
}
