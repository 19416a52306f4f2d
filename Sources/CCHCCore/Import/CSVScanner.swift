import Foundation

#if canImport(Glibc)
    import Glibc
#elseif canImport(Darwin)
    import Darwin
#endif

/// The byte-level CSV parser under ``CSVReader`` and ``CSVParallelScan``: it reads a window of
/// a file into one buffer and splits records there without building a `String` per field. A
/// record's fields are byte views into that buffer (or into a small scratch area for quoted
/// fields and text that had to be normalised), valid until the next call to ``next()``.
///
/// The rules are the CSV files users bring: UTF-8 with or without a byte-order mark, comma or
/// semicolon, LF or CRLF, RFC 4180 quoting (quoted fields may hold separators, quotes and line
/// breaks); non-ASCII text must be UTF-8 and is normalised to NFC; blank lines are skipped.
///
/// One scanner is used by one thread at a time and its state is only touched by its own
/// methods, so its stored properties opt out of Swift's dynamic exclusivity checks
/// (`@exclusivity(unchecked)`): checked, they doubled the time of a large import.
public final class CSVScanner {
    /// The file name used in problems.
    public let fileName: String
    /// The separator.
    public let delimiter: UInt8
    /// The byte that ends a line: `\n` (LF and CRLF files), or `\r` in files saved with CR alone
    /// ("CSV (Macintosh)" in Excel).
    public let terminator: UInt8
    /// The fields of the current record.
    @exclusivity(unchecked) public private(set) var fieldCount = 0
    /// The 1-based line the current record starts on (counted from where the scanner started).
    @exclusivity(unchecked) public private(set) var line = 0
    /// Line breaks consumed so far.
    @exclusivity(unchecked) public private(set) var newlines = 0

    /// A record that runs this far past ``limit`` in a scan that may have started inside a quoted
    /// field stops the scan with ``Overrun``.
    public struct Overrun: Error {}

    private let descriptor: Int32
    private let ownsDescriptor: Bool
    @exclusivity(unchecked) private var closed = false
    /// Records must start before this file offset.
    private let limit: Int
    /// Reading past this file offset in the middle of a record throws ``Overrun``.
    private let overrunEnd: Int
    @exclusivity(unchecked) private var buffer: UnsafeMutablePointer<UInt8>
    @exclusivity(unchecked) private var capacity: Int
    @exclusivity(unchecked) private var count = 0
    @exclusivity(unchecked) private var bufferOffset: Int
    @exclusivity(unchecked) private var atEOF = false
    @exclusivity(unchecked) private var position = 0
    private let classes: UnsafeMutablePointer<UInt8>

    // The current record: where each field's text is (resolved once it is complete).
    @exclusivity(unchecked) @usableFromInline var bases: UnsafeMutablePointer<UnsafePointer<UInt8>>
    @exclusivity(unchecked) @usableFromInline var lengths: UnsafeMutablePointer<Int>
    @exclusivity(unchecked) @usableFromInline var trimmedStarts: UnsafeMutablePointer<Int>
    @exclusivity(unchecked) @usableFromInline var trimmedEnds: UnsafeMutablePointer<Int>
    @exclusivity(unchecked) private var fieldCapacity = 0
    /// Where a field's bytes are before the record is finished.
    private struct Slot {
        /// Into the buffer, or into the scratch when `inScratch`.
        var offset: Int
        /// The buffer index where the field begins (for columns).
        var rawStart: Int
        var inScratch: Bool
        var nonASCII: Bool
    }
    @exclusivity(unchecked) private var slots: UnsafeMutablePointer<Slot> = .allocate(capacity: 0)
    @exclusivity(unchecked) private var quotedColumns: [Int] = []  // columns, for records parsed by the quoting path
    @exclusivity(unchecked) private var recordStart = 0
    @exclusivity(unchecked) private var recordQuoted = false
    /// Fields of the current record still to be checked or placed by `finishRecord`.
    @exclusivity(unchecked) private var unresolved = false
    @exclusivity(unchecked) private var scratch: UnsafeMutablePointer<UInt8>
    @exclusivity(unchecked) private var scratchCapacity = 4096
    @exclusivity(unchecked) private var scratchCount = 0

