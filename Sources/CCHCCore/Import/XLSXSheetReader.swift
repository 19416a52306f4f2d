import Foundation
import ZIPFoundation

#if canImport(Glibc)
    import Glibc
#elseif canImport(Darwin)
    import Darwin
#endif

/// Reads the rows of one sheet of an Office Open XML workbook (`.xlsx`, ECMA-376 Part 1,
/// SpreadsheetML) as text, streaming: each part is inflated chunk by chunk into an
/// ``XMLByteScanner`` (bytes, no string or dictionary per element), so memory does not grow with
/// the sheet (shared strings are kept, end to end in one buffer). FoundationXML's `XMLParser` is
/// not used: it was many times slower, and traps on some corrupt parts.
///
/// Cells come as the text a person sees them mean: shared and inline strings as written;
/// numbers as stored (`2.5`); a number formatted as a percentage as a percentage (`97.5%`); a
/// number formatted as a date or time as ISO 8601 (`2024-08-05`, `2024-08-05T08:15`), in the
/// workbook's 1900 or 1904 date system; booleans as `true`/`false`; formula results as
/// cached; errors as Excel shows them (`#N/A`).
///
/// Hostile files are refused, not followed: a part whose inflated size passes its declared
/// size, ``maximumPartSize``, or ``maximumRatio`` times its compressed size (a zip bomb), and
/// any part with a document type declaration (`<!DOCTYPE`, where entity-expansion attacks live;
/// SpreadsheetML has none).
public final class XLSXSheetReader {
    /// Problems reading the workbook itself.
    public enum Failure: WorkbenchError, Equatable {
        /// Not a zip archive, or a part is missing or not well-formed.
        case damaged(file: String, reason: String)
        /// `--sheet` names no sheet of the workbook.
        case noSuchSheet(file: String, sheet: String, sheets: [String])
        /// A part inflates past the limits (a zip bomb).
        case tooLarge(file: String, part: String, limit: String)
        /// A part declares a document type (entity expansion).
        case doctype(file: String, part: String)

        public var description: String {
            switch self {
            case .damaged(let file, let reason):
                "Cannot read '\(file)' as an Excel workbook: \(reason); save it again from Excel or LibreOffice as .xlsx, or as CSV UTF-8"
            case .noSuchSheet(let file, let sheet, let sheets):
                "'\(file)' has no sheet '\(sheet)'; its sheets: \(sheets.map { "'\($0)'" }.joined(separator: ", "))\(Suggestions.hint(for: sheet, in: sheets, style: .clause, otherwise: ""))"
            case .tooLarge(let file, let part, let limit):
                "'\(file)' is refused: its part \(part) inflates \(limit) (a zip bomb, or not a workbook)"
            case .doctype(let file, let part):
                "'\(file)' is refused: its part \(part) declares a document type, which workbooks never do (an XML entity attack, or not a workbook)"
            }
        }
    }

    /// No part may inflate past this (a 1,000,000-row sheet of ten columns is about 300 MB).
    public static let maximumPartSize: UInt64 = 4 << 30
    /// Nor past this many times its compressed size (Excel's parts compress 5–30 times).
    public static let maximumRatio: UInt64 = 250

    /// The sheets, in the workbook's order.
    public let sheetNames: [String]
    /// The sheets a reader sees (not hidden), in the workbook's order.
    public let visibleSheets: [String]
    /// The sheet read.
    public let sheet: String

    private let archive: Archive
    private let fileName: String
    private let sheetPath: String
    private var sharedText: [UInt8] = []
    private var sharedEnds: [Int] = []
    /// Per cell style (`s`): how its numbers read.
    private var styles: [NumberKind] = []
    private var date1904 = false

    enum NumberKind { case plain, percent, date, time }

    /// A block of merged cells as the sheet names it (`A5:A9`): 0-based columns, 1-based rows,
    /// both ends included.
    public struct MergedRange: Equatable, Sendable, CustomStringConvertible {
        public var firstColumn: Int
        public var firstRow: Int
        public var lastColumn: Int
        public var lastRow: Int

