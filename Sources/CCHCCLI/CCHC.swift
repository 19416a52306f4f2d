import ArgumentParser
import CCHCCore
import CCHCModuleKit
import CCHCREPL
import Foundation
import LineEditing

/// Options shared by the REPL, `run` and `replay`.
struct GlobalOptions: ParsableArguments {
    @Option(name: [.short, .customLong("command")], help: "Run this command and exit (repeatable).")
    var commands: [String] = []

    @Option(
        name: .long, help: "Output format: table, json, jsonl, csv or markdown.",
        transform: { $0.lowercased() })  // `JSON` as `json`
    var format: String?

    @Option(name: .long, help: "Open or create the workspace file at PATH.")
    var workspace: String?

    @Flag(name: .long, help: "Use the bundled sample year (synthetic data), in memory.")
    var sample = false

    @Flag(name: .long, help: "Start with an empty in-memory workspace (nothing is written).")
    var memory = false

    @Option(name: .customLong("as"), help: "The actor recorded in the audit log (default: the OS user).")
    var actor: String?

    @Flag(name: .long, help: "In scripts, stop at the first command that fails.")
    var bail = false

    func validate() throws {
        if let workspace, workspace.trimmingCharacters(in: .whitespaces).isEmpty {
            throw ValidationError("--workspace needs the workspace file's path")
        }
        if [sample, memory, workspace != nil].filter({ $0 }).count > 1 {
            throw ValidationError("Use only one of --workspace, --sample and --memory")
        }
    }

    /// The data the flags ask for; without any, the user's default workspace (created with the
    /// sample year on first use).
    var startingData: Workbench.StartingData {
        if let workspace { return .workspace(PathText.existingForm(of: PathText.expandingTilde(workspace))) }
        if memory { return .empty }
        if sample { return .sample }
        if let path = Workbench.defaultWorkspacePath(ProcessInfo.processInfo.environment) {
            return .defaultWorkspace(path)
        }
        return .sample
    }

    func makeEngine() throws -> Engine {
        var isFolder: ObjCBool = false
        if case .workspace(let path) = startingData,
            FileManager.default.fileExists(atPath: path, isDirectory: &isFolder),
            isFolder.boolValue
        {
            // Refused before any command, as a missing folder is (exit 64), not by each command.
            throw ValidationError(
                "Cannot open workspace '\(workspace ?? path)': it is a folder; give the workspace file's path")
        }
        if case .workspace(let path) = startingData, !FileManager.default.fileExists(atPath: path) {
            // A new workspace where asked, but not in a folder a typing mistake would make.
            let folder = PathText.folder(of: path)
            var isFolder: ObjCBool = false
            guard
                folder.isEmpty
                    || (FileManager.default.fileExists(atPath: folder, isDirectory: &isFolder) && isFolder.boolValue)
            else {
                throw ValidationError(
                    "No folder '\(folder)' for the workspace '\(workspace ?? path)'; check the path, or create the folder first"
                )
            }
            // Said in JSON too (a mistyped path would otherwise give an empty ranking that looks
            // like success), as an object: standard error carries only JSON objects then.
            let note = "no workspace at \(workspace ?? path) yet; a new, empty one is made there"
            FileHandle.standardError.write(
                Data(
                    (format == "json" || format == "jsonl"
                        ? "{\"note\": \(JSONExporter.string(note))}\n" : "Note: \(note)\n").utf8))
        }
        let context = try Workbench.makeContext(data: startingData, actor: actor ?? Workbench.defaultActor())
        if let format {
            // The formats the composed modules show on screen, as `mode` lists them.
            let formats = context.registry.exporters.filter(\.value.showsOnScreen).map(\.value.id)
            guard formats.contains(format) else {
                throw ValidationError(
                    "Unknown format '\(format)'"
                        + Suggestions.hint(
                            for: format, in: formats, otherwise: "; expected \(formats.joined(separator: ", "))"))
            }
            context.format = format
        }
        return Engine(context: context)
    }
}

