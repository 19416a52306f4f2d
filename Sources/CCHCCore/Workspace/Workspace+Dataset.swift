import Foundation
import GRDB
import GRDBSQLite

extension Workspace {
    /// SQLite's "copy the bytes" destructor, which the C macro SQLITE_TRANSIENT stands for.
    static let transientText = unsafeBitCast(-1, to: sqlite3_destructor_type.self)

    /// The assessment columns every raw read of the table takes, in this order: unit_id,
    /// criterion_id, stage, points, note, evidence_ref.
    static let assessmentColumns = "SELECT unit_id, criterion_id, stage, points, note, evidence_ref FROM assessments"

    /// A text column of the row `statement` is on, as a string (nil for NULL).
    static func columnText(_ statement: OpaquePointer?, _ column: Int32) -> String? {
        guard let bytes = sqlite3_column_text(statement, column) else { return nil }
        return String(
            decoding: UnsafeBufferPointer(start: bytes, count: Int(sqlite3_column_bytes(statement, column))),
            as: UTF8.self)
    }

    /// Runs `body` with a statement on `year`'s assessment rows (``assessmentColumns``), bound
    /// and ready to step: of `unit` alone, or of the units whose ids run from `lower` (included)
    /// to `upper` (left out), in byte order; every unit's without them. Read through SQLite's C
    /// API: GRDB's rows box every value, which at two million assessments cost most of a read.
    /// - Throws: a SQLite error when the statement cannot be made; what `body` throws.
    static func withAssessmentRows<R>(
        _ db: Database, year: Int, unit: String? = nil, from lower: String? = nil, to upper: String? = nil,
        _ body: (OpaquePointer?) throws -> R
    ) throws -> R {
        let statement = try db.cachedStatement(
            sql: "\(assessmentColumns) WHERE year = ?" + (unit != nil ? " AND unit_id = ?" : "")
                + (lower != nil ? " AND unit_id >= ?" : "") + (upper != nil ? " AND unit_id < ?" : ""))
        let raw = statement.sqliteStatement
        defer { sqlite3_reset(raw) }
        sqlite3_bind_int64(raw, 1, Int64(year))
        var index: Int32 = 2
        for text in [unit, lower, upper] {
            guard let text else { continue }
            // Bound here, copied (SQLITE_TRANSIENT): GRDB binds text only for the span of its own
            // execution, and the string's storage does not outlive this call.
            _ = text.withCString { sqlite3_bind_text(raw, index, $0, -1, transientText) }
            index += 1
        }
        return try body(raw)
    }

    /// A read-only connection to the workspace file at `path`, for reads beside the workspace's
    /// own connection (another thread's, or while it writes); it waits for a lock as long as a
    /// write does.
    /// - Throws: a SQLite error when the file cannot be opened.
    static func readOnlyConnection(path: String) throws -> DatabaseQueue {
        var configuration = Configuration()
        configuration.readonly = true
        configuration.busyMode = .timeout(TimeInterval(busyTimeout))
        return try DatabaseQueue(path: path, configuration: configuration)
    }

    /// Every unit with its records for `year`; with `unit`, that unit alone (read through the
    /// tables' keys, so it costs the same whatever the number of units).
    /// - Throws: ``WorkspaceError`` when the workspace cannot be read (busy, locked, not a workspace).
    public func dataset(year: Int, syntheticLabel: String?, unit only: String? = nil) throws -> Dataset {
        try read { db in
            try Self.dataset(db, year: year, syntheticLabel: syntheticLabel, unit: only, location: location)
        }
    }

    /// One unit's records for `year` and the year's revision (``revision(year:)``), read in one transaction, so
    /// what is derived from them can be matched with data of the same revision.
    /// - Throws: ``WorkspaceError`` when the workspace cannot be read.
    public func unitDataset(year: Int, syntheticLabel: String?, unit: String) throws -> (Dataset, revision: Int64) {
        try unitsDataset(year: year, syntheticLabel: syntheticLabel, units: [unit])
    }

    /// The records of `units` (ids; each read through the tables' keys, in the order given; an
    /// unknown id adds nothing) for `year` and the year's revision (``revision(year:)``), read in
    /// one transaction.
    /// - Throws: ``WorkspaceError`` when the workspace cannot be read.
    public func unitsDataset(year: Int, syntheticLabel: String?, units: [String]) throws -> (
        Dataset, revision: Int64
    ) {
        try read { db in
            (
                try Self.unitsDataset(db, year: year, syntheticLabel: syntheticLabel, units: units),
                try Self.revision(db, year: year)
            )
        }
    }