        public init(firstColumn: Int, firstRow: Int, lastColumn: Int, lastRow: Int) {
            self.firstColumn = firstColumn
            self.firstRow = firstRow
            self.lastColumn = lastColumn
            self.lastRow = lastRow
        }

        /// Whether it spans more than one row (its text belongs to the rows under it too).
        public var isVertical: Bool { lastRow > firstRow }

        public var description: String {
            "\(XLSXSheetReader.letters(firstColumn))\(firstRow):\(XLSXSheetReader.letters(lastColumn))\(lastRow)"
        }

        /// `A5:B9` (either corner first); nil when it is not a range of two cells.
        init?(reference: UnsafeBufferPointer<UInt8>) {
            guard let colon = reference.firstIndex(of: UInt8(ascii: ":")),
                let from = XLSXSheetReader.cell(UnsafeBufferPointer(rebasing: reference[..<colon])),
                let to = XLSXSheetReader.cell(UnsafeBufferPointer(rebasing: reference[(colon + 1)...]))
            else { return nil }
            self.init(
                firstColumn: min(from.column, to.column), firstRow: min(from.row, to.row),
                lastColumn: max(from.column, to.column), lastRow: max(from.row, to.row))
        }
    }

    /// The sheet's merged cells, known once ``forEachRow(fillingDown:_:)`` has read to the end
    /// (SpreadsheetML lists them after the rows).
    public private(set) var merges: [MergedRange] = []

    /// Opens `path` and reads its sheet list, shared strings and number formats.
    /// - Parameter sheet: the sheet to read (compared without case or diacritics); nil for the first.
    /// - Throws: ``Failure`` for a file that is not a workbook, a sheet not in it, or a hostile part.
    public init(path: String, fileName: String, sheet: String?) throws {
        self.fileName = fileName
        do {
            archive = try Archive(url: URL(fileURLWithPath: path), accessMode: .read)
        } catch {
            throw Failure.damaged(file: fileName, reason: Self.notAnArchive(path))
        }
        // The workbook: sheet names, relationship ids and the date system.
        let workbook = WorkbookHandler()
        try Self.scan(archive: archive, part: "xl/workbook.xml", fileName: fileName, handler: workbook)
        let relations = RelationshipHandler()
        try Self.scan(archive: archive, part: "xl/_rels/workbook.xml.rels", fileName: fileName, handler: relations)
        guard !workbook.sheets.isEmpty else { throw Failure.damaged(file: fileName, reason: "it has no sheet") }
        sheetNames = workbook.sheets.map(\.name)
        visibleSheets = sheetNames.filter { !workbook.hidden.contains($0) }
        date1904 = workbook.date1904
        let chosen: (name: String, id: String)
        if let sheet {
            let key = VietnameseText.fold(sheet)
            guard let found = workbook.sheets.first(where: { VietnameseText.fold($0.name) == key }) else {
                throw Failure.noSuchSheet(file: fileName, sheet: sheet, sheets: sheetNames)
            }
            chosen = found
        } else {
            // The first sheet a person sees: a hidden one (settings, lists) is not the table.
            chosen = workbook.sheets.first { !workbook.hidden.contains($0.name) } ?? workbook.sheets[0]
        }
        self.sheet = chosen.name
        guard let target = relations.targets[chosen.id] else {
            throw Failure.damaged(file: fileName, reason: "sheet '\(chosen.name)' has no part")
        }
        sheetPath =
            target.hasPrefix("/") ? String(target.dropFirst()) : target.hasPrefix("xl/") ? target : "xl/" + target
        if archive[sheetPath] == nil {
            throw Failure.damaged(file: fileName, reason: "sheet '\(chosen.name)' has no part \(sheetPath)")
        }
        if archive["xl/sharedStrings.xml"] != nil {
            let strings = SharedStringHandler()
            try Self.scan(archive: archive, part: "xl/sharedStrings.xml", fileName: fileName, handler: strings)
            sharedText = strings.text
            sharedEnds = strings.ends
        }
        if archive["xl/styles.xml"] != nil {
            let styles = StyleHandler()
            try Self.scan(archive: archive, part: "xl/styles.xml", fileName: fileName, handler: styles)
            self.styles = styles.kinds
        }
    }

