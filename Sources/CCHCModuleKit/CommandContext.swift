import ArgumentParser
import CCHCCore
import Foundation

/// One kind of output line.
public enum OutputKind: Sendable, Equatable {
    /// Normal output (standard output in scripts).
    case output
    /// An error (standard error in scripts).
    case error
    /// An acknowledgement or remark in a format a program reads (json, jsonl, csv, markdown):
    /// standard error in scripts, so standard output carries only the data.
    case note
}

/// A piece of output produced by a command.
public struct OutputChunk: Sendable, Equatable {
    /// Output or error.
    public var kind: OutputKind
    /// The text, without a final newline.
    public var text: String
    /// Creates a chunk.
    public init(kind: OutputKind, text: String) {
        self.kind = kind
        self.text = text
    }
}

/// A module's own state in a ``CommandContext``, kept for the life of the REPL session
/// (Hummingbird's and SwiftUI's typed keys): `context[ExportLanguage.self]`.
public protocol CommandContextKey {
    /// The state's type.
    associatedtype Value
    /// The state before a command set it.
    static var defaultValue: Value { get }
}

/// What the REPL hands each command: the evaluation it works on, where its output goes and in
/// which mode, the REPL's own state (the scenario in use, quit, progress, the folder of scripts
/// and transcripts) and the modules' own state.
///
/// The same context serves the interactive REPL, scripts, standard input and transcript replay.
public final class CommandContext {
    /// The composed modules.
    public let registry: ModuleRegistry
    /// The evaluation commands query and change.
    public let evaluation: Evaluation
    /// The output format of query commands (an exporter id).
    public var format = "table" {
        didSet {
            // A command that switches to json or jsonl (`mode json`) answers in it: one document.
            if commandDocument == nil, let line = commandLine, Self.documentFormats.contains(format) {
                commandDocument = CommandDocument(line: line, compact: format == "jsonl")
            }
        }
    }
    /// The line of the command running (between ``beginCommand(_:)`` and ``endCommand(succeeded:)``).
    private var commandLine: String?
    /// Set when `quit` runs.
    public var quitRequested = false
    /// Output written since the last ``takeOutput()``.
    public private(set) var output: [OutputChunk] = []
    /// Shows the progress of long work (set only on a terminal; scripts stay quiet).
    public var progress: (@Sendable (String) -> Void)?

    /// Whether the user pressed Ctrl-C since the command began (set only on a terminal). Long
    /// computations (simulate, goal-seek, plans) check it and stop with a `CancellationError`.
    public var interrupted: (@Sendable () -> Bool)?
    /// The folder relative paths are resolved against (the transcript's folder in replays).
    public var baseDirectory: String?
    /// The scenario scoring commands work on (`scenario use`); `baseline` is the data as loaded.
    public var currentScenario = Scenario.baseline
    /// Standard output for commands that stream a file to it (`cchc sample dossiers` on the
    /// command line); `nil` in the REPL, scripts and transcripts, where output is lines.
    public var streamOutput: FileHandle?

    private var moduleState: [ObjectIdentifier: Any] = [:]
    /// While set, ``emit(_:)`` collects reports here instead of writing them.
    private var capturedReports: [Report]?

    /// Creates a context over an evaluation.
    public init(registry: ModuleRegistry, evaluation: Evaluation) {
        self.registry = registry
        self.evaluation = evaluation
    }

    /// A module's state (its ``CommandContextKey/defaultValue`` until set).
    public subscript<Key: CommandContextKey>(_ key: Key.Type) -> Key.Value {
        get { moduleState[ObjectIdentifier(key)] as? Key.Value ?? Key.defaultValue }
        set { moduleState[ObjectIdentifier(key)] = newValue }
    }

    // MARK: Output

    /// Writes normal output (one or more lines): prose on screen; in a format a program reads,
    /// a remark for standard error, or (json, jsonl) a message of the command's one document.
    public func write(_ text: String) {
        if let document = commandDocument {
            document.messages.append(text)
        } else {
            output.append(OutputChunk(kind: format == "table" ? .output : .note, text: text))
        }
    }

    // MARK: One document per command

    /// What one command gave in a JSON format, written as one document when it ends.
    final class CommandDocument {
        let line: String
        /// jsonl: the document on one line (the format when the command began).
        let compact: Bool
        var reports: [Report] = []
        var messages: [String] = []
        init(line: String, compact: Bool) {
            self.line = line
            self.compact = compact
        }
    }

    /// Set between ``beginCommand(_:)`` and ``endCommand(succeeded:)`` when the format is json or
    /// jsonl.
    private var commandDocument: CommandDocument?

    /// The formats whose every command writes exactly one document.
    public static let documentFormats: Set<String> = ["json", "jsonl"]

    /// Starts a command typed as `line`: in json and jsonl, what it reports and writes is kept
    /// for one document.
    public func beginCommand(_ line: String) {
        commandLine = line
        commandDocument =
            Self.documentFormats.contains(format) ? CommandDocument(line: line, compact: format == "jsonl") : nil
    }

