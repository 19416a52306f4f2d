import Foundation
import GRDB

#if canImport(Glibc)
    import Glibc
#elseif canImport(Darwin)
    import Darwin
#endif

/// A year's evaluation kept in one SQLite file (or in memory): units, criteria sets used,
/// assessments by stage, evidence with provenance, stage locks, scenarios, feedback and an
/// append-only audit log.
///
/// Files are opened in WAL mode with foreign keys on and a busy timeout, and migrated to the
/// current schema. Every change runs in one immediate transaction and writes its audit rows in the
/// same transaction, so a crash never leaves half a change.
public final class Workspace {
    /// Where the workspace lives.
    public enum Location: Equatable, Sendable {
        /// A SQLite file.
        case file(String)
        /// Memory only; nothing is written.
        case memory

        /// The path, or `:memory:`.
        public var display: String {
            switch self {
            case .file(let path): path
            case .memory: ":memory:"
            }
        }
    }

    /// Where the workspace lives.
    public let location: Location
    /// True when this open created the workspace (its schema was empty).
    public let isNew: Bool
    /// The ids of the core's own schema migrations; a module's migration may not reuse one.
    public static var coreMigrationIDs: [String] { Schema.migrator().migrations }

    /// How long a write waits for another process before failing as busy.
    public static let busyTimeout = 5

    let database: DatabaseQueue
    let commitCounter = CommitCounter()
    /// The hash of the last audit row written in the write in progress (nil: read it from the
    /// log), so an import's many audit rows do not each look up the one before.
    let chainHead = ChainHead()
    /// Rows of a year from which ``counts(year:)`` keeps its counts (below it, counting takes a
    /// few milliseconds and the first prompt does not write to the file); tests lower it.
    var keptCountsThreshold = 100_000

    /// How the connection waits for another program's write (nil in memory).
    let busyWait: BusyWait?

    private init(location: Location, database: DatabaseQueue, isNew: Bool, busyWait: BusyWait?) {
        self.location = location
        self.database = database
        self.isNew = isNew
        self.busyWait = busyWait
        database.add(transactionObserver: commitCounter, extent: .databaseLifetime)
    }

    /// How many write transactions this connection has committed. What is computed from the
    /// workspace's content stays valid while this number stays the same (``Evaluation`` keeps its
    /// caches that way).
    public var commits: Int { commitCounter.count }

    /// Opens the workspace at `path`, creating it (and its folder) when missing.
    /// - Throws: ``WorkspaceError`` when the file is not a workspace, is newer, read-only or locked.
    /// - Parameters:
    ///   - path: the file.
    ///   - name: how errors name the file (the path as the user typed it); default `path`.
    ///   - migrations: the composed modules' migrations, run after the core's.
    public static func open(path: String, name: String? = nil, migrations: [WorkspaceMigration] = []) throws
        -> Workspace
    {
        try open(path: path, name: name, migrations: migrations, created: false)
    }

    static func open(path: String, name: String?, migrations: [WorkspaceMigration], created: Bool) throws
        -> Workspace
    {
        do {
            return try openFile(path: path, migrations: migrations, created: created)
        } catch let error as WorkspaceError {
            guard let name else { throw error }
            throw error.naming(name, for: path)
        }
    }

