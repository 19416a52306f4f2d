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
