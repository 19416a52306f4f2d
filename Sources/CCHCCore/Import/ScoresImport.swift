import Foundation
import GRDB

/// A recorded value's identity.
private struct ScoreKey: Hashable {
    var unit: Int32
    var criterion: Int32  // a leaf's index in its set; -1 bonus, -2 penalty
    var stage: UInt8
}

/// A map from ``ScoreKey`` to a number (a line, an index): a flat array indexed by (unit,
/// criterion, stage) when that fits in 32 Mi slots (no hashing per row), else a dictionary.
private struct ScoreSlots {
    private let slotsPerUnit: Int
    private var dense: [Int32]  // -1 = absent
    private var sparse: [ScoreKey: Int32] = [:]
    private let isDense: Bool

    init(units: Int, maxLeaves: Int) {
        slotsPerUnit = (maxLeaves + 2) * Stage.allCases.count
        isDense = units * slotsPerUnit <= 32 << 20
        dense = isDense ? [Int32](repeating: -1, count: units * slotsPerUnit) : []
    }

    private func slot(_ key: ScoreKey) -> Int {
        Int(key.unit) * slotsPerUnit + Int(key.criterion + 2) * Stage.allCases.count + Int(key.stage)
    }

    subscript(key: ScoreKey) -> Int32? {
        get {
            guard isDense else { return sparse[key] }
            let value = dense[slot(key)]
            return value < 0 ? nil : value
        }
        set {
            if isDense { dense[slot(key)] = newValue ?? -1 } else { sparse[key] = newValue }
        }
    }
}

private struct ScoreValue: Equatable {
    var points: Double?  // nil = not applicable
    var note: String?
    var evidenceRef: String?
}

/// One row to write: a new value (insert) or a changed one (update).
private struct ScoreWrite {
    var isNew: Bool
    var unit: String
    var criterion: String
    var stage: String
    var value: ScoreValue
}

/// Reads and checks a scores file; hands each row that must be written to `emit`.
///
/// It owns all the checking state, so it can run on its own thread while the database thread
/// writes what it emits (see ``ScoreWriteChannel``).
private final class ScoresParser: @unchecked Sendable {
    let units: [EvaluatedUnit]
    let year: Int
    var reader: CSVReader
    var state: CSVImportState
    private let unitIndex: [String: Int32]
    private let sets: [String: (set: CriteriaSet, leaves: [String: Int32], maxima: [Double])]
    /// Each unit's set, by unit number, so rows need no lookup by set id.
    private let unitSets: [(set: CriteriaSet, leaves: [String: Int32], maxima: [Double])?]
    private let locks: [Stage: (at: String, by: String)]
    private let existing: ScoreSlots
    private let existingValues: [ScoreValue]
    private var seen: ScoreSlots
    private static let stageCodes: [String: UInt8] = Dictionary(
        uniqueKeysWithValues: Stage.allCases.enumerated().map { ($1.rawValue, UInt8($0)) })

    var rows = 0
    var addedByUnit: [Int]
    var unchanged = 0
    var changes: [(unit: String, target: String, before: String, after: String)] = []
    var touchedSets: Set<String> = []
    var failure: Error?
    /// The file's size, for the progress.
    private let size: Int
    /// Shows how far the reading has got (on a terminal).
    private let progress: (@Sendable (String) -> Void)?

