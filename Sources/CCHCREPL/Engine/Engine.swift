import ArgumentParser
import CCHCCore
import CCHCModuleKit

/// The REPL engine: runs one input line against a context and returns what it wrote.
///
/// The same engine serves the interactive REPL, scripts, standard input and transcript replay.
public final class Engine {
    /// The context commands run against.
    public let context: CommandContext

    /// The result of one line.
    public struct LineResult: Equatable {
        /// What the line wrote, in order.
        public var output: [OutputChunk]
        /// False when the line failed.
        public var succeeded: Bool
    }

    /// Creates an engine over a context.
    public init(context: CommandContext) { self.context = context }

    /// The prompt: `cchc> `, or `cchc[NAME]> ` while scenario NAME is in use, so the scenario
    /// that scoring commands see is always on screen.
    public var prompt: String {
        context.currentScenario == Scenario.baseline ? "cchc> " : "cchc[\(context.currentScenario)]> "
    }

    /// True once `quit` ran.
    public var quitRequested: Bool { context.quitRequested }

    /// Runs one line. Empty lines and `#` comments do nothing. A byte-order mark before the line
    /// (the first line of a script saved by Notepad and piped in) is not part of the command.
    @discardableResult
    public func execute(_ line: String) -> LineResult {
        let trimmed = (line.first == "\u{FEFF}" ? String(line.dropFirst()) : line).trimmingWhitespace
        guard !trimmed.isEmpty, !trimmed.hasPrefix("#") else { return LineResult(output: [], succeeded: true) }
        context.beginCommand(Tokenizer.withoutComment(trimmed))
        let commitsBefore = context.evaluation.commitCount
        let succeeded = run(trimmed)
        context.endCommand(succeeded: succeeded)
        if context.evaluation.commitCount != commitsBefore { context.evaluation.checkpoint() }
        return LineResult(output: context.takeOutput(), succeeded: succeeded)
    }

    /// An error line as one JSON object, for json and jsonl on standard error:
    /// `{"error": "…", "module": "collectors", "file": "d.csv", "line": 3, "column": 5, "script": "<stdin>:2"}`
    /// (`module`, `file`, `line`, `column` and `script` only when known).
    public static func errorDocument(_ text: String, location: String?) -> String {
        var message = Substring(text)
        if message.hasPrefix("Error: ") { message = message.dropFirst("Error: ".count) }
        var members: [(String, String)] = []
        if message.hasPrefix("["), let close = message.firstIndex(of: "]"),
            message[message.index(after: close)...].hasPrefix(" ")
        {
            members.append(
                ("module", JSONExporter.string(String(message[message.index(after: message.startIndex)..<close]))))
            message = message[message.index(close, offsetBy: 2)...]
        }
        // FILE:LINE:COLUMN: message, as input problems are told.
        let parts = message.split(separator: ":", maxSplits: 3, omittingEmptySubsequences: false)
        if parts.count == 4, let line = Int(parts[1]), let column = Int(parts[2]), parts[3].hasPrefix(" ") {
            members.insert(("error", JSONExporter.string(String(parts[3].dropFirst()))), at: 0)
            members += [
                ("file", JSONExporter.string(String(parts[0]))), ("line", String(line)), ("column", String(column)),
            ]
        } else if parts.count >= 3, parts[1].contains("!"), parts[2].hasPrefix(" ") {
            // FILE:SHEET!CELL: message, as workbook problems are told.
            let cell = String(parts[1])
            members.insert(
                ("error", JSONExporter.string(String(parts[2...].joined(separator: ":").dropFirst()))), at: 0)
            members += [("file", JSONExporter.string(String(parts[0]))), ("cell", JSONExporter.string(cell))]
        } else {
            members.insert(("error", JSONExporter.string(String(message))), at: 0)
        }
        if let location { members.append(("script", JSONExporter.string(location))) }
        return JSONExporter(compact: true).object(members)
    }

    /// The text `execute` would show in a transcript: output and errors interleaved.
    public func handle(_ line: String) -> String {
        execute(line).output.map(\.text).joined(separator: "\n")
    }

    private func run(_ line: String) -> Bool {
        let words: [(text: String, isValue: Bool)]
        do {
            words = try Tokenizer.words(line)
        } catch {
            context.writeError("Error: \(error)")
            return false
        }
        guard !words.isEmpty else { return true }
        return run(words.map(\.text), values: Set(words.indices.filter { words[$0].isValue }))
    }

