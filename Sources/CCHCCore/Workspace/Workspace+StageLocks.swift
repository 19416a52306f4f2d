import Foundation
import GRDB

extension Workspace {
    /// The stages locked for `year`, with who locked them and when.
    /// - Throws: ``WorkspaceError`` when the workspace cannot be read (busy, locked, not a workspace).
    public func stageLocks(year: Int) throws -> [Stage: (at: String, by: String)] {
        try read { db in try Self.stageLocks(db, year: year) }
    }

    static func stageLocks(_ db: Database, year: Int) throws -> [Stage: (at: String, by: String)] {
        var locks: [Stage: (at: String, by: String)] = [:]
        for row in try Row.fetchAll(db, sql: "SELECT * FROM stage_locks WHERE year = ?", arguments: [year]) {
            if let stage = Stage(rawValue: row["stage"]) { locks[stage] = (row["locked_at"], row["locked_by"]) }
        }
        return locks
    }

    /// How many values each stage holds for `year` (``counts(year:)``'s, kept for a large year).
    /// - Throws: ``WorkspaceError`` when the workspace cannot be read (busy, locked, not a workspace).
    public func stageCounts(year: Int) throws -> [Stage: Int] { try counts(year: year).byStage }

    /// Locks or unlocks a stage of a year; returns false when it already was.
    /// - Throws: a write error.
    @discardableResult
    public func setStage(_ stage: Stage, locked: Bool, year: Int, by author: Author) throws -> Bool {
        try write(by: author, changing: .locks) { change in
            let db = change.db
            let isLocked =
                try Bool.fetchOne(
                    db, sql: "SELECT count(*) > 0 FROM stage_locks WHERE year = ? AND stage = ?",
                    arguments: [year, stage.rawValue]) ?? false
            guard isLocked != locked else { return false }
            if locked {
                try db.execute(
                    sql: "INSERT INTO stage_locks (year, stage, locked_at, locked_by) VALUES (?, ?, ?, ?)",
                    arguments: [year, stage.rawValue, author.timestamp, author.name])
            } else {
                try db.execute(
                    sql: "DELETE FROM stage_locks WHERE year = ? AND stage = ?", arguments: [year, stage.rawValue])
            }
            try audit(
                locked ? "stage lock" : "stage unlock", year: year, target: stage.rawValue,
                before: locked ? "open" : "locked", after: locked ? "locked" : "open", in: change)
            return true
        }
    }
}
