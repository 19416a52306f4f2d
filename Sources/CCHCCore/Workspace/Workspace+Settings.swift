import Foundation
import GRDB

extension Workspace {
    /// A stored setting.
    /// - Throws: ``WorkspaceError`` when the workspace cannot be read (busy, locked, not a workspace).
    public func setting(_ key: String) throws -> String? {
        try read { db in try String.fetchOne(db, sql: "SELECT value FROM settings WHERE key = ?", arguments: [key]) }
    }

    /// Stores a setting in `db` (inside a write).
    /// - Throws: a database error (the whole change is then rolled back).
    public func setSetting(_ key: String, _ value: String?, in db: Database) throws {
        if let value {
            try db.execute(
                sql:
                    "INSERT INTO settings (key, value) VALUES (?, ?) ON CONFLICT(key) DO UPDATE SET value = excluded.value",
                arguments: [key, value])
        } else {
            try db.execute(sql: "DELETE FROM settings WHERE key = ?", arguments: [key])
        }
    }

    /// Stores (or with nil removes) a setting inside `change`, returning the value it replaces.
    /// - Throws: a database error (the whole change is then rolled back).
    @discardableResult
    public func replaceSetting(_ key: String, with value: String?, in change: Change) throws -> String? {
        let before = try String.fetchOne(
            change.db, sql: "SELECT value FROM settings WHERE key = ?", arguments: [key])
        try setSetting(key, value, in: change.db)
        return before
    }
}
