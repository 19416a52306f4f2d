import Foundation
import GRDB
import GRDBSQLite

extension Workspace {
    /// SQLite's "copy the bytes" destructor, which the C macro SQLITE_TRANSIENT stands for.
    fileprivate static let transientText = unsafeBitCast(-1, to: sqlite3_destructor_type.self)

    /// Every unit with its records for `year`; with `unit`, that unit alone (read through the
    /// tables' keys, so it costs the same whatever the number of units).
    /// - Throws: ``WorkspaceError`` when the workspace cannot be read (busy, locked, not a workspace).
    public func dataset(year: Int, syntheticLabel: String?, unit only: String? = nil) throws -> Dataset {
        try read { db in try Self.dataset(db, year: year, syntheticLabel: syntheticLabel, unit: only) }
    }

    /// One unit's records for `year` and the workspace's revision, read in one transaction, so
    /// what is derived from them can be matched with data of the same revision.
    /// - Throws: ``WorkspaceError`` when the workspace cannot be read.
    public func unitDataset(year: Int, syntheticLabel: String?, unit: String) throws -> (Dataset, revision: Int64) {
        try read { db in
            (
                try Self.dataset(db, year: year, syntheticLabel: syntheticLabel, unit: unit),
                try Int64.fetchOne(db, sql: "SELECT value FROM revision WHERE id = 1") ?? 0
            )
        }
    }

    static func dataset(_ db: Database, year: Int, syntheticLabel: String?, unit only: String?) throws
        -> Dataset
    {
        do {
            var records: [String: UnitRecord] = [:]
            records.reserveCapacity(only == nil ? try Int.fetchOne(db, sql: "SELECT count(*) FROM units") ?? 0 : 1)
            var adjustments: [String: [String: (Stage, Double)]] = [:]
            // SQLite's C API straight: GRDB's rows box every value, which at two million
            // assessments cost most of the load. The table's key (unit, year, leaf, stage)
            // gives the rows grouped by unit and leaf, so each unit's record and each leaf's
            // assessment is built apart and stored once; rows in another order are still merged.
            let columns = "SELECT unit_id, criterion_id, stage, points, note, evidence_ref FROM assessments"
            let statement = try db.makeStatement(
                sql: only == nil ? "\(columns) WHERE year = ?" : "\(columns) WHERE unit_id = ? AND year = ?")
            let raw = statement.sqliteStatement
            // Bound here, copied (SQLITE_TRANSIENT): GRDB binds text only for the span of its
            // own execution, so its arguments would leave SQLite a dangling pointer here.
            if let only {
                _ = only.withCString { sqlite3_bind_text(raw, 1, $0, -1, Self.transientText) }
                sqlite3_bind_int64(raw, 2, Int64(year))
            } else {
                sqlite3_bind_int64(raw, 1, Int64(year))
            }
            var unit = ""
            var record = UnitRecord()
            var criterion = ""
            var leaf: LeafAssessment?
            func text(_ column: Int32) -> String? {
                guard let bytes = sqlite3_column_text(raw, column) else { return nil }
                return String(
                    decoding: UnsafeBufferPointer(start: bytes, count: Int(sqlite3_column_bytes(raw, column))),
                    as: UTF8.self)
            }
            func same(_ column: Int32, as known: String) -> Bool {
                guard let bytes = sqlite3_column_text(raw, column) else { return false }
                let count = Int(sqlite3_column_bytes(raw, column))
                var known = known
                return known.withUTF8 { own in
                    guard own.count == count else { return false }
                    guard let base = own.baseAddress else { return count == 0 }
                    return memcmp(base, bytes, count) == 0
                }
            }
            func storeLeaf() {
                if let leaf { record.leaves[criterion] = leaf }
                leaf = nil
            }
            // Units of a set have as many leaves: the last unit's count sizes the next one's
            // table, instead of growing it (and moving every assessment) seven times.
            var leavesPerUnit = 0
            func storeRecord() {
                storeLeaf()
                guard !unit.isEmpty else { return }
                leavesPerUnit = max(leavesPerUnit, record.leaves.count)
                records[unit] = record
            }
            while true {
                let step = sqlite3_step(raw)
                if step == SQLITE_DONE { break }
                guard step == SQLITE_ROW else { throw DatabaseError(resultCode: ResultCode(rawValue: step)) }
                guard let stageText = text(2), let stage = Stage(rawValue: stageText) else { continue }
                if !same(0, as: unit) {
                    storeRecord()
                    unit = text(0) ?? ""
                    record = records[unit] ?? UnitRecord()
                    if record.leaves.isEmpty { record.leaves.reserveCapacity(leavesPerUnit) }
                    criterion = ""
                }
                let points: Double? =
                    sqlite3_column_type(raw, 3) == SQLITE_NULL ? nil : sqlite3_column_double(raw, 3)
                if !same(1, as: criterion) {
                    storeLeaf()
                    criterion = text(1) ?? ""
                }
                if criterion == "bonus" || criterion == "penalty" {
                    if let current = adjustments[unit]?[criterion], current.0 > stage { continue }
                    adjustments[unit, default: [:]][criterion] = (stage, points ?? 0)
                    continue
                }
                if leaf == nil { leaf = record.leaves[criterion] ?? LeafAssessment() }
                leaf?.stages[stage] = points.map { .points($0) } ?? .notApplicable
                if let note = text(4) { leaf?.notes[stage] = note }
                if stage == .selfAssessment, let reference = text(5), !reference.isEmpty {
                    record.selfReferenced.insert(criterion)
                }
            }
            storeRecord()
            sqlite3_reset(raw)
            for (unit, values) in adjustments {
                records[unit, default: UnitRecord()].bonus = values["bonus"]?.1 ?? 0
                records[unit, default: UnitRecord()].penalty = values["penalty"]?.1 ?? 0
            }
            let evidenceColumns = "SELECT unit_id, key, kind, value, denominator, collector, source FROM evidence"
            let evidence = try Row.fetchCursor(
                db,
                sql: only == nil
                    ? "\(evidenceColumns) WHERE year = ?" : "\(evidenceColumns) WHERE unit_id = ? AND year = ?",
                arguments: only.map { [$0, year] } ?? [year])
            while let row = try evidence.next() {
                let unit: String = row[0]
                let key: String = row[1]
                let evidenceValue = StoredEvidenceValue(kind: row[2], value: row[3], denominator: row[4]).evidenceValue
                let collector: String = row[5]
                let source: String? = row[6]
                records[unit, default: UnitRecord()].evidence[key] = Evidence(
                    key: key, value: evidenceValue, source: source.map { "\(collector): \($0)" } ?? collector)
            }
            return Dataset(
                year: year, units: try Self.units(db, only: only), records: records, syntheticLabel: syntheticLabel)
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
}
