import CPseudoTerminal
import Foundation

#if canImport(Glibc)
    import Glibc
#elseif canImport(Darwin)
    import Darwin
#endif

/// `cchc` running on a pseudo-terminal, driven like a person at a keyboard (for REPL tests).
public final class TerminalSession {
    private let master: Int32
    private let pid: pid_t
    /// Everything the program has written so far.
    public private(set) var screen = ""
    /// The UTF-8 offset in ``screen`` just after the last text ``waitFor(_:after:timeout:)`` found.
    public private(set) var lastMatchEnd = 0

    /// Starts `executable` with `arguments` on a new pseudo-terminal.
    public init(executable: String, arguments: [String] = [], environment: [String: String]) throws {
        var name = [CChar](repeating: 0, count: 256)
        master = cpt_open_master(&name, name.count, 40, 140)
        guard master >= 0 else { throw POSIXError(.ENXIO) }
        let argv = ([executable] + arguments).map { strdup($0) } + [nil]
        let envp = environment.map { strdup("\($0)=\($1)") } + [nil]
        defer {
            argv.forEach { free($0) }
            envp.forEach { free($0) }
        }
        let child = cpt_spawn(executable, argv, envp, name, master)
        guard child > 0 else { throw POSIXError(.EAGAIN) }
        pid = child
    }

    deinit {
        kill(pid, SIGKILL)
        var status: Int32 = 0
        waitpid(pid, &status, 0)
        close(master)
    }

    /// Types `text` (control characters included: "\u{03}" is Ctrl-C, "\u{04}" Ctrl-D).
    public func type(_ text: String) {
        let bytes = Array(text.utf8)
        _ = bytes.withUnsafeBytes { write(master, $0.baseAddress, $0.count) }
    }

    /// Types `keys` until `expected` appears after `offset`: a line editor that switches the
    /// terminal mode may discard keys typed a moment too early, and discarded keys are lost whole.
    /// - Returns: true when `expected` appeared.
    @discardableResult
    public func send(_ keys: String, until expected: String, after offset: Int, attempts: Int = 5) -> Bool {
        for _ in 0..<attempts {
            type(keys)
            if waitFor(expected, after: offset, timeout: 3) { return true }
        }
        return false
    }

    /// Waits for the prompt after `offset`, then lets the line editor settle (switch the terminal
    /// to its own mode) before anything is typed, as a person would.
    /// - Returns: the offset just after the prompt.
    @discardableResult
    public func waitForPrompt(_ prompt: String, after offset: Int, settle: Double = 0.3) -> Int? {
        guard waitFor(prompt, after: offset) else { return nil }
        let end = lastMatchEnd
        usleep(UInt32(settle * 1_000_000))
        return end
    }

    /// Types Ctrl-D until the program exits; returns its exit status.
    public func quitWithCtrlD(attempts: Int = 5) -> Int32? {
        for _ in 0..<attempts {
            type("\u{15}\u{04}")  // Ctrl-U clears anything a flushed mode switch left, then Ctrl-D
            if let status = waitForExit(timeout: 3) { return status }
        }
        return nil
    }

    /// Reads until `text` appears after `offset` in the screen, or `timeout` seconds pass.
    /// - Returns: true when it appeared.
    @discardableResult
    public func waitFor(_ text: String, after offset: Int = 0, timeout: Double = 20) -> Bool {
        let deadline = Date().addingTimeInterval(timeout)
        var buffer = [UInt8](repeating: 0, count: 4096)
        while Date() < deadline {
            let bytes = Array(screen.utf8)
            if bytes.count >= offset, let range = find(Array(text.utf8), in: bytes[offset...]) {
                lastMatchEnd = range.upperBound
                return true
            }
            var descriptor = pollfd(fd: master, events: Int16(POLLIN), revents: 0)
            guard poll(&descriptor, 1, 100) > 0 else { continue }
            let count = read(master, &buffer, buffer.count)
            if count <= 0 { return false }
            screen += String(decoding: buffer[0..<count], as: UTF8.self)
        }
        return false
    }

    private func find(_ needle: [UInt8], in haystack: ArraySlice<UInt8>) -> Range<Int>? {
        guard !needle.isEmpty, haystack.count >= needle.count else { return nil }
        var start = haystack.startIndex
        while start + needle.count <= haystack.endIndex {
            if haystack[start..<start + needle.count].elementsEqual(needle) { return start..<start + needle.count }
            start += 1
        }
        return nil
    }

    /// Waits up to `timeout` seconds for the program to exit; returns its exit status.
    public func waitForExit(timeout: Double = 20) -> Int32? {
        let deadline = Date().addingTimeInterval(timeout)
        var buffer = [UInt8](repeating: 0, count: 4096)
        while Date() < deadline {
            var status: Int32 = 0
            if waitpid(pid, &status, WNOHANG) == pid { return (status >> 8) & 0xff }
            var descriptor = pollfd(fd: master, events: Int16(POLLIN), revents: 0)
            if poll(&descriptor, 1, 50) > 0 {
                let count = read(master, &buffer, buffer.count)
                if count > 0 { screen += String(decoding: buffer[0..<count], as: UTF8.self) }
            }
        }
        return nil
    }
}
