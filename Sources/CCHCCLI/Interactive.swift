import CCHCCore
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
        print("CCHC Workbench \(Workbench.version): \(engine.session.dataDescription).")
        print(
            "Criteria sets: \(engine.session.registry.setIDs.joined(separator: ", ")) (using '\(engine.session.currentSetID)'). Type 'help' for commands, 'rank' for the ranking, Ctrl-D to quit."
        )
        if let historyPath { print("History: \(historyPath)") }
        let editor = LineEditor(program: "cchc", prompt: "cchc> ", historyPath: historyPath)
        defer { editor.close() }
        editor.completer = { line in
            let completion = engine.completions(forLineBeforeCursor: line)
            return LineEditor.Completion(word: completion.word, candidates: completion.candidates)
        }
        while !engine.quitRequested, let line = editor.readLine() {
            for chunk in engine.execute(line).output {
                switch chunk.kind {
                case .output: print(chunk.text)
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
        let base: String
        if let xdg = environment["XDG_DATA_HOME"], !xdg.isEmpty {
            base = xdg
        } else if let home = environment["HOME"], !home.isEmpty {
            base = home + "/.local/share"
        } else {
            return nil
        }
        let directory = base + "/cchc"
        do {
            try FileManager.default.createDirectory(atPath: directory, withIntermediateDirectories: true)
        } catch {
            return nil
        }
        return directory + "/history"
    }
}
