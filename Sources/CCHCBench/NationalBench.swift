import CCHCCore
import CCHCREPL
import CCHCTesting
import Foundation

/// `cchc-bench national [--units N] [--runs R] [DIR]`: the commands a user types at national
/// scale. A workspace of N units × the 100-leaf `bench` set (two stages: self-assessment for
/// every leaf, appraisal 1 for nine in ten — about 1.9 million rows at 10,000 units) is built
/// with the product's own imports; each command is then timed as a whole process and at the
/// prompt (one engine, workspace open, after a first command), beside DuckDB resolving the same
/// raw rows (latest stage present, sums, index, RANK) from its own database file, with the
/// ranks checked to be identical.
func nationalBenchmark(_ arguments: [String], ownDirectory: String, scratch: String) throws {
    let count = option("--units", in: arguments).flatMap { Int($0) } ?? 10_000
    let runs = option("--runs", in: arguments).flatMap { Int($0) } ?? 3
    let directory = positional(arguments, flags: ["--units", "--runs"]).first ?? ownDirectory
    let cchc = directory + "/cchc"
    let folder = scratch + "/national"
    try FileManager.default.createDirectory(atPath: folder, withIntermediateDirectories: true)
    let (set, units, scores) = (folder + "/bench.yaml", folder + "/units.csv", folder + "/scores.csv")
    try Generated.criteriaYAML().write(toFile: set, atomically: true, encoding: .utf8)
    try Generated.unitsCSV(count: count).write(toFile: units, atomically: true, encoding: .utf8)
    let rows = try writeTwoStageScores(to: scores, units: count)
    let workspace = folder + "/w.cchc"
    func fresh() {
        for suffix in ["", "-wal", "-shm"] { try? FileManager.default.removeItem(atPath: workspace + suffix) }
    }

    var results: [Figures] = []
    var importUnits: [Double] = []
    var importScores: [Double] = []
    for _ in 0..<runs {
        fresh()
        let setup = timeRun(
            [cchc, "--workspace", workspace, "-c", "year 2024", "-c", "criteria load \(set)", "-c", "use bench"],
            dataHome: scratch)
        precondition(setup.status == 0, "setting up the workspace failed")
        let unitsRun = timeRun([cchc, "--workspace", workspace, "-c", "import units \(units)"], dataHome: scratch)
        precondition(unitsRun.status == 0, "import units failed")
        importUnits.append(unitsRun.seconds)
        let scoresRun = timeRun([cchc, "--workspace", workspace, "-c", "import scores \(scores)"], dataHome: scratch)
        precondition(scoresRun.status == 0, "import scores failed")
        importScores.append(scoresRun.seconds)
    }
    results.append(Figures(name: "import units (\(count) units)", samples: importUnits))
    results.append(Figures(name: "import scores (\(rows) rows)", samples: importScores))

    let unit = "u\(count / 3)"
    let commands: [(String, [String])] = [
        ("rank", ["--format", "csv", "-c", "rank --set bench"]), ("score \(unit)", ["-c", "score \(unit)"]),
        ("explain \(unit)", ["-c", "explain \(unit)"]), ("gaps \(unit)", ["-c", "gaps \(unit)"]),
        ("simulate --runs 1000", ["-c", "simulate --runs 1000 --set bench"]),
        ("goal \(unit) --band tot", ["-c", "goal \(unit) --band tot"]), ("inflation", ["-c", "inflation --set bench"]),
    ]
    // The first rank after the import scores the year and stores the ranking; the later ones
    // (and every other command) read it while the data stays as it is.
    let first = timeRun(
        [cchc, "--workspace", workspace, "--format", "csv", "-c", "rank --set bench"], dataHome: scratch,
        output: folder + "/rank.csv")
    precondition(first.status == 0, "rank failed")
    results.append(Figures(name: "rank, first after the import (scores and stores)", samples: [first.seconds]))
    var rankPeakKiB = 0
    for (name, words) in commands {
        // simulate and inflation keep what they compute over the year: their first run after
        // the import computes it, and is shown apart.
        if name.hasPrefix("simulate") || name.hasPrefix("inflation") {
            let outcome = timeRun([cchc, "--workspace", workspace] + words, dataHome: scratch)
            precondition(outcome.status == 0, "\(name) failed")
            results.append(
                Figures(name: "\(name), first after the import (computes and stores)", samples: [outcome.seconds]))
        }
        var samples: [Double] = []
        for _ in 0..<runs {
            let outcome = timeRun(
                [cchc, "--workspace", workspace] + words, dataHome: scratch,
                output: name == "rank" ? folder + "/rank-stored.csv" : nil)
            precondition(outcome.status == 0, "\(name) failed")
            samples.append(outcome.seconds)
            if name == "rank" { rankPeakKiB = max(rankPeakKiB, outcome.peakKiB) }
        }
        results.append(Figures(name: "\(name) (whole process)", samples: samples))
    }
    // What-if as an analyst types it, each a whole process: a scenario changing a few units,
    // its ranking, one unit's score in it and its difference from the baseline (the scenario's
    // ranking is derived from the baseline's kept one and the changed units' own rows).
    let scenarioSetup = timeRun(
        [cchc, "--workspace", workspace, "-c", "scenario new what-if", "-c", "set u7 1.1 0", "-c", "exclude u8"],
        dataHome: scratch)
    precondition(scenarioSetup.status == 0, "scenario setup failed")
    let whatIf: [(String, [String])] = [
        ("set \(unit) 1.2 0 in a scenario", ["-c", "scenario use what-if", "-c", "set \(unit) 1.2 0"]),
        ("rank in a scenario", ["--format", "csv", "-c", "rank --set bench --scenario what-if"]),
        ("score \(unit) in a scenario", ["-c", "score \(unit) --scenario what-if"]),
        ("diff baseline what-if", ["--format", "csv", "-c", "diff baseline what-if"]),
    ]
    for (name, words) in whatIf {
        var samples: [Double] = []
        for _ in 0..<runs {
            let outcome = timeRun([cchc, "--workspace", workspace] + words, dataHome: scratch)
            precondition(outcome.status == 0, "\(name) failed")
            samples.append(outcome.seconds)
        }
        results.append(Figures(name: "\(name) (whole process)", samples: samples))
    }
    // The first prompt on a pseudo-terminal: opening the workspace and the banner's counts
    // (kept for a large year, so counted only the first time after a change).
    results.append(
        measure("to the first prompt (pty)", runs: runs, warmUp: 1) {
            timeToPrompt(cchc, arguments: ["--workspace", workspace], dataHome: scratch)
        })
    // The process's own floor: the same binary opening the same workspace for a command that
    // reads nothing of the year (its scenarios). Measured before this process loads the year
    // below: a child's peak as Linux reports it includes the spawning process's at its exec.
    let floor = timeRun([cchc, "--workspace", workspace, "-c", "scenario list"], dataHome: scratch).peakKiB
    // At the prompt: one engine, the workspace open and the year loaded by a first command.
    let engine = Engine(context: try Workbench.makeContext(data: .workspace(workspace), actor: "bench"))
    precondition(engine.execute("rank --set bench").succeeded)
    for (name, words) in commands {
        let line = words.last ?? ""
        var samples: [Double] = []
        for _ in 0..<runs {
            let start = now()
            precondition(engine.execute(line).succeeded, "\(line) failed")
            samples.append(now() - start)
        }
        results.append(Figures(name: "\(name) (at the prompt)", samples: samples))
    }

    // DuckDB: the same rows in its own file, resolved and ranked from it in a fresh connection.
    let duckFile = folder + "/duck.db"
    let script = """
        import duckdb, time, os
        f = '\(duckFile)'
        if os.path.exists(f): os.remove(f)
        con = duckdb.connect(f)
        t = {'unit_id': 'VARCHAR', 'criterion_id': 'VARCHAR', 'stage': 'VARCHAR', 'points': 'DOUBLE'}
        con.execute(f"CREATE TABLE assessments AS SELECT * FROM read_csv('\(scores)', header=true, types={t})")
        con.execute("CREATE TABLE units AS SELECT * FROM read_csv('\(units)', header=true, all_varchar=true)")
        con.execute("CREATE TABLE leaves AS SELECT f || '.' || l AS criterion_id, 1.0 AS max FROM range(1, 11) a(f), range(1, 11) b(l)")
        con.close()
        q = '''WITH r AS (
                 SELECT unit_id, criterion_id, arg_max(points, CASE stage WHEN 'self' THEN 1 WHEN 'appraisal1' THEN 2
                        WHEN 'explanation' THEN 3 ELSE 4 END) AS points, count(*) AS n
                 FROM assessments GROUP BY unit_id, criterion_id),
               t AS (
                 SELECT u.unit_id, coalesce(SUM(r.points), 0) AS total,
                        SUM(l.max) FILTER (WHERE r.n IS NULL OR r.points IS NOT NULL) AS mx
                 FROM units u CROSS JOIN leaves l LEFT JOIN r ON r.unit_id = u.unit_id AND r.criterion_id = l.criterion_id
                 GROUP BY u.unit_id)
               SELECT unit_id, RANK() OVER (ORDER BY ROUND(total / mx * 100, 2) DESC) AS rank FROM t'''
        times = []
        for _ in range(\(runs)):
            s = time.perf_counter()
            con = duckdb.connect(f, read_only=True)
            rows = con.execute(q).fetchall()
            con.close()
            times.append(time.perf_counter() - s)
        with open('\(folder)/duck-rank.csv', 'w') as out:
            for r in rows: out.write(f"{r[0]},{r[1]}\\n")
        times.sort(); print(times[len(times) // 2], times[0], len(rows), duckdb.__version__)
        """
    try script.write(toFile: folder + "/duck.py", atomically: true, encoding: .utf8)
    let duck = timeRun(["python3", folder + "/duck.py"], dataHome: scratch, output: folder + "/duck.out")
    let fields = ((try? String(contentsOfFile: folder + "/duck.out", encoding: .utf8)) ?? "").split(separator: " ")
    print("units: \(count) × 100 leaves, \(rows) assessment rows; runs: \(runs); times in milliseconds")
    var duckMedian: Double?
    if duck.status == 0, fields.count >= 4, let median = Double(fields[0]), let minimum = Double(fields[1]) {
        duckMedian = median
        let version = fields[3].trimmingCharacters(in: .whitespacesAndNewlines)
        results.append(
            Figures(name: "DuckDB \(version) resolve + rank from its file", samples: [median, minimum]))
    }
    printTable(results)
    for (label, peak) in [("first rank (scores the year)", first.peakKiB), ("later rank", rankPeakKiB)] {
        print(
            String(
                format: "%@ peak memory: %.0f MB, %.1f KB per unit; %.1f KB per unit above the process's own %.0f MB",
                label, Double(peak) / 1024, Double(peak) * 1.024 / Double(count),
                Double(peak - floor) * 1.024 / Double(count), Double(floor) / 1024))
    }
    let readBack = FileManager.default.contentsEqual(atPath: folder + "/rank.csv", andPath: folder + "/rank-stored.csv")
    print("stored ranking read back as computed: \(readBack ? "yes" : "NO")")
    guard let duckMedian else {
        print("DuckDB: not measured (pip install duckdb)")
        return
    }
    let stored = results.first { $0.name == "rank (whole process)" }?.median ?? .nan
    print(String(format: "rank (whole process) ÷ DuckDB: %.2f", stored / duckMedian))
    print(String(format: "first rank after the import ÷ DuckDB: %.2f", first.seconds / duckMedian))
    // The identity check: every unit's rank.
    func ranks(_ text: String, unitColumn: Int, rankColumn: Int) -> [String: String] {
        var found: [String: String] = [:]
        for line in text.split(separator: "\n") {
            let cells = line.split(separator: ",", omittingEmptySubsequences: false).map(String.init)
            guard cells.count > max(unitColumn, rankColumn) else { continue }
            found[cells[unitColumn]] = cells[rankColumn]
        }
        return found
    }
    let ours = (try? String(contentsOfFile: folder + "/rank.csv", encoding: .utf8)) ?? ""
    let header = ours.split(separator: "\n").first.map { $0.split(separator: ",").map(String.init) } ?? []
    let expected = ranks(
        ours, unitColumn: header.firstIndex(of: "unit_id") ?? 0, rankColumn: header.firstIndex(of: "rank") ?? 0)
    let theirs = ranks(
        (try? String(contentsOfFile: folder + "/duck-rank.csv", encoding: .utf8)) ?? "", unitColumn: 0, rankColumn: 1)
    let differing = theirs.filter { expected[$0.key] != $0.value }
    print(
        "ranks identical to DuckDB's: \(differing.isEmpty && theirs.count == count ? "yes (\(count) units)" : "NO — \(differing.count) of \(theirs.count) differ, e.g. \(differing.first.map { "\($0.key): cchc \(expected[$0.key] ?? "—"), DuckDB \($0.value)" } ?? "")")"
    )
}

