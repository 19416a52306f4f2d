import CCHCCore
import CCHCModuleKit
import CCHCREPL
import Foundation
import LineEditing

/// The interactive REPL on a terminal: libedit, history across runs, colour unless NO_COLOR.
struct Interactive {
    let engine: Engine

    func run() throws {
        let environment = ProcessInfo.processInfo.environment
        let colour = environment["NO_COLOR"] == nil && environment["TERM"] != "dumb"
        let historyPath = Self.historyPath(environment)
        let context = engine.context
        context.progress = { text in
            FileHandle.standardError.write(Data("\r\u{1B}[K\(text)".utf8))
        }
        context.interrupted = { LineEditor.interruptPending }
        print("CCHC Workbench \(Workbench.version)")
        do {
            let workspace = try context.evaluation.workspace()
            let year = try context.evaluation.year()
            let counts = try workspace.counts(year: year)
            print(
                "\(workspace.isNew ? "Created" : "Opened") \(context.dataDescription): \(counts.units) units; year \(year): \(counts.assessments) assessments, \(counts.evidence) evidence values."
            )
            if let label = try workspace.setting("synthetic_label") { print(label) }
            print(
                "Criteria sets: \(try context.evaluation.setIDs().joined(separator: ", ")) (using '\(context.evaluation.currentSetID)'). Type 'help' for commands, 'rank' for the ranking, Ctrl-D to quit."
            )
        } catch {
            print((colour ? "\u{1B}[31mError:\u{1B}[0m " : "Error: ") + "\(error)")
            print("Type 'open PATH' to use another workspace, or start with --memory.")
        }
        if let historyPath { print("History: \(historyPath)") }
        let editor = LineEditor(program: "cchc", prompt: "cchc> ", historyPath: historyPath)
        defer { editor.close() }
        editor.completer = { line in
            let completion = engine.completions(forLineBeforeCursor: line)
            return LineEditor.Completion(word: completion.word, candidates: completion.candidates)
        }
        while !engine.quitRequested,
            let line = {
                editor.prompt = engine.prompt; return editor.readLine()
            }()
        {
            LineEditor.clearInterrupt()
            let output = engine.execute(line).output
            FileHandle.standardError.write(Data("\r\u{1B}[K".utf8))
            for chunk in output {
                switch chunk.kind {
                case .output, .note: print(chunk.text)
                case .error:
                    let text =
                        colour && chunk.text.hasPrefix("Error:")
                        ? "\u{1B}[31mError:\u{1B}[0m" + chunk.text.dropFirst("Error:".count) : chunk.text
                    print(text)
                }
            }
            Terminal.flushStandardOutput()
        }
    }

    /// `$XDG_DATA_HOME/cchc/history`, else `~/.local/share/cchc/history`; created on first use.
    static func historyPath(_ environment: [String: String]) -> String? {
        guard let directory = Workbench.dataDirectory(environment) else { return nil }
        do {
            try FileManager.default.createDirectory(atPath: directory, withIntermediateDirectories: true)
        } catch {
            return nil
        }
        return directory + "/history"
    }
}
