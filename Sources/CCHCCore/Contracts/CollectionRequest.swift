import Foundation

/// What a collector is asked to read.
public struct CollectionRequest: Sendable {
    /// The file to read.
    public var path: String
    /// The file as the user named it (used in problems and provenance).
    public var fileName: String
    /// The units known to the workspace, by id.
    public var units: [String: EvaluatedUnit]
    /// Only this year's rows (`--year`), or every year in the source when nil.
    public var year: Int?
    /// The evaluation year, for sources whose rows carry no date.
    public var defaultYear: Int
    /// "Now" for the collector: what is pending past its due date is judged at this time.
    public var asOf: Date
    /// Source options, e.g. `table` and column mappings for a database.
    public var options: [String: String]
    /// How to read a table file (`--header-row`, `--sheet`, `--map`); collectors of files pass it
    /// to ``CSVImportState/findHeader(_:options:next:)``.
    public var table = TableOptions()
    /// `--strict`: rows a collector would set aside as anomalies (data the office does not
    /// control that cannot be right) are problems that refuse the file instead.
    public var strict = false
    /// Shows how far long work has got (set only on a terminal; the REPL sets it).
    public var progress: (@Sendable (String) -> Void)?

    /// Creates a request.
    public init(
        path: String, fileName: String, units: [String: EvaluatedUnit], year: Int?, defaultYear: Int, asOf: Date,
        options: [String: String] = [:]
    ) {
        self.path = path
        self.fileName = fileName
        self.units = units
        self.year = year
        self.defaultYear = defaultYear
        self.asOf = asOf
        self.options = options
    }
}