    /// Runs the command `words` name; the words at `values` are values even when they begin
    /// with `-` (quoted, or negative numbers).
    private func run(_ words: [String], values: Set<Int> = []) -> Bool {
        let registry = context.registry
        if words.count >= 2, words[1] == "help", let group = registry.command(named: words[0]),
            !group.value.configuration.subcommands.isEmpty, registry.command(named: "help") != nil
        {
            // 'criteria help show' is 'help criteria show'.
            return run(["help", words[0]] + words.dropFirst(2), values: values)
        }
        let parsed: ParsedCommand
        do throws(CommandParseError) {
            parsed = try registry.parse(words, values: values)
        } catch {
            switch error {
            case .unknownCommand(let name):
                let hint = Suggestions.hint(
                    for: name, in: commandNames, otherwise: ". See 'help' for the list of commands.")
                context.writeError("Error: Unknown command '\(name)'\(hint)")
                return false
            case .arguments(let owned, let error):
                if let hint = Self.subcommandHint(words, group: owned.value) {
                    context.writeError(
                        "Error: \(Self.prefix(owned.moduleID))Unknown subcommand '\(words[1])' of '\(words[0])'\(hint) See 'help \(words[0])'."
                    )
                    return false
                }
                return report(error, from: owned.value, prefix: Self.prefix(owned.moduleID))
            }
        }
        let type = parsed.owned.value
        let prefix = Self.prefix(parsed.owned.moduleID)
        do {
            guard var command = parsed.command as? any WorkbenchCommand else {
                // argument-parser's own help command (`group --help` with a default subcommand):
                // the help of the subcommand the words name (`feedback add --help`), else the group's.
                if type == ImportCommand.self,
                    let text = ImportCommand.help(
                        after: Array(words.dropFirst()), registry: context.registry, columns: Self.columns)
                {
                    context.write(text)
                    return true
                }
                let leaf = CommandShape.subcommand(of: type, named: words.dropFirst()).type
                context.write(type.helpMessage(for: leaf, columns: Self.columns).trimmingTrailingNewlines)
                return true
            }
            try? context.evaluation.noticeChangesElsewhere()
            try command.run(in: context)
            return true
        } catch is CancellationError where context.interrupted?() == true {
            context.writeError("Error: \(prefix)Interrupted (Ctrl-C); nothing was changed.")
            return false
        } catch let error as WorkbenchError {
            context.writeError("Error: \(prefix)\(error)")
            return false
        } catch {
            return report(error, from: type, prefix: prefix)
        }
    }

    /// "Did you mean 'plan new'?" when the words a group could not parse begin with a near miss of
    /// one of its subcommands (`plan nwe p`, `scenario lst`); nil otherwise.
    private static func subcommandHint(_ words: [String], group: any ParsableCommand.Type) -> String? {
        let subcommands = group.configuration.subcommands.flatMap {
            [$0.configuration.commandName ?? ""] + $0.configuration.aliases
        }
        guard words.count >= 2, !subcommands.isEmpty, words[1].count >= 2, !words[1].hasPrefix("-"),
            !subcommands.contains(words[1]),
            let closest = Suggestions.closest(to: words[1], in: subcommands)
        else { return nil }
        return Suggestions.didYouMean("\(words[0]) \(closest)")
    }

    /// The `[module] ` before a module's errors; the core's own commands have none.
    private static func prefix(_ moduleID: String) -> String {
        moduleID == BuiltInModules.coreID ? "" : "[\(moduleID)] "
    }

    /// Handles argument-parser errors: help requests print help, input errors print one line.
    private func report(_ error: Error, from type: any ParsableCommand.Type, prefix: String) -> Bool {
        let code = type.exitCode(for: error)
        if code == .success {
            context.write(type.fullMessage(for: error, columns: Self.columns).trimmingTrailingNewlines)
            return true
        }
        let message = type.message(for: error).split(separator: "\n").first.map(String.init) ?? "\(error)"
        if code == .validationFailure {
            let name = type.configuration.commandName ?? ""
            let stop = message.hasSuffix("?") || message.hasSuffix(".") ? "" : "."
            context.writeError("Error: \(prefix)\(message)\(stop) See 'help \(name)'.")
        } else {
            context.writeError(
                "Error: \(prefix)Internal error (\(String(describing: Swift.type(of: error)))): \(message)")
        }
        return false
    }

    /// Command names and aliases, for suggestions and completion.
    public var commandNames: [String] {
        context.registry.commands.flatMap {
            [$0.value.configuration.commandName ?? ""] + $0.value.configuration.aliases
        }
    }

    /// Help and usage are rendered at this width so transcripts are stable.
    public static let columns = 80
}

extension String {
    var trimmingTrailingNewlines: String {
        var text = self
        while let last = text.last, last.isNewline || last.isWhitespace { text.removeLast() }
        return text
    }
}
