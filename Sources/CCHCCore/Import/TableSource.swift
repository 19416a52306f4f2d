import Foundation

#if canImport(Glibc)
    import Glibc
#elseif canImport(Darwin)
    import Darwin
#endif

/// The file an import reads, as the CSV importers read it: a CSV file as it is, or one sheet of
/// an `.xlsx` workbook written out as CSV (UTF-8, comma separated, quoted where needed) to a
/// temporary file, one line per sheet row so problems can be told back as cells
/// (`diem.xlsx:Sheet1!D17`).
public final class TableSource {
    /// The file to read as CSV.
    public let path: String
    /// The sheet read, for a workbook.
    public let sheet: String?
    /// For a workbook: where sheet rows and CSV lines part (a cell holding line breaks pushes
    /// the lines after it down), as (first CSV line, lines ahead of the row number).
    private var shifts: [(line: Int, ahead: Int)] = []
    private let temporary: Bool

    /// Whether `path` names a workbook: by its extension, or by the zip signature.
    public static func isWorkbook(_ path: String) -> Bool {
        let lower = path.lowercased()
        if lower.hasSuffix(".xlsx") || lower.hasSuffix(".xlsm") { return true }
        guard let handle = FileHandle(forReadingAtPath: path) else { return false }
        defer { try? handle.close() }
        return (try? handle.read(upToCount: 4)) == Data([0x50, 0x4B, 0x03, 0x04])
    }

    /// Opens `path` (a CSV file, or a workbook whose sheet is written out first).
    /// - Throws: ``XLSXSheetReader/Failure`` for a workbook that cannot be read or is hostile;
    ///   ``TableSourceError`` for an old `.xls` file or `--sheet` on a CSV file; ``FileError``
    ///   when the temporary file cannot be written.
    public init(path: String, fileName: String, options: TableOptions) throws {
        if access(path, R_OK) != 0 { throw FileError.cannotRead(fileName, reason: String(cString: strerror(errno))) }
        var isFolder: ObjCBool = false
        if FileManager.default.fileExists(atPath: path, isDirectory: &isFolder), isFolder.boolValue {
            throw FileError.cannotRead(fileName, reason: "it is a folder; name a file in it")
        }
        let lower = path.lowercased()
        // What offices also hold that is not a table this reads (a report, a JSON export).
        if [".xls", ".ods", ".json", ".pdf", ".doc", ".docx", ".yaml", ".yml"].contains(where: lower.hasSuffix) {
            throw TableSourceError.unsupported(fileName)
        }
        guard Self.isWorkbook(path) else {
            if let sheet = options.sheet { throw TableSourceError.sheetOfCSV(fileName, sheet: sheet) }
            sheet = nil
            // Excel's "Unicode Text" (and "CSV UTF-16"): UTF-16 with its byte-order mark; and its
            // "CSV (Comma delimited)" on a Vietnamese Windows, Windows-1258 when it decodes as
            // Vietnamese: each read through a UTF-8 copy as any other text file.
            let decoded =
                try Self.utf16Text(path, fileName: fileName).map { ($0, "UTF-16") }
                ?? Self.legacyText(path, fileName: fileName)
            if let (text, name) = decoded {
                let output = FileManager.default.temporaryDirectory.appendingPathComponent(
                    "cchc-text-\(UUID().uuidString).csv"
                )
                .path
                do {
                    try Data(text.utf8).write(to: URL(fileURLWithPath: output))
                } catch {
                    throw FileError.cannotWrite(output, reason: "\(error.localizedDescription)")
                }
                self.path = output
                temporary = true
                encoding = name
                return
            }
            self.path = path
            temporary = false
            return
        }
        var reader = try XLSXSheetReader(path: path, fileName: fileName, sheet: options.sheet)
        let output = FileManager.default.temporaryDirectory.appendingPathComponent(
            "cchc-sheet-\(UUID().uuidString).csv"
        )
        .path
        self.path = output
        temporary = true
        // Without --sheet, the first visible sheet with a row in it: an empty first sheet
        // (Excel's Sheet1 left blank) is not the table.
        var lineShifts: [(line: Int, ahead: Int)] = []
        var rows = try Self.write(reader, to: output, shifts: &lineShifts)
        if options.sheet == nil, rows == 0 {
            for name in reader.visibleSheets.drop(while: { $0 != reader.sheet }).dropFirst() {
                let next = try XLSXSheetReader(path: path, fileName: fileName, sheet: name)
                lineShifts = []
                rows = try Self.write(next, to: output, shifts: &lineShifts)
                if rows > 0 {
                    reader = next
                    break
                }
            }
        }
        // A cell merged down several rows (a unit's name over its criteria) belongs to each of
        // them, as a person reads it; the merges come after the rows, so this is a second pass.
        var filled: [XLSXSheetReader.MergedRange] = []
        if reader.merges.contains(where: \.isVertical) {
            lineShifts = []
            _ = try Self.write(reader, to: output, fillingDown: reader.merges, shifts: &lineShifts)
            filled = reader.filledDown
        }
        sheet = reader.sheet
        shifts = lineShifts
        if !filled.isEmpty {
            filledDown = "merged cells filled down: " + ListText.abbreviated(filled.map(\.description), limit: 5)
        }
        otherSheets = reader.visibleSheets.filter { $0 != reader.sheet }
    }

