import Foundation

/// How a workspace connection waits while another program writes the file: SQLite's busy
/// handler, sleeping between tries as `PRAGMA busy_timeout` does, for up to
/// ``Workspace/busyTimeout`` seconds; after ``noticeAfter`` seconds of one wait it tells
/// ``notice`` once, so a person at the prompt learns why nothing happens.
public final class BusyWait: Sendable {
    /// Seconds of waiting before ``notice`` is told.
    public static let noticeAfter = 0.5

    /// Told (on the waiting thread) when a wait has lasted ``noticeAfter`` seconds: a sentence
    /// naming the file. The command line prints it on standard error; nil: nobody is told.
    public static var notice: (@Sendable (String) -> Void)? {
        get { lock.withLock { storedNotice } }
        set { lock.withLock { storedNotice = newValue } }
    }

    private static let lock = NSLock()
    nonisolated(unsafe) private static var storedNotice: (@Sendable (String) -> Void)?

    /// The file's name as the notice shows it.
    let fileName: String
    private let state = NSLock()
    nonisolated(unsafe) private var started: ContinuousClock.Instant?
    nonisolated(unsafe) private var told = false
    nonisolated(unsafe) private var waits = true

    init(path: String) { fileName = PathText.name(of: path) }

    /// SQLite's busy handler: whether to try again after `tries` failed tries of this wait.
    func tryAgain(after tries: Int) -> Bool {
        let now = ContinuousClock.now
        let (elapsed, tell) = state.withLock { () -> (Duration, Bool) in
            if tries == 0 {
                started = now
                told = false
            }
            guard waits else { return (.seconds(Workspace.busyTimeout), false) }
            let elapsed = now - (started ?? now)
            let tell = !told && elapsed >= .seconds(Self.noticeAfter)
            if tell { told = true }
            return (elapsed, tell)
        }
        if tell {
            Self.notice?(
                "Waiting for another program writing to \(fileName) (up to \(Workspace.busyTimeout) s)…")
        }
        guard elapsed < .seconds(Workspace.busyTimeout) else { return false }
        // SQLite's own steps: short at first, then 100 ms.
        let steps = [1, 2, 5, 10, 15, 20, 25, 25, 25, 50, 50]
        usleep(UInt32((tries < steps.count ? steps[tries] : 100) * 1000))
        return true
    }

    /// Runs `body` with waiting turned off: a busy file fails at once.
    /// - Throws: `body`'s error.
    func withoutWaiting<T>(_ body: () throws -> T) rethrows -> T {
        state.withLock { waits = false }
        defer { state.withLock { waits = true } }
        return try body()
    }
}

extension Workspace {
    /// Runs `body` on this connection without waiting for another program's write.
    /// - Throws: `body`'s error.
    func withoutWaiting<T>(_ body: () throws -> T) rethrows -> T {
        guard let busyWait else { return try body() }
        return try busyWait.withoutWaiting(body)
    }
}