    static let blockSize = 1 << 20
    /// The longest record read (a line, or lines joined by a quoted field): longer ones are a
    /// quote left open or a file that is not CSV, and reading them would only grow memory.
    static let maximumRecordBytes = 16 << 20
    private static let newline = UInt8(ascii: "\n")
    private static let quote = UInt8(ascii: "\"")
    private static let carriage = UInt8(ascii: "\r")

    /// Opens `path` to read it from the start: skips a byte-order mark and detects the
    /// separator from the first line (the more frequent of `,` and `;` outside quotes).
    /// - Throws: ``UserError`` when the file cannot be read.
    public convenience init(path: String, fileName: String? = nil) throws {
        try self.init(path: path, fileName: fileName, blockSize: Self.blockSize)
    }

    /// ``init(path:fileName:)`` reading `blockSize` bytes at a time (tests use tiny blocks to
    /// cross block ends everywhere).
    convenience init(path: String, fileName: String?, blockSize: Int) throws {
        let name = fileName ?? path
        let descriptor = try Self.open(path, fileName: name)
        let prologue = Self.prologue(descriptor)
        self.init(
            descriptor: descriptor, ownsDescriptor: true, fileName: name, prologue: prologue, start: prologue.start,
            limit: Int.max, alignToLine: false, blockSize: blockSize)
    }

    /// Opens `path` for reading.
    /// - Throws: ``UserError`` naming `fileName` when it cannot.
    static func open(_ path: String, fileName: String) throws -> Int32 {
        let descriptor = openForReading(path)
        if descriptor < 0 { throw FileError.cannotRead(fileName, reason: String(cString: strerror(errno))) }
        return descriptor
    }

    /// How a file starts: where its text starts (after a byte-order mark and Excel's `sep=;`
    /// line), the separator, the line terminator, and the lines skipped before the text.
    struct Prologue {
        var start: Int
        var delimiter: UInt8
        var terminator: UInt8
        var linesSkipped: Int
    }

    /// Reads the first 64 KiB: a byte-order mark and a `sep=X` line (as Excel writes) are
    /// skipped; lines end in `\r` only when there is no `\n` and a `\r` not followed by one;
    /// the separator is the one `sep=` names, else ``detectDelimiter(_:terminator:)``.
    static func prologue(_ descriptor: Int32) -> Prologue {
        var head = [UInt8](repeating: 0, count: 64 * 1024)
        let read = head.withUnsafeMutableBytes { pread(descriptor, $0.baseAddress, $0.count, 0) }
        head.removeSubrange(max(read, 0)...)
        var start = head.starts(with: [0xEF, 0xBB, 0xBF]) ? 3 : 0
        let terminator =
            !head.contains(newline) && head.contains(carriage) ? carriage : newline
        let firstLine = head[start...].prefix(while: { $0 != terminator && $0 != carriage })
        if firstLine.count == 5, Array(firstLine.prefix(4)).map({ $0 | 0x20 }) == Array("sep=".utf8) {
            var end = firstLine.endIndex
            if end < head.count && head[end] == carriage { end += 1 }
            if end < head.count && head[end] == newline { end += 1 }
            start = end
            return Prologue(start: start, delimiter: firstLine.last!, terminator: terminator, linesSkipped: 1)
        }
        return Prologue(
            start: start, delimiter: detectDelimiter(head[start...], terminator: terminator), terminator: terminator,
            linesSkipped: 0)
    }