    init(
        evaluation: Evaluation, path: String, name: String, year: Int, progress: (@Sendable (String) -> Void)?
    ) throws {
        self.year = year
        size = (try? FileManager.default.attributesOfItem(atPath: path)[.size] as? Int) ?? 0
        self.progress = progress
        let workspace = try evaluation.workspace()
        units = try workspace.units()
        var unitIndex: [String: Int32] = [:]
        for (index, unit) in units.enumerated() { unitIndex[unit.id] = Int32(index) }
        self.unitIndex = unitIndex
        var sets: [String: (set: CriteriaSet, leaves: [String: Int32], maxima: [Double])] = [:]
        for setID in Set(units.map(\.setID)) {
            let set = try evaluation.criteriaSet(setID)
            let leafNodes = set.leaves
            var leaves: [String: Int32] = [:]
            for (index, leaf) in leafNodes.enumerated() { leaves[leaf.id] = Int32(index) }
            sets[setID] = (set, leaves, leafNodes.map(\.maxPoints))
        }
        self.sets = sets
        unitSets = units.map { sets[$0.setID] }
        locks = try workspace.stageLocks(year: year)
        let maxLeaves = sets.values.map(\.maxima.count).max() ?? 0
        seen = ScoreSlots(units: units.count, maxLeaves: maxLeaves)
        addedByUnit = [Int](repeating: 0, count: units.count)
        var existing = ScoreSlots(units: units.count, maxLeaves: maxLeaves)
        var existingValues: [ScoreValue] = []
        let units = self.units
        let stageCodes = Self.stageCodes
        try workspace.read { db in
            let cursor = try Row.fetchCursor(
                db,
                sql: "SELECT unit_id, criterion_id, stage, points, note, evidence_ref FROM assessments WHERE year = ?",
                arguments: [year])
            while let row = try cursor.next() {
                guard let unit = unitIndex[row[0] as String], let stage = stageCodes[row[2] as String],
                    let criterion = ScoresParser.criterionNumber(row[1], in: sets[units[Int(unit)].setID]?.leaves)
                else { continue }
                existing[ScoreKey(unit: unit, criterion: criterion, stage: stage)] = Int32(existingValues.count)
                existingValues.append(ScoreValue(points: row[3], note: row[4], evidenceRef: row[5]))
            }
        }
        self.existing = existing
        self.existingValues = existingValues
        reader = try CSVReader(path: path, fileName: name)
        state = CSVImportState(file: name)
    }

    deinit { reader.close() }

    /// The stage's index, without hashing: the names differ in length or last letter.
    static func stageCode(_ text: String) -> UInt8? {
        switch text {
        case "self": 0
        case "appraisal1": 1
        case "explanation": 2
        case "appraisal2": 3
        default: nil
        }
    }

    private static func criterionNumber(_ id: String, in leaves: [String: Int32]?) -> Int32? {
        switch id {
        case "bonus": -1
        case "penalty": -2
        default: leaves?[id]
        }
    }

    /// Reads the whole file; `emit` receives the rows to write while no problem has been found.
    func run(emit: (ScoreWrite) -> Void) {
        do {
            try parse(emit: emit)
        } catch let problem as InputProblem {
            state.problem(line: problem.line, column: problem.column, problem.message)
        } catch {
            failure = error
        }
    }

