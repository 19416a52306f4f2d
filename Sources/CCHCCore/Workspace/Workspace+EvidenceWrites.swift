import Foundation
import GRDB

/// One evidence value to store: a unit's value of a key for a year.
public struct EvidenceRow: Sendable, Equatable {
    /// The unit's id.
    public var unit: String
    /// The evidence key, e.g. `dossiers.on_time_rate`.
    public var key: String
    /// The evaluation year it belongs to.
    public var year: Int
    /// The value.
    public var value: EvidenceValue
    /// A note from the source.
    public var note: String?

    /// Creates a row.
    public init(unit: String, key: String, year: Int, value: EvidenceValue, note: String? = nil) {
        self.unit = unit
        self.key = key
        self.year = year
        self.value = value
        self.note = note
    }
}

/// Where stored evidence values came from, written with each of them.
public struct EvidenceProvenance: Sendable, Equatable {
    /// The collector (`import evidence`, `dossiers`, `postgres`, …).
    public var collector: String
    /// The file's name, or the database source named.
    public var source: String
    /// SHA-256 of the file; `nil` for a database.
    public var sourceHash: String?
    /// The source's data rows; `nil` when the source has none (generated values).
    public var sourceRows: Int?

    /// Creates a provenance.
    public init(collector: String, source: String, sourceHash: String?, sourceRows: Int?) {
        self.collector = collector
        self.source = source
        self.sourceHash = sourceHash
        self.sourceRows = sourceRows
    }
}

/// A stored evidence value's identity.
public struct EvidenceIdentity: Hashable, Sendable {
    /// The unit's id.
    public var unit: String
    /// The key.
    public var key: String
    /// The year.
    public var year: Int

    /// Creates an identity.
    public init(unit: String, key: String, year: Int) {
        self.unit = unit
        self.key = key
        self.year = year
    }
}

extension Workspace {
    /// The stored evidence values of the (unit, year) pairs given, by identity: each pair read
    /// through the table's key when there are `limit` or fewer (a correction of a few units reads those, not
    /// the year's hundreds of thousands of values at national scale), whole years when there
    /// are many. Values of other units of those years may come too.
    /// - Throws: ``WorkspaceError`` when the workspace cannot be read.
    public func storedEvidence(of pairs: Set<UnitYear>, byKeyUpTo limit: Int = 2_000) throws -> [EvidenceIdentity:
        StoredEvidenceValue]
    {
        guard pairs.count <= limit else { return try storedEvidence(years: Set(pairs.map(\.year))) }
        return try read { db in
            var values: [EvidenceIdentity: StoredEvidenceValue] = [:]
            let statement = try db.cachedStatement(
                sql: "SELECT key, kind, value, denominator FROM evidence WHERE unit_id = ? AND year = ?")
            for pair in pairs {
                let cursor = try Row.fetchCursor(statement, arguments: [pair.unit, pair.year])
                while let row = try cursor.next() {
                    values[EvidenceIdentity(unit: pair.unit, key: row[0], year: pair.year)] = StoredEvidenceValue(
                        kind: row[1], value: row[2], denominator: row[3])
                }
            }
            return values
        }
    }

    /// The values of `keys` a file of the office's own set (`import evidence`: a count by
    /// hand, a correction), by identity: the file's name and when it was imported. An import
    /// from another source that would change one of them says so first.
    /// - Throws: ``WorkspaceError`` when the workspace cannot be read.
    public func evidenceSetByHand(keys: Set<String>) throws -> [EvidenceIdentity: (source: String, at: String)] {
        guard !keys.isEmpty else { return [:] }
        return try read { db in
            var found: [EvidenceIdentity: (source: String, at: String)] = [:]
            let rows = try Row.fetchCursor(
                db,
                sql: """
                    SELECT unit_id, key, year, source, imported_at FROM evidence
                    WHERE collector = ? AND key IN (\(databaseQuestionMarks(count: keys.count)))
                    """,
                arguments: StatementArguments([Self.handCollector] + keys.sorted()))
            while let row = try rows.next() {
                found[EvidenceIdentity(unit: row[0], key: row[1], year: row[2])] = (row[3] ?? "", row[4])
            }
            return found
        }
    }

    /// The collector recorded with the values of `import evidence`.
    public static let handCollector = "import evidence"

    /// The units with an evidence value in `year` whose key starts with `keyPrefix` (the
    /// `calendar`'s survey coverage), without reading the values.
    /// - Throws: ``WorkspaceError`` when the workspace cannot be read.
    public func unitsWithEvidence(year: Int, keyPrefix: String) throws -> Set<String> {
        try read { db in
            Set(
                try String.fetchAll(
                    db, sql: "SELECT DISTINCT unit_id FROM evidence WHERE year = ? AND substr(key, 1, ?) = ?",
                    arguments: [year, keyPrefix.unicodeScalars.count, keyPrefix]))
        }
    }