    /// The workbook's other visible sheets, for a message when the one read has no table.
    public private(set) var otherSheets: [String] = []

    /// Merged cells whose text was given to the rows under them, for the closing line.
    private var filledDown: String?

    /// Writes `reader`'s sheet to `output` as CSV, a line per row, with `fillingDown`'s text in
    /// the rows they cover; returns how many rows had cells.
    private static func write(
        _ reader: XLSXSheetReader, to output: String, fillingDown: [XLSXSheetReader.MergedRange] = [],
        shifts: inout [(line: Int, ahead: Int)]
    ) throws -> Int {
        guard let stream = OutputStream(toFileAtPath: output, append: false) else {
            throw FileError.cannotWrite(output, reason: "cannot create a temporary file")
        }
        stream.open()
        defer { stream.close() }
        var rows = 0
        var buffer: [UInt8] = []
        buffer.reserveCapacity(1 << 20)
        func flush() throws {
            guard !buffer.isEmpty else { return }
            let written = buffer.withUnsafeBufferPointer { stream.write($0.baseAddress!, maxLength: $0.count) }
            if written != buffer.count {
                throw FileError.cannotWrite(
                    output, reason: stream.streamError.map { "\($0)" } ?? "the disk may be full")
            }
            buffer.removeAll(keepingCapacity: true)
        }
        var line = 1
        var ahead = 0
        do {
            try reader.forEachRow(fillingDown: fillingDown) { row, cells in
                if cells.contains(where: { !$0.text.isEmpty }) { rows += 1 }
                // Blank lines for rows the sheet skips, so a line is its row.
                while line < row + ahead {
                    buffer.append(0x0A)
                    line += 1
                }
                var next = 0
                var breaks = 0
                for cell in cells {
                    while next < cell.column {
                        if next > 0 { buffer.append(UInt8(ascii: ",")) }
                        next += 1
                    }
                    if cell.column > 0 { buffer.append(UInt8(ascii: ",")) }
                    next = cell.column + 1
                    let text = cell.text.utf8
                    guard text.contains(where: { $0 == 0x2C || $0 == 0x22 || $0 == 0x0A || $0 == 0x0D }) else {
                        buffer.append(contentsOf: text)
                        continue
                    }
                    buffer.append(0x22)
                    for byte in text {
                        if byte == 0x22 { buffer.append(0x22) }
                        if byte == 0x0A { breaks += 1 }
                        buffer.append(byte)
                    }
                    buffer.append(0x22)
                }
                buffer.append(0x0A)
                line += 1 + breaks
                if breaks > 0 {
                    ahead += breaks
                    shifts.append((line, ahead))
                }
                if buffer.count >= 1 << 20 { try flush() }
            }
            try flush()
        } catch {
            try? FileManager.default.removeItem(atPath: output)
            throw error
        }
        return rows
    }

    deinit { remove() }

    /// Deletes the temporary file, if there is one.
    public func remove() {
        if temporary { try? FileManager.default.removeItem(atPath: path) }
    }

    /// The problem told as a cell of the sheet (`Sheet1!D17`) when the source is a workbook.
    public func relocate(_ problem: InputProblem) -> InputProblem {
        guard let sheet else { return problem }
        var problem = problem
        let ahead = shifts.last(where: { $0.line <= problem.line })?.ahead ?? 0
        let row = problem.line - ahead
        let quoted =
            sheet.allSatisfy({ $0.isLetter || $0.isNumber || $0 == "_" }) && !sheet.isEmpty ? sheet : "'\(sheet)'"
        problem.cell = "\(quoted)!" + (problem.field.map { XLSXSheetReader.letters($0) } ?? "") + "\(row)"
        return problem
    }

    /// How the closing line names the sheet read.
    public var reading: [String] {
        (sheet.map { ["sheet \($0)"] } ?? []) + (encoding.map { ["read as \($0)"] } ?? [])
            + (filledDown.map { [$0] } ?? [])
    }

