import Foundation

#if canImport(Glibc)
    import Glibc
#elseif canImport(Darwin)
    import Darwin
#endif

/// A streaming reader of the CSV files users bring (as Excel and LibreOffice write them): UTF-8
/// with or without a byte-order mark, comma or semicolon separated (detected from the header),
/// LF or CRLF line ends, RFC 4180 quoting (fields may hold separators, quotes and line breaks).
/// Records come as strings; ``CSVScanner`` underneath reads the file in blocks, so memory does
/// not grow with the file's size.
public struct CSVReader {
    private let scanner: CSVScanner

    /// The separator found in the header line.
    public var delimiter: UInt8 { scanner.delimiter }
    /// The file name used in problems.
    public var fileName: String { scanner.fileName }
    /// How far into the file the reader is, in bytes.
    public var offset: Int { scanner.offset }

    /// Opens `path`.
    /// - Throws: ``FileError`` when the file cannot be read.
    public init(path: String, fileName: String? = nil) throws {
        scanner = try CSVScanner(path: path, fileName: fileName)
    }

    /// Closes the file.
    public func close() { scanner.close() }

    /// The next record, or `nil` at the end of the file. Blank lines are skipped, and so are
    /// rows of separators alone (`;;;;`), which spreadsheets write for empty rows.
    /// - Throws: ``InputProblem`` for an unterminated quote or text that is not UTF-8.
    public mutating func next() throws -> CSVRecord? {
        while try scanner.next() {
            if !scanner.isBlankRecord { return scanner.record }
        }
        return nil
    }
}
