import CCHCCore
import Foundation

/// Where `swift build` put the executables (next to the test bundle).
public enum Products {
    /// The folder holding `cchc`.
    public static var directory: URL {
        let candidates = [Bundle.main.bundleURL] + Bundle.allBundles.map(\.bundleURL)
        for candidate in candidates {
            var folder = candidate
            for _ in 0..<3 {
                if FileManager.default.isExecutableFile(atPath: folder.appendingPathComponent("cchc").path) {
                    return folder
                }
                folder = folder.deletingLastPathComponent()
            }
        }
        return Sessions.packageRoot.appendingPathComponent(".build/debug")
    }

    /// Starts `cchc` with arguments (standard streams discarded) and returns the running process.
    public static func startCCHC(
        _ arguments: [String], environment extra: [String: String] = [:], standardError: String? = nil
    ) throws -> Process {
        let process = Process()
        process.executableURL = directory.appendingPathComponent("cchc")
        process.arguments = arguments
        var environment = ProcessInfo.processInfo.environment
        environment["LANG"] = "C.UTF-8"
        // A fresh data folder, removed when the process ends (unless the caller names its own).
        let home = try TemporaryFolder("cchc-run")
        environment["XDG_DATA_HOME"] = home.path
        for (key, value) in extra { environment[key] = value }
        process.environment = environment
        process.terminationHandler = { _ in _ = home }
        process.standardInput = FileHandle.nullDevice
        process.standardOutput = FileHandle.nullDevice
        if let standardError {
            _ = FileManager.default.createFile(atPath: standardError, contents: nil)
            process.standardError = FileHandle(forWritingAtPath: standardError)
        } else {
            process.standardError = FileHandle.nullDevice
        }
        try process.run()
        return process
    }

    /// Runs `cchc` with arguments and standard input; returns (status, stdout, stderr).
    public static func runCCHC(_ arguments: [String], stdin: String = "", in folder: URL? = nil) throws -> (
        status: Int32, stdout: String, stderr: String
    ) {
        var environment = ProcessInfo.processInfo.environment
        environment["LANG"] = "C.UTF-8"
        // Never the user's own default workspace: a fresh data folder per run, removed after it.
        let home = try TemporaryFolder("cchc-run")
        environment["XDG_DATA_HOME"] = home.path
        return try withExtendedLifetime(home) {
            try run(
                directory.appendingPathComponent("cchc"), arguments, stdin: stdin, in: folder,
                environment: environment)
        }
    }

    /// Runs `executable` (a path, or a program found through `/usr/bin/env`) to its end.
    public static func run(
        _ executable: URL, _ arguments: [String], stdin: String = "", in folder: URL? = nil,
        environment: [String: String]? = nil
    ) throws -> (status: Int32, stdout: String, stderr: String) {
        let process = Process()
        if let folder { process.currentDirectoryURL = folder }
        process.executableURL = executable
        process.arguments = arguments
        if let environment { process.environment = environment }
        let input = Pipe()
        let output = Pipe()
        let errors = Pipe()
        process.standardInput = input
        process.standardOutput = output
        process.standardError = errors
        try process.run()
        input.fileHandleForWriting.write(Data(stdin.utf8))
        try input.fileHandleForWriting.close()
        let out = output.fileHandleForReading.readDataToEndOfFile()
        let err = errors.fileHandleForReading.readDataToEndOfFile()
        process.waitUntilExit()
        return (process.terminationStatus, String(decoding: out, as: UTF8.self), String(decoding: err, as: UTF8.self))
    }
}
