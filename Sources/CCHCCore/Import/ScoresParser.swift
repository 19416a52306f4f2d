import Foundation
import GRDB

/// A recorded value's identity.
struct ScoreKey: Hashable {
    var unit: Int32
    var criterion: Int32  // a leaf's index in its set; -1 bonus, -2 penalty
    var stage: UInt8
}

/// A map from ``ScoreKey`` to a number (a line, an index): a flat array indexed by (unit,
/// criterion, stage) when that fits in 32 Mi slots (no hashing per row), else a dictionary.
struct ScoreSlots {
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

/// Reads and checks a scores file; hands each row that must be written to `emit`.
///
/// It owns all the checking state, so it can run on its own thread while the database thread
/// writes what it emits (see ``ScoreWriteChannel``).
final class ScoresParser: @unchecked Sendable {
    let units: [EvaluatedUnit]
    /// The workspace's revision when the parser started reading it.
    let revision: Int64
    let year: Int
    var reader: CSVReader
    var state: CSVImportState
    private let unitIndex: [String: Int32]
    private let sets: [String: (set: CriteriaSet, leaves: [String: Int32], maxima: [Double])]
    /// Each unit's set, by unit number, so rows need no lookup by set id.
    private let unitSets: [(set: CriteriaSet, leaves: [String: Int32], maxima: [Double])?]
    private let locks: [Stage: (at: String, by: String)]
    /// What is recorded for the keys of the units read so far (``existingValue(_:unit:)``).
    private var existing: ScoreSlots
    private var existingValues: [AssessmentValue] = []
    /// By unit number: true once its recorded values are in ``existing``.
    private var unitRead: [Bool]
    /// A file workspace, whose recorded values are read a unit at a time, when the file names
    /// it, on a read-only connection of its own (the writing one is busy with the import); nil
    /// for one in memory, read whole at the start.
    private let filePath: String?
    /// The read-only connection's database while the file is parsed.
    private var recorded: Database?
    /// The unit of the last value kept: its id, number and leaves.
    private var keptUnit: (id: String, number: Int32?, leaves: [String: Int32]?) = ("", nil, nil)
    private var seen: ScoreSlots
    private static let stageCodes: [String: UInt8] = Dictionary(
        uniqueKeysWithValues: Stage.allCases.enumerated().map { ($1.rawValue, UInt8($0)) })

    var rows = 0
    var addedByUnit: [Int]
    var unchanged = 0
    var changes: [(unit: String, target: String, before: String, after: String)] = []
    /// Rows without points in a file read for one stage (`--stage`): not given at that stage.
    private var notGiven: [Int] = []
    /// Values written at a stage below one already recorded for the leaf: their final points
    /// stay the later stage's (told in a warning unless the file writes that stage too).
    private var underLater: [(key: ScoreKey, later: Stage)] = []
    /// How the first of them read (`tu-ha 1.2`), for the warning's examples: a file of millions
    /// keeps a few words, not one a row.
    private var underLaterText: [ScoreKey: String] = [:]
    var touchedSets: Set<String> = []

    /// The units whose rows the import changed or added to, in `year` (once it has run).
    func changedUnits(year: Int) -> Set<UnitYear> {
        var units = Set(changes.map { UnitYear(unit: $0.unit, year: year) })
        for (unit, count) in zip(self.units, addedByUnit) where count > 0 {
            units.insert(UnitYear(unit: unit.id, year: year))
        }
        return units
    }
    var failure: Error?
    /// How to read the table (`--header-row`, `--map`).
    private let table: TableOptions
    /// The stage of every row (`--stage`) when the file has no stage column: a sheet of one
    /// stage's points, or one column of a sheet with a column per stage.
    private let stage: Stage?
    /// The file's size, for the progress.
    private let size: Int
    /// Shows how far the reading has got (on a terminal).
    private let progress: (@Sendable (String) -> Void)?