    /// A scanner of one stretch of an open file: records that start at or after `start` and
    /// before `limit`. With `alignToLine`, it starts at the first start of a line at or after
    /// `start` (a guess at a record boundary that ``CSVParallelScan`` checks).
    init(
        descriptor: Int32, ownsDescriptor: Bool = false, fileName: String, prologue: Prologue, start: Int, limit: Int,
        alignToLine: Bool, overrun: Int = Int.max, blockSize: Int = CSVScanner.blockSize
    ) {
        self.descriptor = descriptor
        self.ownsDescriptor = ownsDescriptor
        self.fileName = fileName
        self.delimiter = prologue.delimiter
        self.terminator = prologue.terminator
        if start == prologue.start { newlines = prologue.linesSkipped }
        self.limit = limit
        overrunEnd = overrun == Int.max || limit == Int.max ? Int.max : limit + overrun
        capacity = max(blockSize, 1)
        buffer = .allocate(capacity: capacity + 1)
        bufferOffset = alignToLine && start > 0 ? start - 1 : start
        classes = .allocate(capacity: 256)
        classes.initialize(repeating: 0, count: 256)
        for byte in 0x80...0xFF { classes[byte] = 4 }
        classes[0] = 5
        classes[Int(delimiter)] = 1
        classes[Int(terminator)] = 2
        classes[Int(Self.quote)] = 3
        scratch = .allocate(capacity: scratchCapacity)
        bases = .allocate(capacity: 0)
        lengths = .allocate(capacity: 0)
        trimmedStarts = .allocate(capacity: 0)
        trimmedEnds = .allocate(capacity: 0)
        reserveFields(16)
        if alignToLine && start > 0 {
            // Skip to just after the first line break.
            while true {
                if position >= count && !refill(keepingFrom: position) { break }
                if let found = memchr(buffer + position, Int32(terminator), count - position) {
                    position = buffer.distance(to: found.assumingMemoryBound(to: UInt8.self)) + 1
                    break
                }
                position = count
            }
        }
    }

    deinit {
        buffer.deallocate()
        classes.deallocate()
        scratch.deallocate()
        bases.deallocate()
        lengths.deallocate()
        trimmedStarts.deallocate()
        trimmedEnds.deallocate()
        slots.deallocate()
        close()
    }

    /// Closes the file if the scanner opened it.
    public func close() {
        if ownsDescriptor && !closed { closeDescriptor(descriptor) }
        closed = true
    }

    /// The file offset where the next record starts (after a scan: where it stopped).
    public var offset: Int { bufferOffset + position }

    /// The separator of the first lines (up to 20): of `,`, `;` and tab, the one whose count
    /// outside quotes is the same on the most lines (a sniffer, as Python's `csv.Sniffer`):
    /// a title line above the header or commas in a note do not decide it. Ties go to the
    /// larger count, then to the order `,`, `;`, tab; `,` when there is none.
    static func detectDelimiter(_ bytes: ArraySlice<UInt8>, terminator: UInt8 = newline) -> UInt8 {
        let candidates: [UInt8] = [UInt8(ascii: ","), UInt8(ascii: ";"), UInt8(ascii: "\t")]
        var lines: [[Int]] = []
        var counts = [0, 0, 0]
        var quoted = false
        for byte in bytes {
            if byte == quote { quoted.toggle() }
            if quoted { continue }
            if byte == terminator {
                if counts != [0, 0, 0] { lines.append(counts) }
                counts = [0, 0, 0]
                if lines.count == 20 { break }
            } else if let index = candidates.firstIndex(of: byte) {
                counts[index] += 1
            }
        }
        if counts != [0, 0, 0] && lines.count < 20 { lines.append(counts) }
        var best = (lines: 0, count: 0, delimiter: candidates[0])
        for index in candidates.indices {
            var frequency: [Int: Int] = [:]
            for line in lines where line[index] > 0 { frequency[line[index], default: 0] += 1 }
            guard let mode = frequency.max(by: { ($0.value, $0.key) < ($1.value, $1.key) }) else { continue }
            if (mode.value, mode.key) > (best.lines, best.count) { best = (mode.value, mode.key, candidates[index]) }
        }
        return best.delimiter
    }

