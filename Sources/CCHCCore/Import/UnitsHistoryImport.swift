import Foundation
import GRDB

/// One step of a unit's history: from `year` on, `unitID`'s work continues as `successorID`
/// (several units with one successor merged; one with one was renamed or re-coded).
public struct UnitSuccession: Sendable, Equatable {
    /// The first year the successor is evaluated in the unit's place.
    public var year: Int
    /// The unit that ended.
    public var unitID: String
    /// The unit that carries on its work.
    public var successorID: String
    /// Free text (the decision that merged them).
    public var note: String?
}

extension Workspace {
    /// Every recorded succession, by year then unit.
    /// - Throws: ``WorkspaceError`` when the workspace cannot be read.
    public func unitSuccessions() throws -> [UnitSuccession] {
        try read { db in
            try Row.fetchAll(db, sql: "SELECT * FROM unit_history ORDER BY year, unit_id").map {
                UnitSuccession(
                    year: $0["year"], unitID: $0["unit_id"], successorID: $0["successor_id"], note: $0["note"])
            }
        }
    }
}

extension Evaluation {
    /// Imports `year, unit_id, successor_id[, note]` rows: mergers and renames between years. A
    /// unit id and its successor must be units of the workspace and differ; a unit ends at most
    /// once; no chain leads back to where it started. All or nothing, audited.
    ///
    /// - Throws: ``InputProblem`` when the file cannot be read; a write error. Problems with rows
    ///   are returned in the outcome, not thrown.
    public func importUnitHistory(
        path: String, fileName: String? = nil, table: TableOptions = TableOptions(), check: Bool
    ) throws -> ImportOutcome {
        try readingTable(path: path, fileName: fileName, options: table) { csv, table in
            let name = fileName ?? path
            var reader = try CSVReader(path: csv, fileName: name)
            defer { reader.close() }
            var state = CSVImportState(file: name)
            let units = try workspace().units()
            var resolver = UnitResolver(units)
            var parsed: [UnitSuccession] = []
            var ends: [String: Int] = [:]
            var lines: [String: (line: Int, column: Int)] = [:]
            var rows = 0
            do {
                guard
                    let header = try state.findHeader(
                        TableHeader(
                            required: ["year", "unit_id", "successor_id"], optional: ["note"],
                            aliases: [
                                "ma_don_vi_ke_thua": "successor_id", "don_vi_ke_thua": "successor_id",
                                "successor": "successor_id",
                            ]), options: table, next: { try reader.next() })
                else { return state.outcome(rows: 0, applied: false, summary: "") }
                while let record = try reader.next() {
                    rows += 1
                    if state.skipsTotalRow(record) {
                        rows -= 1  // a sum of the rows above, not a row of data
                        continue
                    }
                    guard state.checkWidth(record) else { continue }
                    let yearText = field(record, header["year"])
                    guard let year = Int(yearText), Limits.years.contains(year) else {
                        state.problem(record, field: header["year"]!, LimitError.year(yearText).description)
                        continue
                    }
                    func unit(_ column: String) -> String? {
                        guard !field(record, header[column]).isEmpty else {
                            state.problem(record, field: header[column]!, "The \(column) is empty; name a unit")
                            return nil
                        }
                        switch resolver.index(of: field(record, header[column])) {
                        case .success(let index): return units[index].id
                        case .failure(let error):
                            state.problem(record, field: header[column]!, UnitResolver.message(error))
                            return nil
                        }
                    }
                    guard let from = unit("unit_id"), let to = unit("successor_id") else { continue }
                    guard from != to else {
                        state.problem(record, field: header["successor_id"]!, "Unit '\(from)' cannot succeed itself")
                        continue
                    }
                    if let first = ends[from] {
                        state.problem(
                            record, field: header["unit_id"]!,
                            "Unit '\(from)' already has a successor (line \(first)); a unit ends once")
                        continue
                    }
                    ends[from] = record.line
                    let column = header["unit_id"]!
                    lines[from] = (record.line, column < record.columns.count ? record.columns[column] : 1)
                    let note = header["note"].map { field(record, $0) }.flatMap { $0.isEmpty ? nil : $0 }
                    parsed.append(UnitSuccession(year: year, unitID: from, successorID: to, note: note))
                }
            } catch let problem as InputProblem {
                state.problem(line: problem.line, column: problem.column, problem.message)
            }
            // With what is stored: no unit ends twice, and no chain comes back to its start.
            let stored = try workspace().unitSuccessions()
            var successor = Dictionary(stored.map { ($0.unitID, $0.successorID) }, uniquingKeysWith: { a, _ in a })
            var added = 0
            var unchanged = 0
            var write: [UnitSuccession] = []
            for row in parsed {
                if let known = stored.first(where: { $0.unitID == row.unitID }) {
                    if known.successorID == row.successorID && known.year == row.year {
                        unchanged += 1
                        continue
                    }
                    state.problem(
                        line: lines[row.unitID]?.line ?? 0, column: lines[row.unitID]?.column ?? 0,
                        "Unit '\(row.unitID)' already continues as '\(known.successorID)' from \(known.year); a unit ends once"
                    )
                    continue
                }
                successor[row.unitID] = row.successorID
                var seen: Set<String> = [row.unitID]
                var next = row.successorID
                var cycle = false
                while let after = successor[next] {
                    if !seen.insert(next).inserted || after == row.unitID {
                        cycle = true
                        break
                    }
                    next = after
                }
                if cycle {
                    state.problem(
                        line: lines[row.unitID]?.line ?? 0, column: lines[row.unitID]?.column ?? 0,
                        "The successions of '\(row.unitID)' lead back to it; a history has no cycle")
                    continue
                }
                added += 1
                write.append(row)
            }
            let apply = state.problemCount == 0 && !check
            if apply, !write.isEmpty {
                try change { workspace, change in
                    for row in write {
                        try change.db.execute(
                            sql: "INSERT INTO unit_history (year, unit_id, successor_id, note) VALUES (?, ?, ?, ?)",
                            arguments: [row.year, row.unitID, row.successorID, row.note])
                        try workspace.audit(
                            "import units-history", unit: row.unitID, year: row.year, target: name,
                            after: "continues as \(row.successorID)" + (row.note.map { " (\($0))" } ?? ""), in: change)
                    }
                }
            }
            let verb = apply ? "added" : "to add"
            return state.outcome(
                rows: rows, applied: apply,
                summary: "\(added) succession\(added == 1 ? "" : "s") \(verb), \(unchanged) unchanged")
        }
    }
}
