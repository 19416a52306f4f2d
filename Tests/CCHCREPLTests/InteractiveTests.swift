import CCHCTesting
import Foundation
import LineEditing
import Testing

/// The REPL on a real (pseudo-)terminal: libedit, history across runs, Ctrl-C, Ctrl-D, Tab.
///
/// Keys are sent with `send(_:until:after:)`, which types again when nothing happened: libedit
/// may flush keys that arrive while it switches the terminal between lines.
@Suite(.serialized) struct InteractiveTests {
    let dataHome: URL
    let scratch: TemporaryFolder

    init() throws {
        scratch = try TemporaryFolder("cchc-tty")
        dataHome = scratch.url
    }

    func start() throws -> TerminalSession {
        let terminal = try TerminalSession(
            executable: Products.directory.appendingPathComponent("cchc").path,
            environment: [
                "XDG_DATA_HOME": dataHome.path, "TERM": "xterm", "LANG": "C.UTF-8", "NO_COLOR": "1",
                "HOME": dataHome.path,
            ])
        #expect(terminal.waitForPrompt("cchc> ", after: 0) != nil)
        return terminal
    }

    /// The offset just after the next prompt printed after `mark`.
    func prompt(_ terminal: TerminalSession, after mark: Int) -> Int {
        let end = terminal.waitForPrompt("cchc> ", after: mark)
        #expect(end != nil, "\(terminal.screen.debugDescription)")
        return end ?? mark
    }

    @Test func theBannerSaysWhatWasLoadedAndCtrlDQuits() throws {
        let terminal = try start()
        #expect(terminal.screen.contains("SYNTHETIC"))
        #expect(terminal.quitWithCtrlD() == 0, "\(terminal.screen.debugDescription)")
    }

    @Test func thePromptNamesTheScenarioInUse() throws {
        let terminal = try start()
        #expect(terminal.send("scenario new de-xuat\r", until: "using it", after: terminal.lastMatchEnd))
        let mark = terminal.waitForPrompt("cchc[de-xuat]> ", after: terminal.lastMatchEnd)
        #expect(mark != nil, "\(terminal.screen.debugDescription)")
        #expect(terminal.send("scenario use baseline\r", until: "baseline", after: mark ?? 0))
        _ = prompt(terminal, after: terminal.lastMatchEnd)
        #expect(terminal.send("scenario drop de-xuat\r", until: "Dropped", after: terminal.lastMatchEnd))
        _ = prompt(terminal, after: terminal.lastMatchEnd)
        #expect(terminal.quitWithCtrlD() == 0, "\(terminal.screen.debugDescription)")
    }

    @Test func ctrlCDiscardsTheLineAndTheREPLGoesOn() throws {
        let terminal = try start()
        #expect(terminal.send("nonsense", until: "nonsense", after: terminal.lastMatchEnd))
        #expect(terminal.send("\u{03}", until: "^C\r\n", after: terminal.lastMatchEnd))
        let mark = prompt(terminal, after: terminal.lastMatchEnd)
        #expect(terminal.send("mode\r", until: "Output format: table", after: mark))
        #expect(!terminal.screen.contains("Unknown command 'nonsense"))
        _ = prompt(terminal, after: terminal.lastMatchEnd)
        #expect(terminal.send("quit\r", until: "quit", after: terminal.lastMatchEnd))
        #expect(terminal.waitForExit() == 0, "\(terminal.screen.debugDescription)")
    }