    // MARK: Fields of the current record

    /// Field `index` as NFC UTF-8 bytes, untrimmed.
    @inlinable public func bytes(_ index: Int) -> UnsafeBufferPointer<UInt8> {
        UnsafeBufferPointer(start: bases[index], count: lengths[index])
    }

    /// Field `index` without surrounding whitespace; empty when the record is short.
    @inlinable public func trimmed(_ index: Int) -> UnsafeBufferPointer<UInt8> {
        guard index < fieldCount else { return UnsafeBufferPointer(start: bases[0], count: 0) }
        let start = trimmedStarts[index]
        return UnsafeBufferPointer(start: bases[index] + start, count: trimmedEnds[index] - start)
    }

    /// True when every field of the current record is empty or whitespace: a row of separators
    /// alone (`;;;;`), which spreadsheets write for an empty row and readers skip like a blank line.
    public var isBlankRecord: Bool {
        (0..<fieldCount).allSatisfy { trimmedEnds[$0] == trimmedStarts[$0] }
    }

    /// Field `index` without surrounding whitespace, as a string ("" when the record is short).
    public func value(_ index: Int?) -> String {
        guard let index else { return "" }
        return String(decoding: trimmed(index), as: UTF8.self)
    }

    /// The 1-based column (in characters) where field `index` starts.
    public func column(_ index: Int) -> Int {
        let index = min(index, max(fieldCount - 1, 0))
        if recordQuoted { return quotedColumns[index] }
        var column = 1
        var at = recordStart
        while at < slots[index].rawStart {
            if buffer[at] & 0xC0 != 0x80 { column += 1 }
            at += 1
        }
        return column
    }

    /// The current record as strings.
    public var record: CSVRecord {
        CSVRecord(
            line: line, fields: (0..<fieldCount).map { String(decoding: bytes($0), as: UTF8.self) },
            columns: (0..<fieldCount).map(column))
    }

    // MARK: Scanning

    /// Moves to the next record; false at the end of the file or of the scanner's stretch.
    /// Blank lines are skipped.
    /// - Throws: ``InputProblem`` for an unterminated quote or text that is not UTF-8;
    ///   ``Overrun`` when a record runs far past the stretch (see ``init(descriptor:ownsDescriptor:fileName:delimiter:start:limit:alignToLine:overrun:)``).
    public func next() throws -> Bool {
        while true {
            if bufferOffset + position >= limit { return false }
            if position >= count && !refill(keepingFrom: position) { return false }
            try parseRecord()
            if fieldCount == 1 && lengths[0] == 0 { continue }
            return true
        }
    }

    /// Keeps the bytes from buffer index `keep` on, reads more after them; false at the end of
    /// the file. `position` and `recordStart` must not be before `keep`.
    private func refill(keepingFrom keep: Int) -> Bool {
        if atEOF { return false }
        if keep > 0 {
            count -= keep
            if count > 0 { memmove(buffer, buffer + keep, count) }
            bufferOffset += keep
            position -= keep
            recordStart = max(recordStart - keep, 0)
        }
        if count == capacity {
            let grown = UnsafeMutablePointer<UInt8>.allocate(capacity: capacity * 2 + 1)
            grown.update(from: buffer, count: count)
            buffer.deallocate()
            buffer = grown
            capacity *= 2
        }
        let read = pread(descriptor, buffer + count, capacity - count, off_t(bufferOffset + count))
        if read <= 0 {
            atEOF = true
            return false
        }
        count += read
        return true
    }

