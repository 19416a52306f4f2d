import CCHCCore
import CEditLine

#if canImport(Glibc)
    import Glibc
#elseif canImport(Darwin)
    import Darwin
#endif

/// A source of input lines: libedit on a terminal, plain `readLine()` otherwise.
public protocol LineReader: AnyObject {
    /// The next line without its line terminator; `nil` at end of input (Ctrl-D).
    /// After Ctrl-C the editor returns an empty line: the typed text is discarded.
    func readLine() -> String?
}

/// Plain line reading for pipes and files: no prompt, no terminal control.
public final class PlainLineReader: LineReader {
    public init() {}
    public func readLine() -> String? { Swift.readLine(strippingNewline: true) }
}

/// Line editing through libedit's histedit API, with persistent history and Tab completion.
///
/// Use it only when both standard input and standard output are terminals; see
/// ``Terminal/isInteractive``.
public final class LineEditor: LineReader {
    /// Returns the completions of the word before the cursor, given the whole line before it.
    public var completer: ((_ lineBeforeCursor: String) -> Completion)?

    /// What Tab can do with the word before the cursor.
    public struct Completion {
        /// The text of the word being completed, as typed.
        public var word: String
        /// Full replacements for that word.
        public var candidates: [String]
        public init(word: String, candidates: [String]) {
            self.word = word
            self.candidates = candidates
        }
    }

    private let editLine: OpaquePointer
    private let history: OpaquePointer
    private var promptBuffer: UnsafeMutablePointer<CChar>
    private let historyPath: String?
    /// The history as saved, oldest first (libedit's copy is what Up and Down walk).
    private var entries: [String] = []
    static let historySize = 1000

    /// The prompt printed before the next line (`cchc[de-xuat]> ` while a scenario is in use).
    public var prompt: String {
        get { String(cString: promptBuffer) }
        set {
            let old = promptBuffer
            promptBuffer = strdup(newValue)
            free(old)
        }
    }

    /// Creates an editor.
    /// - Parameters:
    ///   - program: the program name libedit uses to pick `~/.editrc` sections.
    ///   - prompt: the prompt printed before each line.
    ///   - historyPath: a file to load history from now and save it to on ``close()``.
    public init(program: String, prompt: String, historyPath: String?) {
        promptBuffer = strdup(prompt)
        self.historyPath = historyPath
        editLine = el_init(program, cel_stdin(), cel_stdout(), cel_stderr())
        history = history_init()
        _ = cel_hist_setsize(history, Int32(Self.historySize))
        _ = cel_hist_setunique(history, 1)
        if let historyPath {
            // Read by the workbench, not by libedit: a file libedit cannot read is kept, not
            // replaced at the first save.
            for entry in HistoryFile.read(historyPath).suffix(Self.historySize) { remember(entry) }
        }
        _ = cel_set_history(editLine, history)
        _ = cel_set_editor(editLine, "emacs")
        _ = cel_set_signal(editLine, 1)
        _ = cel_set_clientdata(editLine, Unmanaged.passUnretained(self).toOpaque())
        _ = cel_set_prompt(editLine) { editLine in
            guard let editLine, let context = cel_get_clientdata(editLine) else { return nil }
            return UnsafePointer(Unmanaged<LineEditor>.fromOpaque(context).takeUnretainedValue().promptBuffer)
        }
        _ = cel_addfn(editLine, "cchc-complete", "complete the word before the cursor") { editLine, _ in
            guard let editLine, let context = cel_get_clientdata(editLine) else { return UInt8(CC_ERROR) }
            return Unmanaged<LineEditor>.fromOpaque(context).takeUnretainedValue().complete()
        }
        _ = cel_bind(editLine, "^I", "cchc-complete")
        // Home and End as PuTTY and the Linux console send them (xterm's own are bound already).
        for (key, function) in [
            ("\u{1B}[1~", "ed-move-to-beg"), ("\u{1B}[7~", "ed-move-to-beg"), ("\u{1B}[H", "ed-move-to-beg"),
            ("\u{1B}OH", "ed-move-to-beg"), ("\u{1B}[4~", "ed-move-to-end"), ("\u{1B}[8~", "ed-move-to-end"),
            ("\u{1B}[F", "ed-move-to-end"), ("\u{1B}OF", "ed-move-to-end"), ("\u{1B}[3~", "ed-delete-next-char"),
        ] {
            _ = cel_bind(editLine, key, function)
        }
        cel_install_sigint_interrupt()
    }