    /// The records of `units` for `year` on `db`, each read through the tables' keys, in the
    /// order given (an unknown id adds nothing).
    /// - Throws: a database error.
    static func unitsDataset(_ db: Database, year: Int, syntheticLabel: String?, units: [String]) throws -> Dataset {
        var dataset = Dataset(year: year, syntheticLabel: syntheticLabel)
        for unit in units {
            let one = try Self.dataset(db, year: year, syntheticLabel: syntheticLabel, unit: unit)
            dataset.units += one.units
            dataset.records.merge(one.records) { _, new in new }
        }
        return dataset
    }

    static func dataset(
        _ db: Database, year: Int, syntheticLabel: String?, unit only: String?, location: Location = .memory
    ) throws -> Dataset {
        do {
            let unitCount = only == nil ? try Int.fetchOne(db, sql: "SELECT count(*) FROM units") ?? 0 : 1
            var rows: AssessmentRows
            if only == nil, case .file(let path) = location, unitCount >= Self.unitsPerStretch * 2 {
                rows = try Self.assessmentsInStretches(db, path: path, year: year, units: unitCount)
            } else {
                rows = try Self.withAssessmentRows(db, year: year, unit: only) { raw in
                    try AssessmentRows(reading: raw, units: unitCount)
                }
            }
            var records = rows.records
            for (unit, values) in rows.adjustments {
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

    /// Fewest units a stretch read on its own connection holds (below twice this, the year is read
    /// on one connection: opening another costs more than it saves).
    static let unitsPerStretch = 1_000

    /// The year's assessment rows read in stretches of units, one per core, each on its own
    /// read-only connection to the file at `path` except the first (read on `db`), and merged.
    /// A stretch whose connection cannot be opened or sees another revision of the data than
    /// `db`'s transaction (a write committed in between) is read on `db` after the others.
    /// - Throws: ``WorkspaceError`` or a SQLite error when `db` cannot be read.
    private static func assessmentsInStretches(_ db: Database, path: String, year: Int, units: Int) throws
        -> AssessmentRows
    {
        let revision = try Int64.fetchOne(db, sql: "SELECT value FROM revision WHERE id = 1") ?? 0
        let count = max(1, min(ProcessInfo.processInfo.activeProcessorCount, 8, units / unitsPerStretch))
        // Each stretch's first unit id, in the table's (byte) order; the first stretch has none.
        var bounds: [String?] = [nil]
        for part in 1..<count {
            bounds.append(
                try String.fetchOne(
                    db, sql: "SELECT id FROM units ORDER BY id LIMIT 1 OFFSET ?", arguments: [part * units / count]))
        }
        let stretches = Stretches(year: year, bounds: bounds)
        let perStretch = units / count + 1
        let parts = SharedSlots<AssessmentRows?>(count: count, repeating: nil)
        // The other stretches on other threads, each on its own connection; the first one here,
        // on `db`, whose statements belong to this thread.
        let others = DispatchGroup()
        for part in 1..<count {
            DispatchQueue.global(qos: .userInitiated).async(group: others) {
                parts[part] = try? Workspace.readOnlyConnection(path: path).read { other in
                    guard try Int64.fetchOne(other, sql: "SELECT value FROM revision WHERE id = 1") == revision else {
                        return nil
                    }
                    return try stretches.read(part, on: other, units: perStretch)
                }
            }
        }
        let first: AssessmentRows
        do {
            first = try stretches.read(0, on: db, units: perStretch)
        } catch {
            others.wait()
            throw error
        }
        others.wait()
        var merged = first
        merged.records.reserveCapacity(units)
        for part in 1..<count {
            let rows = try parts[part] ?? stretches.read(part, on: db, units: perStretch)
            merged.records.merge(rows.records) { _, new in new }
            merged.adjustments.merge(rows.adjustments) { _, new in new }
        }
        return merged
    }

    /// True when anything (an assessment or an evidence value) is recorded for `year`; stops at
    /// the first row found.
    /// - Throws: ``WorkspaceError`` when the workspace cannot be read.
    public func hasData(year: Int) throws -> Bool {
        try read { db in
            try Bool.fetchOne(
                db,
                sql: """
                    SELECT EXISTS (SELECT 1 FROM assessments WHERE year = ?1)
                        OR EXISTS (SELECT 1 FROM evidence WHERE year = ?1)
                    """,
                arguments: [year]) ?? false
        }
    }

    /// What is recorded for a year, as the first prompt, `year` and `stage` show it. Counting
    /// passes over every row of the year (a quarter of a second at 10,000 units, more with each
    /// unit), so for a year of ``keptCountsThreshold`` rows or more the counts are kept in
    /// `stored_results` (kind `counts`) while the year's revision holds, and the next session starts
    /// without counting.
    /// - Throws: ``WorkspaceError`` when the workspace cannot be read (busy, locked, not a workspace).
    public func counts(year: Int) throws -> YearCounts {
        let (revision, kept, counted) = try read { db in
            let revision = try Self.revision(db, year: year)
            if let payload = try Self.storedResult(
                db, .counts, year: year, setID: "", contentHash: "", revision: revision),
                let kept = YearCounts(encoded: payload)
            {
                return (revision, true, kept)
            }
            return (revision, false, try Self.counts(db, year: year))
        }
        if !kept && counted.assessments + counted.evidence >= keptCountsThreshold {
            // Best effort: a read-only or busy file is counted again next time.
            try? storeResult(.counts, counted.encoded(), year: year, setID: "", contentHash: "", revision: revision)
        }
        return counted
    }

    /// The years with scores or evidence recorded, ascending (a pass over both tables: for
    /// saying which years have data when one has none).
    /// - Throws: ``WorkspaceError`` when the workspace cannot be read.
    public func recordedYears() throws -> [Int] {
        try read { db in
            try Int.fetchAll(db, sql: "SELECT year FROM assessments UNION SELECT year FROM evidence ORDER BY year")
        }
    }

    /// For a year with nothing recorded: which years have data, and how to fill this one or go
    /// back (`nothing is recorded for 2034 yet (years with data: 2023, 2024); …`); nil when the
    /// year has data or no year has any.
    /// - Throws: ``WorkspaceError`` when the workspace cannot be read.
    public func nothingRecorded(year: Int) throws -> String? {
        let counts = try counts(year: year)
        guard counts.assessments + counts.evidence == 0 else { return nil }
        let years = try recordedYears()
        guard let last = years.last else { return nil }
        return
            "nothing is recorded for \(year) yet (years with data: \(years.map(String.init).joined(separator: ", "))); "
            + "import its scores or evidence with --year \(year), or go back with 'year \(last)'"
    }

    /// Counts the year's rows on `db`, each table in one pass.
    /// - Throws: a database error.
    static func counts(_ db: Database, year: Int) throws -> YearCounts {
        let stages = Stage.allCases
        let filters = stages.map { "count(*) FILTER (WHERE stage = '\($0.rawValue)')" }.joined(separator: ", ")
        let row = try Row.fetchOne(db, sql: "SELECT \(filters) FROM assessments WHERE year = ?", arguments: [year])
        var byStage: [Stage: Int] = [:]
        for (index, stage) in stages.enumerated() {
            let count: Int = row?[index] ?? 0
            if count > 0 { byStage[stage] = count }
        }
        return YearCounts(
            units: try Int.fetchOne(db, sql: "SELECT count(*) FROM units") ?? 0, byStage: byStage,
            evidence: try Int.fetchOne(db, sql: "SELECT count(*) FROM evidence WHERE year = ?", arguments: [year]) ?? 0)
    }
}

/// A year's assessment rows cut into stretches of units by their ids.
private struct Stretches: Sendable {
    let year: Int
    /// Each stretch's first unit id (byte order); nil for the first stretch.
    let bounds: [String?]

    /// Reads stretch `part`'s rows on `db`.
    /// - Throws: a SQLite error when `db` cannot be read.
    func read(_ part: Int, on db: Database, units: Int) throws -> AssessmentRows {
        try Workspace.withAssessmentRows(
            db, year: year, from: part > 0 ? bounds[part] : nil, to: part + 1 < bounds.count ? bounds[part + 1] : nil
        ) { raw in try AssessmentRows(reading: raw, units: units) }
    }
}

/// Assessment rows read into records: each unit's leaves with their stages and notes, and the
/// bonus and penalty rows apart (the latest stage of each wins).
struct AssessmentRows {
    var records: [String: UnitRecord] = [:]
    var adjustments: [String: [String: (Stage, Double)]] = [:]

    init() {}

    /// Reads every row `statement` gives (columns: unit_id, criterion_id, stage, points, note,
    /// evidence_ref). The table's key (unit, year, leaf, stage) gives the rows grouped by unit and
    /// leaf, so each unit's record and each leaf's assessment is built apart and stored once;
    /// rows in another order are still merged.
    /// - Parameter units: about how many units the rows are of (sizes the table).
    /// - Throws: `DatabaseError` when a step fails.
    init(reading raw: OpaquePointer?, units: Int) throws {
        records.reserveCapacity(units)
        var unit = ""
        var record = UnitRecord()
        var criterion = ""
        // The leaf being read, built in these locals and stored in its unit's table once (an
        // assessment is about 170 bytes: moving it in and out of an optional for every row was a
        // fifth of the load).
        var stages = StageMap<StageValue>()
        var notes = StageMap<String>()
        var leafOpen = false
        func text(_ column: Int32) -> String? { Workspace.columnText(raw, column) }
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
            guard leafOpen else { return }
            leafOpen = false
            // One look-up: stored, and only when rows of this leaf came before (rows not in key
            // order) are that earlier read's other stages merged back.
            if let earlier = record.leaves.updateValue(LeafAssessment(stages: stages, notes: notes), forKey: criterion)
            {
                for (stage, value) in earlier.stages where stages[stage] == nil {
                    record.leaves[criterion]?.stages[stage] = value
                }
                for (stage, note) in earlier.notes where notes[stage] == nil {
                    record.leaves[criterion]?.notes[stage] = note
                }
            }
        }
        // Units of a set have as many leaves: the last unit's count sizes the next one's table,
        // instead of growing it (and moving every assessment) seven times.
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
            guard let stage = Self.stage(raw, column: 2) else { continue }
            if !same(0, as: unit) {
                storeRecord()
                unit = text(0) ?? ""
                record = records.removeValue(forKey: unit) ?? UnitRecord()
                if record.leaves.isEmpty { record.leaves.reserveCapacity(leavesPerUnit) }
                criterion = ""
            }
            let points: Double? = sqlite3_column_type(raw, 3) == SQLITE_NULL ? nil : sqlite3_column_double(raw, 3)
            if !same(1, as: criterion) {
                storeLeaf()
                criterion = text(1) ?? ""
            }
            if criterion == "bonus" || criterion == "penalty" {
                if let current = adjustments[unit]?[criterion], current.0 > stage { continue }
                adjustments[unit, default: [:]][criterion] = (stage, points ?? 0)
                continue
            }
            if !leafOpen {
                leafOpen = true
                stages = StageMap()
                notes = StageMap()
            }
            stages[stage] = points.map { .points($0) } ?? .notApplicable
            if let note = text(4) { notes[stage] = note }
            if stage == .selfAssessment, let reference = text(5), !reference.isEmpty {
                record.selfReferenced.insert(criterion)
            }
        }
        storeRecord()
    }

    /// The stage named by a row's text column, compared as bytes (no string is made for each of
    /// two million rows); nil for NULL or a name that is not a stage.
    private static func stage(_ statement: OpaquePointer?, column: Int32) -> Stage? {
        guard let bytes = sqlite3_column_text(statement, column) else { return nil }
        let count = Int(sqlite3_column_bytes(statement, column))
        for (stage, name) in stageNames where name.count == count && memcmp(name, bytes, count) == 0 {
            return stage
        }
        return nil
    }

    /// Each stage with its stored name's UTF-8 bytes.
    private static let stageNames: [(Stage, [UInt8])] = Stage.allCases.map { ($0, Array($0.rawValue.utf8)) }
}

/// What a workspace holds for a year: its units, assessment values by stage and evidence values.
public struct YearCounts: Equatable, Sendable {
    /// The workspace's units (of every year).
    public var units: Int
    /// The year's assessment values of each stage that has any.
    public var byStage: [Stage: Int]
    /// The year's evidence values.
    public var evidence: Int

    /// The year's assessment values.
    public var assessments: Int { byStage.values.reduce(0, +) }

    /// Creates counts.
    public init(units: Int, byStage: [Stage: Int], evidence: Int) {
        self.units = units
        self.byStage = byStage
        self.evidence = evidence
    }

    /// As kept in `stored_results`: the units, the evidence values, then each stage's count in
    /// the stages' order (``StoredBytesWriter``).
    func encoded() -> Data {
        var writer = StoredBytesWriter()
        writer.int(units)
        writer.int(evidence)
        for stage in Stage.allCases { writer.int(byStage[stage] ?? 0) }
        return Data(writer.bytes)
    }

    /// Reads what ``encoded()`` wrote; nil when it is not that.
    init?(encoded payload: Data) {
        var reader = StoredBytesReader(bytes: [UInt8](payload))
        guard let units = reader.int(), let evidence = reader.int() else { return nil }
        var byStage: [Stage: Int] = [:]
        for stage in Stage.allCases {
            guard let count = reader.int() else { return nil }
            if count > 0 { byStage[stage] = count }
        }
        guard reader.atEnd else { return nil }
        self.init(units: units, byStage: byStage, evidence: evidence)
    }
}