    /// The stored evidence values of `years`, by identity.
    /// - Throws: ``WorkspaceError`` when the workspace cannot be read.
    public func storedEvidence(years: Set<Int>) throws -> [EvidenceIdentity: StoredEvidenceValue] {
        try read { db in
            var values: [EvidenceIdentity: StoredEvidenceValue] = [:]
            for year in years {
                let cursor = try Row.fetchCursor(
                    db, sql: "SELECT unit_id, key, kind, value, denominator FROM evidence WHERE year = ?",
                    arguments: [year])
                while let row = try cursor.next() {
                    values[EvidenceIdentity(unit: row[0], key: row[1], year: year)] = StoredEvidenceValue(
                        kind: row[2], value: row[3], denominator: row[4])
                }
            }
            return values
        }
    }

    /// When a collector first stored values from a file with this hash, if it did.
    /// - Throws: ``WorkspaceError`` when the workspace cannot be read.
    public func importTime(collector: String, sourceHash: String) throws -> String? {
        try read { db in
            try String.fetchOne(
                db, sql: "SELECT imported_at FROM evidence WHERE collector = ? AND source_hash = ? LIMIT 1",
                arguments: [collector, sourceHash])
        }
    }

    /// Writes `rows` with their provenance and the change's time, replacing stored values of the
    /// same unit, key and year: provenance names the import that last set each value (imports
    /// pass the values they add or change, not those they find unchanged).
    /// - Throws: a database error (the whole change is then rolled back).
    public func storeEvidence(_ rows: [EvidenceRow], from provenance: EvidenceProvenance, in change: Change) throws {
        // SQLite's C API, as for scores: GRDB's argument boxing cost more than the insert. The
        // provenance is the same for every row: bound once (a reset keeps bindings).
        var upsert = try FastStatement(
            change.db,
            sql: """
                INSERT INTO evidence (unit_id, year, key, kind, value, denominator, note, collector, source,
                                      source_hash, source_rows, imported_at)
                VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)
                ON CONFLICT (unit_id, year, key) DO UPDATE SET kind = excluded.kind, value = excluded.value,
                    denominator = excluded.denominator, note = excluded.note, collector = excluded.collector,
                    source = excluded.source, source_hash = excluded.source_hash,
                    source_rows = excluded.source_rows, imported_at = excluded.imported_at
                """)
        upsert.bind(provenance.collector, at: 8)
        upsert.bind(provenance.source, at: 9)
        upsert.bind(provenance.sourceHash, at: 10)
        if let count = provenance.sourceRows { upsert.bind(count, at: 11) } else { upsert.bind(nil as String?, at: 11) }
        upsert.bind(change.author.timestamp, at: 12)
        for row in rows {
            let stored = StoredEvidenceValue(row.value)
            upsert.bind(row.unit)
            upsert.bind(row.year)
            upsert.bind(row.key)
            upsert.bind(stored.kind)
            upsert.bind(stored.value as Double?)
            upsert.bind(stored.denominator)
            upsert.bind(row.note)
            try upsert.step()
        }
    }

    /// Replaces the exceptions kept behind `keys` of each (unit, year) in `pairs` with `items`.
    ///
    /// Items go through SQLite's C API (up to 5,000 per unit, year and key; GRDB's argument boxing
    /// would cost more than the insert). An item listed twice is kept once (the first), which
    /// costs less than replacing under foreign-key checks.
    /// - Throws: a database error (the whole change is then rolled back).
    public func replaceEvidenceItems(
        _ items: [CollectedEvidence.Item], keys: Set<String>, of pairs: Set<UnitYear>, in change: Change
    ) throws {
        let delete = try change.db.makeStatement(
            sql: "DELETE FROM evidence_items WHERE unit_id = ? AND year = ? AND key = ?")
        for pair in pairs {
            for key in keys { try delete.execute(arguments: [pair.unit, pair.year, key]) }
        }
        var insert = try FastStatement(
            change.db,
            sql: "INSERT OR IGNORE INTO evidence_items (unit_id, year, key, item, note) VALUES (?, ?, ?, ?, ?)")
        for item in items {
            insert.bind(item.unitID)
            insert.bind(item.year)
            insert.bind(item.key)
            insert.bind(item.item)
            insert.bind(item.note)
            try insert.step()
        }
    }
}

/// A unit in a year.
public struct UnitYear: Hashable, Sendable {
    /// The unit's id.
    public var unit: String
    /// The year.
    public var year: Int

    /// Creates a pair.
    public init(unit: String, year: Int) {
        self.unit = unit
        self.year = year
    }
}
