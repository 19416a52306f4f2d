import Foundation
import GRDB

/// A step of the workspace's schema contributed by a module (its own tables), run once per
/// workspace, in composition order after the core's steps.
///
/// Never change a migration once released: add another. A workspace that has run a migration
/// this build does not know is refused as newer
/// (``WorkspaceError/newerVersion(path:unknownMigrations:)``).
public struct WorkspaceMigration: Sendable {
    /// A unique id, e.g. `feedback-v1`; recorded in the workspace when the step has run.
    public var id: String
    /// Changes the schema, inside the migration's transaction.
    public var migrate: @Sendable (Database) throws -> Void

    /// Creates a migration.
    public init(id: String, migrate: @escaping @Sendable (Database) throws -> Void) {
        self.id = id
        self.migrate = migrate
    }
}

/// Counts a connection's commits (``Workspace/commits``).
final class CommitCounter: TransactionObserver, @unchecked Sendable {
    private let lock = NSLock()
    private var commits = 0

    /// True while a write of derived data runs: its commit changes nothing computed from the
    /// workspace, so it is not counted.
    private var quiet = false

    var count: Int { lock.withLock { commits } }

    /// Runs `body` (a write of derived data) without counting its commit.
    func quietly<T>(_ body: () throws -> T) rethrows -> T {
        lock.withLock { quiet = true }
        defer { lock.withLock { quiet = false } }
        return try body()
    }

    func observes(eventsOfKind eventKind: DatabaseEventKind) -> Bool { false }
    func databaseDidChange(with event: DatabaseEvent) {}
    func databaseDidCommit(_ db: Database) { lock.withLock { if !quiet { commits += 1 } } }
    func databaseDidRollback(_ db: Database) {}
}