    /// Calls `body` with each row that has cells: its 1-based number and its cells as
    /// (0-based column, text), in order. Afterwards ``merges`` holds the sheet's merged cells.
    /// - Parameter fillingDown: merged cells whose text is given to each row under the first
    ///   that has cells of its own (in the range's first column), as a person reads a unit's
    ///   name merged down its rows; empty for the cells as stored.
    /// - Throws: ``Failure`` for a damaged or hostile sheet; what `body` throws.
    public func forEachRow(
        fillingDown: [MergedRange] = [], _ body: (_ row: Int, _ cells: [(column: Int, text: String)]) throws -> Void
    ) throws {
        try withoutActuallyEscaping(body) { body in
            let rows = SheetHandler(reader: self, fillingDown: fillingDown.filter(\.isVertical), body: body)
            try Self.scan(archive: archive, part: sheetPath, fileName: fileName, handler: rows)
            merges = rows.merges
            filledDown = rows.filled
        }
    }

    /// The merges whose text the last ``forEachRow(fillingDown:_:)`` gave to rows under them.
    public private(set) var filledDown: [MergedRange] = []

    /// `C7` → (2, 7); nil when it is not letters then a row number.
    static func cell(_ reference: UnsafeBufferPointer<UInt8>) -> (column: Int, row: Int)? {
        guard let column = SheetHandler.column(reference) else { return nil }
        guard let digits = reference.firstIndex(where: { $0 >= 0x30 && $0 <= 0x39 }),
            let row = integer(UnsafeBufferPointer(rebasing: reference[digits...])), row > 0
        else { return nil }
        return (column, row)
    }

    // MARK: Cells

    /// Shared string `index`, or nil when there is none.
    func shared(_ index: Int) -> String? {
        guard index >= 0, index < sharedEnds.count else { return nil }
        let start = index == 0 ? 0 : sharedEnds[index - 1]
        return String(decoding: sharedText[start..<sharedEnds[index]], as: UTF8.self)
    }

    /// A cell's type (`t`): a shared string, a boolean, text of its own, or a number (or date).
    enum CellType { case shared, boolean, text, number }

    /// The text of a cell from its type, style (`s`) and value (`<v>` or inline text, UTF-8).
    func text(type: CellType, style: Int?, value: UnsafeBufferPointer<UInt8>) -> String {
        switch type {
        case .shared: return Self.integer(value).flatMap(shared) ?? ""
        case .boolean:
            return XMLByteScanner.equals(value, "1")
                ? "true" : XMLByteScanner.equals(value, "0") ? "false" : Self.string(value)
        case .text: return Self.string(value)
        case .number:
            guard let style, style < styles.count, styles[style] != .plain,
                let number = Double(String(decoding: value, as: UTF8.self))
            else { return Self.string(value) }
            switch styles[style] {
            case .percent: return Self.decimal(number * 100) + "%"
            case .date, .time:
                return Self.iso(serial: number, date1904: date1904, time: styles[style] == .time)
                    ?? Self.string(value)
            case .plain: return Self.string(value)
            }
        }
    }

    /// UTF-8 bytes as NFC text (ASCII as it is, without the normalizer).
    static func string(_ bytes: UnsafeBufferPointer<UInt8>) -> String {
        let text = String(decoding: bytes, as: UTF8.self)
        return bytes.contains(where: { $0 >= 0x80 }) ? VietnameseText.nfc(text) : text
    }

    /// A non-negative decimal integer written in ASCII digits (at most 18 of them).
    static func integer(_ bytes: UnsafeBufferPointer<UInt8>) -> Int? {
        guard !bytes.isEmpty, bytes.count <= 18 else { return nil }
        var value = 0
        for byte in bytes {
            guard byte >= 0x30 && byte <= 0x39 else { return nil }
            value = value * 10 + Int(byte - 0x30)
        }
        return value
    }

    /// `97.5`, `100` — a number without float noise (at most 10 decimals).
    static func decimal(_ value: Double) -> String {
        let rounded = (value * 1e10).rounded() / 1e10
        if rounded == rounded.rounded(), abs(rounded) < 1e15 { return String(Int64(rounded)) }
        return String(rounded)
    }

