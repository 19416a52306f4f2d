import Foundation

extension Evaluation {
    /// Imports `unit_id, key, value[, year][, note]` rows of evidence no collector produces (survey
    /// indices, checklists kept by hand). Values are numbers, percentages (`97.5%`), fractions
    /// (`39/40`, `0/0` for no cases) or yes/no words. All or nothing; each value keeps its
    /// provenance (file, SHA-256, rows, time).
    ///
    /// - Throws: ``InputProblem`` when the file cannot be read; a write error. Problems with rows
    ///   are returned in the outcome, not thrown.
    public func importEvidence(
        path: String, fileName: String? = nil, year: Int? = nil, table: TableOptions = TableOptions(), check: Bool
    ) throws -> ImportOutcome {
        if let year { try Limits.check(year: year) }
        return try readingTable(path: path, fileName: fileName, options: table) { csv, table in
            let name = fileName ?? path
            let defaultYear = try year ?? self.year()
            var reader = try CSVReader(path: csv, fileName: name)
            defer { reader.close() }
            var state = CSVImportState(file: name)
            let units = Dictionary(uniqueKeysWithValues: try self.units().map { ($0.id, $0) })
            var keysBySet: [String: Set<String>] = [:]
            var usesBySet: [String: [String: EvidenceUse]] = [:]
            for setID in Set(units.values.map(\.setID)) {
                let set = try criteriaSet(setID, year: defaultYear)
                keysBySet[setID] = set.evidenceKeys
                usesBySet[setID] = set.evidenceUses
            }
            var parsed: [EvidenceRow] = []
            var seen: [String: Int] = [:]
            var unread: [String: Int] = [:]
            // Rates written as shares of 1 (0.975): a rate of 1 beside them is likely 100 %.
            var sharesSeen = false
            var rateOnes: [(line: Int, column: Int, text: String)] = []
            var rows = 0
            let unitList = units.values.sorted { $0.id < $1.id }
            var resolver = UnitResolver(unitList)
            do {
                guard
                    let header = try state.findHeader(
                        TableHeader(required: ["unit_id", "key", "value"], optional: ["year", "note"]), options: table,
                        next: { try reader.next() })
                else { return state.outcome(rows: 0, applied: false, summary: "") }
                let comma = reader.delimiter == UInt8(ascii: ";")
                while let record = try reader.next() {
                    rows += 1
                    if state.skipsTotalRow(record) {
                        rows -= 1  // a sum of the rows above, not a row of data
                        continue
                    }
                    guard state.checkWidth(record) else { continue }
                    let key = field(record, header["key"])
                    let valueText = field(record, header["value"])
                    let unitIndex: Int
                    // A row without its code but with its name (`Tên đơn vị`) is found by the name.
                    var unitText = field(record, header["unit_id"])
                    var nameChecked = true
                    if unitText.isEmpty, let nameField = state.unitNameColumn {
                        unitText = field(record, nameField)
                        nameChecked = false
                    }
                    switch resolver.index(of: unitText) {
                    case .success(let index): unitIndex = index
                    case .failure(let error):
                        state.problem(record, field: header["unit_id"]!, UnitResolver.message(error))
                        continue
                    }
                    let unit = unitList[unitIndex]
                    let unitID = unit.id
                    if nameChecked, let nameField = state.unitNameColumn,
                        let slip = resolver.disagreement(unit: unitIndex, name: field(record, nameField))
                    {
                        state.problem(record, field: nameField, slip)
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
                        guard let value = Int(field(record, yearField)), Limits.years.contains(value) else {
                            state.problem(
                                record, field: yearField, LimitError.year(field(record, yearField)).description)
                            continue
                        }
                        rowYear = value
                    }
                    let value: EvidenceValue
                    do {
                        value = try Values.checkedEvidence(valueText, decimalComma: comma)
                    } catch {
                        state.problem(record, field: header["value"]!, "\(error)")
                        continue
                    }
                    // The same check as 'set UNIT evidence': a value the rule would misread is refused.
                    let use = usesBySet[unit.setID]?[key]
                    if let use, let problem = use.problem(with: value, written: valueText) {
                        state.problem(record, field: header["value"]!, problem)
                        if use.isRate, case .number(let share) = value, share > 0, share < 1 { sharesSeen = true }
                        continue
                    }
                    if use?.isRate == true, value == .number(1), let valueField = header["value"] {
                        rateOnes.append(
                            (record.line, record.columns[min(valueField, record.columns.count - 1)], valueText))
                    }
                    let identity = "\(unitID)\u{0}\(key)\u{0}\(rowYear)"
                    if let first = seen[identity] {
                        state.problem(
                            record, field: header["key"]!,
                            "Duplicate value of '\(key)' for unit '\(unitID)' in \(rowYear) (first on \(state.place) \(first))"
                        )
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
            if sharesSeen {
                for one in rateOnes {
                    state.problem(
                        line: one.line, column: one.column,
                        "Rate '\(one.text)' stands among rates written as shares of 1: write 100% (or 1% if 1 % is meant)"
                    )
                }
                state.sortProblems()
            }
            let allKeys = keysBySet.values.reduce(into: Set<String>()) { $0.formUnion($1) }.sorted()
            for (key, count) in unread.sorted(by: { $0.key < $1.key }) {
                let hint = Suggestions.hint(for: key, in: allKeys, style: .clause)
                state.warnings.append(
                    "No rule or gate of these units' sets reads '\(key)' (\(count) value\(count == 1 ? "" : "s")); it is kept as evidence\(hint)"
                )
            }
            if let summary = resolver.summary { state.reading.append(summary) }
            if let marks = resolver.marksWarning { state.warnings.append(marks) }
            let write = try storeEvidence(
                parsed, collector: Workspace.handCollector, fileName: name, fileHash: ContentHash.file(path),
                sourceRows: rows,
                defaultYear: defaultYear,
                apply: state.problemCount == 0 && !check)
            // The years the values are for, in the closing line as `import scores` says it; a
            // year column naming another year than the evaluation's is warned about.
            let years = Set(parsed.map(\.year)).sorted()
            let evaluationYear = try self.year()
            let others = years.filter { $0 != evaluationYear }
            if year == nil, !others.isEmpty {
                let named = others.map(String.init).joined(separator: ", ")
                state.warnings.append(
                    years.contains(evaluationYear)
                        ? "The file's year column gives \(named) besides the evaluation year \(evaluationYear): those values are for \(named) ('year \(others[0])' shows them)"
                        : Self.otherYearWarning(others[0], evaluation: evaluationYear))
            }
            let named = Self.yearsNamed(years)
            return state.outcome(
                rows: rows, applied: write.applied, summary: write.summary + named, counts: write.counts)
        }
    }

    /// Compares `rows` with the stored evidence and, when `apply`, writes them in one transaction
    /// with their provenance, auditing each changed value and each unit's additions. `items`
    /// replace the stored exceptions of the (unit, year) pairs and keys given.
    func storeEvidence(
        _ rows: [EvidenceRow], items: [CollectedEvidence.Item]? = nil, itemKeys: Set<String> = [],
        collector: String, fileName name: String, fileHash: @autoclosure () -> String?, sourceRows: Int,
        defaultYear: Int, apply: Bool, volumeKey: String? = nil
    ) throws -> (applied: Bool, summary: String, warnings: [String], counts: ImportCounts) {
        // What is stored is read before the write: the write goes ahead only if nothing was
        // committed since (else it reads again), so "changed" and the audit's before-values hold.
        for attempt in 1...3 {
            let revision = try workspace().revision()
            var tally = ChangeTally()
            let existing = try workspace().storedEvidence(of: Set(rows.map { UnitYear(unit: $0.unit, year: $0.year) }))
            var changes: [(EvidenceRow, String)] = []
            // What is written: values added or changed. An unchanged value keeps the provenance
            // of the import that set it (a file imported again says when it was first).
            var written: [EvidenceRow] = []
            // The (unit, year) pairs whose values change: all of the file's when it replaces the
            // pairs' exceptions too.
            var changedPairs = items == nil ? [] : Set(rows.map { UnitYear(unit: $0.unit, year: $0.year) })
            // Units whose values would stand on far fewer cases than those they replace.
            var shrinking: [(row: EvidenceRow, before: Double, after: Double)] = []
            for row in rows {
                if let old = existing[EvidenceIdentity(unit: row.unit, key: row.key, year: row.year)] {
                    if old == StoredEvidenceValue(row.value) {
                        tally.unchanged += 1
                        continue
                    }
                    if volumeKey != nil, let before = Self.cases(old.evidenceValue, key: row.key, volumeKey: volumeKey),
                        let after = Self.cases(row.value, key: row.key, volumeKey: volumeKey), after < before / 2,
                        !shrinking.contains(where: { $0.row.unit == row.unit && $0.row.year == row.year })
                    {
                        shrinking.append((row, before, after))
                    }
                    tally.changed += 1
                    changes.append((row, old.evidenceValue.display))
                } else {
                    tally.added[row.unit, default: 0] += 1
                }
                written.append(row)
                changedPairs.insert(UnitYear(unit: row.unit, year: row.year))
            }
            let summary = tally.summary("values", checked: !apply)
            var warnings = Self.shrinkingWarning(shrinking, key: volumeKey, written: apply)
            if collector != Workspace.handCollector, !changes.isEmpty {
                let byHand = try workspace().evidenceSetByHand(keys: Set(changes.map(\.0.key)))
                let replaced = changes.compactMap { change -> String? in
                    let (row, before) = change
                    guard let set = byHand[EvidenceIdentity(unit: row.unit, key: row.key, year: row.year)] else {
                        return nil
                    }
                    let when = Cell.localTime(set.at) ?? set.at
                    return "\(row.unit) \(row.key) \(before) (from \(set.source), \(when)) → \(row.value.display)"
                }
                if !replaced.isEmpty {
                    let more = replaced.count > 3 ? " and \(replaced.count - 3) more" : ""
                    let count = "\(replaced.count) value\(replaced.count == 1 ? "" : "s")"
                    warnings.append(
                        "\(apply ? "Replaced" : "Would replace") \(count) the office imported with 'import evidence': "
                            + replaced.prefix(3).joined(separator: ", ") + more
                            + "; 'audit UNIT' keeps the values before, and importing that file again after this one restores them"
                    )
                }
            }
            guard apply else { return (false, summary, warnings, tally.counts) }
            // The same values again (a file imported twice): nothing to write, so the results kept
            // for the year stay valid and provenance keeps naming the import that set them.
            if tally.added.isEmpty && tally.changed == 0 && items == nil {
                return (true, summary, warnings, tally.counts)
            }
            // Files are named by their last component and hashed; a database source has no hash.
            let hash = fileHash()
            let provenance = EvidenceProvenance(
                collector: collector, source: hash == nil ? name : PathText.name(of: name), sourceHash: hash,
                sourceRows: sourceRows)
            do {
                try change(changing: .units(changedPairs)) { workspace, change in
                    guard try workspace.revision(in: change) == revision else { throw ChangedMeanwhile() }
                    try workspace.storeEvidence(written, from: provenance, in: change)
                    if let items {
                        try workspace.replaceEvidenceItems(
                            items, keys: itemKeys, of: Set(rows.map { UnitYear(unit: $0.unit, year: $0.year) }),
                            in: change)
                    }
                    // Each unit's row names the file (or table): the values it added and those it
                    // changed, whose rows after give before and after, so the file that changed a
                    // value can be found (as a scores import's rows do).
                    var changedByUnit: [String: Int] = [:]
                    for (row, _) in changes { changedByUnit[row.unit, default: 0] += 1 }
                    for unit in Set(tally.added.keys).union(changedByUnit.keys).sorted() {
                        try workspace.audit(
                            collector, unit: unit, year: defaultYear, target: provenance.source,
                            after: ChangeTally.unitRow(added: tally.added[unit] ?? 0, changed: changedByUnit[unit] ?? 0)
                                + (hash.map { " (sha256 \($0.prefix(12)))" } ?? ""),
                            in: change)
                    }
                    for (row, before) in changes {
                        try workspace.audit(
                            collector, unit: row.unit, year: row.year, target: row.key, before: before,
                            after: row.value.display, in: change)
                    }
                }
                return (true, summary, warnings, tally.counts)
            } catch is ChangedMeanwhile where attempt < 3 {
                continue
            } catch is ChangedMeanwhile {
                throw EvaluationError.unitsChangedDuringImport
            }
        }
        throw EvaluationError.unitsChangedDuringImport
    }

    /// The years an import's values are for, for its closing line: ` (year 2024)`, ` (years
    /// 2023, 2024)`, or nothing when it has none.
    static func yearsNamed(_ years: [Int]) -> String {
        years.isEmpty ? "" : " (year\(years.count == 1 ? "" : "s") \(years.map(String.init).joined(separator: ", ")))"
    }

    /// How many cases a value stands on: the volume key's number, a fraction's denominator
    /// (`550/561` stands on 561 dossiers); nil for other values.
    static func cases(_ value: EvidenceValue, key: String, volumeKey: String?) -> Double? {
        if key == volumeKey { return value.number }
        if case .fraction(_, let denominator) = value, denominator > 0 { return denominator }
        return nil
    }

    /// The warning for values that would stand on far fewer cases than before: a month's export
    /// imported over the year's replaces the year's counts and rates.
    static func shrinkingWarning(
        _ shrinking: [(row: EvidenceRow, before: Double, after: Double)], key: String?, written: Bool
    ) -> [String] {
        guard let key, !shrinking.isEmpty else { return [] }
        let named = shrinking.prefix(3).map {
            "\($0.row.unit) \(Format.number($0.before)) → \(Format.number($0.after))"
        }.joined(separator: ", ")
        let more = shrinking.count > 3 ? " and \(shrinking.count - 3) more" : ""
        let years = Set(shrinking.map(\.row.year)).sorted().map(String.init).joined(separator: ", ")
        return [
            "The values of \(shrinking.count) unit\(shrinking.count == 1 ? "" : "s") in \(years) \(written ? "now stand" : "would stand") on less than half the cases recorded "
                + "(\(key) or a rate's cases: \(named)\(more)): the file's counts replace the year's, so a part of the year "
                + "imported over the whole leaves only that part; import the whole year's export ('audit UNIT' keeps the values before)"
        ]
    }
}
