import Foundation

/// Shared machinery of the CSV imports and collectors: the header, problems and warnings.
public struct CSVImportState: Sendable {
    static let problemLimit = 200

    /// The file as the user named it.
    public let file: String
    /// The first problems found (at most 200).
    public private(set) var problems: [InputProblem] = []
    /// How many problems there were in all.
    public private(set) var problemCount = 0
    /// Remarks that do not stop the import.
    public var warnings: [String] = []

    /// Starts with no problems.
    public init(file: String) { self.file = file }

    /// Records a problem at a field of a record.
    public mutating func problem(_ record: CSVRecord, field: Int, _ message: String) {
        problemCount += 1
        guard problems.count < Self.problemLimit else { return }
        let column = field < record.columns.count ? record.columns[field] : (record.columns.last ?? 1)
        problems.append(InputProblem(file: file, line: record.line, column: column, message: message))
    }

    /// Records a problem at a line and column.
    public mutating func problem(line: Int, column: Int, _ message: String) {
        problemCount += 1
        if problems.count < Self.problemLimit {
            problems.append(InputProblem(file: file, line: line, column: column, message: message))
        }
    }

    /// The number of columns the header names; rows with another count are problems.
    var columnCount = 0

    /// Reports a row with more (non-empty) fields than the header names, usually a separator
    /// inside an unquoted value; returns false then. Short rows and empty trailing fields (as
    /// spreadsheets write them) pass: their missing values are checked one by one.
    public mutating func checkWidth(_ record: CSVRecord) -> Bool {
        guard record.fields.count > columnCount,
            record.fields[columnCount...].contains(where: { !$0.trimmingWhitespace.isEmpty })
        else { return true }
        problem(record, field: columnCount, widthMessage(record.fields.count))
        return false
    }

    /// ``checkWidth(_:)`` of the scanner's current record.
    public mutating func checkWidth(_ scanner: CSVScanner) -> Bool {
        guard scanner.fieldCount > columnCount,
            (columnCount..<scanner.fieldCount).contains(where: { !scanner.trimmed($0).isEmpty })
        else { return true }
        problem(scanner, field: columnCount, widthMessage(scanner.fieldCount))
        return false
    }

    private func widthMessage(_ fields: Int) -> String {
        "The row has \(fields) field\(fields == 1 ? "" : "s") but the header names \(columnCount) columns"
    }

    /// Records a problem at a field of the scanner's current record.
    public mutating func problem(_ scanner: CSVScanner, field: Int, _ message: String) {
        problem(line: scanner.line, column: scanner.column(field), message)
    }

    /// The same file and header, without problems or warnings: for one stretch of a file
    /// scanned in parts (``CSVParallelScan``).
    public func cleared() -> CSVImportState {
        var state = CSVImportState(file: file)
        state.columnCount = columnCount
        return state
    }

    /// Adds the problems and warnings of a stretch whose lines are counted from its start,
    /// after `linesBefore` lines.
    public mutating func absorb(_ stretch: CSVImportState, linesBefore: Int) {
        for found in stretch.problems.prefix(Self.problemLimit - problems.count) {
            problems.append(
                InputProblem(file: file, line: found.line + linesBefore, column: found.column, message: found.message))
        }
        problemCount += stretch.problemCount
        warnings += stretch.warnings
    }

    /// Maps header names to field indexes; reports missing and unknown columns. Names are
    /// compared without diacritics or case, spaces as underscores (`Mã hồ sơ` → `ma_ho_so`).
    /// Columns without a name (the trailing separators spreadsheets write) are ignored.
    public mutating func header(
        _ record: CSVRecord, required: [String], optional: [String], aliases: [String: String] = [:]
    ) -> [String: Int]? {
        var map: [String: Int] = [:]
        columnCount = record.fields.count
        let known = required + optional
        for (index, raw) in record.fields.enumerated() {
            if raw.trimmingWhitespace.isEmpty { continue }
            let folded = VietnameseText.fold(raw).replacingOccurrences(of: " ", with: "_")
            let name = aliases[folded] ?? folded
            guard known.contains(name) else {
                problem(record, field: index, "Unknown column '\(raw)'; expected \(known.joined(separator: ", "))")
                continue
            }
            if map[name] != nil {
                problem(record, field: index, "Column '\(raw)' appears twice")
                continue
            }
            map[name] = index
        }
        let missing = required.filter { map[$0] == nil }
        if !missing.isEmpty {
            problem(
                record, field: 0,
                "Missing column\(missing.count == 1 ? "" : "s") \(missing.map { "'\($0)'" }.joined(separator: ", ")); the header must name \(required.joined(separator: ", "))"
            )
            return nil
        }
        return map
    }

    func outcome(rows: Int, applied: Bool, summary: String) -> ImportOutcome {
        ImportOutcome(
            file: file, rows: rows, problems: problems, problemCount: problemCount, warnings: warnings,
            applied: applied, summary: summary)
    }
}

/// Thrown inside an import's transaction to roll it back when problems were found.
struct RollBack: Error {}