    /// An Excel serial date as ISO 8601: `2024-08-05`, or `2024-08-05T08:15` when it has a time
    /// of day (or `time`), to the minute (seconds when there are some).
    static func iso(serial: Double, date1904: Bool, time: Bool) -> String? {
        // Excel's dates run from 1900 to 9999 (serial 2,958,465); anything else is not a date
        // (and would overflow below).
        guard serial.isFinite, serial >= 0, serial < 2_958_466 else { return nil }
        // Serial 25569 is 1970-01-01 in the 1900 system, which counts a 1900-02-29 that never
        // was (Lotus's bug): serials before 61 are a day behind. The 1904 system is 1462 days on.
        let shift = date1904 ? 1462.0 : serial < 61 ? 1.0 : 0.0
        var seconds = Int64(((serial + shift - 25569) * 86_400).rounded())
        let days = Int64((Double(seconds) / 86_400).rounded(.down))
        seconds -= days * 86_400
        let (year, month, day) = CivilDate.civil(fromDays: Int(days))
        func two<Value: BinaryInteger>(_ value: Value) -> String { value < 10 ? "0\(value)" : "\(value)" }
        let yearText = String(year)
        var text = String(repeating: "0", count: max(0, 4 - yearText.count)) + yearText
        text += "-" + two(month) + "-" + two(day)
        if seconds > 0 || time {
            text += "T" + two(seconds / 3600) + ":" + two(seconds / 60 % 60)
            if seconds % 60 != 0 { text += ":" + two(seconds % 60) }
        }
        return text
    }

    // MARK: Streaming a part

    /// Reads `part` with the byte scanner, inflating it on this thread chunk by chunk: its size
    /// checked as it goes, a document type refused.
    /// - Throws: ``Failure`` when the part is missing, not well-formed or hostile; what the
    ///   handler's body threw.
    static func scan(archive: Archive, part: String, fileName: String, handler: some ScanHandler) throws {
        guard let entry = archive[part] else {
            throw Failure.damaged(file: fileName, reason: "it has no \(part)")
        }
        let declared = entry.uncompressedSize
        // Saturating: a crafted header may declare any compressed size (it trapped, found by the fuzzer).
        let ratio = max(entry.compressedSize, 1 << 16).multipliedReportingOverflow(by: maximumRatio)
        let limit = min(maximumPartSize, ratio.overflow ? UInt64.max : ratio.partialValue)
        if declared > limit {
            throw Failure.tooLarge(file: fileName, part: part, limit: "to \(declared) bytes")
        }
        let scanner = XMLByteScanner(handler: handler)
        var written: UInt64 = 0
        do {
            // The checksum is checked: a part damaged in a copy or download must not be read
            // as other values (it is checked at the part's end, before anything is imported).
            let checksum = try archive.extract(entry, skipCRC32: false) { data in
                written += UInt64(data.count)
                if written > min(declared, limit) {
                    throw Failure.tooLarge(file: fileName, part: part, limit: "past its declared size or the limit")
                }
                // A document type is refused by the scanner (XMLByteScanner.DocumentType).
                try data.withUnsafeBytes { try scanner.feed($0) }
            }
            if checksum != entry.checksum { throw Archive.ArchiveError.invalidCRC32 }
            try scanner.finish()
        } catch let failure as Failure {
            throw failure
        } catch is XMLByteScanner.DocumentType {
            throw Failure.doctype(file: fileName, part: part)
        } catch let malformed as XMLByteScanner.Malformed {
            throw Failure.damaged(file: fileName, reason: "\(part) is not well-formed XML (\(malformed.reason))")
        } catch {
            if let failure = handler.failure { throw failure }
            throw Failure.damaged(file: fileName, reason: Self.describe(error, part: part))
        }
    }