    /// Reads more of the file for the record being parsed; true when the caller must parse the
    /// record again (more bytes came, or the record moved: to the buffer's start or into a larger
    /// buffer), false at the end of the file with nothing moved.
    private func readMore() throws -> Bool {
        if atEOF { return false }
        if count - recordStart >= Self.maximumRecordBytes {
            throw InputProblem(
                file: fileName, line: newlines + 1, column: 1,
                message:
                    "A record is longer than \(Self.maximumRecordBytes >> 20) MiB (a quote left open, or not a CSV file); save the file as CSV UTF-8"
            )
        }
        if bufferOffset + count >= overrunEnd { throw Overrun() }
        let (before, compacted) = (buffer, recordStart > 0)
        let read = refill(keepingFrom: recordStart)
        // Fields already placed point into the buffer: parse again if it moved or grew.
        return read || compacted || buffer != before
    }

    /// The trimmed bounds of UTF-8 text that is NFC as it stands because every character is in
    /// U+0000–U+02FF or U+1E00–U+1EFF (Vietnamese written precomposed, as exports have it: no
    /// combining marks, nothing that composes); nil for anything else, which takes the long way
    /// (validation, normalisation, Unicode whitespace).
    static func trimmedPlainNFC(_ bytes: UnsafeBufferPointer<UInt8>) -> (start: Int, end: Int)? {
        var index = 0
        let count = bytes.count
        while index < count {
            let byte = bytes[index]
            if byte < 0x80 {
                index += 1
            } else if byte >= 0xC2 && byte <= 0xCB {
                // U+0080–U+02FF.
                guard index + 1 < count, bytes[index + 1] & 0xC0 == 0x80 else { return nil }
                index += 2
            } else if byte == 0xE1 {
                // U+1E00–U+1EFF: E1 B8…BB xx.
                guard index + 2 < count, bytes[index + 1] >= 0xB8, bytes[index + 1] <= 0xBB,
                    bytes[index + 2] & 0xC0 == 0x80
                else { return nil }
                index += 3
            } else {
                return nil
            }
        }
        // Whitespace: ASCII, U+0085 and U+00A0 (C2 85, C2 A0).
        func isSpace(_ byte: UInt8) -> Bool { byte == 0x20 || (byte >= 0x09 && byte <= 0x0D) }
        var start = 0
        var end = count
        while start < end {
            if isSpace(bytes[start]) {
                start += 1
            } else if bytes[start] == 0xC2 && (bytes[start + 1] == 0x85 || bytes[start + 1] == 0xA0) {
                start += 2
            } else {
                break
            }
        }
        while end > start {
            if isSpace(bytes[end - 1]) {
                end -= 1
            } else if end - 2 >= start && bytes[end - 2] == 0xC2 && (bytes[end - 1] == 0x85 || bytes[end - 1] == 0xA0) {
                end -= 2
            } else {
                break
            }
        }
        return (start, end)
    }

    /// Makes room in the scratch area for `needed` bytes in all.
    private func reserveScratch(_ needed: Int) {
        guard needed > scratchCapacity else { return }
        let capacity = max(needed, scratchCapacity * 2)
        let grown = UnsafeMutablePointer<UInt8>.allocate(capacity: capacity)
        grown.update(from: scratch, count: scratchCount)
        scratch.deallocate()
        scratch = grown
        scratchCapacity = capacity
    }

    private func reserveFields(_ wanted: Int) {
        guard wanted > fieldCapacity else { return }
        let capacity = max(wanted, fieldCapacity * 2)
        func grow<T>(_ pointer: inout UnsafeMutablePointer<T>) {
            let grown = UnsafeMutablePointer<T>.allocate(capacity: capacity)
            grown.moveInitialize(from: pointer, count: fieldCapacity)
            pointer.deallocate()
            pointer = grown
        }
        grow(&bases)
        grow(&lengths)
        grow(&trimmedStarts)
        grow(&trimmedEnds)
        grow(&slots)
        fieldCapacity = capacity
    }

    private func addField(offset: Int, length: Int, inScratch scratched: Bool, nonASCII high: Bool, rawStart: Int) {
        if fieldCount == fieldCapacity { reserveFields(fieldCount + 1) }
        slots[fieldCount] = Slot(offset: offset, rawStart: rawStart, inScratch: scratched, nonASCII: high)
        lengths[fieldCount] = length
        if scratched || high {
            // The scratch may move while the record is read, and the text must be checked first.
            unresolved = true
        } else {
            resolve(fieldCount, base: UnsafePointer(buffer + offset))
        }
        fieldCount += 1
    }

