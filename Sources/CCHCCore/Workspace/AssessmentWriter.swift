import Foundation
import GRDB
import GRDBSQLite

/// A value recorded for a leaf (or the bonus or penalty) at a stage.
public struct AssessmentValue: Sendable, Equatable {
    /// The points; `nil` for not applicable.
    public var points: Double?
    /// The assessor's note.
    public var note: String?
    /// Where the evidence is (a document number, a link).
    public var evidenceRef: String?

    /// Creates a value.
    public init(points: Double?, note: String? = nil, evidenceRef: String? = nil) {
        self.points = points
        self.note = note
        self.evidenceRef = evidenceRef
    }
}

/// One assessment to write: a new value (insert) or a changed one (update).
public struct AssessmentWrite: Sendable {
    /// True for a value not recorded yet.
    public var isNew: Bool
    /// The unit's id.
    public var unit: String
    /// A leaf's id, `bonus` or `penalty`.
    public var criterion: String
    /// The stage's raw value.
    public var stage: String
    /// The value.
    public var value: AssessmentValue

    /// Creates a write.
    public init(isNew: Bool, unit: String, criterion: String, stage: String, value: AssessmentValue) {
        self.isNew = isNew
        self.unit = unit
        self.criterion = criterion
        self.stage = stage
        self.value = value
    }
}

/// Writes a year's assessments inside a change: the only place with the `assessments` table's
/// INSERT and UPDATE. Runs of new values go in many rows per statement (one VDBE run for 128
/// rows, the text of a whole group bound in place from one byte arena), through SQLite's C API.
struct AssessmentWriter {
    static let rowsPerStatement = 128
    private let year: Int
    private var bulk: FastStatement
    private var single: FastStatement
    private var update: FastStatement
    private var arena: [UInt8] = []
    private var offsets: [(Int, Int)] = []

    init(_ change: Change, year: Int) throws {
        self.year = year
        let row = "(?, ?, ?, ?, ?, ?, ?)"
        bulk = try FastStatement(
            change.db,
            sql: """
                INSERT INTO assessments (unit_id, criterion_id, stage, year, points, note, evidence_ref)
                VALUES \(Array(repeating: row, count: Self.rowsPerStatement).joined(separator: ", "))
                """)
        single = try FastStatement(
            change.db,
            sql: """
                INSERT INTO assessments (unit_id, criterion_id, stage, year, points, note, evidence_ref)
                VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7)
                """)
        update = try FastStatement(
            change.db,
            sql: """
                UPDATE assessments SET points = ?5, note = ?6, evidence_ref = ?7
                WHERE unit_id = ?1 AND criterion_id = ?2 AND stage = ?3 AND year = ?4
                """)
    }

    /// Writes a batch in order: new values in bulk, changed ones one by one.
    mutating func write(_ batch: [AssessmentWrite]) throws {
        var start = 0
        for (position, write) in batch.enumerated() where !write.isNew {
            try insert(batch[start..<position])
            start = position + 1
            try update.withText(write.unit, write.criterion, write.stage) { statement in
                try Self.bindValue(write.value, year: year, into: &statement, at: 4)
                try statement.step()
            }
        }
        try insert(batch[start...])
    }

    /// Binds the year and the value to parameters `first`…`first + 3`.
    private static func bindValue(
        _ value: AssessmentValue, year: Int, into statement: inout FastStatement, at first: Int32
    ) throws {
        statement.bind(year, at: first)
        statement.bind(value.points, at: first + 1)
        statement.bind(value.note, at: first + 2)
        statement.bind(value.evidenceRef, at: first + 3)
    }

    /// Inserts `rows` (all new): full groups in bulk, the rest one by one.
    private mutating func insert(_ rows: ArraySlice<AssessmentWrite>) throws {
        var rest = rows
        while rest.count >= Self.rowsPerStatement {
            try insertGroup(rest.prefix(Self.rowsPerStatement))
            rest = rest.dropFirst(Self.rowsPerStatement)
        }
        for write in rest {
            try single.withText(write.unit, write.criterion, write.stage) { statement in
                try Self.bindValue(write.value, year: year, into: &statement, at: 4)
                try statement.step()
            }
        }
    }

    private mutating func insertGroup(_ rows: ArraySlice<AssessmentWrite>) throws {
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
        let year = self.year
        var statement = self.bulk
        try arena.withUnsafeBufferPointer { bytes in
            let base = bytes.baseAddress ?? UnsafePointer(bitPattern: 1)!
            for (index, write) in rows.enumerated() {
                let first = Int32(index * 7)
                for column in 0..<3 {
                    let (offset, count) = offsets[index * 3 + column]
                    statement.bindStatic(base + offset, count: count, at: first + Int32(column) + 1)
                }
                try Self.bindValue(write.value, year: year, into: &statement, at: first + 4)
            }
            try statement.step()
        }
    }
}

extension Workspace {
    /// Writes a year's assessments inside `change` (no audit rows: the caller audits the change
    /// as a whole).
    /// - Throws: a database error (the whole change is then rolled back).
    public func writeAssessments(_ writes: [AssessmentWrite], year: Int, in change: Change) throws {
        var writer = try AssessmentWriter(change, year: year)
        try writer.write(writes)
    }

    /// Calls `body` with every assessment recorded for `year`: unit, criterion, stage and value.
    /// - Throws: ``WorkspaceError`` when the workspace cannot be read; what `body` throws.
    func forEachAssessment(
        year: Int, _ body: (_ unit: String, _ criterion: String, _ stage: String, AssessmentValue) throws -> Void
    ) throws {
        try read { db in try Self.forEachAssessment(db, year: year, unit: nil, body) }
    }

    /// Calls `body` with every assessment recorded for `year` (of `unit` alone when given, read
    /// through the table's key), as `db` sees them.
    /// - Throws: a SQLite error; what `body` throws.
    static func forEachAssessment(
        _ db: Database, year: Int, unit: String?,
        _ body: (_ unit: String, _ criterion: String, _ stage: String, AssessmentValue) throws -> Void
    ) throws {
        try withAssessmentRows(db, year: year, unit: unit) { raw in
            func text(_ column: Int32) -> String? { columnText(raw, column) }
            while true {
                let step = sqlite3_step(raw)
                if step == SQLITE_DONE { break }
                guard step == SQLITE_ROW else { throw DatabaseError(resultCode: ResultCode(rawValue: step)) }
                let points: Double? = sqlite3_column_type(raw, 3) == SQLITE_NULL ? nil : sqlite3_column_double(raw, 3)
                try body(
                    text(0) ?? "", text(1) ?? "", text(2) ?? "",
                    AssessmentValue(points: points, note: text(4), evidenceRef: text(5)))
            }
        }
    }

    /// The units' ids in the order they were added, as the change sees them.
    /// - Throws: a database error.
    func unitIDs(in change: Change) throws -> [String] {
        try String.fetchAll(change.db, sql: "SELECT id FROM units ORDER BY seq, id")
    }
}