    private func parse(emit: (ScoreWrite) -> Void) throws {
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
        let (noteField, referenceField) = (header["note"], header["evidence_ref"])
        var lastSet = ""
        var lastPercent = -1
        var unitHints: [String: String] = [:]
        while let record = try reader.next() {
            rows += 1
            if rows & 0xFFFF == 0, let progress, size > 0 {
                let percent = min(reader.offset * 100 / size, 100)
                if percent != lastPercent {
                    lastPercent = percent
                    progress("import scores: \(percent)% (\(rows) rows)")
                }
            }
            guard state.checkWidth(record) else { continue }
            let unitID = field(record, unitField)
            let criterionID = field(record, criterionField)
            let stageText = field(record, stageField)
            let pointsText = field(record, pointsField)
            guard let unitNumber = unitIndex[unitID] else {
                // Once per unknown id: a file keyed by another system can have it on every row.
                if unitHints[unitID] == nil {
                    unitHints[unitID] =
                        Suggestions.hint(for: unitID, in: units.map(\.id), style: .clause)
                }
                state.problem(record, field: unitField, "Unknown unit '\(unitID)'\(unitHints[unitID]!)")
                continue
            }
            guard let (set, leaves, maxima) = unitSets[Int(unitNumber)] else { continue }
            guard let criterionNumber = Self.criterionNumber(criterionID, in: leaves) else {
                unknownCriterion(criterionID, set: set, record: record, field: criterionField)
                continue
            }
            let maxPoints =
                switch criterionNumber {
                case -1: set.adjustments.bonusCap
                case -2: set.adjustments.penaltyCap
                default: maxima[Int(criterionNumber)]
                }
            guard let stageCode = Self.stageCode(stageText) else {
                state.problem(
                    record, field: stageField,
                    "Unknown stage '\(stageText)'; expected \(Stage.allCases.map(\.rawValue).joined(separator: ", "))")
                continue
            }
            let stage = Stage.allCases[Int(stageCode)]
            if locks[stage] != nil {
                state.problem(
                    record, field: stageField, WorkspaceError.stageLocked(stage: stage, year: year).description)
                continue
            }
            var value = ScoreValue(
                points: nil, note: noteField.map { field(record, $0) }.flatMap { $0.isEmpty ? nil : $0 },
                evidenceRef: referenceField.map { field(record, $0) }.flatMap { $0.isEmpty ? nil : $0 })
            if Self.isNotApplicable(pointsText) {
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
            if set.id != lastSet {
                touchedSets.insert(set.id)
                lastSet = set.id
            }
            let old = existing[key].map { existingValues[Int($0)] }
            // A column the file does not have leaves what is recorded as it is.
            if let old, noteField == nil { value.note = old.note }
            if let old, referenceField == nil { value.evidenceRef = old.evidenceRef }
            if let old, old == value {
                unchanged += 1
                continue
            }
            if let old {
                changes.append(
                    (unitID, "\(criterionID) \(stageText)", Self.display(old.points), Self.display(value.points)))
            } else {
                addedByUnit[Int(unitNumber)] += 1
            }
            if state.problemCount == 0 {
                emit(
                    ScoreWrite(
                        isNew: old == nil, unit: unitID, criterion: criterionID, stage: stage.rawValue, value: value))
            }
        }
    }

    private func unknownCriterion(_ id: String, set: CriteriaSet, record: CSVRecord, field: Int) {
        if let node = set.node(id) {
            let children = node.leaves.prefix(3).map(\.id).joined(separator: ", ")
            state.problem(
                record, field: field,
                "Criterion '\(id)' of set '\(set.id)' is not a leaf; points go on its components (\(children)…)")
        } else {
            let hint = Suggestions.hint(for: id, in: set.leaves.map(\.id), style: .clause)
            state.problem(record, field: field, "Unknown criterion '\(id)' in set '\(set.id)'\(hint)")
        }
    }

    /// `na`, `n/a`, `không áp dụng` in any case; numbers are told apart by their first character.
    static func isNotApplicable(_ text: String) -> Bool {
        guard let first = text.utf8.first, !(first >= 0x30 && first <= 0x39), first != 0x2E, first != 0x2D else {
            return false
        }
        let folded = VietnameseText.fold(text)
        return folded == "na" || folded == "n/a" || folded == "khong ap dung" || folded == "kad"
    }

    static func display(_ points: Double?) -> String { points.map(Format.number) ?? "na" }
}

/// Inserts new values many rows per statement (one VDBE run for 128 rows), with the text of a
/// whole group bound in place from one byte arena.
private struct BulkScoreInsert {
    static let rowsPerStatement = 128
    private var statement: FastStatement
    private var arena: [UInt8] = []
    private var offsets: [(Int, Int)] = []

    init(_ db: Database) throws {
        let row = "(?, ?, ?, ?, ?, ?, ?)"
        statement = try FastStatement(
            db,
            sql: """
                INSERT INTO assessments (unit_id, criterion_id, stage, year, points, note, evidence_ref)
                VALUES \(Array(repeating: row, count: Self.rowsPerStatement).joined(separator: ", "))
                """)
    }