@main
struct CCHC: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "cchc",
        abstract: "CCHC Workbench: evaluate and rank administrative reform (cải cách hành chính).",
        discussion: """
            Without arguments, opens the interactive workbench on your default workspace file \
            (created with the bundled sample year on first use; --workspace opens another). Commands \
            can also come from -c, from a script file (run) or from standard input, one a line. \
            'cchc help COMMAND' (or 'cchc COMMAND --help') shows a workbench command's help.

            Exit status: 0 when every command succeeded, 1 when any failed (the rest still ran), \
            64 for bad flags.
            """,
        version: Workbench.version,
        subcommands: [RunScript.self, Replay.self, SampleFiles.self]
    )

    @OptionGroup var options: GlobalOptions

    /// argument-parser's entry point, except that with `--format json` or `jsonl` a bad flag is
    /// also one JSON object on standard error, as every other error is then.
    static func main() {
        let typed = Array(CommandLine.arguments.dropFirst())
        let arguments = workbenchHelp(typed) ?? typed
        var command: any ParsableCommand
        do {
            command = try parseAsRoot(arguments)
        } catch {
            // Help and the version print as argument-parser writes them; a bad flag is one line.
            guard exitCode(for: error) != .success else { exit(withError: error) }
            refuse(badFlag(error), arguments: arguments, status: exitCode(for: error))
        }
        // A write kept waiting by another program's says so (standard error carries only JSON
        // objects in the JSON formats).
        if !wantsJSON(arguments) { BusyWait.notice = { printError($0) } }
        do {
            try command.run()
        } catch {
            // A flag refused once read (a missing folder, an unknown format) is one line, with
            // json or jsonl one JSON object; a failure already told (exit 1) is only its status.
            // In text, one line too, without the usage: the line says what to do.
            guard exitCode(for: error) == .validationFailure else { exit(withError: error) }
            let message = message(for: error).split(separator: "\n").first.map(String.init) ?? "\(error)"
            refuse(message, arguments: arguments, status: exitCode(for: error))
        }
    }

    /// Writes a refused flag's one line to standard error (with json or jsonl, as a JSON
    /// object) and exits with `status`.
    static func refuse(_ message: String, arguments: [String], status: ExitCode) -> Never {
        if wantsJSON(arguments) {
            FileHandle.standardError.write(Data((Engine.errorDocument(message, location: nil) + "\n").utf8))
        } else {
            printError("Error: \(message)")
        }
        Foundation.exit(status.rawValue)
    }

    /// The help of a workbench command asked for on the command line (`cchc help import`,
    /// `cchc import dossiers --help`, `cchc sample dossiers --help`), as the arguments that show
    /// it (`--memory -c 'help import dossiers'`: help reads no workspace); nil for anything else,
    /// which argument-parser reads (its help of `cchc`, `run` and `replay` among it).
    static func workbenchHelp(_ arguments: [String]) -> [String]? {
        guard let first = arguments.first, !first.hasPrefix("-"), !["run", "replay"].contains(first) else {
            return nil
        }
        let words = arguments.prefix { !$0.hasPrefix("-") }
        let asksHelp = arguments.contains("--help") || arguments.contains("-h")
        let topic: [String]
        if first == "help", words.count > 1 {
            topic = Array(words.dropFirst())
        } else if asksHelp, first != "help" {
            // `sample`'s words are its options: its help is the whole command's.
            topic = first == "sample" ? ["sample"] : Array(words)
        } else {
            return nil
        }
        let command = (["help"] + topic).map { $0.contains(" ") ? "\"\($0)\"" : $0 }.joined(separator: " ")
        return ["--memory", "-c", command]
    }

    /// A flag argument-parser refused, in one line with what to do: a command typed as
    /// arguments (`cchc rank`, `cchc import dossiers x.csv`) is shown after `-c`, the others
    /// point to `cchc --help`.
    static func badFlag(_ error: any Error) -> String {
        let first = message(for: error).split(separator: "\n").first.map(String.init) ?? "\(error)"
        if let match = first.firstMatch(of: #/^(?:\d+ u|U)nexpected arguments?:? (.+)$/#) {
            let words = match.1.matches(of: #/'([^']*)'/#).map { String($0.1) }
            let command = words.map { $0.contains(" ") ? "\"\($0)\"" : $0 }.joined(separator: " ")
            return "\(first): workbench commands go after -c (cchc -c '\(command)') or at the prompt; see 'cchc --help'"
        }
        return first + (first.hasSuffix(".") ? "" : ".") + " See 'cchc --help'."
    }

    /// True when the arguments ask for a format a program reads as JSON.
    static func wantsJSON(_ arguments: [String]) -> Bool {
        for (index, argument) in arguments.enumerated() {
            let value =
                argument.hasPrefix("--format=")
                ? String(argument.dropFirst("--format=".count))
                : argument == "--format" && index + 1 < arguments.count ? arguments[index + 1] : nil
            if let value = value?.lowercased(), value == "json" || value == "jsonl" { return true }
        }
        return false
    }

    func run() throws {
        let engine = try options.makeEngine()
        var driver = Driver(engine: engine, bail: options.bail)
        if !options.commands.isEmpty {
            for command in options.commands where !driver.stopped { driver.execute(command, location: nil) }
        } else if Terminal.isInteractive {
            // Only libedit depends on the C locale; piped and -c input is read byte-transparently.
            Terminal.ensureUTF8Locale()
            try Interactive(engine: engine).run()
            return
        } else {
            var number = 0
            while !driver.stopped, let line = readLine(strippingNewline: true) {
                number += 1
                driver.execute(line, location: "<stdin>:\(number)")
            }
        }
        if driver.failed { throw ExitCode.failure }
    }
}