    /// Why a file that should be a workbook is not a zip archive, as far as its start tells.
    static func notAnArchive(_ path: String) -> String {
        let start = FileHandle(forReadingAtPath: path).flatMap { try? $0.read(upToCount: 512) } ?? Data()
        if start.isEmpty { return "the file is empty" }
        if start.starts(with: [0xD0, 0xCF, 0x11, 0xE0]) {
            return "it is an old Excel 97–2003 file; save it as .xlsx or CSV"
        }
        let text = start.allSatisfy { $0 == 0x09 || $0 == 0x0A || $0 == 0x0D || $0 >= 0x20 }
        if text { return "it is text, not a workbook (a CSV file named .xlsx? give it a .csv name)" }
        return "it is not a zip archive, as every .xlsx is (a damaged or cut-off copy?)"
    }

    /// ZIPFoundation's errors as a person reads them.
    static func describe(_ error: Error, part: String) -> String {
        switch error {
        case Archive.ArchiveError.invalidCRC32:
            "\(part) fails its checksum: the file was damaged (in a copy or a download?)"
        case Archive.ArchiveError.invalidCompressionMethod: "\(part) is compressed in a way workbooks never are"
        default:
            // ZIPFoundation's inflate errors are internal types: told by their names.
            "\(error)".contains("corruptedData") || "\(error)".contains("invalidStream")
                ? "\(part) has damaged compressed data" : "\(part) cannot be read (\(error))"
        }
    }

    // MARK: Handlers

    /// A byte scanner's handler that may hold the error its body threw (the scanner stops then).
    class ScanHandler: XMLByteHandler {
        var failure: Error?
        func start(_ name: UnsafeBufferPointer<UInt8>, attributes: XMLAttributes) throws {}
        func text(_ bytes: UnsafeBufferPointer<UInt8>) {}
        func end(_ name: UnsafeBufferPointer<UInt8>) throws {}
    }

    /// The workbook part: its sheets (name and relationship id) and its date system.
    final class WorkbookHandler: ScanHandler {
        var sheets: [(name: String, id: String)] = []
        /// The sheets hidden from the reader (`state="hidden"` or `"veryHidden"`).
        var hidden: Set<String> = []
        var date1904 = false

        override func start(_ name: UnsafeBufferPointer<UInt8>, attributes: XMLAttributes) {
            if XMLByteScanner.equals(name, "sheet") {
                // `r:id` (its local name is `id`; `sheetId` is another attribute).
                let sheet = attributes.string("name") ?? ""
                sheets.append((sheet, attributes.string("id") ?? ""))
                if let state = attributes.string("state"), state != "visible" { hidden.insert(sheet) }
            } else if XMLByteScanner.equals(name, "workbookPr") {
                date1904 = ["1", "true"].contains(attributes.string("date1904") ?? "")
            }
        }
    }

    /// The workbook's relationships: id → the part it names.
    final class RelationshipHandler: ScanHandler {
        var targets: [String: String] = [:]

        override func start(_ name: UnsafeBufferPointer<UInt8>, attributes: XMLAttributes) {
            if XMLByteScanner.equals(name, "Relationship"), let id = attributes.string("Id"),
                let target = attributes.string("Target")
            {
                targets[id] = target
            }
        }
    }

    /// Shared strings end to end: rich-text runs joined, phonetic runs (`rPh`) left out, each
    /// string NFC.
    final class SharedStringHandler: ScanHandler {
        var text: [UInt8] = []
        var ends: [Int] = []
        private var inText = false
        private var phonetic = 0

        override func start(_ name: UnsafeBufferPointer<UInt8>, attributes: XMLAttributes) {
            if XMLByteScanner.equals(name, "t") {
                inText = phonetic == 0
            } else if XMLByteScanner.equals(name, "rPh") {
                phonetic += 1
            }
        }

        override func text(_ bytes: UnsafeBufferPointer<UInt8>) {
            if inText { text.append(contentsOf: bytes) }
        }

        override func end(_ name: UnsafeBufferPointer<UInt8>) {
            if XMLByteScanner.equals(name, "t") {
                inText = false
            } else if XMLByteScanner.equals(name, "rPh") {
                phonetic -= 1
            } else if XMLByteScanner.equals(name, "si") {
                let start = ends.last ?? 0
                if text[start...].contains(where: { $0 >= 0x80 }) {
                    let normal = VietnameseText.nfc(String(decoding: text[start...], as: UTF8.self))
                    text.replaceSubrange(start..., with: normal.utf8)
                }
                ends.append(text.count)
            }
        }
    }

