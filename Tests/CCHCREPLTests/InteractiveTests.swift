import CCHCTesting
import Foundation
import Testing

/// The REPL on a real (pseudo-)terminal: libedit, history across runs, Ctrl-C, Ctrl-D, Tab.
@Suite(.serialized) struct InteractiveTests {
    let dataHome: URL

    init() throws {
        dataHome = FileManager.default.temporaryDirectory.appendingPathComponent("cchc-tty-\(UUID())")
        try FileManager.default.createDirectory(at: dataHome, withIntermediateDirectories: true)
    }

    func start() throws -> TerminalSession {
        try TerminalSession(
            executable: Products.directory.appendingPathComponent("cchc").path,
            environment: [
                "XDG_DATA_HOME": dataHome.path, "TERM": "xterm", "LANG": "C.UTF-8", "NO_COLOR": "1",
                "HOME": dataHome.path,
            ])
    }

    @Test func theBannerSaysWhatWasLoadedAndCtrlDQuits() throws {
        let terminal = try start()
        #expect(terminal.waitFor("cchc> "))
        #expect(terminal.screen.contains("SYNTHETIC"))
        terminal.type("\u{04}")
        #expect(terminal.waitForExit() == 0)
    }

    @Test func ctrlCDiscardsTheLineAndTheREPLGoesOn() throws {
        let terminal = try start()
        #expect(terminal.waitFor("cchc> "))
        terminal.type("nonsense")
        #expect(terminal.waitFor("nonsense"))
        terminal.type("\u{03}")
        #expect(terminal.waitFor("^C"))
        let mark = terminal.screen.utf8.count
        terminal.type("mode\r")
        #expect(terminal.waitFor("Output format: table", after: mark))
        #expect(!terminal.screen.contains("Unknown command 'nonsense"))
        terminal.type("quit\r")
        #expect(terminal.waitForExit() == 0)
    }

    @Test func historyIsKeptAcrossRunsAndVietnameseSurvives() throws {
        let first = try start()
        #expect(first.waitFor("cchc> "))
        first.type("score \"Hương Văn\"\r")
        #expect(first.waitFor("Fields of Hương Văn"))
        first.type("quit\r")
        #expect(first.waitForExit() == 0)
        let history = try String(contentsOf: dataHome.appendingPathComponent("cchc/history"), encoding: .utf8)
        #expect(history.contains("Hương"))

        let second = try start()
        #expect(second.waitFor("cchc> "))
        let mark = second.screen.utf8.count
        second.type("\u{1B}[A")  // Up recalls the previous run's last line, 'quit'
        #expect(second.waitFor("quit", after: mark))
        second.type("\u{1B}[A")  // and once more the line before it; Enter runs it
        #expect(second.waitFor("Văn", after: mark))
        second.type("\r")
        #expect(second.waitFor("Fields of Hương Văn", after: mark))
        second.type("\u{04}")
        #expect(second.waitForExit() == 0)
    }

    @Test func tabCompletesCommandsAndUnits() throws {
        let terminal = try start()
        #expect(terminal.waitFor("cchc> "))
        // libedit redraws only what changed, so check what the completed line does.
        terminal.type("expl\t")
        #expect(terminal.waitFor("ain "))
        terminal.type("huong-xu\t")
        #expect(terminal.waitFor("an "))
        let mark = terminal.screen.utf8.count
        terminal.type("3.2.3\r")
        #expect(terminal.waitFor("Unit:             huong-xuan (Hương Xuân)", after: mark))
        #expect(terminal.waitFor("Final points", after: mark))
        terminal.type("\u{04}")
        #expect(terminal.waitForExit() == 0)
    }
}
