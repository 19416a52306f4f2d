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
        problems.append(InputProblem(file: file, line: record.line, column: column, message: message, field: field))
    }

    /// Records a problem at a line and column.
    public mutating func problem(line: Int, column: Int, field: Int? = nil, _ message: String) {
        problemCount += 1
        if problems.count < Self.problemLimit {
            problems.append(InputProblem(file: file, line: line, column: column, message: message, field: field))
        }
    }

    /// The number of columns the header names; rows with another count are problems.
    var columnCount = 0
    /// Whether the file is a workbook's sheet (positions are rows, not lines).
    var readsSheet = false

    /// Reports a row with more (non-empty) fields than the header names, usually a separator
    /// inside an unquoted value; returns false then. Short rows and empty trailing fields (as
    /// spreadsheets write them) pass: their missing values are checked one by one. A field over
    /// 64 KiB (``Limits/fieldBytes``) is refused first.
    public mutating func checkWidth(_ record: CSVRecord) -> Bool {
        if let long = record.fields.firstIndex(where: { $0.utf8.count > Limits.fieldBytes }) {
            problem(
                record, field: long,
                "The field is \(record.fields[long].utf8.count) bytes long; a field holds at most 64 KiB (\(Limits.fieldBytes) bytes)"
            )
            return false
        }
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
        problem(line: scanner.line, column: scanner.column(field), field: field, message)
    }

    /// Puts the problems in file order (a merge may find some after those of later lines).
    public mutating func sortProblems() {
        problems.sort { ($0.line, $0.column) < ($1.line, $1.column) }
    }

    /// The same file and header, without problems or warnings: for one stretch of a file
    /// scanned in parts (``CSVParallelScan``).
    public func cleared() -> CSVImportState {
        var state = CSVImportState(file: file)
        state.columnCount = columnCount
        state.readsSheet = readsSheet
        state.requiredColumns = requiredColumns
        state.optionalColumns = optionalColumns
        return state
    }

    /// Adds the problems and warnings of a stretch whose lines are counted from its start,
    /// after `linesBefore` lines.
    public mutating func absorb(_ stretch: CSVImportState, linesBefore: Int) {
        for found in stretch.problems.prefix(Self.problemLimit - problems.count) {
            problems.append(
                InputProblem(
                    file: file, line: found.line + linesBefore, column: found.column, message: found.message,
                    field: found.field))
        }
        problemCount += stretch.problemCount
        warnings += stretch.warnings
        if totalLabel == nil { totalLabel = stretch.totalLabel }
        totalRows += stretch.totalRows.map { $0 + linesBefore }
        headingRows += stretch.headingRows.map { ($0.line + linesBefore, $0.text) }
        if signatureStart == nil { signatureStart = stretch.signatureStart.map { $0 + linesBefore } }
        signatureEnd = stretch.signatureEnd.map { $0 + linesBefore } ?? signatureEnd
    }

    /// How messages name a position: `row` in a workbook's sheet, else `line`.
    public var place: String { readsSheet ? "row" : "line" }

    // MARK: Headings and the signature block

    /// The columns of the required fields (set with the header): a row filling at most one of
    /// them is not data.
    var requiredColumns: [Int] = []
    /// The columns of the optional fields the import reads: a row with a value in one of them
    /// is data (a checklist row whose procedure code is empty), never a heading.
    var optionalColumns: [Int] = []
    /// A unit's name beside the column read as the unit (`Tên đơn vị` beside `Mã đơn vị`): not
    /// read as the unit, but checked against it (``UnitResolver/disagreement(unit:name:)``).
    public var unitNameColumn: Int?
    /// Heading rows skipped: their lines and first text, in file order.
    public private(set) var headingRows: [(line: Int, text: String)] = []
    /// The first and last line of the signature block skipped, once one began.
    public private(set) var signatureStart: Int?
    private var signatureEnd: Int?

    /// What a signature block's first row holds (folded, brackets and trailing colons or full
    /// stops removed): the people who sign a table, or the instruction under them.
    static let signatureLabels: Set<String> = [
        "nguoi lap bieu", "nguoi lap", "nguoi lap bang", "nguoi tong hop", "thu truong don vi", "thu truong co quan",
        "ky, ghi ro ho ten", "ky ghi ro ho ten", "ky, ho ten", "ky va ghi ro ho ten", "ky ten, dong dau",
        "ky, ghi ro ho ten, dong dau", "ke toan", "ke toan truong", "chu tich", "pho chu tich", "giam doc",
        "truong phong", "xac nhan cua thu truong don vi", "nguoi kiem tra", "tm. uy ban nhan dan", "tm. ubnd",
        "prepared by", "approved by",
    ]

    /// Whether `text` is a signature block's label (`Người lập biểu`, `(Ký, ghi rõ họ tên)`).
    static func isSignatureLabel(_ text: String) -> Bool {
        var folded = VietnameseText.fold(text.trimmingWhitespace)
        while let last = folded.last, last == ":" || last == "." || last == ")" { folded.removeLast() }
        while let first = folded.first, first == "(" { folded.removeFirst() }
        return signatureLabels.contains(folded.trimmingWhitespace)
    }

    /// How many required columns a row fills (`isFilled` of a column), stopping past one outside
    /// a signature block; negative when the first is empty, which no row of data leaves.
    private func filledRequired(_ isFilled: (Int) -> Bool) -> Int {
        var filled = 0
        for (index, column) in requiredColumns.enumerated() {
            if isFilled(column) {
                filled += 1
            } else if index == 0 {
                filled -= requiredColumns.count
            }
            if filled > 1 && signatureStart == nil { return filled }
        }
        return filled
    }

    /// Whether `text` is the place and date over a signature (`Hương Trà, ngày 05 tháng 01 năm
    /// 2025`, a comma file splitting it in two cells).
    static func isDateLine(_ text: String) -> Bool {
        let words = VietnameseText.fold(text).split { !$0.isLetter && !$0.isNumber }
        guard let day = words.firstIndex(of: "ngay"), let month = words[day...].firstIndex(of: "thang") else {
            return false
        }
        return words[month...].contains("nam")
    }

    /// Whether a row whose cells are `texts` (its non-empty ones) and which fills `filled` of
    /// the required columns is not data: within a signature block (from its labels to the end
    /// of the file: names, titles, dates), or a heading (`II. KHỐI XÃ`, a note) filling at
    /// most one required column. Such rows are skipped and named in the closing line.
    private mutating func skipsHeading(
        line: Int, filled: Int, fillsOptional: () -> Bool, texts: () -> [String]
    ) -> Bool {
        if signatureStart != nil {
            signatureEnd = line
            return true
        }
        // `filled` is negative when the first required column is empty: a row that may hold the
        // date line or the signers wherever they stand.
        guard filled <= 1 else { return false }
        let cells = texts()
        guard let first = cells.first else { return false }
        if cells.contains(where: Self.isSignatureLabel) || Self.isDateLine(cells.joined(separator: ", ")) {
            signatureStart = line
            signatureEnd = line
            return true
        }
        guard requiredColumns.count >= 2, filled + (filled < 0 ? requiredColumns.count : 0) <= 1, !fillsOptional()
        else { return false }
        headingRows.append((line, cells.count > 1 && cells[0].count <= 5 ? cells[1] : first))
        return true
    }

    /// For the closing line: the heading rows and the signature block skipped.
    public var headingsNote: [String] {
        var notes: [String] = []
        let place = readsSheet ? "row" : "line"
        if !headingRows.isEmpty {
            let shown = headingRows.prefix(3).map { "\(place) \($0.line) '\($0.text)'" }
            let more = headingRows.count > 3 ? " and \(headingRows.count - 3) more" : ""
            notes.append(
                "\(headingRows.count == 1 ? "a heading row" : "\(headingRows.count) heading rows") skipped: "
                    + shown.joined(separator: ", ") + more)
        }
        if let start = signatureStart, let end = signatureEnd {
            notes.append("signature block skipped: \(place)\(end > start ? "s \(start)–\(end)" : " \(start)")")
        }
        return notes
    }

    // MARK: Total rows

    /// Lines of the total rows skipped (``skipsTotalRow(_:)-(CSVRecord)``), in file order.
    public private(set) var totalRows: [Int] = []
    /// The first total row's label as written.
    private var totalLabel: String?

    /// What a total row's first non-empty field reads, folded (``VietnameseText/fold(_:)``; a
    /// colon or full stop after it is ignored).
    static let totalLabels: Set<String> = ["tong cong", "cong", "tong", "tong so", "tong hop", "total", "grand total"]

    /// Whether a row is a total row, as spreadsheets and the one-stop software end a table (or
    /// a group) with: its first non-empty field reads `Tổng cộng`, `Cộng`, `Tổng`, `Tổng số`,
    /// `Tổng hợp` or `Total`, in any case, with or without diacritics. Such a row is a sum of the
    /// rows above, not data: it is skipped, counted and named in the closing line, never a problem.
    public mutating func skipsTotalRow(_ record: CSVRecord) -> Bool {
        // Bytes first: nearly every row's first field fails at its first two bytes.
        guard let first = record.fields.first(where: { $0.utf8.contains { !Self.isBlank($0) } }) else { return false }
        guard Self.mayBeTotal(first.utf8.drop(while: Self.isBlank)), Self.isTotalLabel(first) else {
            // A subtotal under a unit's name merged down its rows (the name filled down into
            // it): the label stands further right, and a required column is empty.
            if requiredColumns.contains(where: { $0 >= record.fields.count || field(record, $0).isEmpty }),
                let label = record.fields.first(where: {
                    Self.mayBeTotal($0.utf8.drop(while: Self.isBlank)) && Self.isTotalLabel($0)
                })
            {
                noteTotal(line: record.line, label: label)
                return true
            }
            return skipsHeading(
                line: record.line, filled: filledRequired { $0 < record.fields.count && !field(record, $0).isEmpty },
                fillsOptional: { [optionalColumns] in
                    optionalColumns.contains { $0 < record.fields.count && !field(record, $0).isEmpty }
                }
            ) { record.fields.map(\.trimmingWhitespace).filter { !$0.isEmpty } }
        }
        noteTotal(line: record.line, label: first)
        return true
    }

    /// ``skipsTotalRow(_:)-(CSVRecord)`` of the scanner's current record.
    public mutating func skipsTotalRow(_ scanner: CSVScanner) -> Bool {
        guard let index = (0..<scanner.fieldCount).first(where: { !scanner.trimmed($0).isEmpty }) else { return false }
        guard Self.mayBeTotal(scanner.trimmed(index)), Self.isTotalLabel(scanner.value(index)) else {
            // Nearly every row of data has its first two required columns: two looks, no loop.
            if signatureStart == nil, requiredColumns.count >= 2 {
                let (first, second) = (requiredColumns[0], requiredColumns[1])
                if first < scanner.fieldCount, second < scanner.fieldCount, !scanner.trimmed(first).isEmpty,
                    !scanner.trimmed(second).isEmpty
                {
                    return false
                }
            }
            // A subtotal under a unit's name merged down its rows: the label further right.
            if requiredColumns.contains(where: { $0 >= scanner.fieldCount || scanner.trimmed($0).isEmpty }),
                let label = (0..<scanner.fieldCount).first(where: {
                    Self.mayBeTotal(scanner.trimmed($0)) && Self.isTotalLabel(scanner.value($0))
                })
            {
                noteTotal(line: scanner.line, label: scanner.value(label))
                return true
            }
            return skipsHeading(
                line: scanner.line,
                filled: filledRequired { $0 < scanner.fieldCount && !scanner.trimmed($0).isEmpty },
                fillsOptional: { [optionalColumns] in
                    optionalColumns.contains { $0 < scanner.fieldCount && !scanner.trimmed($0).isEmpty }
                }
            ) { (0..<scanner.fieldCount).map { scanner.value($0).trimmingWhitespace }.filter { !$0.isEmpty } }
        }
        noteTotal(line: scanner.line, label: scanner.value(index))
        return true
    }

    /// A quick test on the bytes: a label starts with `T`, `t`, `C` or `c`, then `o`, `O` or a
    /// precomposed Vietnamese vowel (`ổ`, `ộ`: 0xE1 …), and is short. Nearly every data row
    /// fails it without making a string.
    static func mayBeTotal<Bytes: Collection<UInt8>>(_ bytes: Bytes) -> Bool {
        guard bytes.count >= 4, bytes.count <= 40 else { return false }
        var iterator = bytes.makeIterator()
        guard let first = iterator.next(), let second = iterator.next() else { return false }
        switch first {
        case UInt8(ascii: "T"), UInt8(ascii: "t"), UInt8(ascii: "C"), UInt8(ascii: "c"):
            return second == UInt8(ascii: "o") || second == UInt8(ascii: "O") || second == 0xE1
        default:
            return false
        }
    }

    static func isBlank(_ byte: UInt8) -> Bool { byte == UInt8(ascii: " ") || byte == UInt8(ascii: "\t") }

    static func isTotalLabel(_ text: String) -> Bool {
        var folded = VietnameseText.fold(text.trimmingWhitespace)
        while let last = folded.last, last == ":" || last == "." { folded.removeLast() }
        if totalLabels.contains(folded.trimmingWhitespace) { return true }
        // A label with what it counts: `Tổng số hồ sơ: 2`, `Tổng cộng: 14 đơn vị`; and a group's
        // subtotal, `Cộng khối xã` (with its mark: `Công an xã` is a name).
        if let colon = folded.firstIndex(of: ":"),
            ["tong so", "tong cong", "tong"].contains(where: {
                folded[..<colon].hasPrefix($0 + " ") || folded[..<colon] == $0
            })
        {
            return true
        }
        return VietnameseText.nfc(text.trimmingWhitespace).lowercased().hasPrefix("cộng ")
    }

    private mutating func noteTotal(line: Int, label: String) {
        if totalLabel == nil { totalLabel = label.trimmingWhitespace }
        totalRows.append(line)
    }

    /// For the closing line: `total row skipped: line 9 'Tổng cộng'`, or the count and lines of
    /// several; nil when there was none.
    public var totalRowsNote: String? {
        guard let label = totalLabel, !totalRows.isEmpty else { return nil }
        let place = readsSheet ? "row" : "line"
        guard totalRows.count > 1 else { return "total row skipped: \(place) \(totalRows[0]) '\(label)'" }
        let lines = ListText.abbreviated(totalRows.sorted().map(String.init), limit: 5)
        return "\(totalRows.count) total rows skipped ('\(label)' …): \(place)s \(lines)"
    }

    /// How the file was read, for the closing line: the header's line when it was not the
    /// first, and the columns the import does not use (`header on line 3; not used: STT`).
    public var reading: [String] = []

    /// How many records before the header may be title rows (a report title, the unit's line,
    /// empty rows) when the header is found rather than given.
    static let titleRowLimit = 30

    /// Finds the header among the first records `next` gives: the first whose cells name every
    /// required column (rows above it are titles, skipped), or the record on line
    /// `options.headerRow`. Maps each field to its column; columns the import does not use are
    /// ignored and named once in ``reading``; columns without a name are ignored. Names are
    /// compared as ``TableHeader/fold(_:)`` does, through `--map`, the import's aliases and the
    /// common Vietnamese headers.
    ///
    /// - Returns: field → column index, or nil after recording the problem (an empty file, no
    ///   row naming the required columns, a column named twice).
    /// - Throws: what `next` throws.
    public mutating func findHeader(
        _ spec: TableHeader, options: TableOptions = TableOptions(), next: () throws -> CSVRecord?
    ) throws -> [String: Int]? {
        readsSheet = options.readsSheet
        var first: CSVRecord?
        var chosen: CSVRecord?
        var previous: CSVRecord?
        var twoRows = false
        var seen = 0
        // The row naming the most required columns, for the message when none names them all
        // (the header with one column spelt its own way, not the title above it).
        var nearest: (record: CSVRecord, count: Int)?
        func names(_ record: CSVRecord) -> Bool {
            let count = spec.required.filter { field in
                record.fields.contains { spec.field(for: $0, map: options.columnMap) == field }
            }.count
            if count > 0, count > nearest?.count ?? 0 { nearest = (record, count) }
            return count == spec.required.count
        }
        while let record = try next() {
            if first == nil { first = record }
            if let row = options.headerRow {
                if record.line == row - 1 { previous = record }
                if record.line < row { continue }
                if record.line == row {
                    // The row named, or with the row above it when the header takes two.
                    chosen = record
                    if !names(record), let above = previous, case let both = Self.combined(above, record), names(both) {
                        chosen = both
                        twoRows = true
                    }
                }
                break
            }
            if names(record) {
                chosen = record
                break
            }
            // A header of two rows: a group's name merged over its columns above them (`Kết
            // quả` over `Giá trị | Ghi chú`), the other columns' names merged down both rows.
            if let above = previous, !above.fields.allSatisfy({ $0.trimmingWhitespace.isEmpty }),
                case let both = Self.combined(above, record), names(both)
            {
                chosen = both
                twoRows = true
                break
            }
            previous = record
            seen += 1
            if seen > Self.titleRowLimit { break }
        }
        let expected = spec.required.map(spec.spelled).joined(separator: ", ")
        guard let first else {
            problem(line: 1, column: 1, "The file is empty; expected a header naming \(expected)")
            return nil
        }
        guard let record = chosen ?? (options.headerRow == nil ? nearest?.record ?? first : nil) else {
            problem(
                line: options.headerRow ?? 1, column: 1,
                "Line \(options.headerRow ?? 1) is empty or past the end; --header-row names the header's line")
            return nil
        }
        var map: [String: Int] = [:]
        var unused: [String] = []
        var checkedName: String?
        columnCount = record.fields.count
        for (index, raw) in record.fields.enumerated() {
            let text = raw.trimmingWhitespace
            if text.isEmpty { continue }
            guard let name = spec.field(for: text, map: options.columnMap) else {
                unused.append(text)
                continue
            }
            if let other = map[name] {
                // Two headers naming one field: the firmer one is read (`Mã đơn vị` beside
                // `Đơn vị`), the other is not used; of equal weight, the file is ambiguous.
                let otherText = record.fields[other].trimmingWhitespace
                let mine = spec.weight(of: text, naming: name, map: options.columnMap)
                let theirs = spec.weight(of: otherText, naming: name, map: options.columnMap)
                if mine == theirs {
                    problem(
                        record, field: index,
                        "Column '\(text)' appears twice (both '\(otherText)' and '\(text)' read as \(name)); --map \"\(text)=FIELD\" reads one as another field"
                    )
                    continue
                }
                if name == "unit_id", min(mine, theirs) == 0 {
                    // A unit's name beside its id: checked against it, not read as the unit.
                    unitNameColumn = mine < theirs ? index : other
                    checkedName = mine < theirs ? text : otherText
                } else {
                    unused.append(mine > theirs ? otherText : text)
                }
                if mine < theirs { continue }
            }
            map[name] = index
        }
        // A --map that names no column of the header or no field of this import is a mistake
        // the user would not see otherwise.
        let folded = Set(record.fields.map(TableHeader.fold))
        for (column, field) in options.columnMap.sorted(by: { $0.key < $1.key }) {
            if !spec.fields.contains(field) {
                let hint = Suggestions.hint(for: field, in: spec.fields, style: .clause)
                problem(
                    record, field: 0,
                    "--map names the field '\(field)', which this import does not read; its fields: \(spec.fields.joined(separator: ", "))\(hint)"
                )
                return nil
            }
            if chosen != nil, !folded.contains(column) {
                let has = record.fields.map(\.trimmingWhitespace).filter { !$0.isEmpty }.map { "'\($0)'" }
                problem(
                    record, field: 0,
                    "--map names the column '\(options.spelling(of: column))', which the header on \(options.readsSheet ? "row" : "line") \(record.line) does not have; it has \(has.joined(separator: ", "))"
                )
                return nil
            }
        }
        let missing = spec.required.filter { map[$0] == nil }
        if !missing.isEmpty {
            let names = missing.map { "'\(spec.spelled($0))'" }.joined(separator: ", ")
            let has = record.fields.map(\.trimmingWhitespace).filter { !$0.isEmpty }.map { "'\($0)'" }
            let guesses = missing.compactMap { field in
                var candidates = unused.filter { TableHeader.mayHold(field, header: $0) }
                // The most specific preferred words that some header has (`tham_dinh_lan_2`
                // before `tham_dinh`).
                for words in spec.preferring[field, default: []] {
                    let preferred = candidates.filter { TableHeader.fold($0).contains(words) }
                    if !preferred.isEmpty {
                        candidates = preferred
                        break
                    }
                }
                return
                    (Suggestions.closest(to: field, in: candidates)
                    ?? spec.displayName(field).flatMap { Suggestions.closest(to: $0, in: candidates) })
                    .map { "--map \"\($0)=\(field)\"" }
            }
            let instead = missing.compactMap { spec.otherwise[$0] }.map { "; " + $0 }.joined()
            let optional = spec.optional.isEmpty ? "" : " (optional: \(spec.optional.joined(separator: ", ")))"
            problem(
                record, field: 0,
                "Missing column\(missing.count == 1 ? "" : "s") \(names); the header on \(options.readsSheet ? "row" : "line") \(record.line) names "
                    + "\(has.joined(separator: ", ")); expected \(spec.required.joined(separator: ", "))\(optional); "
                    + (guesses.isEmpty
                        ? "--map COLUMN=FIELD reads a column under another name"
                        : "rename the column or read it with \(guesses.joined(separator: " "))") + instead)
            return nil
        }
        requiredColumns = spec.required.compactMap { map[$0] }
        optionalColumns = spec.optional.compactMap { map[$0] }
        if twoRows {
            reading.append("header on \(options.readsSheet ? "rows" : "lines") \(record.line - 1)–\(record.line)")
        } else if record.line > 1 || options.headerRow != nil {
            reading.append("header on \(options.readsSheet ? "row" : "line") \(record.line)")
        }
        if !unused.isEmpty { reading.append("not used: \(unused.joined(separator: ", "))") }
        if let checkedName, let unit = map["unit_id"] {
            reading.append("\(checkedName) checked against \(record.fields[unit].trimmingWhitespace)")
        }
        return map
    }

    /// Two header rows read as one: each column's name from the lower row, else from the upper.
    static func combined(_ upper: CSVRecord, _ lower: CSVRecord) -> CSVRecord {
        let count = max(upper.fields.count, lower.fields.count)
        var fields: [String] = []
        var columns: [Int] = []
        for index in 0..<count {
            let below = index < lower.fields.count ? lower.fields[index] : ""
            let above = index < upper.fields.count ? upper.fields[index] : ""
            fields.append(below.trimmingWhitespace.isEmpty ? above : below)
            columns.append(
                index < lower.columns.count
                    ? lower.columns[index] : (lower.columns.last ?? 1) + index - lower.columns.count + 1)
        }
        return CSVRecord(line: lower.line, fields: fields, columns: columns)
    }

    func outcome(rows: Int, applied: Bool, summary: String, counts: ImportCounts? = nil) -> ImportOutcome {
        ImportOutcome(
            file: file, rows: rows, problems: problems, problemCount: problemCount, warnings: warnings,
            applied: applied, summary: summary, counts: counts, reading: readingWithTotals)
    }

    /// ``reading`` and the total rows skipped.
    public var readingWithTotals: [String] { reading + (totalRowsNote.map { [$0] } ?? []) + headingsNote }
}

