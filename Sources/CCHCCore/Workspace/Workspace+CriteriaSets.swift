import Foundation
import GRDB

extension Workspace {
    /// Sets loaded from files into this workspace: (id, file name, YAML text, hash).
    /// - Throws: ``WorkspaceError`` when the workspace cannot be read (busy, locked, not a workspace).
    public func storedCriteriaFiles() throws -> [(id: String, fileName: String, content: String, hash: String)] {
        try read { db in
            try Row.fetchAll(
                db,
                sql:
                    "SELECT id, file_name, content, content_hash FROM criteria_sets WHERE origin = 'file' ORDER BY loaded_at, id"
            ).map { ($0["id"], $0["file_name"] ?? "", $0["content"] ?? "", $0["content_hash"]) }
        }
    }

    /// Records that a set is used (a module's or a file's), auditing a change of its content.
    /// - Throws: a database error.
    public func recordCriteriaSet(
        _ set: CriteriaSet, origin: String, fileName: String?, content: String?, in change: Change,
        keepContent: Bool = false
    ) throws {
        let db = change.db
        let old = try String.fetchOne(
            db, sql: "SELECT content_hash FROM criteria_sets WHERE id = ?", arguments: [set.id])
        guard old != set.contentHash else { return }
        if keepContent, old != nil, origin == "file" { return }  // a file set changes only through 'criteria load'

        try db.execute(
            sql: """
                INSERT INTO criteria_sets (id, origin, file_name, content, content_hash, loaded_at)
                VALUES (?, ?, ?, ?, ?, ?)
                ON CONFLICT(id) DO UPDATE SET origin = excluded.origin, file_name = excluded.file_name,
                    content = excluded.content, content_hash = excluded.content_hash, loaded_at = excluded.loaded_at
                """,
            arguments: [set.id, origin, fileName, content, set.contentHash, change.author.timestamp])
        if let old { try keepYears(of: set, recordedAgainst: old, in: change) }
        if let content {
            try db.execute(
                sql: """
                    INSERT OR IGNORE INTO criteria_set_versions (set_id, content_hash, file_name, content, loaded_at)
                    VALUES (?, ?, ?, ?, ?)
                    """,
                arguments: [set.id, set.contentHash, fileName, content, change.author.timestamp])
        }
        try audit(
            "criteria \(origin == "file" ? "load" : "use")", target: set.id, before: old.map { String($0.prefix(12)) },
            after: "\(String(set.contentHash.prefix(12))) (\(fileName ?? origin))", in: change)
    }

    /// Before `set` replaces content `old`: every year with data for the set's units that is not
    /// tied yet was recorded while `old` was in use, and stays scored with it; years tied to a
    /// content of the same `version` as `set` (a corrected file) move to `set`, audited.
    private func keepYears(of set: CriteriaSet, recordedAgainst old: String, in change: Change) throws {
        let db = change.db
        try db.execute(
            sql: """
                INSERT OR IGNORE INTO year_sets (year, set_id, content_hash)
                SELECT DISTINCT year, ?1, ?2 FROM (
                    SELECT a.year FROM assessments a JOIN units u ON u.id = a.unit_id WHERE u.set_id = ?1
                    UNION SELECT e.year FROM evidence e JOIN units u ON u.id = e.unit_id WHERE u.set_id = ?1)
                """,
            arguments: [set.id, old])
        let tied = try Row.fetchAll(
            db, sql: "SELECT year, content_hash FROM year_sets WHERE set_id = ? AND content_hash <> ? ORDER BY year",
            arguments: [set.id, set.contentHash])
        var versions: [String: String?] = [:]
        for row in tied {
            let (year, hash): (Int, String) = (row["year"], row["content_hash"])
            if versions[hash] == nil {
                let stored = try Row.fetchOne(
                    db,
                    sql: "SELECT file_name, content FROM criteria_set_versions WHERE set_id = ? AND content_hash = ?",
                    arguments: [set.id, hash])
                versions[hash] = stored.flatMap { row -> String? in
                    let content: String = row["content"]
                    let file: String = row["file_name"] ?? ""
                    return (try? CriteriaFile.parse(yaml: content, file: file))?.first { $0.id == set.id }?.version
                }
            }
            guard versions[hash] == set.version else { continue }
            try db.execute(
                sql: "UPDATE year_sets SET content_hash = ? WHERE year = ? AND set_id = ?",
                arguments: [set.contentHash, year, set.id])
            try audit(
                "criteria rescore", target: "\(set.id) \(year)", before: String(hash.prefix(12)),
                after: "\(String(set.contentHash.prefix(12))) (same version '\(set.version)')", in: change)
        }
    }