struct RunScript: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "run",
        abstract: "Run a script of commands, one a line ('#' starts a comment), and exit."
    )

    @Argument(help: "The script file.")
    var file: String

    @OptionGroup var options: GlobalOptions

    func run() throws {
        guard let data = FileManager.default.contents(atPath: file) else {
            try fail("Error: Cannot read the script '\(file)'")
        }
        guard let text = String(data: data, encoding: .utf8) else {
            try fail("Error: The script '\(file)' is not UTF-8 text")
        }
        var driver = Driver(engine: try options.makeEngine(), bail: options.bail)
        // "\r\n" is one Character in Swift, so this splits CRLF and LF files alike.
        var lines = text.split(omittingEmptySubsequences: false, whereSeparator: \.isNewline)
        if lines.last == "" { lines.removeLast() }
        for (offset, line) in lines.enumerated() where !driver.stopped {
            driver.execute(String(line), location: "\(file):\(offset + 1)")
        }
        if driver.failed { throw ExitCode.failure }
    }
}

/// `cchc sample …`: the workbench's `sample` command, run once, with standard output as the
/// stream it writes to when no --out is given (so any number of rows fits).
struct SampleFiles: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "sample",
        abstract: "Write a synthetic dossier export: cchc sample dossiers --rows N --seed S [--out FILE].",
        discussion: "The arguments are those of the workbench's 'sample' command ('help sample')."
    )

    @Argument(parsing: .allUnrecognized, help: "What to write (dossiers) and its options.")
    var words: [String] = []

    @OptionGroup var options: GlobalOptions

    func run() throws {
        let engine = try options.makeEngine()
        engine.context.streamOutput = FileHandle.standardOutput
        // Standard output is the file: what the command says (its summary, or with --format
        // json the result document) goes to standard error.
        var driver = Driver(engine: engine, bail: true, outputToStandardError: true)
        driver.execute((["sample"] + words).map(Tokenizer.quoted).joined(separator: " "), location: nil)
        if driver.failed { throw ExitCode.failure }
    }
}

struct Replay: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "replay",
        abstract: "Replay transcripts (.session files) and show a diff for each mismatch."
    )

    @Argument(help: "Transcript files.")
    var files: [String]

    @Flag(name: .long, help: "Rewrite each transcript with the output of this version.")
    var record = false

    func run() throws {
        var failures = 0
        for file in files {
            let url = URL(fileURLWithPath: file)
            guard let expected = try? String(contentsOf: url, encoding: .utf8) else {
                printError("Error: Cannot read the transcript '\(file)'")
                failures += 1
                continue
            }
            let actual = try Transcript.replay(expected, directory: url.deletingLastPathComponent().path)
            if actual == expected {
                print("ok      \(file)")
            } else if record {
                try actual.write(to: url, atomically: true, encoding: .utf8)
                print("record  \(file)")
            } else {
                failures += 1
                print("FAIL    \(file) (- expected, + actual)")
                print(lineDiff(expected: expected, actual: actual))
            }
        }
        if failures > 0 { throw ExitCode.failure }
    }
}

/// Runs lines non-interactively: output to standard output, errors to standard error.
struct Driver {
    let engine: Engine
    let bail: Bool
    /// True when standard output carries a file the command streams (`cchc sample dossiers`).
    let outputToStandardError: Bool
    private(set) var failed = false

    init(engine: Engine, bail: Bool, outputToStandardError: Bool = false) {
        self.engine = engine
        self.bail = bail
        self.outputToStandardError = outputToStandardError
    }

    var stopped: Bool { engine.quitRequested || (bail && failed) }

    mutating func execute(_ line: String, location: String?) {
        let result = engine.execute(line)
        for chunk in result.output {
            switch chunk.kind {
            case .output: if outputToStandardError { printError(chunk.text) } else { print(chunk.text) }
            case .note:
                Terminal.flushStandardOutput()
                printError(chunk.text)
            case .error:
                Terminal.flushStandardOutput()
                if CommandContext.documentFormats.contains(engine.context.format) {
                    printError(Engine.errorDocument(chunk.text, location: location))
                } else {
                    printError((location.map { "\($0): " } ?? "") + chunk.text)
                }
            }
        }
        // A program that reads the answers as they come (a pipe is block-buffered) gets each
        // command's output when it ends.
        Terminal.flushStandardOutput()
        if !result.succeeded { failed = true }
    }
}

/// Writes one line to standard error.
func printError(_ line: String) {
    FileHandle.standardError.write(Data((line + "\n").utf8))
}

/// Writes one line to standard error and exits with status 1.
func fail(_ line: String) throws -> Never {
    // One JSON object on standard error with json or jsonl, as every error is then.
    if CCHC.wantsJSON(Array(CommandLine.arguments.dropFirst())) {
        FileHandle.standardError.write(Data((Engine.errorDocument(line, location: nil) + "\n").utf8))
    } else {
        printError(line)
    }
    throw ExitCode.failure
}
