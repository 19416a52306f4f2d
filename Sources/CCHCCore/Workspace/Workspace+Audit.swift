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
    /// The row carries the SHA-256 of the previous row's hash and its own fields, so a row edited
    /// or removed behind the workbench's back breaks the chain (``verifyAuditChain()``).
    /// - Throws: a database error (the whole change is then rolled back).
    public func audit(
        _ action: String, unit: String? = nil, year: Int? = nil, target: String? = nil, before: String? = nil,
        after: String? = nil, in change: Change
    ) throws {
        let previous = try chainHead.value ?? lastAuditHash(change.db)
        let hash = Self.auditHash(
            previous: previous,
            fields: [
                change.author.timestamp, change.author.name, action, unit, year.map(String.init), target, before, after,
            ])
        // A cached statement: imports audit one row per change.
        try change.db.cachedStatement(
            sql: """
                INSERT INTO audit (at, actor, action, unit_id, year, target, before, after, hash)
                VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?)
                """
        ).execute(arguments: [
            change.author.timestamp, change.author.name, action, unit, year, target, before, after, hash,
        ])
        chainHead.value = hash
    }

    /// The hash of the newest audit row ("" for none).
    func lastAuditHash(_ db: Database) throws -> String {
        try String.fetchOne(db, sql: "SELECT hash FROM audit ORDER BY id DESC LIMIT 1") ?? ""
    }

    /// SHA-256 (hex) of the previous row's hash and a row's fields, separated by U+001F; a
    /// missing field is U+001E, so it differs from an empty one.
    static func auditHash(previous: String, fields: [String?]) -> String {
        let text = ([previous] + fields.map { $0 ?? "\u{1E}" }).joined(separator: "\u{1F}")
        return ContentHash.hex(Array(text.utf8))
    }

    /// Walks the audit log oldest first and recomputes each row's hash from the one before.
    /// - Returns: how many rows check, the first row that does not (edited, or the row before
    ///   it removed), if any, the hash of the last row that checks (write it down: the newest rows
    ///   can only be checked against a head kept elsewhere), and the append-only triggers missing.
    /// - Throws: ``WorkspaceError`` when the workspace cannot be read.
    public func verifyAuditChain() throws -> (rows: Int, brokenAt: Int64?, head: String, missingTriggers: [String]) {
        try read { db in
            let triggers = try String.fetchSet(db, sql: "SELECT name FROM sqlite_master WHERE type = 'trigger'")
            let missing = [
                "audit_is_append_only_update", "audit_is_append_only_delete", "audit_is_append_only_replace",
            ].filter { !triggers.contains($0) }
            var previous = ""
            var rows = 0
            let cursor = try Row.fetchCursor(
                db,
                sql: "SELECT id, at, actor, action, unit_id, year, target, before, after, hash FROM audit ORDER BY id")
            while let row = try cursor.next() {
                let year: Int? = row["year"]
                let expected = Self.auditHash(
                    previous: previous,
                    fields: [
                        row["at"], row["actor"], row["action"], row["unit_id"], year.map(String.init), row["target"],
                        row["before"], row["after"],
                    ])
                let stored: String? = row["hash"]
                guard stored == expected else { return (rows, row["id"], previous, missing) }
                previous = expected
                rows += 1
            }
            return (rows, nil, previous, missing)
        }
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
