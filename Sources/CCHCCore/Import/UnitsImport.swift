import Foundation

extension Evaluation {

    /// Imports `unit_id, name, kind, set[, group]` rows: new units are added, changed ones updated;
    /// all or nothing. `group` (or `Khối`, `Nhóm`) names the unit's ranking group; without that
    /// column, units keep the group they had.
    ///
    /// - Throws: ``InputProblem`` when the file cannot be read; a write error. Problems with rows
    ///   are returned in the outcome, not thrown.
    public func importUnits(
        path: String, fileName: String? = nil, table: TableOptions = TableOptions(), check: Bool
    ) throws -> ImportOutcome {
        try readingTable(path: path, fileName: fileName, options: table) { csv, table in
            let name = fileName ?? path
            var reader = try CSVReader(path: csv, fileName: name)
            defer { reader.close() }
            var state = CSVImportState(file: name)
            let setIDs = try setIDs()
            var parsed: [(EvaluatedUnit, Int)] = []
            let existing = Dictionary(uniqueKeysWithValues: try units().map { ($0.id, $0) })
            var groups = existing.values.compactMap(\.group).sorted()
            // Ids are compared without case, as every other import and the prompt read them: a
            // row naming `TU-HA` updates tu-ha; it does not add a second unit.
            let storedIDs = Dictionary(existing.keys.map { ($0.lowercased(), $0) }, uniquingKeysWith: { a, _ in a })
            var storedSets = Dictionary(setIDs.map { ($0.lowercased(), $0) }, uniquingKeysWith: { a, _ in a })
            // A set alone at its level may be named as documents name it (`cấp xã`, `cơ quan
            // chuyên môn`), compared without case or diacritics.
            for (level, sets) in Dictionary(grouping: try allCriteriaSets(), by: \.level) where sets.count == 1 {
                for name in level == .commune ? ["cap xa", "xa"] : ["co quan chuyen mon", "cap huyen"] {
                    storedSets[name] = storedSets[name] ?? sets[0].id
                }
            }
            var recased: [String: String] = [:]
            var seen: [String: (line: Int, id: String)] = [:]
            var rows = 0
            do {
                guard
                    let header = try state.findHeader(
                        TableHeader(
                            required: ["unit_id", "name", "kind", "set"], optional: ["group"],
                            aliases: ["khoi": "group", "nhom": "group", "ranking_group": "group"]),
                        options: table,
                        next: { try reader.next() })
                else { return state.outcome(rows: 0, applied: false, summary: "") }
                while let record = try reader.next() {
                    rows += 1
                    if state.skipsTotalRow(record) {
                        rows -= 1  // a sum of the rows above, not a row of data
                        continue
                    }
                    guard state.checkWidth(record) else { continue }
                    let typedID = field(record, header["unit_id"])
                    let id = storedIDs[typedID.lowercased()] ?? typedID
                    if id != typedID { recased[typedID] = id }
                    let unitName = field(record, header["name"])
                    let kindText = field(record, header["kind"])
                    let setText = field(record, header["set"])
                    let setID =
                        storedSets[setText.lowercased()] ?? storedSets[VietnameseText.fold(setText)] ?? setText
                    var valid = true
                    if id.isEmpty {
                        state.problem(record, field: header["unit_id"]!, "The unit id is empty; each unit needs one")
                        valid = false
                    } else if !Values.isPlainID(id) {
                        state.problem(
                            record, field: header["unit_id"]!,
                            "Unit id '\(id)' must be ASCII letters, digits, '-', '_' or '.'")
                        valid = false
                    } else if let first = seen[id.lowercased()] {
                        let spelling = first.id == typedID ? "" : " as '\(first.id)'; ids are read without case"
                        state.problem(
                            record, field: header["unit_id"]!,
                            "Unit '\(typedID)' appears twice (first on \(state.place) \(first.line)\(spelling))")
                        valid = false
                    }
                    if unitName.isEmpty {
                        state.problem(record, field: header["name"]!, "Unit '\(id)' has no name")
                        valid = false
                    }
                    let kind = UnitKind(written: kindText)
                    if kind == nil {
                        state.problem(
                            record, field: header["kind"]!,
                            "Unknown kind '\(kindText)'; expected ward (phường), commune (xã, thị trấn), department (phòng) or public_service_unit (ĐVSN)"
                        )
                        valid = false
                    }
                    if !setIDs.contains(setID) {
                        let hint = Suggestions.hint(for: setID, in: setIDs, style: .clause)
                        state.problem(
                            record, field: header["set"]!,
                            "Unknown criteria set '\(setID)'; the sets: \(setIDs.sorted().joined(separator: ", "))\(hint)"
                        )
                        valid = false
                    }
                    if seen[id.lowercased()] == nil { seen[id.lowercased()] = (record.line, typedID) }
                    if valid, let kind {
                        let group =
                            header["group"].map { EvaluatedUnit.groupName(field(record, $0), as: groups) }
                            ?? existing[id]?.group
                        if let group, !groups.contains(group) { groups.append(group) }
                        parsed.append(
                            (EvaluatedUnit(id: id, name: unitName, kind: kind, setID: setID, group: group), record.line)
                        )
                    }
                }
            } catch let problem as InputProblem {
                state.problem(line: problem.line, column: problem.column, problem.message)
            }
            let added = parsed.filter { existing[$0.0.id] == nil }.count
            let changed = parsed.filter { existing[$0.0.id] != nil && existing[$0.0.id] != $0.0 }.count
            var summary =
                "\(check ? "would add" : "added") \(added) unit\(added == 1 ? "" : "s"), \(check ? "would change" : "changed") \(changed), \(parsed.count - added - changed) unchanged"
            let counts = ImportCounts(added: added, changed: changed, unchanged: parsed.count - added - changed)
            if !recased.isEmpty {
                let shown = recased.sorted { $0.key < $1.key }.map { "\($0.key) → \($0.value)" }
                summary += "; ids read without case: \(ListText.abbreviated(shown))"
            }
            guard state.problemCount == 0, !check else {
                return state.outcome(rows: rows, applied: false, summary: summary, counts: counts)
            }
            try change { workspace, change in
                for (unit, _) in parsed { try workspace.upsert(unit, action: "import units", in: change) }
            }
            return state.outcome(rows: rows, applied: true, summary: summary, counts: counts)
        }
    }
}
