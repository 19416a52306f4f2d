import CCHCCore
import CCHCREPL
import CCHCTesting
import Foundation

/// `cchc-bench compare [--units N] [--runs R] [DIR]`: `compare` of two years at N units × 100
/// leaves (a workspace built with the product's own imports), as a whole process and in process,
/// beside DuckDB joining the two years' resolved points (loaded) into the same per-unit counts
/// and ranks; the two answers are checked to be identical.
func compareBenchmark(_ arguments: [String], ownDirectory: String, scratch: String) throws {
    let units = option("--units", in: arguments).flatMap { Int($0) } ?? 10_000
    let runs = option("--runs", in: arguments).flatMap { Int($0) } ?? 5
    let directory = positional(arguments, flags: ["--units", "--runs"]).first ?? ownDirectory
    let cchc = directory + "/cchc"
    let folder = scratch + "/compare"
    try FileManager.default.createDirectory(atPath: folder, withIntermediateDirectories: true)
    let (set, unitsFile) = (folder + "/bench.yaml", folder + "/units.csv")
    let (earlier, later) = (folder + "/scores-2023.csv", folder + "/scores-2024.csv")
    try Generated.criteriaYAML().write(toFile: set, atomically: true, encoding: .utf8)
    try Generated.unitsCSV(count: units).write(toFile: unitsFile, atomically: true, encoding: .utf8)
    try Generated.writeScoresCSV(to: earlier, units: units, seed: 2023)
    try Generated.writeScoresCSV(to: later, units: units, seed: 2024)
    let workspace = folder + "/w.cchc"
    let setup = timeRun(
        [
            cchc, "--workspace", workspace, "-c", "year 2024", "-c", "criteria load \(set)", "-c",
            "import units \(unitsFile)", "-c", "import scores \(earlier) --year 2023", "-c",
            "import scores \(later) --year 2024",
        ], dataHome: scratch)
    guard setup.status == 0 else { fatalError("setting up the workspace failed (\(setup.status))") }

    var results: [Figures] = []
    results.append(
        measure("cchc compare 2023 2024 (whole process, CSV out)", runs: runs, warmUp: 1) {
            let run = timeRun(
                [cchc, "--workspace", workspace, "--format", "csv", "-c", "compare 2023 2024 --set bench"],
                dataHome: scratch, output: folder + "/cchc.csv")
            precondition(run.status == 0, "compare failed")
            return run.seconds
        })
    var comparison: YearComparison?
    results.append(
        measure("cchc compare in process (load both years, score, pair)", runs: runs, warmUp: 1) {
            let start = now()
            let context = try! Workbench.makeContext(data: .workspace(workspace), actor: "bench")
            comparison = try! context.evaluation.comparison(setID: "bench", yearA: 2023, yearB: 2024).comparison
            return now() - start
        })
    let context = try Workbench.makeContext(data: .workspace(workspace), actor: "bench")
    let bench = try context.evaluation.criteriaSet("bench")
    let label = try context.evaluation.workspace().setting("synthetic_label")
    let (dataA, dataB) = (
        try context.evaluation.workspace().dataset(year: 2023, syntheticLabel: label),
        try context.evaluation.workspace().dataset(year: 2024, syntheticLabel: label)
    )
    results.append(
        measure("cchc comparison from the years' data (as lessons; years loaded)", runs: runs, warmUp: 1) {
            let start = now()
            _ = YearComparison(setA: bench, dataA: dataA, setB: bench, dataB: dataB)
            return now() - start
        })
    let plan = ScoringPlan(bench)
    let (matrixA, matrixB) = (
        ScoreMatrix(units: dataA.units, records: dataA.records, plan: plan),
        ScoreMatrix(units: dataB.units, records: dataB.records, plan: plan)
    )
    func ranking(_ data: Dataset) -> [UnitScore] {
        Scoring.rank(
            data.units.map { Scoring.score($0, record: data.record(for: $0.id), plan: plan, keepingLeaves: false) },
            policy: bench.ranking)
    }
    let (rankingA, rankingB) = (ranking(dataA), ranking(dataB))
    results.append(
        measure("cchc compare, pairing only (rankings and resolved leaves at hand)", runs: runs, warmUp: 1) {
            let start = now()
            _ = YearComparison(
                setA: bench, rankingA: rankingA, matrixA: matrixA, setB: bench, rankingB: rankingB, matrixB: matrixB)
            return now() - start
        })

    // DuckDB: the same per-unit answer from the two years' points, tables loaded first.
    let script = """
        import duckdb, time
        con = duckdb.connect()
        con.execute("CREATE TABLE a AS SELECT * FROM read_csv('\(earlier)', header=true, types={'unit_id': 'VARCHAR', 'criterion_id': 'VARCHAR', 'points': 'DOUBLE'})")
        con.execute("CREATE TABLE b AS SELECT * FROM read_csv('\(later)', header=true, types={'unit_id': 'VARCHAR', 'criterion_id': 'VARCHAR', 'points': 'DOUBLE'})")
        q = '''WITH j AS (
                 SELECT coalesce(a.unit_id, b.unit_id) AS unit_id, a.points AS pa, b.points AS pb,
                        coalesce(1 - a.points, 0) > 1e-9 AS la, coalesce(1 - b.points, 0) > 1e-9 AS lb
                 FROM a FULL JOIN b ON a.unit_id = b.unit_id AND a.criterion_id = b.criterion_id),
               u AS (
                 SELECT unit_id, SUM(pa) / COUNT(pa) * 100 AS ia, SUM(pb) / COUNT(pb) * 100 AS ib,
                        COUNT(*) FILTER (WHERE la AND lb) AS recurring, COUNT(*) FILTER (WHERE lb AND NOT la) AS new,
                        COUNT(*) FILTER (WHERE la AND NOT lb) AS recovered
                 FROM j GROUP BY unit_id)
               SELECT unit_id, RANK() OVER (ORDER BY ROUND(ia, 2) DESC) AS rank_a,
                      RANK() OVER (ORDER BY ROUND(ib, 2) DESC) AS rank_b, recurring, new, recovered FROM u'''
        rows = con.execute(q).fetchall()
        times = []
        for _ in range(\(runs)):
            t = time.perf_counter(); rows = con.execute(q).fetchall(); times.append(time.perf_counter() - t)
        with open('\(folder)/duck.csv', 'w') as f:
            for r in rows: f.write(','.join(str(x) for x in r) + '\\n')
        times.sort(); print(times[len(times) // 2], times[0], len(rows), duckdb.__version__)
        """
    try script.write(toFile: folder + "/duck.py", atomically: true, encoding: .utf8)
    let duck = timeRun(["python3", folder + "/duck.py"], dataHome: scratch, output: folder + "/duck.out")
    let fields = ((try? String(contentsOfFile: folder + "/duck.out", encoding: .utf8)) ?? "").split(separator: " ")
    print("units: \(units) × 100 leaves, two years (\(units * 200) values); runs: \(runs); times in milliseconds")
    if duck.status == 0, fields.count >= 4, let median = Double(fields[0]), let minimum = Double(fields[1]) {
        let version = fields[3].trimmingCharacters(in: .whitespacesAndNewlines)
        results.append(
            Figures(name: "DuckDB \(version) FULL JOIN + GROUP BY + RANK (tables loaded)", samples: [median, minimum]))
        printTable(results)
        // The identity check: ranks in both years and the three counts, unit by unit.
        var expected: [String: String] = [:]
        for row in comparison?.units ?? [] {
            expected[row.unit.id] = [
                row.a?.rank.map(String.init) ?? "", row.b?.rank.map(String.init) ?? "", "\(row.recurring.count)",
                "\(row.new.count)", "\(row.recovered.count)",
            ].joined(separator: ",")
        }
        let lines = ((try? String(contentsOfFile: folder + "/duck.csv", encoding: .utf8)) ?? "").split(
            separator: "\n")
        let differing = lines.filter { line in
            let parts = line.split(separator: ",", maxSplits: 1)
            return parts.count != 2 || expected[String(parts[0])] != String(parts[1])
        }
        print(
            "identical to DuckDB (ranks in both years, recurring/new/recovered per unit): \(differing.isEmpty && lines.count == expected.count ? "yes" : "NO — \(differing.count) of \(lines.count) rows differ, e.g. \(differing.first ?? "")")"
        )
        print(String(format: "cchc whole process ÷ DuckDB: %.2f", results[0].median / median))
        print(String(format: "cchc in process ÷ DuckDB: %.2f", results[1].median / median))
        print(String(format: "cchc pairing only ÷ DuckDB: %.2f", results[3].median / median))
    } else {
        printTable(results)
        print("DuckDB: not measured (pip install duckdb)")
    }
}
