// cchc-bench: the workbench's benchmarks; figures go to docs/performance.md.
//
//     swift build -c release --product cchc && swift build -c release --product cchc-bench
//     .build/release/cchc-bench startup [--runs N] [DIR…]    startup beside a minimal Foundation program
//                                                             (`swift build -c release --product cchc-floor`)
//     .build/release/cchc-bench import [--units N] [--runs N] a 1,000,000-row scores import and a
//                                                             rescore beside sqlite3's .import
//     .build/release/cchc-bench whatif [--units N] [--runs R] rescore, incremental set and simulate
//                                                             at N units beside DuckDB
//     .build/release/cchc-bench dossiers [--rows N] [--runs R] [--office] [--anomalies SHARE] import of an N-row dossier export
//                                                             beside DuckDB read_csv + GROUP BY
//     .build/release/cchc-bench compare [--units N] [--runs R] compare of two years at N units × 100 leaves
//                                                             beside DuckDB joining the two years' points
//     .build/release/cchc-bench national [--units N] [--runs R] the commands a user types at N units × 100
//                                                             leaves, beside DuckDB resolving from its file
//     .build/release/cchc-bench hello                         a hello-world linking the benchmark's libraries

import Foundation

let arguments = Array(CommandLine.arguments.dropFirst())
if arguments.first == "hello" {
    print("hello from \(ProcessInfo.processInfo.processName)")
    exit(0)
}
let ownDirectory = URL(fileURLWithPath: CommandLine.arguments[0]).deletingLastPathComponent().path
let scratch = FileManager.default.temporaryDirectory.appendingPathComponent("cchc-bench-\(getpid())").path
try FileManager.default.createDirectory(atPath: scratch, withIntermediateDirectories: true)
defer { try? FileManager.default.removeItem(atPath: scratch) }
switch arguments.first {
case "import": try importBenchmark(Array(arguments.dropFirst()), ownDirectory: ownDirectory, scratch: scratch)
case "whatif": try whatIfBenchmark(Array(arguments.dropFirst()), scratch: scratch)
case "dossiers": try dossierBenchmark(Array(arguments.dropFirst()), ownDirectory: ownDirectory, scratch: scratch)
case "national": try nationalBenchmark(Array(arguments.dropFirst()), ownDirectory: ownDirectory, scratch: scratch)
case "compare": try compareBenchmark(Array(arguments.dropFirst()), ownDirectory: ownDirectory, scratch: scratch)
case "xlsx": try workbookBenchmark(Array(arguments.dropFirst()), ownDirectory: ownDirectory, scratch: scratch)
case "startup": startupBenchmark(Array(arguments.dropFirst()), ownDirectory: ownDirectory, scratch: scratch)
default: startupBenchmark(arguments, ownDirectory: ownDirectory, scratch: scratch)
}