    /// Sets where field `index` is and its bounds without surrounding ASCII whitespace.
    @inline(__always)
    private func resolve(_ index: Int, base: UnsafePointer<UInt8>) {
        bases[index] = base
        var start = 0
        var end = lengths[index]
        while start < end, base[start] == 0x20 || (base[start] >= 0x09 && base[start] <= 0x0D) { start += 1 }
        while end > start, base[end - 1] == 0x20 || (base[end - 1] >= 0x09 && base[end - 1] <= 0x0D) { end -= 1 }
        trimmedStarts[index] = start
        trimmedEnds[index] = end
    }

    /// Parses the record at `position`: unquoted records in one pass over the buffer, records
    /// with a quote by the quoting rules into the scratch area.
    private func parseRecord() throws {
        parse: while true {
            let startLine = newlines + 1
            recordStart = position
            recordQuoted = false
            unresolved = false
            fieldCount = 0
            scratchCount = 0
            buffer[count] = terminator  // a sentinel: the scan below needs no bounds check
            var at = position
            var fieldStart = at
            var high = false
            while true {
                while classes[Int(buffer[at])] == 0 { at += 1 }
                switch classes[Int(buffer[at])] {
                case 1:
                    addField(
                        offset: fieldStart, length: at - fieldStart, inScratch: false, nonASCII: high,
                        rawStart: fieldStart)
                    at += 1
                    fieldStart = at
                    high = false
                case 2:
                    if at == count {
                        if try readMore() { continue parse }
                        addField(
                            offset: fieldStart, length: at - fieldStart, inScratch: false, nonASCII: high,
                            rawStart: fieldStart)
                        position = at
                    } else {
                        var end = at
                        if end > fieldStart && buffer[end - 1] == Self.carriage { end -= 1 }
                        addField(
                            offset: fieldStart, length: end - fieldStart, inScratch: false, nonASCII: high,
                            rawStart: fieldStart)
                        newlines += 1
                        position = at + 1
                    }
                    line = startLine
                    try finishRecord()
                    return
                case 3:
                    if try parseQuotedRecord() { return }
                    continue parse
                case 5:
                    throw nulProblem(line: startLine)
                default:
                    high = true
                    at += 1
                }
            }
        }
    }

    /// The quoting rules, byte by byte, from `recordStart`; false when it had to read more of the
    /// file (the caller starts the record again).
    private func parseQuotedRecord() throws -> Bool {
        recordQuoted = true
        fieldCount = 0
        scratchCount = 0
        quotedColumns.removeAll(keepingCapacity: true)
        var at = recordStart
        var lines = 0
        var column = 1
        var fieldColumn = 1
        var fieldStart = 0
        var fieldRawStart = at
        var inQuotes = false
        var wasQuoted = false
        var high = false
        func append(_ byte: UInt8) {
            reserveScratch(scratchCount + 1)
            scratch[scratchCount] = byte
            scratchCount += 1
            if byte >= 0x80 { high = true }
        }
        func finishField() {
            addField(
                offset: fieldStart, length: scratchCount - fieldStart, inScratch: true, nonASCII: high,
                rawStart: fieldRawStart)
            quotedColumns.append(fieldColumn)
            fieldStart = scratchCount
            wasQuoted = false
            high = false
        }
        let startLine = newlines + 1
        func endRecord(at end: Int) throws {
            finishField()
            position = end
            newlines += lines
            line = startLine
            try finishRecord()
        }
        while true {
            if at >= count {
                if try readMore() { return false }
                if inQuotes {
                    // A field before the open quote that is not UTF-8 is the first problem.
                    line = startLine
                    try finishRecord()
                    throw InputProblem(
                        file: fileName, line: startLine, column: fieldColumn,
                        message: "A quoted field is not closed before the end of the file")
                }
                try endRecord(at: at)
                return true
            }
            let byte = buffer[at]
            if byte == 0 { throw nulProblem(line: startLine + lines) }
            at += 1
            if byte & 0xC0 != 0x80 { column += 1 }
            if inQuotes {
                if byte == Self.quote {
                    if at >= count, try readMore() { return false }
                    if at < count && buffer[at] == Self.quote {
                        append(Self.quote)
                        at += 1
                        column += 1
                    } else {
                        inQuotes = false
                    }
                } else {
                    if byte == terminator {
                        lines += 1
                        column = 1
                    }
                    append(byte)
                }
                continue
            }
            switch byte {
            case Self.quote where scratchCount == fieldStart && !wasQuoted:
                inQuotes = true
                wasQuoted = true
            case delimiter:
                finishField()
                fieldColumn = column
                fieldRawStart = at
            case terminator:
                lines += 1
                if scratchCount > fieldStart && scratch[scratchCount - 1] == Self.carriage { scratchCount -= 1 }
                try endRecord(at: at)
                return true
            default:
                append(byte)
            }
        }
    }

