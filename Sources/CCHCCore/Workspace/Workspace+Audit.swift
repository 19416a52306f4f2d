import Foundation
import GRDB

/// One row of the audit log.
public struct AuditEntry: Sendable, Equatable {
    /// Sequence number.
    public var id: Int64
    /// ISO 8601 time.
    public var at: String
    /// Who made the change.
    public var actor: String
    /// What was done, e.g. `import scores`, `units rename`, `stage lock`.
    public var action: String
    /// The unit concerned, if any.
    public var unitID: String?
    /// The year concerned, if any.
    public var year: Int?
    /// What was changed (a criterion and stage, a key, a file).
    public var target: String?
    /// The value before, if any.
    public var before: String?
    /// The value after, if any.
    public var after: String?
}

extension Workspace {
    /// Appends an audit row recording `change`'s author, inside the write that makes the change.
    /// - Throws: a database error (the whole change is then rolled back).
    public func audit(
        _ action: String, unit: String? = nil, year: Int? = nil, target: String? = nil, before: String? = nil,
        after: String? = nil, in change: Change
    ) throws {
        // A cached statement: imports audit one row per change.
        try change.db.cachedStatement(
            sql: """
                INSERT INTO audit (at, actor, action, unit_id, year, target, before, after)
                VALUES (?, ?, ?, ?, ?, ?, ?, ?)
                """
        ).execute(arguments: [change.author.timestamp, change.author.name, action, unit, year, target, before, after])
    }

    /// Audit rows, oldest first, for one unit (or all) since a time (or ever).
    /// - Throws: ``WorkspaceError`` when the workspace cannot be read (busy, locked, not a workspace).
    public func auditLog(unit: String? = nil, since: String? = nil, limit: Int? = nil) throws -> [AuditEntry] {
        try read { db in
            var conditions: [String] = []
            var arguments: StatementArguments = []
            if let unit {
                conditions.append("unit_id = ?")
                _ = arguments.append(contentsOf: [unit])
            }
            if let since {
                conditions.append("at >= ?")
                _ = arguments.append(contentsOf: [since])
            }
            let filter = conditions.isEmpty ? "" : "WHERE " + conditions.joined(separator: " AND ")
            var sql = "SELECT * FROM audit \(filter) ORDER BY id"
            if let limit {
                sql = "SELECT * FROM (SELECT * FROM audit \(filter) ORDER BY id DESC LIMIT \(limit)) ORDER BY id"
            }
            return try Row.fetchAll(db, sql: sql, arguments: arguments).map { row in
                AuditEntry(
                    id: row["id"], at: row["at"], actor: row["actor"], action: row["action"], unitID: row["unit_id"],
                    year: row["year"], target: row["target"], before: row["before"], after: row["after"])
            }
        }
    }
}