    /// Creates the workspace file at `path` whole: made, migrated and filled under a temporary
    /// name beside it, closed, then linked into place only if no other process created `path`
    /// meanwhile. Two first starts at once therefore never see a half-made workspace: one
    /// creates it, the other opens what the first created.
    /// - Returns: whether this call created `path` (false: another process did first).
    /// - Throws: ``WorkspaceError`` when the folder cannot be written; `fill`'s error (nothing is
    ///   left behind then).
    static func createWhole(
        path: String, name: String?, migrations: [WorkspaceMigration], fill: (Workspace) throws -> Void
    ) throws -> Bool {
        let folder = PathText.folder(of: path)
        let base = String(path.dropFirst(folder.isEmpty ? 0 : folder.count + 1))
        let temporary = (folder.isEmpty ? "" : folder + "/") + ".\(base).\(getpid()).creating"
        defer {
            for suffix in ["", "-wal", "-shm", "-journal"] { unlink(temporary + suffix) }
        }
        let workspace = try open(path: temporary, name: name ?? path, migrations: migrations, created: true)
        do {
            try fill(workspace)
            try workspace.database.close()
        } catch {
            try? workspace.database.close()
            throw error
        }
        if link(temporary, path) == 0 { return true }
        let failure = errno
        if failure == EEXIST { return false }
        // A file system without hard links: rename, unless the file appeared meanwhile.
        if !FileManager.default.fileExists(atPath: path), rename(temporary, path) == 0 { return true }
        if FileManager.default.fileExists(atPath: path) { return false }
        throw WorkspaceError.cannotOpen(path: name ?? path, reason: String(cString: strerror(failure)))
    }

    private static func openFile(path: String, migrations: [WorkspaceMigration], created: Bool) throws -> Workspace {
        let manager = FileManager.default
        let exists = manager.fileExists(atPath: path)
        if exists {
            var folder: ObjCBool = false
            if manager.fileExists(atPath: path, isDirectory: &folder), folder.boolValue {
                throw WorkspaceError.cannotOpen(path: path, reason: "it is a folder; give the workspace file's path")
            }
            try checkHeader(path)
            if access(path, W_OK) != 0 { throw WorkspaceError.readOnly(path: path) }
            // An empty file becoming a workspace is made private, as a new one is.
            if (try? FileManager.default.attributesOfItem(atPath: path)[.size] as? Int) == 0 { chmod(path, 0o600) }
        } else {
            let folder = PathText.folder(of: path)
            if !folder.isEmpty && !manager.fileExists(atPath: folder) {
                do {
                    try manager.createDirectory(atPath: folder, withIntermediateDirectories: true)
                } catch {
                    throw WorkspaceError.cannotOpen(path: path, reason: "cannot create the folder '\(folder)'")
                }
            }
            // Readable by its owner only: it holds names, scores and feedback. SQLite gives the
            // -wal and -shm files the database file's mode.
            let created = Glibc.open(path, O_CREAT | O_EXCL | O_WRONLY, 0o600)
            if created >= 0 { Glibc.close(created) }
        }
        let folder = PathText.folder(of: path)
        if access(folder.isEmpty ? "." : folder, W_OK) != 0 { throw WorkspaceError.readOnly(path: path) }
        var configuration = Configuration()
        configuration.journalMode = .wal
        configuration.foreignKeysEnabled = true
        let busyWait = BusyWait(path: path)
        configuration.busyMode = .callback { tries in busyWait.tryAgain(after: tries) }
        configuration.prepareDatabase { db in
            // A 64 MiB page cache keeps large imports from spilling pages mid-transaction.
            try db.execute(sql: "PRAGMA cache_size = -65536")
        }
        let database: DatabaseQueue
        do {
            database = try DatabaseQueue(path: path, configuration: configuration)
        } catch {
            throw map(error, path: path)
        }
        return try prepare(
            database, location: .file(path), migrations: migrations, created: created, busyWait: busyWait)
    }

    /// A workspace in memory: nothing is written to disk.
    /// - Parameter migrations: the composed modules' migrations, run after the core's.
    /// - Throws: a migration's error.
    public static func inMemory(migrations: [WorkspaceMigration] = []) throws -> Workspace {
        var configuration = Configuration()
        configuration.foreignKeysEnabled = true
        return try prepare(
            DatabaseQueue(configuration: configuration), location: .memory, migrations: migrations)
    }