    /// Ends the command: in json and jsonl, writes its one document — its reports merged (with
    /// its messages as `messages`), or for a command that reports nothing, what it did:
    /// `{"command": "scenario new x", "ok": true, "messages": ["Created scenario 'x' …"]}`.
    /// A command that failed writes `"ok": false` with what it said (its errors go to standard
    /// error), so a script always reads one document per command.
    public func endCommand(succeeded: Bool) {
        commandLine = nil
        guard let document = commandDocument else { return }
        commandDocument = nil
        let compact = document.compact
        if let report = Report.merged(document.reports) {
            let text = JSONExporter(compact: compact).document(report, messages: document.messages)
            output.append(OutputChunk(kind: .output, text: text))
        } else {
            let members: [(String, String)] = [
                ("command", JSONExporter.string(URLText.withoutSecrets(document.line))),
                ("ok", succeeded ? "true" : "false"),
                ("messages", "[" + document.messages.map(JSONExporter.string).joined(separator: ", ") + "]"),
            ]
            output.append(OutputChunk(kind: .output, text: JSONExporter(compact: compact).object(members)))
        }
    }

    /// Writes an error line (never with a password in it: errors echo what was typed).
    public func writeError(_ text: String) {
        output.append(OutputChunk(kind: .error, text: URLText.withoutSecrets(text)))
    }

    /// Runs `body` and returns the reports it emitted, which are not written (used by `export`).
    /// - Throws: what `body` throws.
    public func capturingReports(_ body: () throws -> Void) rethrows -> [Report] {
        let previous = capturedReports
        capturedReports = []
        defer { capturedReports = previous }
        try body()
        return capturedReports ?? []
    }

    /// Runs the command `words` name and returns what it reports, merged into one report,
    /// without writing it (`export` runs `rank`, `explain --scorecard`, … this way).
    /// - Throws: ``UserError`` when the words do not parse or the command reports nothing; the
    ///   command's own error.
    public func capture(_ words: [String]) throws -> Report {
        let line = words.joined(separator: " ")
        let parsed: ParsedCommand
        do throws(CommandParseError) {
            parsed = try registry.parse(words)
        } catch {
            switch error {
            case .unknownCommand(let name): throw UserError("'\(name)' is not available")
            case .arguments(let owned, let error):
                let message =
                    owned.value.message(for: error).split(separator: "\n").first.map(String.init) ?? "\(error)"
                throw UserError("\(message) (in '\(line)')")
            }
        }
        guard var command = parsed.command as? any WorkbenchCommand else {
            throw UserError("'\(line)' has nothing to export")
        }
        let reports = try capturingReports { try command.run(in: self) }
        guard let report = Report.merged(reports) else { throw UserError("'\(line)' produced nothing to export") }
        return report
    }

    /// Renders `report` in the current format and writes it.
    /// - Throws: ``UserError`` for an unknown format; the exporter's error.
    public func emit(_ report: Report) throws {
        // A row with more or fewer cells than its table has columns is a command's bug: every
        // debug run (the tests) stops at it rather than shifting fields silently.
        assert(
            report.tables.allSatisfy { table in table.rows.allSatisfy { $0.count == table.columns.count } },
            "a row of \(report.title ?? "a report") does not match its table's columns")
        if capturedReports != nil {
            capturedReports?.append(report)
            return
        }
        if let document = commandDocument {
            document.reports.append(report)
            return
        }
        guard let exporter = registry.exporter(format) else { throw UserError("Unknown output format '\(format)'") }
        var text = String(decoding: try exporter.export(report), as: UTF8.self)
        if text.hasSuffix("\n") { text.removeLast() }
        output.append(OutputChunk(kind: .output, text: text))
        // CSV has no place for remarks: they go beside it, to standard error.
        if format == "csv" {
            for note in report.allNotes { output.append(OutputChunk(kind: .note, text: "Note: \(note)")) }
        }
    }

    /// Returns and clears the output written so far.
    public func takeOutput() -> [OutputChunk] {
        defer { output.removeAll() }
        return output
    }

    // MARK: Paths

    /// `path` resolved against ``baseDirectory`` (absolute paths and `~` are kept).
    /// A file named in decomposed Unicode (as macOS writes names) is found when typed in either
    /// form: words are NFC once typed, so when no file has the NFC name, the NFD one is tried.
    public func resolvePath(_ path: String) -> String {
        let expanded = PathText.expandingTilde(path)
        let full = baseDirectory.flatMap { expanded.hasPrefix("/") ? nil : PathText.joined($0, expanded) } ?? expanded
        return PathText.existingForm(of: full)
    }

    /// What the session works on, for the startup line.
    public var dataDescription: String {
        switch evaluation.location {
        case .file(let path): "workspace \(path)"
        case .memory: "an in-memory workspace (nothing is saved)"
        case nil: "workspace not opened yet"
        }
    }
}
