import Foundation

/// `cchc-bench [startup] [--runs N] [DIR…]`: startup of `cchc` beside the Swift + Foundation
/// floor (`cchc-floor`, a minimal Foundation program) and sqlite3. Each DIR holds a `cchc`, a
/// `cchc-floor` and a `cchc-bench` built the same way, so each is compared with its own floor.
func startupBenchmark(_ arguments: [String], ownDirectory: String, scratch: String) {
    let runs = option("--runs", in: arguments).flatMap { Int($0) } ?? 40
    var directories = positional(arguments, flags: ["--runs"])
    if directories.isEmpty { directories = [ownDirectory] }
    var results: [Figures] = []
    if FileManager.default.isExecutableFile(atPath: "/usr/bin/sqlite3") {
        results.append(
            measure("sqlite3 :memory: .quit", runs: runs) {
                timeRun(["/usr/bin/sqlite3", ":memory:", ".quit"], dataHome: scratch).seconds
            })
    }
    var summaries: [String] = []
    for directory in directories {
        let cchc = directory + "/cchc"
        guard FileManager.default.isExecutableFile(atPath: directory + "/cchc-floor") else {
            print("\(directory)/cchc-floor is missing: build it the same way as cchc (--product cchc-floor)")
            exit(1)
        }
        let label = directory.count > 24 ? "…" + directory.suffix(23) : directory
        // The default workspace exists after the first run (which creates it with the sample).
        timeRun([cchc, "-c", "year"], dataHome: scratch)
        // The floor is `cchc-floor`, a minimal Foundation program; `cchc-bench hello` (which links
        // the benchmark's own dependencies) is shown beside it for the older figures.
        let floor = measure("[\(label)] minimal Foundation hello (floor)", runs: runs) {
            timeRun([directory + "/cchc-floor"], dataHome: scratch).seconds
        }
        let benchHello = measure("[\(label)] cchc-bench hello (links the workbench)", runs: runs) {
            timeRun([directory + "/cchc-bench", "hello"], dataHome: scratch).seconds
        }
        let quit = measure("[\(label)] cchc -c quit", runs: runs) {
            timeRun([cchc, "-c", "quit"], dataHome: scratch).seconds
        }
        let prompt = measure("[\(label)] cchc to first prompt (pty, opens the workspace)", runs: runs) {
            timeToPrompt(cchc, dataHome: scratch)
        }
        let rank = measure("[\(label)] cchc -c rank (YAML, workspace, scoring)", runs: runs) {
            timeRun([cchc, "-c", "rank"], dataHome: scratch).seconds
        }
        results += [floor, benchHello, quit, prompt, rank]
        for (name, figure) in [("-c quit", quit), ("first prompt", prompt)] {
            let own = figure.median - floor.median
            summaries.append(
                String(
                    format: "[%@] cchc's own startup work (%@ − floor): %.2f ms = %.0f%% of the floor (goal: < 50%%)",
                    label, name, own * 1000, own / floor.median * 100))
        }
    }
    print("runs per command: \(runs) (after 3 warm-up runs)")
    printTable(results)
    summaries.forEach { print($0) }
}