    private static func prepare(
        _ database: DatabaseQueue, location: Location, migrations: [WorkspaceMigration], created: Bool = false,
        busyWait: BusyWait? = nil
    ) throws -> Workspace {
        let path = location.display
        let migrator = Schema.migrator(adding: migrations)
        let isNew: Bool
        do {
            let known = Set(migrator.migrations)
            var current = false
            isNew = try database.read { db in
                let tables = try Int.fetchOne(db, sql: "SELECT count(*) FROM sqlite_master WHERE type = 'table'") ?? 0
                if tables == 0 { return true }
                let applicationID = try Int32.fetchOne(db, sql: "PRAGMA application_id") ?? 0
                if applicationID != Schema.applicationID { throw WorkspaceError.notAWorkspace(path: path) }
                let applied = try migrator.appliedIdentifiers(db)
                let unknown = applied.subtracting(known).sorted()
                if !unknown.isEmpty { throw WorkspaceError.newerVersion(path: path, unknownMigrations: unknown) }
                current = applied == known
                return false
            }
            // Migrating takes the write lock: only when a step is missing.
            if !current { try migrator.migrate(database) }
        } catch let error as WorkspaceError {
            throw error
        } catch {
            throw map(error, path: path)
        }
        return Workspace(location: location, database: database, isNew: isNew || created, busyWait: busyWait)
    }

    /// Refuses files that are not SQLite databases before SQLite sees them.
    private static func checkHeader(_ path: String) throws {
        guard let handle = FileHandle(forReadingAtPath: path) else {
            if access(path, R_OK) != 0 { throw WorkspaceError.cannotOpen(path: path, reason: "permission denied") }
            throw WorkspaceError.cannotOpen(path: path, reason: "cannot read the file")
        }
        defer { try? handle.close() }
        let header = (try? handle.read(upToCount: 16)) ?? Data()
        if header.isEmpty { return }  // an empty file becomes a new workspace
        if header != Data("SQLite format 3\u{0}".utf8) { throw WorkspaceError.notAWorkspace(path: path) }
    }

    /// Copies what the write-ahead log holds into the workspace file, so the file alone is the
    /// whole workspace while no write runs (a copy made with `cp` loses nothing). Passive: it
    /// never waits for readers; what they still hold is copied by the next checkpoint.
    public func checkpoint() {
        guard case .file = location else { return }
        _ = try? database.writeWithoutTransaction { db in try db.checkpoint(.passive) }
    }

    /// Writes a consistent copy of the workspace to `path` (SQLite's online backup), readable by
    /// its owner only, while others may go on working. The copy is made beside `path` and renamed
    /// into place, so `path` is whole or untouched.
    /// - Throws: ``FileError`` when `path` exists (unless `replacing`) or cannot be written.
    public func backup(to path: String, shownAs shown: String, replacing: Bool = false) throws {
        if !replacing && FileManager.default.fileExists(atPath: path) {
            throw FileError.cannotWrite(shown, reason: "it exists; name a new file, or add --force to replace it")
        }
        let temporary = path + ".\(getpid()).tmp"
        try? FileManager.default.removeItem(atPath: temporary)
        let created = Glibc.open(temporary, O_CREAT | O_EXCL | O_WRONLY, 0o600)
        guard created >= 0 else { throw FileError.cannotWrite(shown, reason: String(cString: strerror(errno))) }
        Glibc.close(created)
        do {
            let copy = try DatabaseQueue(path: temporary)
            try database.backup(to: copy)
            try copy.close()
            guard rename(temporary, path) == 0 else {
                throw FileError.cannotWrite(shown, reason: String(cString: strerror(errno)))
            }
        } catch let error as FileError {
            try? FileManager.default.removeItem(atPath: temporary)
            throw error
        } catch {
            try? FileManager.default.removeItem(atPath: temporary)
            throw FileError.cannotWrite(shown, reason: "\(error)")
        }
    }

