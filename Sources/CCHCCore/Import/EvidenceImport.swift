import Foundation
import GRDB

extension Evaluation {
    /// The evidence keys a set's rules and gates read.
    func evidenceKeys(of set: CriteriaSet) -> Set<String> {
        var keys = Set(set.leaves.compactMap { $0.rule?.evidenceKey })
        for gate in set.bands.gates {
            if case .evidenceGreaterThan(let key, _) = gate.condition { keys.insert(key) }
        }
        return keys
    }

    /// Imports `unit_id, key, value[, year][, note]` rows of evidence no collector produces (survey
    /// indices, checklists kept by hand). Values are numbers, percentages (`97.5%`), fractions
    /// (`39/40`, `0/0` for no cases) or yes/no words. All or nothing; each value keeps its
    /// provenance (file, SHA-256, rows, time).
    ///
    /// - Throws: ``InputProblem`` when the file cannot be read; a write error. Problems with rows
    ///   are returned in the outcome, not thrown.
    public func importEvidence(path: String, fileName: String? = nil, year: Int? = nil, check: Bool) throws
        -> ImportOutcome
    {
        let name = fileName ?? path
        let defaultYear = try year ?? self.year()
        var reader = try CSVReader(path: path, fileName: name)
        defer { reader.close() }
        var state = CSVImportState(file: name)
        let units = Dictionary(uniqueKeysWithValues: try self.units().map { ($0.id, $0) })
        var keysBySet: [String: Set<String>] = [:]
        for setID in Set(units.values.map(\.setID)) { keysBySet[setID] = evidenceKeys(of: try criteriaSet(setID)) }
        var parsed: [EvidenceRow] = []
        var seen: [String: Int] = [:]
        var unread: [String: Int] = [:]
        var rows = 0
        do {
            guard let headerRecord = try reader.next() else {
                state.problem(line: 1, column: 1, "The file is empty; expected a header 'unit_id, key, value'")
                return state.outcome(rows: 0, applied: false, summary: "")
            }
            guard
                let header = state.header(
                    headerRecord, required: ["unit_id", "key", "value"], optional: ["year", "note"],
                    aliases: ["evidence_key": "key", "gia_tri": "value", "nam": "year", "ghi_chu": "note"])
            else { return state.outcome(rows: 0, applied: false, summary: "") }
            let comma = reader.delimiter == UInt8(ascii: ";")
            while let record = try reader.next() {
                rows += 1
                guard state.checkWidth(record) else { continue }
                let unitID = field(record, header["unit_id"])
                let key = field(record, header["key"])
                let valueText = field(record, header["value"])
                guard let unit = units[unitID] else {
                    let hint =
                        Suggestions.hint(for: unitID, in: Array(units.keys).sorted(), style: .clause)
                    state.problem(record, field: header["unit_id"]!, "Unknown unit '\(unitID)'\(hint)")
                    continue
                }
                guard Values.isEvidenceKey(key) else {
                    state.problem(
                        record, field: header["key"]!,
                        "Evidence key '\(key)' must be dotted snake_case, e.g. dossiers.on_time_rate")
                    continue
                }
                var rowYear = defaultYear
                if let yearField = header["year"], !field(record, yearField).isEmpty {
                    guard let value = Int(field(record, yearField)), (1990...2200).contains(value) else {
                        state.problem(
                            record, field: yearField, "Year '\(field(record, yearField))' is not a year like 2024")
                        continue
                    }
                    rowYear = value
                }
                guard let value = Values.evidence(valueText, decimalComma: comma) else {
                    state.problem(
                        record, field: header["value"]!,
                        "Value '\(valueText)' is not a number, a percentage (97.5%), a fraction (39/40) or yes/no")
                    continue
                }
                if case .percent(let percent) = value, percent < 0 || percent > 100 {
                    state.problem(record, field: header["value"]!, "Percentage '\(valueText)' is outside 0…100%")
                    continue
                }
                let identity = "\(unitID)\u{0}\(key)\u{0}\(rowYear)"
                if let first = seen[identity] {
                    state.problem(
                        record, field: header["key"]!,
                        "Duplicate value of '\(key)' for unit '\(unitID)' in \(rowYear) (first on line \(first))")
                    continue
                }
                seen[identity] = record.line
                if keysBySet[unit.setID]?.contains(key) == false { unread[key, default: 0] += 1 }
                let note = header["note"].map { field(record, $0) }.flatMap { $0.isEmpty ? nil : $0 }
                parsed.append(EvidenceRow(unit: unitID, key: key, year: rowYear, value: value, note: note))
            }
        } catch let problem as InputProblem {
            state.problem(line: problem.line, column: problem.column, problem.message)
        }
        for (key, count) in unread.sorted(by: { $0.key < $1.key }) {
            state.warnings.append(
                "No rule or gate of these units' sets reads '\(key)' (\(count) value\(count == 1 ? "" : "s")); it is kept as evidence"
            )
        }

        let write = try storeEvidence(
            parsed, collector: "import evidence", fileName: name, fileHash: ContentHash.file(path), sourceRows: rows,
            defaultYear: defaultYear,
            apply: state.problemCount == 0 && !check)
        return state.outcome(rows: rows, applied: write.applied, summary: write.summary)
    }

