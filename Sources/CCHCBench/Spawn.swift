import CPseudoTerminal
import Foundation

#if canImport(Glibc)
    import Glibc
#elseif canImport(Darwin)
    import Darwin
#endif

/// Seconds on the monotonic clock.
func now() -> Double {
    var spec = timespec()
    clock_gettime(CLOCK_MONOTONIC, &spec)
    return Double(spec.tv_sec) + Double(spec.tv_nsec) / 1e9
}

/// The environment for spawned programs: a scratch data folder, a UTF-8 locale, a terminal type.
func environment(dataHome: String) -> [String] {
    var env = ProcessInfo.processInfo.environment
    env["XDG_DATA_HOME"] = dataHome
    env["TERM"] = "xterm"
    env["LANG"] = "C.UTF-8"
    return env.map { "\($0)=\($1)" }
}

func withCStrings<R>(_ strings: [String], _ body: ([UnsafeMutablePointer<CChar>?]) -> R) -> R {
    let pointers = strings.map { strdup($0) } + [nil]
    defer { pointers.forEach { free($0) } }
    return body(pointers)
}

/// Spawns `command` (standard input from `input` or /dev/null, output to `output` or /dev/null,
/// errors to `errors` or /dev/null), waits, and returns (seconds, exit status).
@discardableResult
func timeRun(
    _ command: [String], dataHome: String, input: String? = nil, output: String? = nil, errors: String? = nil
) -> (
    seconds: Double, status: Int32, peakKiB: Int
) {
    var actions = posix_spawn_file_actions_t()
    posix_spawn_file_actions_init(&actions)
    defer { posix_spawn_file_actions_destroy(&actions) }
    posix_spawn_file_actions_addopen(&actions, 0, input ?? "/dev/null", O_RDONLY, 0)
    posix_spawn_file_actions_addopen(&actions, 1, output ?? "/dev/null", O_WRONLY | O_CREAT | O_TRUNC, 0o644)
    posix_spawn_file_actions_addopen(&actions, 2, errors ?? "/dev/null", O_WRONLY | O_CREAT | O_TRUNC, 0o644)
    var pid: pid_t = 0
    let start = now()
    let status = withCStrings(command) { argv in
        withCStrings(environment(dataHome: dataHome)) { envp in
            posix_spawnp(&pid, command[0], &actions, nil, argv, envp)
        }
    }
    guard status == 0 else {
        FileHandle.standardError.write(Data("cannot start \(command[0]): \(String(cString: strerror(status)))\n".utf8))
        exit(1)
    }
    var wstatus: Int32 = 0
    var usage = rusage()
    wait4(pid, &wstatus, 0, &usage)
    return (now() - start, (wstatus >> 8) & 0xff, Int(usage.ru_maxrss))
}

/// Starts `cchc` (with `arguments`) on a pseudo-terminal and returns the seconds until its
/// prompt appears.
func timeToPrompt(_ cchc: String, arguments: [String] = [], dataHome: String) -> Double {
    var name = [CChar](repeating: 0, count: 256)
    let master = cpt_open_master(&name, name.count, 40, 120)
    guard master >= 0 else { fatalError("no pseudo-terminal") }
    let start = now()
    let pid = withCStrings([cchc] + arguments) { argv in
        withCStrings(environment(dataHome: dataHome)) { envp in cpt_spawn(cchc, argv, envp, name, master) }
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

/// Timings of one command.
struct Figures {
    let name: String
    let samples: [Double]
    var median: Double {
        let sorted = samples.sorted()
        return sorted[sorted.count / 2]
    }
    var minimum: Double { samples.min() ?? 0 }
}

/// Runs `body` after `warmUp` untimed runs, `runs` times.
func measure(_ name: String, runs: Int, warmUp: Int = 3, _ body: () -> Double) -> Figures {
    for _ in 0..<warmUp { _ = body() }
    return Figures(name: name, samples: (0..<runs).map { _ in body() })
}

/// The value after `flag` in the arguments.
func option(_ flag: String, in arguments: [String]) -> String? {
    guard let index = arguments.firstIndex(of: flag), index + 1 < arguments.count else { return nil }
    return arguments[index + 1]
}

/// The arguments that are neither flags nor their values.
func positional(_ arguments: [String], flags: Set<String>) -> [String] {
    var found: [String] = []
    var skip = false
    for argument in arguments {
        if skip {
            skip = false
        } else if flags.contains(argument) {
            skip = true
        } else {
            found.append(argument)
        }
    }
    return found
}

func printTable(_ results: [Figures], unit: String = "ms", scale: Double = 1000) {
    print("command".padding(toLength: 62, withPad: " ", startingAt: 0) + "   median      min   (\(unit))")
    for figure in results {
        print(
            figure.name.padding(toLength: 62, withPad: " ", startingAt: 0)
                + String(format: "%9.2f %8.2f", figure.median * scale, figure.minimum * scale))
    }
}