    deinit { close() }

    /// Whether Ctrl-C was pressed since ``clearInterrupt()`` (safe from any thread).
    public static var interruptPending: Bool { cel_interrupt_pending() != 0 }

    /// Forgets an earlier Ctrl-C (before a command starts).
    public static func clearInterrupt() { cel_clear_interrupt() }

    private var closed = false

    /// Saves the history and releases libedit. Safe to call twice.
    public func close() {
        guard !closed else { return }
        closed = true
        saveHistory()
        history_end(history)
        el_end(editLine)
        free(promptBuffer)
    }

    public func readLine() -> String? {
        var count: Int32 = 0
        let raw = el_gets(editLine, &count)
        if raw == nil && count == -1 && cel_errno() == EINTR {
            fputs("^C\n", cel_stdout())
            el_reset(editLine)
            return ""
        }
        guard let raw, count > 0 else {
            fputs("\n", cel_stdout())
            return nil
        }
        var line = String(decoding: UnsafeRawBufferPointer(start: raw, count: strlen(raw)), as: UTF8.self)
        if line.hasSuffix("\n") { line.removeLast() }
        // A Ctrl-D typed while a command ran reaches the next line as a character: at the start
        // of an empty line it still means "quit", and it never goes into the history.
        if line.hasPrefix("\u{04}") && line.allSatisfy({ $0 == "\u{04}" || $0.isWhitespace }) {
            fputs("\n", cel_stdout())
            return nil
        }
        line.unicodeScalars.removeAll { $0.value == 0x04 }
        if !line.allSatisfy(\.isWhitespace) {
            remember(Self.withoutPasswords(line))
            saveHistory()
        }
        return line
    }

    /// Saves the history now, readable by its owner only, so a closed terminal (SIGHUP) loses
    /// nothing typed.
    private func saveHistory() {
        guard let historyPath else { return }
        try? HistoryFile.write(entries, to: historyPath)
    }

    /// Adds `entry` to the history (not twice in a row), keeping the newest ``historySize``.
    private func remember(_ entry: String) {
        guard entries.last != entry else { return }
        entries.append(entry)
        if entries.count > Self.historySize { entries.removeFirst(entries.count - Self.historySize) }
        _ = cel_hist_enter(history, entry)
    }

    /// `line` with the password of any URL replaced by `***` (`postgres://u:secret@h` →
    /// `postgres://u:***@h`): history files are not a place for secrets.
    public static func withoutPasswords(_ line: String) -> String { URLText.withoutSecrets(line) }

    private func complete() -> UInt8 {
        guard let completer, let info = el_line(editLine)?.pointee else { return UInt8(CC_ERROR) }
        let before = String(
            decoding: UnsafeRawBufferPointer(start: info.buffer, count: info.cursor - info.buffer),
            as: UTF8.self
        )
        let completion = completer(before)
        let candidates = completion.candidates
        guard !candidates.isEmpty else { return UInt8(CC_REFRESH_BEEP) }
        let common = Self.longestCommonPrefix(candidates)
        if candidates.count == 1 || common.count > completion.word.count {
            el_deletestr(editLine, Int32(completion.word.count))
            _ = el_insertstr(editLine, common + (candidates.count == 1 ? " " : ""))
            return UInt8(CC_REFRESH)
        }
        fputs("\n" + candidates.joined(separator: "  ") + "\n", cel_stdout())
        return UInt8(CC_REDISPLAY)
    }

    static func longestCommonPrefix(_ words: [String]) -> String {
        guard var prefix = words.first else { return "" }
        for word in words.dropFirst() {
            while !word.hasPrefix(prefix) { prefix.removeLast() }
        }
        return prefix
    }
}

/// Facts about the process's terminal.
public enum Terminal {
    /// True when both standard input and standard output are terminals: only then is libedit used.
    public static var isInteractive: Bool { isatty(STDIN_FILENO) != 0 && isatty(STDOUT_FILENO) != 0 }

    /// Makes sure the C locale is UTF-8, without which libedit silently drops Vietnamese letters.
    @discardableResult
    public static func ensureUTF8Locale() -> Bool { cel_ensure_utf8_locale() != 0 }

    /// Flushes standard output, so it is ordered before what follows on standard error.
    public static func flushStandardOutput() { fflush(cel_stdout()) }
}