    init(
        evaluation: Evaluation, path: String, name: String, year: Int, table: TableOptions, stage: Stage? = nil,
        progress: (@Sendable (String) -> Void)?
    ) throws {
        self.year = year
        self.stage = stage
        self.table = table
        size = (try? FileManager.default.attributesOfItem(atPath: path)[.size] as? Int) ?? 0
        self.progress = progress
        let workspace = try evaluation.workspace()
        // The revision before anything is read: the import's write goes ahead only if no change
        // was committed since, so the units, locks and existing values read here hold then.
        revision = try workspace.revision()
        units = try workspace.units()
        var unitIndex: [String: Int32] = [:]
        for (index, unit) in units.enumerated() { unitIndex[unit.id] = Int32(index) }
        self.unitIndex = unitIndex
        var sets: [String: (set: CriteriaSet, leaves: [String: Int32], maxima: [Double])] = [:]
        for setID in Set(units.map(\.setID)) {
            let set = try evaluation.criteriaSet(setID, year: year)
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
        existing = ScoreSlots(units: units.count, maxLeaves: maxLeaves)
        // A correction of a few rows does not read the whole year (at 10,000 units, 1.9 million
        // values): each unit's values are read when the file first names it. A file of about
        // 20 rows a unit or more (a row takes 20 bytes or more) reads the year whole, in one
        // pass: a unit at a time made a whole year's re-import a fifth slower.
        if case .file(let path) = workspace.location, size / 20 < units.count * 20 {
            filePath = path
            unitRead = [Bool](repeating: false, count: units.count)
        } else {
            filePath = nil
            unitRead = [Bool](repeating: true, count: units.count)
        }
        reader = try CSVReader(path: path, fileName: name)
        state = CSVImportState(file: name)
        if filePath == nil {
            try workspace.forEachAssessment(year: year) { unitID, criterionID, stageText, value in
                keep(unitID, criterionID, stageText, value)
            }
        }
    }

    deinit { reader.close() }

    /// The columns of a scores file; the stage's is optional when `--stage` gives every row's.
    static func header(stage: Stage?) -> TableHeader {
        if let stage {
            var header = TableHeader(
                required: ["unit_id", "criterion_id", "points"], optional: ["stage", "note", "evidence_ref", "year"])
            // The stage's own column, for a --map suggested when no column is the points.
            header.preferring["points"] =
                switch stage {
                case .selfAssessment: ["tu_cham", "tu_danh_gia"]
                case .appraisal1: ["tham_dinh_lan_1", "tham_dinh_vong_1", "tham_dinh"]
                case .appraisal2: ["tham_dinh_lan_2", "tham_dinh_vong_2", "tham_dinh_lai", "tham_dinh"]
                case .explanation: ["giai_trinh"]
                }
            return header
        }
        return TableHeader(
            required: ["unit_id", "criterion_id", "stage", "points"], optional: ["note", "evidence_ref", "year"],
            otherwise: [
                "stage":
                    "a file of one stage's points (or a column per stage) gives it with --stage, e.g. --map \"Điểm thẩm định=points\" --stage appraisal1"
            ])
    }

    /// The stage's index, without hashing: the names differ in length or last letter.
    static func stageCode(_ text: String) -> UInt8? {
        idStageCode(text)
            ?? Stage(written: text).flatMap { stage in Stage.allCases.firstIndex(of: stage).map(UInt8.init) }
    }

    /// The stage's number when `text` is its id as written.
    static func idStageCode(_ text: String) -> UInt8? {
        switch text {
        case "self": 0
        case "appraisal1": 1
        case "explanation": 2
        case "appraisal2": 3
        default: nil
        }
    }

    /// A criterion id as people write it: one typed as a number in Vietnamese Excel and saved
    /// with a decimal comma (`1,2`, in a file of decimal commas), and the adjustments by their
    /// Vietnamese names (`Điểm thưởng`, `Điểm trừ`).
    static func criterionSpelling(_ text: String, decimalComma: Bool) -> String {
        guard let first = text.utf8.first else { return text }
        if first >= 0x30 && first <= 0x39 {
            guard decimalComma, text.utf8.contains(UInt8(ascii: ",")),
                text.utf8.allSatisfy({ ($0 >= 0x30 && $0 <= 0x39) || $0 == UInt8(ascii: ",") }),
                text.utf8.filter({ $0 == UInt8(ascii: ",") }).count == 1
            else { return text }
            return text.replacingOccurrences(of: ",", with: ".")
        }
        switch VietnameseText.fold(text) {
        case "bonus", "diem thuong", "thuong", "diem cong": return "bonus"
        case "penalty", "diem tru", "tru": return "penalty"
        default: return text
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
    ///
    /// In a file workspace, the recorded values are read on a read-only connection in one read
    /// transaction: it sees the data as committed before the import's own write began (the
    /// write checks that nothing was committed since the parser started).
    func run(emit: (AssessmentWrite) -> Void) {
        do {
            if let filePath {
                try Workspace.readOnlyConnection(path: filePath).read { db in
                    recorded = db
                    defer { recorded = nil }
                    try parse(emit: emit)
                }
            } else {
                try parse(emit: emit)
            }
        } catch let problem as InputProblem {
            state.problem(line: problem.line, column: problem.column, problem.message)
        } catch {
            failure = error
        }
    }

    private func parse(emit: (AssessmentWrite) -> Void) throws {
        guard
            let header = try state.findHeader(
                Self.header(stage: stage), options: table, next: { try reader.next() })
        else { return }
        let comma = reader.delimiter == UInt8(ascii: ";")
        let (unitField, criterionField, stageField, pointsField) =
            (header["unit_id"]!, header["criterion_id"]!, header["stage"], header["points"]!)
        let givenCode = stage.flatMap { Stage.allCases.firstIndex(of: $0) }.map(UInt8.init)
        let (noteField, referenceField, yearField) = (header["note"], header["evidence_ref"], header["year"])
        let yearText = String(year)
        var lastSet = ""
        let allLeafIDs = Set(sets.values.flatMap { $0.leaves.keys })
        var lastPercent = -1
        var resolver = UnitResolver(units)
        var spelledStages: [String: UInt8?] = [:]
        reading: while let record = try reader.next() {
            rows += 1
            if rows & 0xFFFF == 0, let progress, size > 0 {
                let percent = min(reader.offset * 100 / size, 100)
                if percent != lastPercent {
                    lastPercent = percent
                    progress("import scores: \(percent)% (\(rows) rows)")
                }
            }
            if state.skipsTotalRow(record) {
                rows -= 1  // a sum of the rows above, not a row of data
                continue
            }
            guard state.checkWidth(record) else { continue }
            var unitID = field(record, unitField)
            // A row without its code but with its name (`Tên đơn vị`) is found by the name.
            var nameChecked = true
            if unitID.isEmpty, let nameField = state.unitNameColumn {
                unitID = field(record, nameField)
                nameChecked = false
            }
            let criterionID = Self.criterionSpelling(field(record, criterionField), decimalComma: comma)
            let stageText = stageField.map { field(record, $0) } ?? stage?.rawValue ?? ""
            let pointsText = field(record, pointsField)
            // Every column is checked, so a row with several mistakes shows them all at once.
            var rowIsBad = false
            if let yearField, case let written = field(record, yearField), !written.isEmpty, written != yearText {
                state.problem(record, field: yearField, CSVImportState.otherYear(written, imported: year))
                rowIsBad = true
            }
            var unitNumber = unitIndex[unitID]
            if unitNumber == nil {
                switch resolver.index(of: unitID) {
                case .success(let index):
                    unitNumber = Int32(index)
                    unitID = units[index].id
                case .failure(let error):
                    state.problem(record, field: unitField, UnitResolver.message(error))
                    // Without units no row can be read: said once, not once a row.
                    if case .noUnits = error { break reading }
                    rowIsBad = true
                }
            }
            if nameChecked, let unitNumber, let nameField = state.unitNameColumn,
                let slip = resolver.disagreement(unit: Int(unitNumber), name: field(record, nameField))
            {
                state.problem(record, field: nameField, slip)
                rowIsBad = true
            }
            let unitSet = unitNumber.flatMap { unitSets[Int($0)] }
            var criterionNumber: Int32?
            if let unitSet {
                criterionNumber = Self.criterionNumber(criterionID, in: unitSet.leaves)
                if criterionNumber == nil {
                    unknownCriterion(
                        criterionID, set: unitSet.set, unit: unitID, record: record, field: criterionField)
                    rowIsBad = true
                }
            } else if Self.criterionNumber(criterionID, in: nil) == nil, !allLeafIDs.isEmpty,
                !allLeafIDs.contains(criterionID)
            {
                let hint = Suggestions.hint(for: criterionID, in: allLeafIDs.sorted(), style: .clause)
                state.problem(record, field: criterionField, "Unknown criterion '\(criterionID)'\(hint)")
                rowIsBad = true
            }
            // Ids take the switch; other spellings are read once per distinct text.
            var stageCode = stageField == nil ? givenCode : Self.idStageCode(stageText)
            if stageCode == nil {
                if let known = spelledStages[stageText] {
                    stageCode = known
                } else {
                    stageCode = Self.stageCode(stageText)
                    if spelledStages.count < 64 { spelledStages[stageText] = .some(stageCode) }
                }
            }
            // A locked stage refuses a change, not a row that says what is recorded (the same
            // file imported again): told once the value is compared, below.
            var locked: Stage?
            if let stageCode, locks[Stage.allCases[Int(stageCode)]] != nil {
                locked = Stage.allCases[Int(stageCode)]
            } else if let stageField, let givenCode, let stageCode, stageCode != givenCode, let stage {
                state.problem(
                    record, field: stageField,
                    "Stage '\(stageText)' is not the stage imported, \(stage.rawValue) (--stage); leave --stage out to read each row's stage"
                )
                rowIsBad = true
            } else if let stageField, stageCode == nil {
                let names = Stage.allCases.map(\.rawValue)
                let hint = Suggestions.hint(
                    for: stageText, in: names, style: .clause,
                    otherwise:
                        "; expected \(names.joined(separator: ", ")) (or Tự chấm, Thẩm định lần 1, Giải trình, Thẩm định lần 2)"
                )
                state.problem(record, field: stageField, "Unknown stage '\(stageText)'\(hint)")
                rowIsBad = true
            }
            let notApplicable = Self.isNotApplicable(pointsText)
            let number = notApplicable ? nil : Values.number(pointsText, decimalComma: comma)
            if !notApplicable, number == nil, pointsText.isEmpty, stage != nil {
                // A sheet with a column per stage, read for one (--stage): an empty cell is a
                // leaf not yet given points at that stage, not a mistake.
                notGiven.append(record.line)
                continue
            } else if !notApplicable, number == nil {
                let example = comma ? "2,5" : "2.5"
                state.problem(
                    record, field: pointsField,
                    pointsText.isEmpty
                        ? "The points are empty; write them (e.g. \(example)), na for a leaf not applicable, or leave the row out"
                        : ["-", "–", "—", "x"].contains(pointsText)
                            // A dash is no points or not applicable, as the office meant: it says which.
                            ? "Points '\(pointsText)' could mean no points or not applicable: write 0, or na for a leaf not applicable"
                            : "Points '\(pointsText)' are not a number; expected e.g. \(example) or na")
                rowIsBad = true
            }
            // A row repeated is told even when its first has other problems (every problem of
            // the file at once, not one more after each fix).
            if let unitNumber, let criterionNumber, let stageCode {
                let key = ScoreKey(unit: unitNumber, criterion: criterionNumber, stage: stageCode)
                if let first = seen[key] {
                    state.problem(
                        record, field: criterionField,
                        "Duplicate row for unit '\(unitID)', criterion '\(criterionID)', stage '\(stageText)' (first on \(state.place) \(first))"
                    )
                    continue
                }
                seen[key] = Int32(record.line)
            }
            guard !rowIsBad, let unitNumber, let (set, _, maxima) = unitSet, let criterionNumber, let stageCode
            else { continue }
            let maxPoints =
                switch criterionNumber {
                case -1: set.adjustments.bonusCap
                case -2: set.adjustments.penaltyCap
                default: maxima[Int(criterionNumber)]
                }
            var value = AssessmentValue(
                points: nil, note: noteField.map { field(record, $0) }.flatMap { $0.isEmpty ? nil : $0 },
                evidenceRef: referenceField.map { field(record, $0) }.flatMap { $0.isEmpty ? nil : $0 })
            if notApplicable {
                if criterionNumber < 0 {
                    state.problem(record, field: pointsField, "'\(criterionID)' cannot be not applicable; write 0")
                    continue
                }
            } else if let points = number {
                if points < 0 || points > maxPoints + Scoring.tolerance {
                    let what = criterionNumber < 0 ? "\(criterionID) cap" : "maximum of '\(criterionID)'"
                    // `1.234` in a file of decimal commas groups thousands: say how it was read.
                    let readAs =
                        comma && pointsText.contains(".")
                        ? " (read as \(Format.number(points)): in a file of decimal commas '.' groups thousands; a decimal is written \(pointsText.replacingOccurrences(of: ".", with: ",")))"
                        : ""
                    state.problem(
                        record, field: pointsField,
                        "Points '\(pointsText)' are outside 0…\(Format.number(maxPoints)) (the \(what))\(readAs)")
                    continue
                }
                value.points = points
            }
            let key = ScoreKey(unit: unitNumber, criterion: criterionNumber, stage: stageCode)
            if set.id != lastSet {
                touchedSets.insert(set.id)
                lastSet = set.id
            }
            let old = try existingValue(key, unit: unitID)
            // A column the file does not have, or an empty cell, leaves what is recorded as it is
            // (a note left out of a corrected file is not a note deleted).
            if let old, value.note == nil { value.note = old.note }
            if let old, value.evidenceRef == nil { value.evidenceRef = old.evidenceRef }
            if let old, old == value {
                unchanged += 1
                continue
            }
            if let locked {
                // What the row would change, so the office can tell a correction from a slip.
                let change =
                    old.map { "would change \(Self.display($0.points)) to \(Self.display(value.points))" }
                    ?? "would add \(Self.display(value.points))"
                state.problem(
                    record, field: stageField ?? pointsField,
                    "Stage '\(locked.rawValue)' of \(year) is locked: \(unitID) \(criterionID) \(change); 'stage unlock \(locked.rawValue)' reopens it"
                )
                continue
            }
            if criterionNumber >= 0, Int(stageCode) + 1 < Stage.allCases.count, !existingValues.isEmpty,
                let later = (Int(stageCode) + 1..<Stage.allCases.count).last(where: {
                    existing[ScoreKey(unit: unitNumber, criterion: criterionNumber, stage: UInt8($0))] != nil
                })
            {
                underLater.append((key, Stage.allCases[later]))
                if underLaterText.count < 16 { underLaterText[key] = "\(unitID) \(criterionID)" }
            }
            if let old {
                // A changed note is audited with its text: the words before are kept.
                let noteChanged = old.note != value.note
                func shown(_ value: AssessmentValue) -> String {
                    Self.display(value.points) + (noteChanged ? " (note: \(value.note ?? "none"))" : "")
                }
                // The stage by its name, as 'explain' and 'stage' name it, whatever the file wrote.
                changes.append(
                    (unitID, "\(criterionID) \(Stage.allCases[Int(stageCode)].rawValue)", shown(old), shown(value)))
            } else {
                addedByUnit[Int(unitNumber)] += 1
            }
            if state.problemCount == 0 {
                emit(
                    AssessmentWrite(
                        isNew: old == nil, unit: unitID, criterion: criterionID,
                        stage: Stage.allCases[Int(stageCode)].rawValue, value: value))
            }
        }
        if let summary = resolver.summary { state.reading.append(summary) }
        if let marks = resolver.marksWarning { state.warnings.append(marks) }
        if !notGiven.isEmpty, let stage {
            let place = state.place
            state.reading.append(
                "\(notGiven.count) row\(notGiven.count == 1 ? "" : "s") without points at \(stage.rawValue) skipped (\(place)\(notGiven.count == 1 ? "" : "s") \(ListText.abbreviated(notGiven.map(String.init), limit: 5)))"
            )
        }
        // The file's own later rows decide those leaves: only the rest are told.
        let told = underLater.filter { item in
            !(Int(item.key.stage) + 1..<Stage.allCases.count).contains {
                seen[ScoreKey(unit: item.key.unit, criterion: item.key.criterion, stage: UInt8($0))] != nil
            }
        }
        if !told.isEmpty {
            let named = told.lazy.compactMap { item in
                self.underLaterText[item.key].map { "\($0) (\(item.later.rawValue))" }
            }.prefix(3)
            let more = told.count - named.count
            let examples = named.joined(separator: ", ") + (more > 0 ? ", … (+\(more))" : "")
            state.warnings.append(
                "\(told.count) value\(told.count == 1 ? "" : "s") at a stage below one already recorded: \(examples); the final points stay the later stage's"
            )
        }
    }

    /// What is recorded for `key` (of the unit `unitID`), reading that unit's values first
    /// when they are not yet read.
    /// - Throws: a SQLite error when the workspace cannot be read.
    private func existingValue(_ key: ScoreKey, unit unitID: String) throws -> AssessmentValue? {
        if !unitRead[Int(key.unit)] {
            unitRead[Int(key.unit)] = true
            if let recorded {
                try Workspace.forEachAssessment(recorded, year: year, unit: unitID) { unit, criterion, stage, value in
                    keep(unit, criterion, stage, value)
                }
            }
        }
        return existing[key].map { existingValues[Int($0)] }
    }

    /// Keeps one recorded value, by its key. Values come grouped by unit (the table's key): the
    /// unit is looked up once a unit, not once a value.
    private func keep(_ unitID: String, _ criterionID: String, _ stageText: String, _ value: AssessmentValue) {
        if unitID != keptUnit.id {
            let number = unitIndex[unitID]
            keptUnit = (unitID, number, number.flatMap { unitSets[Int($0)]?.leaves })
        }
        guard let unit = keptUnit.number, let stage = Self.stageCodes[stageText],
            let criterion = Self.criterionNumber(criterionID, in: keptUnit.leaves)
        else { return }
        existing[ScoreKey(unit: unit, criterion: criterion, stage: stage)] = Int32(existingValues.count)
        existingValues.append(value)
    }

    private func unknownCriterion(_ id: String, set: CriteriaSet, unit: String, record: CSVRecord, field: Int) {
        if let node = set.node(id) {
            let children = node.leaves.prefix(3).map(\.id).joined(separator: ", ")
            state.problem(
                record, field: field,
                "Criterion '\(id)' of set '\(set.id)' is not a leaf; points go on its components (\(children)…)")
        } else if let other = sets.keys.sorted().first(where: { $0 != set.id && sets[$0]?.leaves[id] != nil }) {
            // A leaf of another set: a department's row among the communes', or the wrong unit.
            state.problem(
                record, field: field,
                "Criterion '\(id)' is of set '\(other)', but \(unit) is scored on set '\(set.id)' (is the unit or the criterion wrong?)"
            )
        } else {
            let hint =
                set.suggestion(for: id, among: set.leaves.map(\.id)).map { Suggestions.didYouMean($0, style: .clause) }
                ?? ""
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