    /// Maps SQLite errors to one-line workspace errors.
    public static func map(_ error: Error, path: String) -> Error {
        guard let error = error as? DatabaseError else { return error }
        switch error.resultCode {
        case .SQLITE_NOTADB: return WorkspaceError.notAWorkspace(path: path)
        case .SQLITE_READONLY: return WorkspaceError.readOnly(path: path)
        case .SQLITE_BUSY, .SQLITE_LOCKED: return WorkspaceError.busy(path: path, seconds: busyTimeout)
        case .SQLITE_CANTOPEN: return WorkspaceError.cannotOpen(path: path, reason: "SQLite cannot open the file")
        case .SQLITE_FULL: return WorkspaceError.diskFull(path: path)
        case .SQLITE_CORRUPT: return WorkspaceError.damaged(path: path)
        default: return error
        }
    }

    // MARK: Transactions

    /// Reads in a consistent snapshot.
    /// - Throws: ``WorkspaceError`` when the workspace cannot be read; whatever `body` throws.
    public func read<T>(_ body: (Database) throws -> T) throws -> T {
        do {
            return try database.read(body)
        } catch {
            throw Self.map(error, path: location.display)
        }
    }

    /// Runs `body` in one immediate transaction: all of it is written, or none.
    ///
    /// - Parameters:
    ///   - author: who makes the change and when; the change's audit rows record it.
    ///   - checkingForeignKeys: false only for bulk inserts whose body checks every reference
    ///     itself, inside the same transaction (SQLite's per-row check then costs more than the
    ///     insert).
    ///   - changing: what of the data the change touches (``ChangedData``), and so which
    ///     revisions it raises; by default every year's. Read when `body` has run, so a body
    ///     that learns what it changed as it writes (an import) can say it.
    /// - Throws: ``WorkspaceError`` when the file is read-only or busy; whatever `body` throws
    ///   (nothing is written then).
    public func write<T>(
        by author: Author, checkingForeignKeys: Bool = true, changing: @autoclosure () -> ChangedData = .everyYear,
        _ body: (Change) throws -> T
    ) throws -> T {
        do {
            return try database.writeWithoutTransaction { db in
                if !checkingForeignKeys { try db.execute(sql: "PRAGMA foreign_keys = OFF") }
                defer { if !checkingForeignKeys { try? db.execute(sql: "PRAGMA foreign_keys = ON") } }
                var result: T?
                try db.inTransaction(.immediate) {
                    // A write that rolled back leaves no row: start from the log as it is.
                    chainHead.value = nil
                    defer { chainHead.value = nil }
                    result = try body(Change(db: db, author: author))
                    try Self.raiseRevisions(db, changing: changing())
                    return .commit
                }
                return result!
            }
        } catch {
            throw Self.map(error, path: location.display)
        }
    }

    /// Raises the revisions a change of `changing` moves, in its transaction: the workspace's
    /// for any change but ``ChangedData/nothing``, and with it every year's or those years'.
    private static func raiseRevisions(_ db: Database, changing: ChangedData) throws {
        switch changing {
        case .nothing:
            return
        case .settings, .locks:
            try db.cachedStatement(sql: "UPDATE revision SET value = value + 1 WHERE id = 1").execute()
        case .everyYear:
            try db.cachedStatement(sql: "UPDATE revision SET value = value + 1, every_year = value + 1 WHERE id = 1")
                .execute()
        case .years(let years):
            try db.cachedStatement(sql: "UPDATE revision SET value = value + 1 WHERE id = 1").execute()
            let statement = try db.cachedStatement(
                sql: """
                    INSERT INTO year_revisions (year, value, whole_year) SELECT ?, value, value FROM revision
                    WHERE id = 1
                    ON CONFLICT(year) DO UPDATE SET value = excluded.value, whole_year = excluded.whole_year
                    """)
            for year in years.sorted() { try statement.execute(arguments: [year]) }
        case .units(let pairs):
            guard pairs.count <= unitRevisionsLimit else {
                return try raiseRevisions(db, changing: .years(Set(pairs.map(\.year))))
            }
            try db.cachedStatement(sql: "UPDATE revision SET value = value + 1 WHERE id = 1").execute()
            let year = try db.cachedStatement(
                sql: """
                    INSERT INTO year_revisions (year, value, whole_year) SELECT ?, value, 0 FROM revision WHERE id = 1
                    ON CONFLICT(year) DO UPDATE SET value = excluded.value
                    """)
            for changed in Set(pairs.map(\.year)).sorted() { try year.execute(arguments: [changed]) }
            let unit = try db.cachedStatement(
                sql: """
                    INSERT INTO unit_revisions (year, unit_id, value) SELECT ?, ?, value FROM revision WHERE id = 1
                    ON CONFLICT(year, unit_id) DO UPDATE SET value = excluded.value
                    """)
            for pair in pairs { try unit.execute(arguments: [pair.year, pair.unit]) }
        }
    }

