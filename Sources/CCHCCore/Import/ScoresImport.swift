import Foundation
import GRDB

/// A recorded value's identity, compact so a million fit in a few tens of megabytes.
private struct ScoreKey: Hashable {
    var unit: Int32
    var criterion: Int32  // a leaf's index in its set; -1 bonus, -2 penalty
    var stage: UInt8
}

private struct ScoreValue: Equatable {
    var points: Double?  // nil = not applicable
    var note: String?
    var evidenceRef: String?
}

extension Session {
    /// Imports `unit_id, criterion_id, stage, points[, note][, evidence_ref]` rows for a year: every
    /// row is checked (unknown units or criteria, points above the maximum, duplicates, locked
    /// stages, malformed numbers) and the file is written in one transaction only when it has no
    /// problem. Unchanged values are not written again.
    public func importScores(path: String, fileName: String? = nil, year: Int? = nil, check: Bool) throws
        -> ImportOutcome
    {
        let name = fileName ?? path
        let year = try year ?? self.year()
        var reader = try CSVReader(path: path, fileName: name)
        defer { reader.close() }
        var state = ImportSession(file: name)

        let units = try units()
        var unitIndex: [String: Int32] = [:]
        for (index, unit) in units.enumerated() { unitIndex[unit.id] = Int32(index) }
        var sets: [String: (set: CriteriaSet, leaves: [String: Int32])] = [:]
        for setID in Set(units.map(\.setID)) {
            let set = try criteriaSet(setID)
            var leaves: [String: Int32] = [:]
            for (index, leaf) in set.leaves.enumerated() { leaves[leaf.id] = Int32(index) }
            sets[setID] = (set, leaves)
        }
        let locks = try workspace().stageLocks(year: year)
        let stageCodes: [String: UInt8] = Dictionary(
            uniqueKeysWithValues: Stage.allCases.enumerated().map { ($1.rawValue, UInt8($0)) })
        let existing = try existingScores(year: year, unitIndex: unitIndex, sets: sets, stageCodes: stageCodes)

        var seen: [ScoreKey: Int32] = [:]
        var rows = 0
        var tally = ChangeTally()
        var touchedSets: Set<String> = []
        var changes: [(unit: String, target: String, before: String, after: String)] = []
        let workspace = try workspace()

        let body: (Database?) throws -> Void = { db in
            let upsert = try db?.makeStatement(
                sql: """
                    INSERT INTO assessments (unit_id, year, criterion_id, stage, points, note, evidence_ref)
                    VALUES (?, ?, ?, ?, ?, ?, ?)
                    ON CONFLICT (unit_id, year, criterion_id, stage) DO UPDATE
                    SET points = excluded.points, note = excluded.note, evidence_ref = excluded.evidence_ref
                    """)
            guard let headerRecord = try reader.next() else {
                state.problem(
                    line: 1, column: 1, "The file is empty; expected a header 'unit_id, criterion_id, stage, points'")
                return
            }
            guard
                let header = state.header(
                    headerRecord, required: ["unit_id", "criterion_id", "stage", "points"],
                    optional: ["note", "evidence_ref"],
                    aliases: ["criterion": "criterion_id", "stage_id": "stage", "evidence": "evidence_ref"])
            else { return }
            let comma = reader.delimiter == UInt8(ascii: ";")
            let (unitField, criterionField, stageField, pointsField) =
                (header["unit_id"]!, header["criterion_id"]!, header["stage"]!, header["points"]!)
            while let record = try reader.next() {
                rows += 1
                let unitID = field(record, unitField)
                let criterionID = field(record, criterionField)
                let stageText = field(record, stageField)
                let pointsText = field(record, pointsField)
                guard let unitNumber = unitIndex[unitID] else {
                    let hint =
                        Suggestions.closest(to: unitID, in: units.map(\.id)).map { "; did you mean '\($0)'?" } ?? ""
                    state.problem(record, field: unitField, "Unknown unit '\(unitID)'\(hint)")
                    continue
                }
                let unit = units[Int(unitNumber)]
                guard let (set, leaves) = sets[unit.setID] else { continue }
                let criterionNumber: Int32
                let maxPoints: Double
                if criterionID == "bonus" {
                    (criterionNumber, maxPoints) = (-1, set.adjustments.bonusCap)
                } else if criterionID == "penalty" {
                    (criterionNumber, maxPoints) = (-2, set.adjustments.penaltyCap)
                } else if let index = leaves[criterionID] {
                    (criterionNumber, maxPoints) = (index, set.leaves[Int(index)].maxPoints)
                } else {
                    if let node = set.node(criterionID) {
                        let children = node.leaves.prefix(3).map(\.id).joined(separator: ", ")
                        state.problem(
                            record, field: criterionField,
                            "Criterion '\(criterionID)' of set '\(set.id)' is not a leaf; points go on its components (\(children)…)"
                        )
                    } else {
                        let hint =
                            Suggestions.closest(to: criterionID, in: set.leaves.map(\.id)).map {
                                "; did you mean '\($0)'?"
                            }
                            ?? ""
                        state.problem(
                            record, field: criterionField,
                            "Unknown criterion '\(criterionID)' in set '\(set.id)'\(hint)")
                    }
                    continue
                }
                guard let stageCode = stageCodes[stageText] else {
                    state.problem(
                        record, field: stageField,
                        "Unknown stage '\(stageText)'; expected \(Stage.allCases.map(\.rawValue).joined(separator: ", "))"
                    )
                    continue
                }
                let stage = Stage.allCases[Int(stageCode)]
                if locks[stage] != nil {
                    state.problem(
                        record, field: stageField, WorkspaceError.stageLocked(stage: stage, year: year).description)
                    continue
                }
                var value = ScoreValue(
                    points: nil, note: header["note"].map { field(record, $0) }.flatMap { $0.isEmpty ? nil : $0 },
                    evidenceRef: header["evidence_ref"].map { field(record, $0) }.flatMap { $0.isEmpty ? nil : $0 })
                let lowered = pointsText.lowercased()
                if lowered == "na" || lowered == "n/a" || VietnameseText.fold(pointsText) == "khong ap dung" {
                    if criterionNumber < 0 {
                        state.problem(record, field: pointsField, "'\(criterionID)' cannot be not applicable; write 0")
                        continue
                    }
                } else if let points = Values.number(pointsText, decimalComma: comma) {
                    if points < 0 || points > maxPoints + Scoring.tolerance {
                        let what = criterionNumber < 0 ? "\(criterionID) cap" : "maximum of '\(criterionID)'"
                        state.problem(
                            record, field: pointsField,
                            "Points '\(pointsText)' are outside 0…\(Format.number(maxPoints)) (the \(what))")
                        continue
                    }
                    value.points = points
                } else {
                    let example = comma ? "2,5" : "2.5"
                    state.problem(
                        record, field: pointsField,
                        "Points '\(pointsText)' are not a number; expected e.g. \(example) or na")
                    continue
                }
                let key = ScoreKey(unit: unitNumber, criterion: criterionNumber, stage: stageCode)
                if let first = seen[key] {
                    state.problem(
                        record, field: criterionField,
                        "Duplicate row for unit '\(unitID)', criterion '\(criterionID)', stage '\(stageText)' (first on line \(first))"
                    )
                    continue
                }
                seen[key] = Int32(record.line)
                touchedSets.insert(set.id)
                let old = existing[key]
                if let old, old == value {
                    tally.unchanged += 1
                    continue
                }
                if let old {
                    tally.changed += 1
                    changes.append(
                        (unitID, "\(criterionID) \(stageText)", Self.display(old.points), Self.display(value.points)))
                } else {
                    tally.added[unitID, default: 0] += 1
                }
                guard state.problemCount == 0, let upsert else { continue }
                try upsert.execute(arguments: [
                    unitID, year, criterionID, stage.rawValue, value.points, value.note, value.evidenceRef,
                ])
            }
        }

        do {
            if check {
                try body(nil)
            } else {
                try workspace.write { db in
                    try body(db)
                    if state.problemCount > 0 { throw RollBack() }
                    for change in changes {
                        try workspace.audit(
                            "import scores", unit: change.unit, year: year, target: change.target,
                            before: change.before,
                            after: change.after, in: db)
                    }
                    for (unit, count) in tally.added.sorted(by: { $0.key < $1.key }) {
                        try workspace.audit(
                            "import scores", unit: unit, year: year, target: name, after: "\(count) values added",
                            in: db)
                    }
                    for setID in touchedSets.sorted() {
                        guard let set = sets[setID]?.set else { continue }
                        try workspace.recordCriteriaSet(
                            set, origin: module(providingSet: setID).map { "module:\($0)" } ?? "file", fileName: nil,
                            content: nil, in: db, keepContent: true)
                        try workspace.tieYear(year, to: set, in: db)
                    }
                }
                invalidate()
            }
        } catch is RollBack {
        } catch let problem as InputProblem {
            state.problem(line: problem.line, column: problem.column, problem.message)
        }
        let applied = !check && state.problemCount == 0
        return state.outcome(
            rows: rows, applied: applied, summary: tally.summary("values", checked: !applied) + " (year \(year))")
    }