    /// The text encoding a file was read in when it was not UTF-8 (`UTF-16`, `Windows-1258`).
    public private(set) var encoding: String?

    /// The text of a file whose first bytes are not UTF-8 and that decodes as Vietnamese in
    /// Windows-1258 (see ``LegacyText``), with the code page's name; else nil.
    /// - Throws: ``FileError`` when it cannot be read.
    static func legacyText(_ path: String, fileName: String) throws -> (String, String)? {
        guard let handle = FileHandle(forReadingAtPath: path) else { return nil }
        defer { try? handle.close() }
        guard let probe = try? handle.read(upToCount: LegacyText.probeBytes), !LegacyText.isUTF8(prefix: probe) else {
            return nil
        }
        let data: Data
        do { data = probe + (try handle.readToEnd() ?? Data()) } catch {
            throw FileError.cannotRead(fileName, reason: "\(error.localizedDescription)")
        }
        return LegacyText.decode(data).map { ($0.text, $0.encoding) }
    }

    /// The text of a file that begins with a UTF-16 byte-order mark, else nil.
    /// - Throws: ``FileError`` when it cannot be read or is not UTF-16 after all.
    static func utf16Text(_ path: String, fileName: String) throws -> String? {
        guard let handle = FileHandle(forReadingAtPath: path) else { return nil }
        defer { try? handle.close() }
        guard let mark = try? handle.read(upToCount: 2), mark == Data([0xFF, 0xFE]) || mark == Data([0xFE, 0xFF]) else {
            return nil
        }
        let data: Data
        do { data = mark + (try handle.readToEnd() ?? Data()) } catch {
            throw FileError.cannotRead(fileName, reason: "\(error.localizedDescription)")
        }
        guard let text = String(data: data, encoding: .utf16) else {
            throw FileError.cannotRead(
                fileName, reason: "it begins as UTF-16 text but is not; save it as CSV UTF-8")
        }
        return VietnameseText.nfc(text.hasPrefix("\u{FEFF}") ? String(text.dropFirst()) : text)
    }
}

/// Files an import cannot read as tables.
public enum TableSourceError: WorkbenchError, Equatable {
    /// An old binary `.xls`, an OpenDocument sheet, or a file that is not a table (`.json`,
    /// `.pdf`, `.doc`, `.docx`).
    case unsupported(String)
    /// `--sheet` given for a CSV file.
    case sheetOfCSV(String, sheet: String)

    public var description: String {
        switch self {
        case .unsupported(let file) where file.lowercased().hasSuffix(".yaml") || file.lowercased().hasSuffix(".yml"):
            "Cannot read '\(file)' as a table: it is YAML ('criteria check' and 'criteria load' read criteria files); imports read .xlsx workbooks and CSV files"
        case .unsupported(let file):
            "Cannot read '\(file)': only .xlsx workbooks and CSV files are read; save it as .xlsx (Excel Workbook) or CSV UTF-8"
        case .sheetOfCSV(let file, let sheet):
            "'\(file)' is a CSV file, which has no sheet '\(sheet)'; --sheet is for .xlsx workbooks"
        }
    }
}

extension Evaluation {
    /// Runs an import `body` on the CSV form of `path` (see ``TableSource``): problems come back
    /// as cells of the sheet for a workbook, and the closing line names the sheet.
    /// - Throws: ``FileError`` when the file cannot be read; what ``TableSource`` and `body` throw.
    func readingTable(
        path: String, fileName: String?, options: TableOptions,
        _ body: (_ csv: String, _ options: TableOptions) throws -> ImportOutcome
    ) throws -> ImportOutcome {
        let source = try TableSource(path: path, fileName: fileName ?? path, options: options)
        defer { source.remove() }
        var options = options
        options.readsSheet = source.sheet != nil
        var outcome = try body(source.path, options)
        if outcome.rows == 0, !source.otherSheets.isEmpty, options.sheet == nil {
            // The table may be on another sheet (a cover or a list came first).
            let others = ListText.abbreviated(source.otherSheets.map { "'\($0)'" })
            outcome.problems = outcome.problems.map { problem in
                var problem = problem
                if problem.line <= 1 || problem.message.hasPrefix("Missing column") {
                    problem.message += "; the workbook's other sheets: \(others) (--sheet NAME reads one)"
                }
                return problem
            }
        }
        outcome.problems = outcome.problems.map(source.relocate)
        outcome.reading = source.reading + outcome.reading
        return outcome
    }
}
