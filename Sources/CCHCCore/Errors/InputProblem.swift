import Foundation

#if canImport(Glibc)
    import Glibc
#elseif canImport(Darwin)
    import Darwin
#endif

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
    /// The 0-based field of the record, when the problem is about one.
    public var field: Int?
    /// For a workbook, the sheet and cell instead of line and column (`Sheet1!D17`).
    public var cell: String?

    /// Creates a problem.
    public init(file: String, line: Int, column: Int, message: String, field: Int? = nil) {
        self.field = field
        self.file = file
        self.line = line
        self.column = column
        self.message = message
    }

    public var description: String {
        if let cell { return "\(file):\(cell): \(message)" }
        return "\(file):\(line):\(column): \(message)"
    }
}

extension InputProblem: WorkbenchError {}
