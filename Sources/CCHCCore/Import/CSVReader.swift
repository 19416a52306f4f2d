import Foundation

#if canImport(Glibc)
    import Glibc
#elseif canImport(Darwin)
    import Darwin
#endif

/// One record of a CSV file with where each field starts.
public struct CSVRecord: Sendable {
    /// The 1-based line the record starts on.
    public var line: Int
    /// The fields, unquoted, NFC.
    public var fields: [String]
    /// The 1-based column (in characters) where each field starts.
    public var columns: [Int]
}

/// A problem in an input file, at a line and column.
public struct InputProblem: Sendable, Equatable, CustomStringConvertible {
    /// The file name as given.
    public var file: String
    /// 1-based line.
    public var line: Int
    /// 1-based column in characters.
    public var column: Int
    /// What was wrong, with the value and what was expected.
    public var message: String

    /// Creates a problem.
    public init(file: String, line: Int, column: Int, message: String) {
        self.file = file
        self.line = line
        self.column = column
        self.message = message
    }

    public var description: String { "\(file):\(line):\(column): \(message)" }
}

/// A streaming reader of the CSV files users bring (as Excel and LibreOffice write them): UTF-8
/// with or without a byte-order mark, comma or semicolon separated (detected from the header),
/// LF or CRLF line ends, RFC 4180 quoting (fields may hold separators, quotes and line breaks).
///
/// It reads the file in blocks, so memory does not grow with the file's size.
public struct CSVReader {
    /// The separator found in the header line.
    public private(set) var delimiter: UInt8 = UInt8(ascii: ",")
    /// The file name used in problems.
    public let fileName: String

    private let descriptor: Int32
    private var buffer: [UInt8] = []
    private var position = 0
    private var atEnd = false
    private var line = 1
    private var started = false
    private static let blockSize = 1 << 20

    /// Opens `path`.
    /// - Throws: ``UserError`` when the file cannot be read.
    public init(path: String, fileName: String? = nil) throws {
        self.fileName = fileName ?? path
        descriptor = openForReading(path)
        if descriptor < 0 {
            throw UserError("Cannot read '\(self.fileName)': \(String(cString: strerror(errno)))")
        }
    }

    /// Closes the file.
    public func close() { closeDescriptor(descriptor) }

    private mutating func fill() -> Bool {
        if atEnd { return false }
        if position > 0 {
            buffer.removeFirst(position)
            position = 0
        }
        let oldCount = buffer.count
        buffer.reserveCapacity(oldCount + Self.blockSize)
        var chunk = [UInt8](repeating: 0, count: Self.blockSize)
        let count = chunk.withUnsafeMutableBytes { read(descriptor, $0.baseAddress, Self.blockSize) }
        if count <= 0 {
            atEnd = true
            return false
        }
        buffer.append(contentsOf: chunk[0..<count])
        return true
    }

    /// Detects the separator from the first line (outside quotes): the more frequent of `,` and `;`.
    private mutating func detectDelimiter() {
        while !buffer[position...].contains(UInt8(ascii: "\n")) && fill() {}
        var commas = 0
        var semicolons = 0
        var quoted = false
        for byte in buffer[position...] {
            if byte == UInt8(ascii: "\"") { quoted.toggle() }
            if quoted { continue }
            if byte == UInt8(ascii: "\n") { break }
            if byte == UInt8(ascii: ",") { commas += 1 }
            if byte == UInt8(ascii: ";") { semicolons += 1 }
        }
        delimiter = semicolons > commas ? UInt8(ascii: ";") : UInt8(ascii: ",")
    }

    /// The next record, or `nil` at the end of the file. Blank lines are skipped.
    /// - Throws: ``InputProblem`` for an unterminated quote or text that is not UTF-8.
    public mutating func next() throws -> CSVRecord? {
        if !started {
            started = true
            _ = fill()
            if buffer.starts(with: [0xEF, 0xBB, 0xBF]) { position = 3 }
            detectDelimiter()
        }
        while true {
            if position >= buffer.count && !fill() { return nil }
            guard let record = try parseRecord() else { return nil }
            if record.fields.count == 1 && record.fields[0].isEmpty { continue }
            return record
        }
    }

    private mutating func parseRecord() throws -> CSVRecord? {
        let quote = UInt8(ascii: "\"")
        let newline = UInt8(ascii: "\n")
        let carriage = UInt8(ascii: "\r")
        let startLine = line
        var fields: [String] = []
        var columns: [Int] = []
        var field: [UInt8] = []
        var column = 1
        var fieldColumn = 1
        var inQuotes = false
        var wasQuoted = false

        func finishField() throws {
            // ASCII (most fields) needs neither validation nor normalisation.
            let text: String? = field.withUnsafeBufferPointer { bytes in
                var ascii = true
                for byte in bytes where byte >= 0x80 {
                    ascii = false
                    break
                }
                if ascii { return String(decoding: bytes, as: UTF8.self) }
                return String(validating: bytes, as: UTF8.self).map(VietnameseText.nfc)
            }
            guard let text else {
                throw InputProblem(
                    file: fileName, line: startLine, column: fieldColumn,
                    message: "The text is not UTF-8; save the file as UTF-8 (CSV UTF-8 in Excel)")
            }
            fields.append(text)
            columns.append(fieldColumn)
            field.removeAll(keepingCapacity: true)
            wasQuoted = false
        }

        while true {
            if position >= buffer.count && !fill() {
                if inQuotes {
                    throw InputProblem(
                        file: fileName, line: startLine, column: fieldColumn,
                        message: "A quoted field is not closed before the end of the file")
                }
                if fields.isEmpty && field.isEmpty && !wasQuoted { return nil }
                try finishField()
                return CSVRecord(line: startLine, fields: fields, columns: columns)
            }
            let byte = buffer[position]
            position += 1
            if byte & 0xC0 != 0x80 { column += 1 }
            if inQuotes {
                if byte == quote {
                    if position >= buffer.count { _ = fill() }
                    if position < buffer.count && buffer[position] == quote {
                        field.append(quote)
                        position += 1
                        column += 1
                    } else {
                        inQuotes = false
                    }
                } else {
                    if byte == newline {
                        line += 1
                        column = 1
                    }
                    field.append(byte)
                }
                continue
            }
            switch byte {
            case quote where field.isEmpty && !wasQuoted:
                inQuotes = true
                wasQuoted = true
            case delimiter:
                try finishField()
                fieldColumn = column
            case newline:
                line += 1
                if field.last == carriage { field.removeLast() }
                try finishField()
                return CSVRecord(line: startLine, fields: fields, columns: columns)
            default:
                field.append(byte)
            }
        }
    }
}

extension InputProblem: Error {}

private func openForReading(_ path: String) -> Int32 { open(path, O_RDONLY) }
private func closeDescriptor(_ descriptor: Int32) { _ = close(descriptor) }