    /// The number kind of each cell style, from its number format: the built-in ids for
    /// percentages (9, 10), dates (14–17, 22) and times (18–21, 45–47), and custom format codes
    /// by their letters (`%`; `d`, `m`, `y`; `h`, `s`), quoted text and colours aside.
    final class StyleHandler: ScanHandler {
        var kinds: [NumberKind] = []
        private var custom: [Int: NumberKind] = [:]
        private var inCellFormats = false

        override func start(_ name: UnsafeBufferPointer<UInt8>, attributes: XMLAttributes) {
            if XMLByteScanner.equals(name, "numFmt") {
                if let id = attributes.value("numFmtId").flatMap(XLSXSheetReader.integer),
                    let code = attributes.string("formatCode")
                {
                    custom[id] = Self.kind(code: code)
                }
            } else if XMLByteScanner.equals(name, "cellXfs") {
                inCellFormats = true
            } else if inCellFormats, XMLByteScanner.equals(name, "xf") {
                let id = attributes.value("numFmtId").flatMap(XLSXSheetReader.integer) ?? 0
                kinds.append(custom[id] ?? Self.kind(builtIn: id))
            }
        }

        override func end(_ name: UnsafeBufferPointer<UInt8>) {
            if XMLByteScanner.equals(name, "cellXfs") { inCellFormats = false }
        }

        static func kind(builtIn id: Int) -> NumberKind {
            switch id {
            case 9, 10: .percent
            case 14...17, 22: .date
            case 18...21, 45...47: .time
            default: .plain
            }
        }

        static func kind(code: String) -> NumberKind {
            // Drop quoted text, escaped characters and [colour]/[locale] sections.
            var plain = ""
            var quoted = false
            var bracket = false
            var escaped = false
            for character in code {
                if escaped {
                    escaped = false
                    continue
                }
                switch character {
                case "\"": quoted.toggle()
                case "\\" where !quoted: escaped = true
                case "[" where !quoted: bracket = true
                case "]" where !quoted: bracket = false
                default: if !quoted && !bracket { plain.append(character) }
                }
            }
            let lower = plain.lowercased()
            if lower.contains("%") { return .percent }
            let clock = lower.contains("h") || lower.contains("s")
            if lower.contains("y") || lower.contains("d") { return clock ? .time : .date }
            if clock { return .time }  // `m` beside `h` or `s` is minutes
            return lower.contains("m") ? .date : .plain
        }
    }

    /// The rows of a sheet, handed to the body one by one.
    final class SheetHandler: ScanHandler {
        private let reader: XLSXSheetReader
        private let body: (Int, [(column: Int, text: String)]) throws -> Void
        private var row = 0
        private var cells: [(column: Int, text: String)] = []
        private var cellColumn = 0
        private var cellType = CellType.number
        private var cellStyle: Int?
        private var value: [UInt8] = []
        private var hasValue = false
        private var collecting = false
        private var inInline = false
        /// The merged cells read after the rows.
        var merges: [MergedRange] = []
        /// Vertical merges to fill down, by first row; those under way with their text.
        private var fillStarts: [Int: [MergedRange]]
        private var filling: [(range: MergedRange, text: String, used: Bool)] = []
        /// The merges that gave a row their text, in the order they did.
        var filled: [MergedRange] = []

        init(
            reader: XLSXSheetReader, fillingDown: [MergedRange],
            body: @escaping (Int, [(column: Int, text: String)]) throws -> Void
        ) {
            self.reader = reader
            self.body = body
            fillStarts = Dictionary(grouping: fillingDown, by: \.firstRow)
        }

