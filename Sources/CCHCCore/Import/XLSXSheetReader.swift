import Foundation
import ZIPFoundation

#if canImport(FoundationXML)
    import FoundationXML
#endif
#if canImport(Glibc)
    import Glibc
#elseif canImport(Darwin)
    import Darwin
#endif

/// Reads the rows of one sheet of an Office Open XML workbook (`.xlsx`, ECMA-376 Part 1,
/// SpreadsheetML) as text, streaming: each part is inflated on a thread of its own into a pipe
/// that FoundationXML's `XMLParser` reads, so memory does not grow with the sheet (shared strings
/// are kept, end to end in one buffer).
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
                "'\(file)' has no sheet '\(sheet)'\(Suggestions.hint(for: sheet, in: sheets, style: .clause, otherwise: "")); its sheets: \(sheets.map { "'\($0)'" }.joined(separator: ", "))"
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

    /// Opens `path` and reads its sheet list, shared strings and number formats.
    /// - Parameter sheet: the sheet to read (compared without case or diacritics); nil for the first.
    /// - Throws: ``Failure`` for a file that is not a workbook, a sheet not in it, or a hostile part.
    public init(path: String, fileName: String, sheet: String?) throws {
        self.fileName = fileName
        do {
            archive = try Archive(url: URL(fileURLWithPath: path), accessMode: .read)
        } catch {
            throw Failure.damaged(file: fileName, reason: "it is not a zip archive (\(error))")
        }
        // The workbook: sheet names, relationship ids and the date system.
        let workbook = WorkbookCollector()
        try Self.parse(archive: archive, part: "xl/workbook.xml", fileName: fileName, delegate: workbook)
        let relations = RelationshipCollector()
        try Self.parse(archive: archive, part: "xl/_rels/workbook.xml.rels", fileName: fileName, delegate: relations)
        guard !workbook.sheets.isEmpty else { throw Failure.damaged(file: fileName, reason: "it has no sheet") }
        sheetNames = workbook.sheets.map(\.name)
        date1904 = workbook.date1904
        let chosen: (name: String, id: String)
        if let sheet {
            let key = VietnameseText.fold(sheet)
            guard let found = workbook.sheets.first(where: { VietnameseText.fold($0.name) == key }) else {
                throw Failure.noSuchSheet(file: fileName, sheet: sheet, sheets: sheetNames)
            }
            chosen = found
        } else {
            chosen = workbook.sheets[0]
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
            let styles = StyleCollector()
            try Self.parse(archive: archive, part: "xl/styles.xml", fileName: fileName, delegate: styles)
            self.styles = styles.kinds
        }
    }

    /// Calls `body` with each row that has cells: its 1-based number and its cells as
    /// (0-based column, text), in order.
    /// - Throws: ``Failure`` for a damaged or hostile sheet; what `body` throws.
    public func forEachRow(_ body: (_ row: Int, _ cells: [(column: Int, text: String)]) throws -> Void) throws {
        try withoutActuallyEscaping(body) { body in
            let rows = SheetHandler(reader: self, body: body)
            try Self.scan(archive: archive, part: sheetPath, fileName: fileName, handler: rows)
        }
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
            case .date, .time: return Self.iso(serial: number, date1904: date1904, time: styles[style] == .time)
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
    static func iso(serial: Double, date1904: Bool, time: Bool) -> String {
        // Serial 25569 is 1970-01-01 in the 1900 system, which counts a 1900-02-29 that never
        // was (Lotus's bug): serials before 61 are a day behind. The 1904 system is 1462 days on.
        let shift = date1904 ? 1462.0 : serial < 61 ? 1.0 : 0.0
        var seconds = Int64(((serial + shift - 25569) * 86_400).rounded())
        let days = Int64((Double(seconds) / 86_400).rounded(.down))
        seconds -= days * 86_400
        let parts = Self.utc.dateComponents(
            [.year, .month, .day], from: Date(timeIntervalSince1970: TimeInterval(days * 86_400)))
        var text = String(format: "%04d-%02d-%02d", parts.year ?? 0, parts.month ?? 0, parts.day ?? 0)
        if seconds > 0 || time {
            text += String(format: "T%02d:%02d", seconds / 3600, seconds / 60 % 60)
            if seconds % 60 != 0 { text += String(format: ":%02d", seconds % 60) }
        }
        return text
    }

    private static let utc: Calendar = {
        var calendar = Calendar(identifier: .gregorian)
        calendar.timeZone = TimeZone(identifier: "UTC")!
        return calendar
    }()

    // MARK: Streaming a part

    /// Parses `part` with `delegate`: inflated on a thread of its own into a pipe the parser reads.
    /// - Throws: ``Failure`` when the part is missing, not well-formed or hostile; what the
    ///   delegate recorded in ``Collector/failure``.
    static func parse(archive: Archive, part: String, fileName: String, delegate: Collector) throws {
        guard let entry = archive[part] else {
            throw Failure.damaged(file: fileName, reason: "it has no \(part)")
        }
        let declared = entry.uncompressedSize
        let limit = min(maximumPartSize, max(entry.compressedSize, 1 << 16) * maximumRatio)
        if declared > limit {
            throw Failure.tooLarge(file: fileName, part: part, limit: "to \(declared) bytes")
        }
        var fds: [Int32] = [0, 0]
        guard pipe(&fds) == 0 else { throw Failure.damaged(file: fileName, reason: String(cString: strerror(errno))) }
        let (readEnd, writeEnd) = (fds[0], fds[1])
        let feeder = PartFeeder(archive: archive, entry: entry, limit: min(declared, limit), descriptor: writeEnd)
        let done = DispatchSemaphore(value: 0)
        Thread {
            feeder.run()
            done.signal()
        }.start()
        let parser = XMLParser(stream: InputStream(fileAtPath: "/dev/fd/\(readEnd)")!)
        let tracker = DepthTracker(delegate)
        parser.delegate = tracker
        parser.shouldResolveExternalEntities = false
        let parsed = parser.parse()
        // Stop the feeder and drain the pipe so it never writes to a closed one.
        feeder.cancel()
        var sink = [UInt8](repeating: 0, count: 1 << 16)
        while read(readEnd, &sink, sink.count) > 0 {}
        done.wait()
        close(readEnd)
        if let failure = feeder.failure {
            switch failure {
            case .tooLarge:
                throw Failure.tooLarge(file: fileName, part: part, limit: "past its declared size or the limit")
            case .doctype: throw Failure.doctype(file: fileName, part: part)
            case .unreadable(let reason): throw Failure.damaged(file: fileName, reason: "\(part): \(reason)")
            }
        }
        if let failure = delegate.failure { throw failure }
        if !parsed || !tracker.complete {
            let reason =
                parser.parserError.map { ($0 as NSError).localizedDescription }
                ?? "it ends before its root element is closed"
            throw Failure.damaged(file: fileName, reason: "\(part) is not well-formed XML (\(reason))")
        }
    }

    /// Reads `part` with the byte scanner, inflating it on this thread chunk by chunk: its size
    /// checked as it goes, a document type refused.
    /// - Throws: ``Failure`` when the part is missing, not well-formed or hostile; what the
    ///   handler's body threw.
    static func scan(archive: Archive, part: String, fileName: String, handler: some ScanHandler) throws {
        guard let entry = archive[part] else {
            throw Failure.damaged(file: fileName, reason: "it has no \(part)")
        }
        let declared = entry.uncompressedSize
        let limit = min(maximumPartSize, max(entry.compressedSize, 1 << 16) * maximumRatio)
        if declared > limit {
            throw Failure.tooLarge(file: fileName, part: part, limit: "to \(declared) bytes")
        }
        let scanner = XMLByteScanner(handler: handler)
        var written: UInt64 = 0
        var tail: [UInt8] = []
        do {
            _ = try archive.extract(entry, skipCRC32: true) { data in
                written += UInt64(data.count)
                if written > min(declared, limit) {
                    throw Failure.tooLarge(file: fileName, part: part, limit: "past its declared size or the limit")
                }
                // `<!DOCTYPE` anywhere, across chunk ends.
                if PartFeeder.containsDoctype(tail + data.prefix(16)) || PartFeeder.containsDoctype(data) {
                    throw Failure.doctype(file: fileName, part: part)
                }
                tail = Array(data.suffix(8))
                try data.withUnsafeBytes { try scanner.feed($0) }
            }
            try scanner.finish()
        } catch let failure as Failure {
            throw failure
        } catch let malformed as XMLByteScanner.Malformed {
            throw Failure.damaged(file: fileName, reason: "\(part) is not well-formed XML (\(malformed.reason))")
        } catch {
            if let failure = handler.failure { throw failure }
            throw Failure.damaged(file: fileName, reason: "\(part): \(error)")
        }
    }

    /// Inflates one entry into a pipe, checking its size as it goes and refusing a document type.
    final class PartFeeder: @unchecked Sendable {
        enum Failure { case tooLarge, doctype, unreadable(String) }
        let archive: Archive
        let entry: Entry
        let limit: UInt64
        let descriptor: Int32
        private let lock = NSLock()
        private var cancelled = false
        private(set) var failure: Failure?

        init(archive: Archive, entry: Entry, limit: UInt64, descriptor: Int32) {
            self.archive = archive
            self.entry = entry
            self.limit = limit
            self.descriptor = descriptor
        }

        struct Stop: Error {}

        func cancel() {
            lock.lock()
            cancelled = true
            lock.unlock()
        }

        func run() {
            var written: UInt64 = 0
            var tail: [UInt8] = []
            do {
                _ = try archive.extract(entry, skipCRC32: true) { data in
                    lock.lock()
                    let stop = cancelled
                    lock.unlock()
                    if stop { throw Stop() }
                    written += UInt64(data.count)
                    if written > limit {
                        failure = .tooLarge
                        throw Stop()
                    }
                    // `<!DOCTYPE` anywhere, across chunk ends.
                    let window = tail + data.prefix(16)
                    if Self.containsDoctype(window) || Self.containsDoctype(data) {
                        failure = .doctype
                        throw Stop()
                    }
                    tail = Array(data.suffix(8))
                    try data.withUnsafeBytes { raw in
                        var offset = 0
                        while offset < raw.count {
                            let count = write(descriptor, raw.baseAddress! + offset, raw.count - offset)
                            if count < 0 {
                                if errno == EINTR { continue }
                                throw Stop()
                            }
                            offset += count
                        }
                    }
                }
            } catch is Stop {
            } catch {
                failure = .unreadable("\(error)")
            }
            close(descriptor)
        }

        static let doctype = Array("<!DOCTYPE".utf8)

        static func containsDoctype<Bytes: Collection<UInt8>>(_ bytes: Bytes) -> Bool {
            Array(bytes).firstRange(of: doctype) != nil
        }
    }

    // MARK: Collectors

    /// A parser delegate that may record why it stopped. Subclasses override its methods (the
    /// protocol's own defaults would be called instead of methods a subclass only declares).
    class Collector: NSObject, XMLParserDelegate {
        var failure: Error?

        func parser(
            _ parser: XMLParser, didStartElement name: String, namespaceURI: String?, qualifiedName: String?,
            attributes: [String: String]
        ) {}

        func parser(_ parser: XMLParser, foundCharacters string: String) {}

        func parser(_ parser: XMLParser, didEndElement name: String, namespaceURI: String?, qualifiedName: String?) {}
    }

    /// Hands the parser's events to a collector and checks that the document's root element was
    /// closed (a truncated part is not taken for a short one).
    final class DepthTracker: NSObject, XMLParserDelegate {
        let collector: Collector
        private var depth = 0
        private var closedRoot = false
        var complete: Bool { closedRoot && depth == 0 }

        init(_ collector: Collector) { self.collector = collector }

        func parser(
            _ parser: XMLParser, didStartElement name: String, namespaceURI: String?, qualifiedName: String?,
            attributes: [String: String]
        ) {
            depth += 1
            collector.parser(
                parser, didStartElement: name, namespaceURI: namespaceURI, qualifiedName: qualifiedName,
                attributes: attributes)
        }

        func parser(_ parser: XMLParser, foundCharacters string: String) {
            collector.parser(parser, foundCharacters: string)
        }

        func parser(_ parser: XMLParser, didEndElement name: String, namespaceURI: String?, qualifiedName: String?) {
            depth -= 1
            if depth == 0 { closedRoot = true }
            collector.parser(parser, didEndElement: name, namespaceURI: namespaceURI, qualifiedName: qualifiedName)
        }
    }

    final class WorkbookCollector: Collector {
        var sheets: [(name: String, id: String)] = []
        var date1904 = false

        override func parser(
            _ parser: XMLParser, didStartElement name: String, namespaceURI: String?, qualifiedName: String?,
            attributes: [String: String]
        ) {
            switch local(name) {
            case "sheet":
                let id = attributes.first { local($0.key) == "id" && $0.key != "sheetId" }?.value ?? ""
                sheets.append((attributes["name"] ?? "", id))
            case "workbookPr":
                date1904 = ["1", "true"].contains(attributes["date1904"] ?? "")
            default: break
            }
        }
    }

    final class RelationshipCollector: Collector {
        var targets: [String: String] = [:]

        override func parser(
            _ parser: XMLParser, didStartElement name: String, namespaceURI: String?, qualifiedName: String?,
            attributes: [String: String]
        ) {
            if local(name) == "Relationship", let id = attributes["Id"], let target = attributes["Target"] {
                targets[id] = target
            }
        }
    }

    /// A byte scanner's handler that may hold the error its body threw (the scanner stops then).
    class ScanHandler: XMLByteHandler {
        var failure: Error?
        func start(_ name: UnsafeBufferPointer<UInt8>, attributes: XMLAttributes) throws {}
        func text(_ bytes: UnsafeBufferPointer<UInt8>) {}
        func end(_ name: UnsafeBufferPointer<UInt8>) throws {}
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
    final class StyleCollector: Collector {
        var kinds: [NumberKind] = []
        private var custom: [Int: NumberKind] = [:]
        private var inCellFormats = false

        override func parser(
            _ parser: XMLParser, didStartElement name: String, namespaceURI: String?, qualifiedName: String?,
            attributes: [String: String]
        ) {
            switch local(name) {
            case "numFmt":
                if let id = attributes["numFmtId"].flatMap(Int.init), let code = attributes["formatCode"] {
                    custom[id] = Self.kind(code: code)
                }
            case "cellXfs": inCellFormats = true
            case "xf" where inCellFormats:
                let id = attributes["numFmtId"].flatMap(Int.init) ?? 0
                kinds.append(custom[id] ?? Self.kind(builtIn: id))
            default: break
            }
        }

        override func parser(
            _ parser: XMLParser, didEndElement name: String, namespaceURI: String?, qualifiedName: String?
        ) {
            if local(name) == "cellXfs" { inCellFormats = false }
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

        init(reader: XLSXSheetReader, body: @escaping (Int, [(column: Int, text: String)]) throws -> Void) {
            self.reader = reader
            self.body = body
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

/// An element's name without its namespace prefix (`x:row` → `row`).
private func local(_ name: String) -> Substring {
    guard let colon = name.lastIndex(of: ":") else { return Substring(name) }
    return name[name.index(after: colon)...]
}
