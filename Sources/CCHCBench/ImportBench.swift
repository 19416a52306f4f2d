import CCHCTesting
import Foundation

/// `cchc-bench import [--units N] [--runs N] [DIR]`: a scores import of N × 100 rows into a
/// workspace and a full rescore afterwards, beside sqlite3's own `.import` of the same CSV.
func importBenchmark(_ arguments: [String], ownDirectory: String, scratch: String) throws {
    let units = option("--units", in: arguments).flatMap { Int($0) } ?? 10_000
    let runs = option("--runs", in: arguments).flatMap { Int($0) } ?? 3
    let directory = positional(arguments, flags: ["--units", "--runs"]).first ?? ownDirectory
    let cchc = directory + "/cchc"
    let rows = units * 100
    let folder = scratch + "/import"
    try FileManager.default.createDirectory(atPath: folder, withIntermediateDirectories: true)
    let (set, unitsFile, scores) = (folder + "/bench.yaml", folder + "/units.csv", folder + "/scores.csv")
    try Generated.criteriaYAML().write(toFile: set, atomically: true, encoding: .utf8)
    try Generated.unitsCSV(count: units).write(toFile: unitsFile, atomically: true, encoding: .utf8)
    try Generated.writeScoresCSV(to: scores, units: units)
    let template = folder + "/template.cchc"
    let setup = timeRun(
        [
            cchc, "--workspace", template, "-c", "year 2024", "-c", "criteria load \(set)", "-c",
            "import units \(unitsFile)",
        ],
        dataHome: scratch)
    guard setup.status == 0 else { fatalError("setting up the workspace failed (\(setup.status))") }
    let workspace = folder + "/w.cchc"
    func fresh(_ path: String) {
        for suffix in ["", "-wal", "-shm"] { try? FileManager.default.removeItem(atPath: path + suffix) }
    }
    func copyTemplate() {
        fresh(workspace)
        try? FileManager.default.copyItem(atPath: template, toPath: workspace)
    }
    let sqlite = "/usr/bin/sqlite3"
    var results: [Figures] = []

    results.append(
        measure("cchc import scores (\(rows) rows, new workspace copy)", runs: runs, warmUp: 1) {
            copyTemplate()
            let run = timeRun([cchc, "--workspace", workspace, "-c", "import scores \(scores)"], dataHome: scratch)
            precondition(run.status == 0, "the import failed")
            return run.seconds
        })
    results.append(
        measure("cchc import scores --check (reads and checks only)", runs: runs, warmUp: 0) {
            timeRun([cchc, "--workspace", workspace, "-c", "import scores \(scores) --check"], dataHome: scratch)
                .seconds
        })
    results.append(
        measure("cchc import scores again (all \(rows) unchanged)", runs: runs, warmUp: 0) {
            timeRun([cchc, "--workspace", workspace, "-c", "import scores \(scores)"], dataHome: scratch).seconds
        })
    results.append(
        measure("cchc rank --set bench (load \(rows) values, score, rank)", runs: runs, warmUp: 1) {
            timeRun([cchc, "--workspace", workspace, "--format", "csv", "-c", "rank --set bench"], dataHome: scratch)
                .seconds
        })
    let plain = folder + "/plain.db"
    results.append(
        measure("sqlite3 .import into a new plain table (no keys)", runs: runs, warmUp: 1) {
            fresh(plain)
            return timeRun([sqlite, plain, ".import --csv \(scores) scores"], dataHome: scratch).seconds
        })
    let keyed = folder + "/keyed.db"
    results.append(
        measure("sqlite3 .import into a keyed table, WAL (as cchc's)", runs: runs, warmUp: 1) {
            fresh(keyed)
            return timeRun(
                [
                    sqlite, keyed, "PRAGMA journal_mode=WAL",
                    "CREATE TABLE scores (unit_id TEXT NOT NULL, criterion_id TEXT NOT NULL, stage TEXT NOT NULL, points REAL, PRIMARY KEY (unit_id, criterion_id, stage)) WITHOUT ROWID",
                    ".import --csv --skip 1 \(scores) scores",
                ], dataHome: scratch
            ).seconds
        })
    results.append(
        measure("sqlite3 .import + INSERT…SELECT into the workspace table", runs: runs, warmUp: 1) {
            copyTemplate()
            return timeRun(
                [
                    sqlite, workspace, "CREATE TEMP TABLE staging (unit_id, criterion_id, stage, points)",
                    ".import --csv --skip 1 \(scores) staging",
                    "INSERT INTO assessments (unit_id, year, criterion_id, stage, points) SELECT unit_id, 2024, criterion_id, stage, points FROM staging",
                ], dataHome: scratch
            ).seconds
        })
    print("rows: \(rows) (\(units) units × 100 leaves); runs per command: \(runs); times in seconds")
    printTable(results, unit: "s", scale: 1)
    let ours = results[0].median
    print(String(format: "cchc import: %.0f rows/s", Double(rows) / ours))
    for peer in results[4...] {
        print(String(format: "cchc import ÷ %@: %.2f", peer.name, ours / peer.median))
    }
}
