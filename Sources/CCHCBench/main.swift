// cchc-bench: startup of `cchc` measured beside a Swift + Foundation hello-world (this program's
// `hello` mode) and sqlite3, in the same run. Each DIR holds a `cchc` and a `cchc-bench` built the
// same way, so each pair is compared with its own floor:
//
//     swift build -c release --product cchc && swift build -c release --product cchc-bench
//     swift build -c release --static-swift-stdlib --scratch-path .build-static --product cchc
//     swift build -c release --static-swift-stdlib --scratch-path .build-static --product cchc-bench
//     .build/release/cchc-bench --runs 40 .build/release .build-static/release
//
// Without DIR it measures the programs beside itself.

import CPseudoTerminal
import Foundation

#if canImport(Glibc)
    import Glibc
#elseif canImport(Darwin)
    import Darwin
#endif

let arguments = CommandLine.arguments
if arguments.count > 1 && arguments[1] == "hello" {
    print("hello from \(ProcessInfo.processInfo.processName)")
    exit(0)
}

let runs: Int = {
    guard let index = arguments.firstIndex(of: "--runs"), index + 1 < arguments.count else { return 40 }
    return Int(arguments[index + 1]) ?? 40
}()

let ownDirectory = URL(fileURLWithPath: arguments[0]).deletingLastPathComponent().path
let directories: [String] = {
    var found: [String] = []
    var skip = false
    for argument in arguments.dropFirst() {
        if skip {
            skip = false
        } else if argument == "--runs" {
            skip = true
        } else {
            found.append(argument)
        }
    }
    return found.isEmpty ? [ownDirectory] : found
}()
let scratch = FileManager.default.temporaryDirectory.appendingPathComponent("cchc-bench-\(getpid())").path
try? FileManager.default.createDirectory(atPath: scratch, withIntermediateDirectories: true)
defer { try? FileManager.default.removeItem(atPath: scratch) }

func now() -> Double {
    var spec = timespec()
    clock_gettime(CLOCK_MONOTONIC, &spec)
    return Double(spec.tv_sec) + Double(spec.tv_nsec) / 1e9
}

func environment() -> [String] {
    var env = ProcessInfo.processInfo.environment
    env["XDG_DATA_HOME"] = scratch
    env["TERM"] = "xterm"
    env["LANG"] = "C.UTF-8"
    return env.map { "\($0)=\($1)" }
}

func withCStrings<R>(_ strings: [String], _ body: ([UnsafeMutablePointer<CChar>?]) -> R) -> R {
    let pointers = strings.map { strdup($0) } + [nil]
    defer { pointers.forEach { free($0) } }
    return body(pointers)
}

/// Spawns `command` with standard streams on /dev/null and waits; returns seconds.
func timeRun(_ command: [String]) -> Double {
    var actions = posix_spawn_file_actions_t()
    posix_spawn_file_actions_init(&actions)
    defer { posix_spawn_file_actions_destroy(&actions) }
    posix_spawn_file_actions_addopen(&actions, 0, "/dev/null", O_RDONLY, 0)
    posix_spawn_file_actions_addopen(&actions, 1, "/dev/null", O_WRONLY, 0)
    posix_spawn_file_actions_addopen(&actions, 2, "/dev/null", O_WRONLY, 0)
    var pid: pid_t = 0
    let start = now()
    let status = withCStrings(command) { argv in
        withCStrings(environment()) { envp in posix_spawnp(&pid, command[0], &actions, nil, argv, envp) }
    }
    guard status == 0 else {
        FileHandle.standardError.write(Data("cannot start \(command[0]): \(String(cString: strerror(status)))\n".utf8))
        exit(1)
    }
    var wstatus: Int32 = 0
    waitpid(pid, &wstatus, 0)
    return now() - start
}

/// Starts `cchc` on a pseudo-terminal and returns the seconds until its prompt appears.
func timeToPrompt(_ cchc: String) -> Double {
    var name = [CChar](repeating: 0, count: 256)
    let master = cpt_open_master(&name, name.count, 40, 120)
    guard master >= 0 else { fatalError("no pseudo-terminal") }
    let slave = String(decoding: name.prefix { $0 != 0 }.map { UInt8(bitPattern: $0) }, as: UTF8.self)
    var actions = posix_spawn_file_actions_t()
    posix_spawn_file_actions_init(&actions)
    defer { posix_spawn_file_actions_destroy(&actions) }
    posix_spawn_file_actions_addopen(&actions, 0, slave, O_RDWR, 0)
    posix_spawn_file_actions_adddup2(&actions, 0, 1)
    posix_spawn_file_actions_adddup2(&actions, 0, 2)
    posix_spawn_file_actions_addclose(&actions, master)
    var pid: pid_t = 0
    let start = now()
    _ = withCStrings([cchc]) { argv in
        withCStrings(environment()) { envp in posix_spawn(&pid, cchc, &actions, nil, argv, envp) }
    }
    var seen = [UInt8]()
    var buffer = [UInt8](repeating: 0, count: 4096)
    var elapsed = 0.0
    while true {
        let count = read(master, &buffer, buffer.count)
        if count <= 0 { break }
        seen += buffer[0..<count]
        if String(decoding: seen, as: UTF8.self).contains("cchc> ") {
            elapsed = now() - start
            break
        }
    }
    _ = "quit\n".withCString { write(master, $0, 5) }
    var wstatus: Int32 = 0
    waitpid(pid, &wstatus, 0)
    close(master)
    return elapsed
}

struct Figures {
    let name: String
    let samples: [Double]
    var median: Double { let s = samples.sorted(); return s[s.count / 2] }
    var minimum: Double { samples.min() ?? 0 }
}

func measure(_ name: String, _ body: () -> Double) -> Figures {
    for _ in 0..<3 { _ = body() }  // warm-up
    return Figures(name: name, samples: (0..<runs).map { _ in body() })
}

let hasSQLite = FileManager.default.isExecutableFile(atPath: "/usr/bin/sqlite3")
var results: [Figures] = []
if hasSQLite {
    results.append(measure("sqlite3 :memory: .quit") { timeRun(["/usr/bin/sqlite3", ":memory:", ".quit"]) })
}
var summaries: [String] = []
for directory in directories {
    let cchc = directory + "/cchc"
    let label = directory.count > 24 ? "…" + directory.suffix(23) : directory
    let floor = measure("[\(label)] Foundation hello (floor)") { timeRun([directory + "/cchc-bench", "hello"]) }
    let quit = measure("[\(label)] cchc -c quit") { timeRun([cchc, "-c", "quit"]) }
    let prompt = measure("[\(label)] cchc to first prompt (pty)") { timeToPrompt(cchc) }
    let rank = measure("[\(label)] cchc -c rank (YAML + scoring)") { timeRun([cchc, "-c", "rank"]) }
    results += [floor, quit, prompt, rank]
    for (name, figure) in [("-c quit", quit), ("first prompt", prompt)] {
        let own = figure.median - floor.median
        summaries.append(
            String(
                format: "[%@] cchc's own startup work (%@ − floor): %.2f ms = %.0f%% of the floor (goal: < 50%%)",
                label, name, own * 1000, own / floor.median * 100))
    }
}

print("runs per command: \(runs) (after 3 warm-up runs); times in milliseconds")
print("command".padding(toLength: 58, withPad: " ", startingAt: 0) + "   median      min")
for figure in results {
    print(
        figure.name.padding(toLength: 58, withPad: " ", startingAt: 0)
            + String(format: "%9.2f %8.2f", figure.median * 1000, figure.minimum * 1000))
}
summaries.forEach { print($0) }
