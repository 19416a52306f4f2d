import Foundation
import GRDB

extension Workspace {
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

    /// The evidence documents a unit's scores on a leaf cite (`evidence_ref` of `import scores`:
    /// `KH 12/KH-UBND`), by stage, in the stages' order.
    /// - Throws: ``WorkspaceError`` when the workspace cannot be read.
    public func evidenceReferences(unit: String, year: Int, criterion: String) throws -> [(stage: Stage, ref: String)] {
        let refs: [String: String] = try read { db in
            var refs: [String: String] = [:]
            for row in try Row.fetchAll(
                db,
                sql: """
                    SELECT stage, evidence_ref FROM assessments
                    WHERE unit_id = ? AND year = ? AND criterion_id = ? AND evidence_ref IS NOT NULL AND evidence_ref != ''
                    """,
                arguments: [unit, year, criterion])
            {
                refs[row["stage"]] = row["evidence_ref"]
            }
            return refs
        }
        return Stage.allCases.compactMap { stage in refs[stage.rawValue].map { (stage, $0) } }
    }

    /// What each stage recorded for one of a unit's criteria in a year (a leaf, `bonus` or
    /// `penalty`), in the stages' order: points (nil for not applicable) and the note.
    /// - Throws: ``WorkspaceError`` when the workspace cannot be read.
    public func stageValues(unit: String, year: Int, criterion: String) throws -> [(
        stage: Stage, points: Double?, note: String?
    )] {
        let rows: [String: (Double?, String?)] = try read { db in
            var rows: [String: (Double?, String?)] = [:]
            for row in try Row.fetchAll(
                db,
                sql: "SELECT stage, points, note FROM assessments WHERE unit_id = ? AND year = ? AND criterion_id = ?",
                arguments: [unit, year, criterion])
            {
                rows[row["stage"]] = (row["points"], row["note"])
            }
            return rows
        }
        return Stage.allCases.compactMap { stage in rows[stage.rawValue].map { (stage, $0.0, $0.1) } }
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
}
