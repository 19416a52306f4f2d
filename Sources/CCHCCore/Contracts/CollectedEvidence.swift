import Foundation

/// What a collector found.
public struct CollectedEvidence: Sendable {
    /// One evidence value of a unit in a year.
    public struct Value: Sendable, Equatable {
        public var unitID: String
        public var year: Int
        public var key: String
        public var value: EvidenceValue
        /// Creates a value.
        public init(unitID: String, year: Int, key: String, value: EvidenceValue) {
            self.unitID = unitID
            self.year = year
            self.key = key
            self.value = value
        }
    }

    /// One exception behind a value, e.g. an overdue dossier's id.
    public struct Item: Sendable, Equatable {
        public var unitID: String
        public var year: Int
        public var key: String
        public var item: String
        public var note: String?
        /// Creates an item.
        public init(unitID: String, year: Int, key: String, item: String, note: String? = nil) {
            self.unitID = unitID
            self.year = year
            self.key = key
            self.item = item
            self.note = note
        }
    }

    /// The values, per unit, year and key.
    public var values: [Value]
    /// The exceptions behind them.
    public var items: [Item]
    /// Data rows read.
    public var rows: Int
    /// Problems (at most the first 200), and how many there were in all.
    public var problems: [InputProblem]
    public var problemCount: Int
    /// Remarks that do not stop the import (rows of other years skipped, …).
    public var warnings: [String]
    /// How the file was read (``CSVImportState/reading``): the header's line, columns not used.
    public var reading: [String] = []

    /// Creates a result.
    public init(
        values: [Value], items: [Item] = [], rows: Int, problems: [InputProblem] = [], problemCount: Int? = nil,
        warnings: [String] = [], reading: [String] = []
    ) {
        self.reading = reading
        self.values = values
        self.items = items
        self.rows = rows
        self.problems = problems
        self.problemCount = problemCount ?? problems.count
        self.warnings = warnings
    }
}
