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
    // MARK: Settings

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

    // MARK: Audit

    /// Appends an audit row recording `change`'s author, inside the write that makes the change.
    /// - Throws: a database error (the whole change is then rolled back).
    public func audit(
        _ action: String, unit: String? = nil, year: Int? = nil, target: String? = nil, before: String? = nil,
        after: String? = nil, in change: Change
    ) throws {
        try change.db.execute(
            sql: """
                INSERT INTO audit (at, actor, action, unit_id, year, target, before, after)
                VALUES (?, ?, ?, ?, ?, ?, ?, ?)
                """,
            arguments: [change.author.timestamp, change.author.name, action, unit, year, target, before, after])
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

    // MARK: Units

    /// The units in the order they were added.
    /// - Throws: ``WorkspaceError`` when the workspace cannot be read (busy, locked, not a workspace).
    public func units() throws -> [EvaluatedUnit] {
        try read { db in try Self.units(db) }
    }

    static func units(_ db: Database) throws -> [EvaluatedUnit] {
        try Row.fetchAll(db, sql: "SELECT id, name, kind, set_id FROM units ORDER BY seq, id").map { row in
            EvaluatedUnit(
                id: row["id"], name: row["name"], kind: UnitKind(rawValue: row["kind"]) ?? .commune,
                setID: row["set_id"])
        }
    }

    /// Adds or updates a unit inside `change`, auditing what changed; returns true when something
    /// changed.
    /// - Throws: a database error.
    @discardableResult
    public func upsert(_ unit: EvaluatedUnit, action: String, in change: Change) throws -> Bool {
        let db = change.db
        if let row = try Row.fetchOne(
            db, sql: "SELECT name, kind, set_id FROM units WHERE id = ?", arguments: [unit.id])
        {
            var changed = false
            for (column, old, new) in [
                ("name", row["name"] as String, unit.name), ("kind", row["kind"] as String, unit.kind.rawValue),
                ("set_id", row["set_id"] as String, unit.setID),
            ] where old != new {
                try db.execute(sql: "UPDATE units SET \(column) = ? WHERE id = ?", arguments: [new, unit.id])
                try audit(
                    action, unit: unit.id, target: column == "set_id" ? "set" : column, before: old, after: new,
                    in: change)
                changed = true
            }
            return changed
        }
        try db.execute(
            sql:
                "INSERT INTO units (id, name, kind, set_id, seq) VALUES (?, ?, ?, ?, (SELECT coalesce(max(seq), 0) + 1 FROM units))",
            arguments: [unit.id, unit.name, unit.kind.rawValue, unit.setID])
        try audit(
            action, unit: unit.id, target: "unit", after: "\(unit.name) (\(unit.kind.rawValue), set \(unit.setID))",
            in: change)
        return true
    }

    /// Renames a unit.
    /// - Throws: ``WorkspaceError/unknownUnit(_:)``, or a write error.
    public func renameUnit(_ id: String, to name: String, by author: Author) throws {
        try write(by: author) { change in
            let db = change.db
            guard let old = try String.fetchOne(db, sql: "SELECT name FROM units WHERE id = ?", arguments: [id]) else {
                throw WorkspaceError.unknownUnit(id)
            }
            try db.execute(sql: "UPDATE units SET name = ? WHERE id = ?", arguments: [VietnameseText.nfc(name), id])
            try audit(
                "units rename", unit: id, target: "name", before: old, after: VietnameseText.nfc(name), in: change)
        }
    }

    /// Removes a unit; with records (assessments, evidence) only when `force` is set.
    /// - Throws: ``WorkspaceError/unknownUnit(_:)``, ``WorkspaceError/unitHasRecords(unit:count:)``,
    ///   or a write error.
    public func removeUnit(_ id: String, force: Bool, by author: Author) throws {
        try write(by: author) { change in
            let db = change.db
            guard let name = try String.fetchOne(db, sql: "SELECT name FROM units WHERE id = ?", arguments: [id]) else {
                throw WorkspaceError.unknownUnit(id)
            }
            let count =
                try Int.fetchOne(
                    db,
                    sql:
                        "SELECT (SELECT count(*) FROM assessments WHERE unit_id = ?) + (SELECT count(*) FROM evidence WHERE unit_id = ?)",
                    arguments: [id, id]) ?? 0
            if count > 0 && !force { throw WorkspaceError.unitHasRecords(unit: id, count: count) }
            try db.execute(sql: "DELETE FROM units WHERE id = ?", arguments: [id])
            try audit(
                "units remove", unit: id, target: "unit", before: "\(name) with \(count) recorded values", in: change)
        }
    }

    // MARK: Stage locks

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

    /// How many values each stage holds for `year`.
    /// - Throws: ``WorkspaceError`` when the workspace cannot be read (busy, locked, not a workspace).
    public func stageCounts(year: Int) throws -> [Stage: Int] {
        try read { db in
            var counts: [Stage: Int] = [:]
            for row in try Row.fetchAll(
                db, sql: "SELECT stage, count(*) AS n FROM assessments WHERE year = ? GROUP BY stage", arguments: [year]
            ) {
                if let stage = Stage(rawValue: row["stage"]) { counts[stage] = row["n"] }
            }
            return counts
        }
    }

    /// Locks or unlocks a stage of a year; returns false when it already was.
    /// - Throws: a write error.
    @discardableResult
    public func setStage(_ stage: Stage, locked: Bool, year: Int, by author: Author) throws -> Bool {
        try write(by: author) { change in
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

    // MARK: Loading a year

    /// Every unit with its records for `year`.
    /// - Throws: ``WorkspaceError`` when the workspace cannot be read (busy, locked, not a workspace).
    public func dataset(year: Int, syntheticLabel: String?) throws -> Dataset {
        try read { db in
            var records: [String: UnitRecord] = [:]
            var adjustments: [String: [String: (Stage, Double)]] = [:]
            let cursor = try Row.fetchCursor(
                db,
                sql: "SELECT unit_id, criterion_id, stage, points, note, evidence_ref FROM assessments WHERE year = ?",
                arguments: [year])
            while let row = try cursor.next() {
                let unit: String = row[0]
                let criterion: String = row[1]
                guard let stage = Stage(rawValue: row[2]) else { continue }
                let points: Double? = row[3]
                if criterion == "bonus" || criterion == "penalty" {
                    if let current = adjustments[unit]?[criterion], current.0 > stage { continue }
                    adjustments[unit, default: [:]][criterion] = (stage, points ?? 0)
                    continue
                }
                var leaf = records[unit, default: UnitRecord()].leaves[criterion] ?? LeafAssessment()
                leaf.stages[stage] = points.map { .points($0) } ?? .notApplicable
                if let note: String = row[4] { leaf.notes[stage] = note }
                records[unit, default: UnitRecord()].leaves[criterion] = leaf
                if stage == .selfAssessment, let reference: String = row[5], !reference.isEmpty {
                    records[unit, default: UnitRecord()].selfReferenced.insert(criterion)
                }
            }
            for (unit, values) in adjustments {
                records[unit, default: UnitRecord()].bonus = values["bonus"]?.1 ?? 0
                records[unit, default: UnitRecord()].penalty = values["penalty"]?.1 ?? 0
            }
            let evidence = try Row.fetchCursor(
                db,
                sql: "SELECT unit_id, key, kind, value, denominator, collector, source FROM evidence WHERE year = ?",
                arguments: [year])
            while let row = try evidence.next() {
                let unit: String = row[0]
                let key: String = row[1]
                let evidenceValue = StoredEvidenceValue(kind: row[2], value: row[3], denominator: row[4]).evidenceValue
                let collector: String = row[5]
                let source: String? = row[6]
                records[unit, default: UnitRecord()].evidence[key] = Evidence(
                    key: key, value: evidenceValue, source: source.map { "\(collector): \($0)" } ?? collector)
            }
            return Dataset(year: year, units: try Self.units(db), records: records, syntheticLabel: syntheticLabel)
        }
    }

    /// Counts of what is recorded for a year: (units, assessments, evidence values).
    /// - Throws: ``WorkspaceError`` when the workspace cannot be read (busy, locked, not a workspace).
    public func counts(year: Int) throws -> (units: Int, assessments: Int, evidence: Int) {
        try read { db in
            (
                try Int.fetchOne(db, sql: "SELECT count(*) FROM units") ?? 0,
                try Int.fetchOne(db, sql: "SELECT count(*) FROM assessments WHERE year = ?", arguments: [year]) ?? 0,
                try Int.fetchOne(db, sql: "SELECT count(*) FROM evidence WHERE year = ?", arguments: [year]) ?? 0
            )
        }
    }

    // MARK: Evidence

    /// One evidence value with its full provenance.
    public struct EvidenceRecord: Sendable, Equatable {
        /// The key.
        public var key: String
        /// The value.
        public var value: EvidenceValue
        /// A note from the file.
        public var note: String?
        /// The collector (`import evidence`, `sample generator`, …).
        public var collector: String
        /// The source file or query.
        public var source: String?
        /// SHA-256 of the source file.
        public var sourceHash: String?
        /// Data rows of the source file.
        public var sourceRows: Int?
        /// When it was imported.
        public var importedAt: String
    }

    /// The exceptions a collector kept behind one of a unit's evidence values (e.g. the ids of
    /// overdue dossiers), by item.
    /// - Throws: ``WorkspaceError`` when the workspace cannot be read (busy, locked, not a workspace).
    public func evidenceItems(unit: String, year: Int, key: String) throws -> [(item: String, note: String?)] {
        try read { db in
            try Row.fetchAll(
                db,
                sql: "SELECT item, note FROM evidence_items WHERE unit_id = ? AND year = ? AND key = ? ORDER BY item",
                arguments: [unit, year, key]
            ).map { ($0["item"], $0["note"]) }
        }
    }

    /// A unit's evidence for a year, by key.
    /// - Throws: ``WorkspaceError`` when the workspace cannot be read (busy, locked, not a workspace).
    public func evidence(unit: String, year: Int) throws -> [EvidenceRecord] {
        try read { db in
            try Row.fetchAll(
                db, sql: "SELECT * FROM evidence WHERE unit_id = ? AND year = ? ORDER BY key", arguments: [unit, year]
            ).map { row in
                let stored = StoredEvidenceValue(
                    kind: row["kind"], value: row["value"], denominator: row["denominator"])
                return EvidenceRecord(
                    key: row["key"], value: stored.evidenceValue, note: row["note"], collector: row["collector"],
                    source: row["source"], sourceHash: row["source_hash"], sourceRows: row["source_rows"],
                    importedAt: row["imported_at"])
            }
        }
    }

    // MARK: Criteria sets

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
        try audit(
            "criteria \(origin == "file" ? "load" : "use")", target: set.id, before: old.map { String($0.prefix(12)) },
            after: "\(String(set.contentHash.prefix(12))) (\(fileName ?? origin))", in: change)
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
}