    /// Most (unit, year) pairs a write records one by one (``ChangedData/units(_:)``); a write
    /// to more counts as one to their years as a whole.
    static let unitRevisionsLimit = 2_000

    /// The workspace's revision: a number every committed change to what imports read (and to
    /// the settings) raises.
    /// - Throws: ``WorkspaceError`` when the workspace cannot be read.
    public func revision() throws -> Int64 {
        try read { db in try Int64.fetchOne(db, sql: "SELECT value FROM revision WHERE id = 1") ?? 0 }
    }

    /// The revision of what `year`'s results are computed from: raised by every change to that
    /// year's assessments or evidence, and by every change to what every year reads
    /// (units, criteria); not by changes to other years. What is kept for the year
    /// (`stored_results`) is valid while it holds.
    /// - Throws: ``WorkspaceError`` when the workspace cannot be read.
    public func revision(year: Int) throws -> Int64 {
        try read { db in try Self.revision(db, year: year) }
    }

    /// ``revision(year:)`` on `db`.
    /// - Throws: a database error.
    static func revision(_ db: Database, year: Int) throws -> Int64 {
        try Int64.fetchOne(
            db,
            sql: """
                SELECT max(every_year, coalesce((SELECT value FROM year_revisions WHERE year = ?), 0))
                FROM revision WHERE id = 1
                """,
            arguments: [year]) ?? 0
    }

    /// The revision as `change` sees it (before it commits).
    /// - Throws: a database error.
    public func revision(in change: Change) throws -> Int64 {
        try Int64.fetchOne(change.db, sql: "SELECT value FROM revision WHERE id = 1") ?? 0
    }

    // MARK: Time

    /// Parses a stored timestamp.
    public static func date(fromTimestamp text: String) -> Date? { try? Date(text, strategy: .iso8601) }
}

/// What a write to the workspace changes of the data imports read and results are computed
/// from: which revisions it raises (``Workspace/revision()``, ``Workspace/revision(year:)``).
public enum ChangedData: Sendable, Equatable {
    /// Nothing an import or a computation reads (feedback, a plan's tasks, scenarios, which have
    /// a revision of their own): no revision moves, so an import running meanwhile does not read
    /// its file again, and nothing kept is dropped.
    case nothing
    /// The workspace's settings alone (the evaluation year, the set in use): other sessions
    /// notice, but no year's data changes, so what is kept for each year stays valid.
    case settings
    /// A year's stage locks: an import running meanwhile checks its rows against them again,
    /// but no score depends on them, so what is kept for each year stays valid.
    case locks
    /// The assessments or evidence of these years as a whole: what is kept for other years
    /// stays valid.
    case years(Set<Int>)
    /// The assessments or evidence of these units in these years alone: what is kept for other
    /// years stays valid, and what is kept for theirs is brought up to date from those units'
    /// rows (more than ``Workspace/unitRevisionsLimit`` pairs count as their years as a whole).
    case units(Set<UnitYear>)
    /// What every year reads (units, criteria), or a change not known to be narrower.
    case everyYear
}

/// Another writer committed between a read that prepared a write and the write itself.
struct ChangedMeanwhile: Error {}

/// The head of the audit chain during one write (writes are serialised by the connection).
final class ChainHead: @unchecked Sendable {
    private let lock = NSLock()
    private var head: String?
    var value: String? {
        get { lock.withLock { head } }
        set { lock.withLock { head = newValue } }
    }
}
