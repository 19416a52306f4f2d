import CCHCCore
import CCHCModuleKit
import CCHCREPL
import Foundation

#if canImport(Glibc)
    import Glibc
#endif

/// `cchc-bench whatif [--units N] [--runs R]`: at national scale (N units × the commune set), a
/// full rescore and rank beside the same computation in DuckDB over the same long-format table, a
/// one-unit `set` re-ranked incrementally, and `simulate --runs R`.
func whatIfBenchmark(_ arguments: [String], scratch: String) throws {
    let count = option("--units", in: arguments).flatMap { Int($0) } ?? 10_000
    let runs = option("--runs", in: arguments).flatMap { Int($0) } ?? 1000
    let folder = scratch + "/whatif"
    try FileManager.default.createDirectory(atPath: folder, withIntermediateDirectories: true)
    let context = try Workbench.makeContext(data: .workspace(folder + "/w.cchc"), actor: "bench")
    let set = try context.evaluation.criteriaSet("commune")
    let leaves = set.leaves

    // Units, scores by leaf (appraisal 1) and survey indices, generated with a fixed seed.
    var random = SplitMix64Generator(seed: 2024)
    var units = "unit_id,name,kind,set\n"
    var scores = "unit_id,criterion_id,stage,points\n"
    var evidence = "unit_id,key,value\n"
    var long = "unit_id,criterion_id,points,max\n"
    for index in 0..<count {
        let id = "x\(index)"
        units += "\(id),Xã \(index),commune,commune\n"
        for leaf in leaves {
            if case .survey(let key) = leaf.rule {
                let value = (50 + random.unit() * 50).rounded()
                evidence += "\(id),\(key),\(Int(value))\n"
                long += "\(id),\(leaf.id),\(value / 100 * leaf.maxPoints),\(leaf.maxPoints)\n"
            } else {
                let points = (random.unit() * leaf.maxPoints * 4).rounded(.down) / 4
                scores += "\(id),\(leaf.id),appraisal1,\(points)\n"
                long += "\(id),\(leaf.id),\(points),\(leaf.maxPoints)\n"
            }
        }
    }
    for (name, text) in [("units.csv", units), ("scores.csv", scores), ("evidence.csv", evidence), ("long.csv", long)] {
        try text.write(toFile: folder + "/" + name, atomically: true, encoding: .utf8)
    }
    _ = try context.evaluation.importUnits(path: folder + "/units.csv", check: false)
    _ = try context.evaluation.importScores(path: folder + "/scores.csv", year: 2024, check: false)
    _ = try context.evaluation.importEvidence(path: folder + "/evidence.csv", year: 2024, check: false)
    try context.evaluation.change(changing: .settings) { workspace, change in
        try workspace.setSetting("year", "2024", in: change.db)
    }
    let rows = count * leaves.count

    func time(_ body: () throws -> Void) rethrows -> Double {
        let start = now()
        try body()
        return now() - start
    }
    func cpu() -> Double {
        var usage = rusage()
        getrusage(RUSAGE_SELF.rawValue, &usage)
        return Double(usage.ru_utime.tv_sec + usage.ru_stime.tv_sec)
            + Double(usage.ru_utime.tv_usec + usage.ru_stime.tv_usec) / 1e6
    }

    // Full rescore and rank: loading the year from the workspace, then the computation alone.
    var loadAndRank: [Double] = []
    var computeOnly: [Double] = []
    let dataset = try context.evaluation.dataset()
    let plan = ScoringPlan(set)
    for _ in 0..<5 {
        // A fresh evaluation over the same file: nothing cached.
        let fresh = try Workbench.makeContext(data: .workspace(folder + "/w.cchc"), actor: "bench").evaluation
        _ = try fresh.criteriaSet("commune")
        _ = try fresh.workspace()  // opened, as a session's is before its first command
        loadAndRank.append(try time { _ = try fresh.ranking(setID: "commune") })
        computeOnly.append(
            time {
                let scored = dataset.units.map {
                    Scoring.score($0, record: dataset.record(for: $0.id), plan: plan, keepingLeaves: false)
                }
                _ = Scoring.rank(scored)
            })
    }

    // From resolved leaf points (what DuckDB's SQL gets): aggregate, band (with gates) and rank.
    var matrixBuild: [Double] = []
    var aggregate: [Double] = []
    var matrix: ScoreMatrix?
    for _ in 0..<5 {
        matrixBuild.append(time { matrix = ScoreMatrix(units: dataset.units, records: dataset.records, plan: plan) })
    }
    for _ in 0..<21 { aggregate.append(time { _ = matrix!.rank() }) }

    // One-unit change in a scenario, re-ranked incrementally.
    let workspace = try context.evaluation.workspace()
    try workspace.createScenario(name: "bench", parent: Scenario.baseline, by: context.evaluation.author())
    _ = try context.evaluation.ranking(setID: "commune", scenario: "bench")
    var incremental: [Double] = []
    for step in 0..<20 {
        let change = Override.points(
            unit: "x\(step * 97 % count)", criterion: "4.2", value: .points(Double(step % 8) / 4))
        incremental.append(
            try time {
                try context.evaluation.updateScenario("bench", setting: change)
                _ = try context.evaluation.ranking(setID: "commune", scenario: "bench")
            })
    }

    // simulate --runs R over all units.
    let cpuBefore = cpu()
    let simulation = time {
        _ = try? Simulation(runs: runs, seed: 7, spread: 0.1).run(matrix!, plan: plan)
    }
    let cpuUsed = cpu() - cpuBefore

    // DuckDB: the same totals, index and rank as SQL over the long table (loaded first).
    let script = """
        import duckdb, time
        con = duckdb.connect()
        con.execute("CREATE TABLE s AS SELECT * FROM read_csv('\(folder)/long.csv', header=true)")
        q = '''SELECT unit_id, total, idx, RANK() OVER (ORDER BY ROUND(idx, 2) DESC) AS rank FROM (
                 SELECT unit_id, SUM(points) AS total, SUM(points) / SUM(max) * 100 AS idx FROM s GROUP BY unit_id)'''
        con.execute(q).fetchall()
        times = []
        for _ in range(5):
            t = time.perf_counter(); rows = con.execute(q).fetchall(); times.append(time.perf_counter() - t)
        times.sort(); print(times[len(times) // 2], times[0], len(rows), duckdb.__version__)
        """
    try script.write(toFile: folder + "/duck.py", atomically: true, encoding: .utf8)
    let output = folder + "/duck.out"
    let duck = timeRun(["python3", folder + "/duck.py"], dataHome: scratch, output: output)
    let duckFields = ((try? String(contentsOfFile: output, encoding: .utf8)) ?? "").split(separator: " ")
    let duckMedian = duck.status == 0 && duckFields.count >= 4 ? Double(duckFields[0]) : nil

    func median(_ values: [Double]) -> Double { values.sorted()[values.count / 2] }
    print("units: \(count) × \(leaves.count) leaves of the commune set = \(rows) values; times in milliseconds")
    printTable(
        [
            Figures(name: "cchc full rescore + rank, loading the year from SQLite", samples: loadAndRank),
            Figures(name: "cchc full rescore + rank, computation only", samples: computeOnly),
            Figures(name: "cchc resolve every leaf into the score matrix", samples: matrixBuild),
            Figures(name: "cchc aggregate + band + gates + rank (matrix)", samples: aggregate),
            Figures(name: "cchc one-unit set, incremental re-rank", samples: incremental),
            Figures(name: "cchc simulate --runs \(runs)", samples: [simulation]),
        ]
            + (duckMedian.map {
                [
                    Figures(
                        name:
                            "DuckDB \(duckFields[3].trimmingCharacters(in: .whitespacesAndNewlines)) GROUP BY + RANK (table loaded)",
                        samples: [$0, Double(duckFields[1]) ?? $0])
                ]
            } ?? []))
    if let duckMedian {
        print(
            String(
                format: "DuckDB ÷ cchc aggregate + rank (same input, resolved points): %.1f×",
                duckMedian / median(aggregate)))
        print(
            String(
                format: "DuckDB ÷ cchc full computation (stages and rules too): %.2f×", duckMedian / median(computeOnly)
            ))
    } else {
        print("DuckDB: not measured (pip install duckdb)")
    }
    print(String(format: "incremental ÷ full computation: %.2f%%", median(incremental) / median(computeOnly) * 100))
    print(
        String(format: "simulate: %.2f s wall, %.2f s CPU (%.1f cores busy)", simulation, cpuUsed, cpuUsed / simulation)
    )
}