/// Writes `unit_id,criterion_id,stage,points`: a self-assessment for every leaf of the bench set
/// and an appraisal for nine leaves in ten (never above the self-assessment). Returns the rows.
private func writeTwoStageScores(to path: String, units: Int) throws -> Int {
    _ = FileManager.default.createFile(atPath: path, contents: nil)
    guard let handle = FileHandle(forWritingAtPath: path) else { throw CocoaError(.fileWriteUnknown) }
    defer { try? handle.close() }
    var random = SplitMix64Generator(seed: 2025)
    var chunk = "unit_id,criterion_id,stage,points\n"
    var rows = 0
    for unit in 0..<units {
        for field in 1...10 {
            for leaf in 1...10 {
                let own = Double(Int(random.unit() * 5)) / 4
                chunk += "u\(unit),\(field).\(leaf),self,\(own)\n"
                rows += 1
                if random.unit() < 0.9 {
                    chunk += "u\(unit),\(field).\(leaf),appraisal1,\(Double(Int(random.unit() * (own * 4 + 1))) / 4)\n"
                    rows += 1
                }
            }
        }
        if chunk.utf8.count > 1 << 20 {
            handle.write(Data(chunk.utf8))
            chunk = ""
        }
    }
    handle.write(Data(chunk.utf8))
    return rows
}