        /// Gives the row the text of the merges over it, and starts those it heads.
        private func fillDown() {
            if !filling.isEmpty {
                filling.removeAll { $0.range.lastRow < row }
                if !cells.isEmpty {
                    for index in filling.indices
                    where !cells.contains(where: { $0.column == filling[index].range.firstColumn }) {
                        let column = filling[index].range.firstColumn
                        let at = cells.firstIndex { $0.column > column } ?? cells.endIndex
                        cells.insert((column, filling[index].text), at: at)
                        if !filling[index].used {
                            filling[index].used = true
                            filled.append(filling[index].range)
                        }
                    }
                }
            }
            guard !fillStarts.isEmpty, let starting = fillStarts.removeValue(forKey: row) else { return }
            for range in starting {
                if let text = cells.first(where: { $0.column == range.firstColumn })?.text {
                    filling.append((range, text, false))
                }
            }
        }

        override func start(_ name: UnsafeBufferPointer<UInt8>, attributes: XMLAttributes) {
            switch name.count {
            case 1 where name[0] == UInt8(ascii: "c"):
                cellColumn =
                    attributes.value("r").flatMap(Self.column) ?? (cells.last.map { $0.column + 1 } ?? 0)
                cellType = attributes.value("t").map(Self.type) ?? .number
                cellStyle = attributes.value("s").flatMap(XLSXSheetReader.integer)
                value.removeAll(keepingCapacity: true)
                hasValue = false
            case 1 where name[0] == UInt8(ascii: "v"):
                collecting = true
                hasValue = true
            case 1 where name[0] == UInt8(ascii: "t") && inInline:
                collecting = true
                hasValue = true
            case 2 where XMLByteScanner.equals(name, "is"):
                inInline = true
            case 3 where XMLByteScanner.equals(name, "row"):
                row = attributes.value("r").flatMap(XLSXSheetReader.integer) ?? row + 1
                cells.removeAll(keepingCapacity: true)
            case 9 where XMLByteScanner.equals(name, "mergeCell"):
                if let range = attributes.value("ref").flatMap(MergedRange.init(reference:)) { merges.append(range) }
            default: break
            }
        }

        override func text(_ bytes: UnsafeBufferPointer<UInt8>) {
            if collecting { value.append(contentsOf: bytes) }
        }

        override func end(_ name: UnsafeBufferPointer<UInt8>) throws {
            switch name.count {
            case 1 where name[0] == UInt8(ascii: "v") || name[0] == UInt8(ascii: "t"):
                collecting = false
            case 1 where name[0] == UInt8(ascii: "c"):
                guard hasValue else { return }
                let text = value.withUnsafeBufferPointer { reader.text(type: cellType, style: cellStyle, value: $0) }
                if !text.isEmpty { cells.append((cellColumn, text)) }
            case 2 where XMLByteScanner.equals(name, "is"):
                inInline = false
            case 3 where XMLByteScanner.equals(name, "row"):
                if !filling.isEmpty || !fillStarts.isEmpty { fillDown() }
                guard !cells.isEmpty else { return }
                do {
                    try body(row, cells)
                } catch {
                    failure = error
                    throw error
                }
            default: break
            }
        }

        /// The type attribute: `s`, `b`, `inlineStr`/`str`/`e` (text), else a number.
        static func type(_ bytes: UnsafeBufferPointer<UInt8>) -> CellType {
            if XMLByteScanner.equals(bytes, "s") { return .shared }
            if XMLByteScanner.equals(bytes, "b") { return .boolean }
            if XMLByteScanner.equals(bytes, "inlineStr") || XMLByteScanner.equals(bytes, "str")
                || XMLByteScanner.equals(bytes, "e")
            {
                return .text
            }
            return .number
        }

        /// `C7` → 2; nil when the reference has no letters.
        static func column(_ reference: UnsafeBufferPointer<UInt8>) -> Int? {
            var column = 0
            var letters = 0
            for byte in reference {
                guard byte >= 65 && byte <= 90 else { break }
                column = column * 26 + Int(byte) - 64
                letters += 1
                if letters > 3 { return nil }
            }
            return letters == 0 ? nil : column - 1
        }
    }

    /// Column `index` (0-based) in letters: 0 → `A`, 27 → `AB`.
    public static func letters(_ index: Int) -> String {
        var index = index + 1
        var out = ""
        while index > 0 {
            let remainder = (index - 1) % 26
            out = String(UnicodeScalar(UInt8(65 + remainder))) + out
            index = (index - 1) / 26
        }
        return out
    }
}