    private static func display(_ points: Double?) -> String { points.map(Format.number) ?? "na" }

    private func existingScores(
        year: Int, unitIndex: [String: Int32], sets: [String: (set: CriteriaSet, leaves: [String: Int32])],
        stageCodes: [String: UInt8]
    ) throws -> [ScoreKey: ScoreValue] {
        let units = try self.units()
        return try workspace().read { db in
            var existing: [ScoreKey: ScoreValue] = [:]
            let cursor = try Row.fetchCursor(
                db,
                sql: "SELECT unit_id, criterion_id, stage, points, note, evidence_ref FROM assessments WHERE year = ?",
                arguments: [year])
            while let row = try cursor.next() {
                let unitID: String = row[0]
                let criterionID: String = row[1]
                guard let unit = unitIndex[unitID], let stage = stageCodes[row[2] as String] else { continue }
                let criterion: Int32
                switch criterionID {
                case "bonus": criterion = -1
                case "penalty": criterion = -2
                default:
                    guard let index = sets[units[Int(unit)].setID]?.leaves[criterionID] else { continue }
                    criterion = index
                }
                existing[ScoreKey(unit: unit, criterion: criterion, stage: stage)] = ScoreValue(
                    points: row[3], note: row[4], evidenceRef: row[5])
            }
            return existing
        }
    }
}
