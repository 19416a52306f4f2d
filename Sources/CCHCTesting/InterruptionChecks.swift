import Foundation

/// Counts the checks of an interruption (a command's `interrupted` closure), from any thread:
/// `{ checks.next() > n }` interrupts the work at its n+1st check.
public final class InterruptionChecks: @unchecked Sendable {
    private let lock = NSLock()
    private var count = 0

    /// A counter at zero.
    public init() {}

    /// Counts one check and returns how many there have been.
    public func next() -> Int {
        lock.lock()
        defer { lock.unlock() }
        count += 1
        return count
    }
}