    /// Inserts `rows` (all new): full groups in bulk, the rest one by one through `single`.
    mutating func insert(_ rows: ArraySlice<ScoreWrite>, year: Int, single: inout FastStatement) throws {
        var rest = rows
        while rest.count >= Self.rowsPerStatement {
            try insertGroup(rest.prefix(Self.rowsPerStatement), year: year)
            rest = rest.dropFirst(Self.rowsPerStatement)
        }
        for write in rest {
            try single.withText(write.unit, write.criterion, write.stage) { statement in
                statement.bind(year, at: 4)
                statement.bind(write.value.points, at: 5)
                statement.bind(write.value.note, at: 6)
                statement.bind(write.value.evidenceRef, at: 7)
                try statement.step()
            }
        }
    }

    private mutating func insertGroup(_ rows: ArraySlice<ScoreWrite>, year: Int) throws {
        arena.removeAll(keepingCapacity: true)
        offsets.removeAll(keepingCapacity: true)
        for write in rows {
            for text in [write.unit, write.criterion, write.stage] {
                let start = arena.count
                arena.append(contentsOf: text.utf8)
                offsets.append((start, arena.count - start))
            }
        }
        let offsets = self.offsets
        var statement = self.statement
        try arena.withUnsafeBufferPointer { bytes in
            let base = bytes.baseAddress ?? UnsafePointer(bitPattern: 1)!
            for (index, write) in rows.enumerated() {
                let first = Int32(index * 7)
                for column in 0..<3 {
                    let (offset, count) = offsets[index * 3 + column]
                    statement.bindStatic(base + offset, count: count, at: first + Int32(column) + 1)
                }
                statement.bind(year, at: first + 4)
                statement.bind(write.value.points, at: first + 5)
                statement.bind(write.value.note, at: first + 6)
                statement.bind(write.value.evidenceRef, at: first + 7)
            }
            try statement.step()
        }
    }
}

/// A bounded hand-over of batches from the parsing thread to the database thread.
private final class ScoreWriteChannel: @unchecked Sendable {
    private let condition = NSCondition()
    private var batches: [[ScoreWrite]] = []
    private var finished = false
    private let capacity = 8

    func put(_ batch: [ScoreWrite]) {
        condition.lock()
        while batches.count >= capacity { condition.wait() }
        batches.append(batch)
        condition.broadcast()
        condition.unlock()
    }

    func finish() {
        condition.lock()
        finished = true
        condition.broadcast()
        condition.unlock()
    }

    /// The next batch, or `nil` once the producer finished and everything was taken.
    func take() -> [ScoreWrite]? {
        condition.lock()
        defer { condition.unlock() }
        while batches.isEmpty && !finished { condition.wait() }
        if batches.isEmpty { return nil }
        let batch = batches.removeFirst()
        condition.broadcast()
        return batch
    }
}

extension Evaluation {
    /// Imports `unit_id, criterion_id, stage, points[, note][, evidence_ref]` rows for a year: every
    /// row is checked (unknown units or criteria, points above the maximum, duplicates, locked
    /// stages, malformed numbers) and the file is written in one transaction only when it has no
    /// problem. Unchanged values are not written again.
    ///
    /// The file is read and checked on a second thread while this one writes, so both cores work.
    ///
    /// - Parameter progress: shows how far the reading has got (on a terminal).
    /// - Throws: ``InputProblem`` when the file cannot be read; ``UserError`` when the units
    ///   changed while the import started; a write error. Problems with rows are returned in the
    ///   outcome, not thrown.
    public func importScores(
        path: String, fileName: String? = nil, year: Int? = nil, check: Bool,
        progress: (@Sendable (String) -> Void)? = nil
    ) throws -> ImportOutcome {
        let name = fileName ?? path
        let year = try year ?? self.year()
        let parser = try ScoresParser(evaluation: self, path: path, name: name, year: year, progress: progress)
        let workspace = try workspace()
        if check {
            parser.run { _ in }
        } else {
            do {
                try workspace.write(by: author(), checkingForeignKeys: false) { change in
                    let db = change.db
                    // Rows are checked against the units read before the transaction began: make
                    // sure no other process changed them since, as SQLite does not check here.
                    let current = try String.fetchAll(db, sql: "SELECT id FROM units ORDER BY seq, id")
                    guard current == parser.units.map(\.id) else {
                        throw UserError("The units changed while the import was starting; run it again")
                    }
                    try write(parser, into: db, year: year)
                    if let failure = parser.failure { throw failure }
                    if parser.state.problemCount > 0 { throw RollBack() }
                    try recordImport(parser, name: name, year: year, workspace: workspace, in: change)
                }
            } catch is RollBack {}
        }
        if let failure = parser.failure { throw failure }
        var tally = ChangeTally()
        tally.unchanged = parser.unchanged
        tally.changed = parser.changes.count
        for (unit, count) in zip(parser.units, parser.addedByUnit) where count > 0 { tally.added[unit.id] = count }
        let applied = !check && parser.state.problemCount == 0
        return parser.state.outcome(
            rows: parser.rows, applied: applied, summary: tally.summary("values", checked: !applied) + " (year \(year))"
        )
    }