    /// A NUL byte: text files have none (a binary file, or UTF-16 saved as "Unicode Text").
    private func nulProblem(line: Int) -> InputProblem {
        InputProblem(
            file: fileName, line: line, column: 1,
            message:
                "The file has a NUL byte: it is not UTF-8 text (a binary file, or UTF-16 \"Unicode Text\"); save it as CSV UTF-8"
        )
    }

    /// Checks non-ASCII fields are UTF-8 and makes them NFC, finds each field's trimmed
    /// bounds and resolves where its bytes are.
    private func finishRecord() throws {
        guard unresolved else { return }
        unresolved = false
        for index in 0..<fieldCount where slots[index].nonASCII {
            let base = slots[index].inScratch ? UnsafePointer(scratch) : UnsafePointer(buffer)
            let raw = UnsafeBufferPointer(start: base + slots[index].offset, count: lengths[index])
            if let (start, end) = Self.trimmedPlainNFC(raw) {
                trimmedStarts[index] = start
                trimmedEnds[index] = end
                continue
            }
            guard let text = String(validating: raw, as: UTF8.self) else {
                throw InputProblem(
                    file: fileName, line: line, column: column(index),
                    message:
                        "The text is not UTF-8, nor Vietnamese in Windows-1258 (a TCVN3 or VNI file?); save it as CSV UTF-8 (in Excel: Save As, CSV UTF-8)"
                )
            }
            var nfc = VietnameseText.nfc(text)
            let scalars = nfc.unicodeScalars
            let leading = scalars.prefix(while: { $0.properties.isWhitespace }).reduce(0) { $0 + $1.utf8.count }
            let trailing = scalars.reversed().prefix(while: { $0.properties.isWhitespace }).reduce(0) {
                $0 + $1.utf8.count
            }
            let length = nfc.utf8.count
            trimmedStarts[index] = min(leading, length)
            trimmedEnds[index] = max(length - trailing, trimmedStarts[index])
            if !nfc.utf8.elementsEqual(raw) {
                nfc.withUTF8 { normalised in
                    reserveScratch(scratchCount + normalised.count)
                    (scratch + scratchCount).update(from: normalised.baseAddress!, count: normalised.count)
                }
                slots[index].offset = scratchCount
                slots[index].inScratch = true
                lengths[index] = length
                scratchCount += length
            }
        }
        for index in 0..<fieldCount where slots[index].inScratch || slots[index].nonASCII {
            let slot = slots[index]
            let base = (slot.inScratch ? UnsafePointer(scratch) : UnsafePointer(buffer)) + slot.offset
            if slot.nonASCII {
                bases[index] = base  // trimmed above
            } else {
                resolve(index, base: base)
            }
        }
    }
}