    @Test func ctrlCStopsALongSimulationAndThePromptComesBack() throws {
        let terminal = try start()
        terminal.type("simulate --runs 100000\r")
        #expect(terminal.waitFor("simulate: ", after: terminal.lastMatchEnd, timeout: 60))
        #expect(
            terminal.send("\u{03}", until: "Interrupted (Ctrl-C); nothing was changed.", after: terminal.lastMatchEnd))
        #expect(!terminal.screen.contains("Simulation: set"), "the table of an interrupted simulation is not printed")
        let mark = prompt(terminal, after: terminal.lastMatchEnd)
        #expect(terminal.send("quit\r", until: "quit", after: mark))
        #expect(terminal.waitForExit() == 0, "\(terminal.screen.debugDescription)")
    }

    @Test func historyIsKeptAcrossRunsAndVietnameseSurvives() throws {
        let first = try start()
        #expect(first.send("score \"Hương Văn\"\r", until: "Fields of Hương Văn", after: first.lastMatchEnd))
        _ = prompt(first, after: first.lastMatchEnd)
        #expect(first.quitWithCtrlD() == 0)
        let history = try String(contentsOf: dataHome.appendingPathComponent("cchc/history"), encoding: .utf8)
        #expect(history.contains("Hương"))

        let second = try start()
        let mark = second.lastMatchEnd
        #expect(second.send("\u{1B}[A", until: "Văn", after: mark))  // Up recalls the previous run's line
        #expect(second.send("\r", until: "Fields of Hương Văn", after: mark))
        _ = prompt(second, after: second.lastMatchEnd)
        #expect(second.quitWithCtrlD() == 0, "\(second.screen.debugDescription)")
    }

    @Test func homeAndEndAsPuTTYAndTheLinuxConsoleSendThemMoveTheCursor() throws {
        let terminal = try start()
        for (home, end) in [("\u{1B}[1~", "\u{1B}[4~"), ("\u{1B}[7~", "\u{1B}[8~")] {
            let mark = terminal.lastMatchEnd
            // "ank" Home "r" End " --set department": the line is 'rank --set department'.
            #expect(
                terminal.send(
                    "ank" + home + "r" + end + " --set department\r", until: "Ranking: set 'department'", after: mark))
            _ = prompt(terminal, after: terminal.lastMatchEnd)
        }
        #expect(terminal.quitWithCtrlD() == 0, "\(terminal.screen.debugDescription)")
    }

    @Test func aHistoryFileOfPlainLinesIsReadAndKeptNotReplaced() throws {
        let path = dataHome.appendingPathComponent("cchc/history")
        try FileManager.default.createDirectory(at: path.deletingLastPathComponent(), withIntermediateDirectories: true)
        try Data("explain tu-ha 3.2.4\n".utf8 + [0xFF, 0x0A] + Array("sets\n".utf8)).write(to: path)
        let terminal = try start()
        var mark = terminal.lastMatchEnd
        #expect(terminal.send("\u{1B}[A", until: "sets", after: mark))  // the newest plain line
        mark = terminal.lastMatchEnd
        #expect(terminal.send("\u{1B}[A", until: "3.2.4", after: mark), "the bad line does not block older ones")
        #expect(terminal.send("\r", until: "Final points", after: mark))
        _ = prompt(terminal, after: terminal.lastMatchEnd)
        #expect(terminal.quitWithCtrlD() == 0)
        let saved = HistoryFile.read(path.path)
        #expect(saved == ["explain tu-ha 3.2.4", "sets", "explain tu-ha 3.2.4"], "kept, and the line run added")
    }

    @Test func tabCompletesCommandsAndUnits() throws {
        let terminal = try start()
        // libedit redraws only what changed, so check the inserted tails and what the line does.
        #expect(terminal.send("expl\t", until: "ain ", after: terminal.lastMatchEnd))
        #expect(terminal.send("huong-xu\t", until: "an ", after: terminal.lastMatchEnd))
        let mark = terminal.lastMatchEnd
        #expect(terminal.send("3.2.3\r", until: "Unit:             Hương Xuân", after: mark))
        #expect(terminal.waitFor("Final points", after: mark))
        _ = prompt(terminal, after: terminal.lastMatchEnd)
        #expect(terminal.quitWithCtrlD() == 0, "\(terminal.screen.debugDescription)")
    }
}