    /// A value to store, from an import or a collector.
    struct EvidenceRow {
        var unit: String
        var key: String
        var year: Int
        var value: EvidenceValue
        var note: String?
    }

    /// Compares `rows` with the stored evidence and, when `apply`, writes them in one transaction
    /// with their provenance, auditing each changed value and each unit's additions. `items`
    /// replace the stored exceptions of the (unit, year) pairs and keys given.
    func storeEvidence(
        _ rows: [EvidenceRow], items: [CollectedEvidence.Item]? = nil, itemKeys: Set<String> = [],
        collector: String, fileName name: String, fileHash: @autoclosure () -> String?, sourceRows: Int,
        defaultYear: Int, apply: Bool
    ) throws -> (applied: Bool, summary: String) {
        var tally = ChangeTally()
        let workspace = try workspace()
        let existing: [String: StoredEvidenceValue] = try workspace.read { db in
            var map: [String: StoredEvidenceValue] = [:]
            for row in try GRDB.Row.fetchAll(
                db, sql: "SELECT unit_id, key, year, kind, value, denominator FROM evidence")
            {
                let identity = "\(row["unit_id"] as String)\u{0}\(row["key"] as String)\u{0}\(row["year"] as Int)"
                map[identity] = StoredEvidenceValue(
                    kind: row["kind"], value: row["value"], denominator: row["denominator"])
            }
            return map
        }
        var changes: [(EvidenceRow, String)] = []
        for row in rows {
            let stored = StoredEvidenceValue(row.value)
            let identity = "\(row.unit)\u{0}\(row.key)\u{0}\(row.year)"
            if let old = existing[identity] {
                if old == stored {
                    tally.unchanged += 1
                    continue
                }
                tally.changed += 1
                changes.append((row, old.evidenceValue.display))
            } else {
                tally.added[row.unit, default: 0] += 1
            }
        }
        let summary = tally.summary("values", checked: !apply)
        guard apply else { return (false, summary) }
        // Files are named by their last component and hashed; a database source has no hash.
        let hash = fileHash()
        let baseName = hash == nil ? name : (name as NSString).lastPathComponent
        try change { workspace, change in
            let db = change.db
            let upsert = try db.makeStatement(
                sql: """
                    INSERT INTO evidence (unit_id, year, key, kind, value, denominator, note, collector, source,
                                          source_hash, source_rows, imported_at)
                    VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)
                    ON CONFLICT (unit_id, year, key) DO UPDATE SET kind = excluded.kind, value = excluded.value,
                        denominator = excluded.denominator, note = excluded.note, collector = excluded.collector,
                        source = excluded.source, source_hash = excluded.source_hash,
                        source_rows = excluded.source_rows, imported_at = excluded.imported_at
                    """)
            let now = change.author.timestamp
            // Every value is rewritten, so provenance always names the latest import.
            for row in rows {
                let stored = StoredEvidenceValue(row.value)
                try upsert.execute(arguments: [
                    row.unit, row.year, row.key, stored.kind, stored.value, stored.denominator, row.note, collector,
                    baseName, hash, sourceRows, now,
                ])
            }
            if let items {
                let pairs = Set(rows.map { "\($0.unit)\u{0}\($0.year)" })
                for pair in pairs {
                    let parts = pair.split(separator: "\u{0}").map(String.init)
                    for key in itemKeys {
                        try db.execute(
                            sql: "DELETE FROM evidence_items WHERE unit_id = ? AND year = ? AND key = ?",
                            arguments: [parts[0], Int(parts[1]), key])
                    }
                }
                // Up to 5,000 per unit, year and key: through SQLite's C API, as GRDB's argument
                // boxing costs more than the insert. A dossier listed twice is kept once (the
                // first), which costs less than replacing under foreign-key checks.
                var insert = try FastStatement(
                    db,
                    sql: "INSERT OR IGNORE INTO evidence_items (unit_id, year, key, item, note) VALUES (?, ?, ?, ?, ?)"
                )
                for item in items {
                    insert.bind(item.unitID)
                    insert.bind(item.year)
                    insert.bind(item.key)
                    insert.bind(item.item)
                    insert.bind(item.note)
                    try insert.step()
                }
            }
            for (row, before) in changes {
                try workspace.audit(
                    collector, unit: row.unit, year: row.year, target: row.key, before: before,
                    after: row.value.display, in: change)
            }
            for (unit, count) in tally.added.sorted(by: { $0.key < $1.key }) {
                try workspace.audit(
                    collector, unit: unit, year: defaultYear, target: baseName,
                    after: "\(count) value\(count == 1 ? "" : "s") added"
                        + (hash.map { " (sha256 \($0.prefix(12)))" } ?? ""), in: change)
            }
        }
        return (true, summary)
    }

}