    /// Runs the parser on its own thread and writes what it emits.
    private func write(_ parser: ScoresParser, into db: Database, year: Int) throws {
        let channel = ScoreWriteChannel()
        let done = DispatchSemaphore(value: 0)
        let producer = Thread {
            var batch: [ScoreWrite] = []
            batch.reserveCapacity(4096)
            parser.run { write in
                batch.append(write)
                if batch.count == 4096 {
                    channel.put(batch)
                    batch.removeAll(keepingCapacity: true)
                }
            }
            if !batch.isEmpty { channel.put(batch) }
            channel.finish()
            done.signal()
        }
        producer.stackSize = 1 << 22
        producer.start()
        defer { done.wait() }
        var insert = try FastStatement(
            db,
            sql: """
                INSERT INTO assessments (unit_id, criterion_id, stage, year, points, note, evidence_ref)
                VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7)
                """)
        var update = try FastStatement(
            db,
            sql: """
                UPDATE assessments SET points = ?5, note = ?6, evidence_ref = ?7
                WHERE unit_id = ?1 AND criterion_id = ?2 AND stage = ?3 AND year = ?4
                """)
        var bulk = try BulkScoreInsert(db)
        let pauseAfter = Failpoint.importPauseAfterRows
        var written = 0
        while let batch = channel.take() {
            var start = 0
            for (position, write) in batch.enumerated() where !write.isNew {
                try bulk.insert(batch[start..<position], year: year, single: &insert)
                start = position + 1
                try update.withText(write.unit, write.criterion, write.stage) { statement in
                    statement.bind(year, at: 4)
                    statement.bind(write.value.points, at: 5)
                    statement.bind(write.value.note, at: 6)
                    statement.bind(write.value.evidenceRef, at: 7)
                    try statement.step()
                }
            }
            try bulk.insert(batch[start...], year: year, single: &insert)
            if let pauseAfter, written < pauseAfter, written + batch.count >= pauseAfter {
                Failpoint.pauseInsideImport()
            }
            written += batch.count
        }
    }

    /// The audit rows of a successful import, and the sets its year is now tied to.
    private func recordImport(
        _ parser: ScoresParser, name: String, year: Int, workspace: Workspace, in change: Change
    ) throws {
        for row in parser.changes {
            try workspace.audit(
                "import scores", unit: row.unit, year: year, target: row.target, before: row.before,
                after: row.after, in: change)
        }
        for (unit, count) in zip(parser.units, parser.addedByUnit) where count > 0 {
            try workspace.audit(
                "import scores", unit: unit.id, year: year, target: name,
                after: "\(count) value\(count == 1 ? "" : "s") added", in: change)
        }
        for setID in parser.touchedSets.sorted() {
            let set = try criteriaSet(setID)
            try workspace.recordCriteriaSet(
                set, origin: module(providingSet: setID).map { "module:\($0)" } ?? "file", fileName: nil, content: nil,
                in: change, keepContent: true)
            try workspace.tieYear(year, to: set, in: change.db)
        }
    }
}