    /// Ties `year`'s scores of a set to the set's current content (first time only); returns the
    /// hash the year was first recorded against.
    /// - Throws: a database error (the whole change is then rolled back).
    @discardableResult
    public func tieYear(_ year: Int, to set: CriteriaSet, in db: Database) throws -> String {
        if let hash = try String.fetchOne(
            db, sql: "SELECT content_hash FROM year_sets WHERE year = ? AND set_id = ?", arguments: [year, set.id])
        {
            return hash
        }
        try db.execute(
            sql: "INSERT INTO year_sets (year, set_id, content_hash) VALUES (?, ?, ?)",
            arguments: [year, set.id, set.contentHash])
        return set.contentHash
    }

    /// The content hash each set's scores of `year` were recorded against.
    /// - Throws: ``WorkspaceError`` when the workspace cannot be read (busy, locked, not a workspace).
    public func yearSets(_ year: Int) throws -> [String: String] {
        try read { db in
            Dictionary(
                uniqueKeysWithValues: try Row.fetchAll(
                    db, sql: "SELECT set_id, content_hash FROM year_sets WHERE year = ?", arguments: [year]
                ).map { ($0["set_id"], $0["content_hash"]) })
        }
    }

    /// Every content of set `id` loaded from a file, oldest first: (hash, file name, YAML text).
    /// - Throws: ``WorkspaceError`` when the workspace cannot be read.
    public func storedCriteriaVersions(of id: String) throws -> [(hash: String, fileName: String, content: String)] {
        try read { db in
            try Row.fetchAll(
                db,
                sql:
                    "SELECT content_hash, file_name, content FROM criteria_set_versions WHERE set_id = ? ORDER BY loaded_at, content_hash",
                arguments: [id]
            ).map { ($0["content_hash"], $0["file_name"] ?? "", $0["content"]) }
        }
    }

    /// Records a checked crosswalk (replacing one between the same versions), audited.
    /// - Throws: a database error (the whole change is then rolled back).
    public func recordCrosswalk(_ crosswalk: CriteriaCrosswalk, fileName: String, in change: Change) throws {
        let json = String(decoding: try JSONEncoder().encode(crosswalk), as: UTF8.self)
        try change.db.execute(
            sql: """
                INSERT INTO criteria_crosswalks (set_id, from_version, to_version, file_name, crosswalk, loaded_at)
                VALUES (?, ?, ?, ?, ?, ?)
                ON CONFLICT(set_id, from_version, to_version) DO UPDATE SET file_name = excluded.file_name,
                    crosswalk = excluded.crosswalk, loaded_at = excluded.loaded_at
                """,
            arguments: [
                crosswalk.setID, crosswalk.fromVersion, crosswalk.toVersion, fileName, json, change.author.timestamp,
            ])
        try audit(
            "criteria crosswalk", target: crosswalk.setID, before: nil,
            after:
                "\(crosswalk.fromVersion) → \(crosswalk.toVersion) (\(fileName), \(crosswalk.entries.count) entries)",
            in: change)
    }

    /// The crosswalk loaded from its own file between two versions of set `id`, if any.
    /// - Throws: ``WorkspaceError`` when the workspace cannot be read; a decoding error for a
    ///   damaged row.
    public func storedCrosswalk(set id: String, from: String, to: String) throws -> CriteriaCrosswalk? {
        let json = try read { db in
            try String.fetchOne(
                db,
                sql:
                    "SELECT crosswalk FROM criteria_crosswalks WHERE set_id = ? AND from_version = ? AND to_version = ?",
                arguments: [id, from, to])
        }
        return try json.map { try JSONDecoder().decode(CriteriaCrosswalk.self, from: Data($0.utf8)) }
    }

    /// The years whose scores of set `id` are recorded against some content, with its hash.
    /// - Throws: ``WorkspaceError`` when the workspace cannot be read.
    public func tiedYears(of id: String) throws -> [(year: Int, hash: String)] {
        try read { db in
            try Row.fetchAll(
                db, sql: "SELECT year, content_hash FROM year_sets WHERE set_id = ? ORDER BY year", arguments: [id]
            ).map { ($0["year"], $0["content_hash"]) }
        }
    }
}