/// Thrown inside an import's transaction to roll it back when problems were found.
struct RollBack: Error {}

extension CSVImportState {
    /// The year a table's `year` column (`Năm`) names on its first row of data, found with the
    /// header as the import finds it; nil when it has no such column or that cell is not a year.
    /// A file of one year's scores or checklist says its year there: it is imported into that
    /// year when `--year` does not name one. A file that cannot be read gives nil here: the
    /// import reads it again and says what is wrong.
    public static func firstYear(path: String, fileName: String, header spec: TableHeader, options: TableOptions)
        -> Int?
    {
        do { return try readFirstYear(path: path, fileName: fileName, header: spec, options: options) } catch {
            return nil
        }
    }

    private static func readFirstYear(path: String, fileName: String, header spec: TableHeader, options: TableOptions)
        throws -> Int?
    {
        var reader = try CSVReader(path: path, fileName: fileName)
        defer { reader.close() }
        var state = CSVImportState(file: fileName)
        guard let header = try state.findHeader(spec, options: options, next: { try reader.next() }),
            let column = header["year"]
        else { return nil }
        while let record = try reader.next() {
            if state.skipsTotalRow(record) { continue }
            let text = field(record, column)
            if text.isEmpty { continue }
            guard let year = Int(text), Limits.years.contains(year) else { return nil }
            return year
        }
        return nil
    }

    /// The problem of a row whose `year` column names another year than the one imported.
    public static func otherYear(_ text: String, imported year: Int) -> String {
        "Year '\(text)' is not the year imported, \(year): a file holds one year's rows; import the rows of \(text) apart with --year \(text)"
    }
}
