import Foundation
import GRDB

extension Workspace {
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
}
