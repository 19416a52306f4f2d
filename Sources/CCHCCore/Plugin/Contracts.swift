import Foundation

/// Contributes criteria sets: "what is scored, and how".
///
/// Implementation guidance: keep `setIDs` cheap (it is read at startup) and do the parsing in
/// ``loadCriteriaSets()``, which the host calls once, when a set is first needed.
///
///     struct CommuneCriteriaProvider: CriteriaProvider {
///         let id = "commune"
///         let setIDs = ["commune"]
///         func loadCriteriaSets() throws -> [CriteriaSet] { try CriteriaFile.parse(yaml: text, file: "commune.yaml") }
///     }
public protocol CriteriaProvider: Sendable {
    /// Unique among providers.
    var id: String { get }
    /// The ids of the sets it provides, known without parsing.
    var setIDs: [String] { get }
    /// Parses and returns the sets. Called at most once per evaluation.
    /// - Throws: a ``WorkbenchError`` (e.g. ``CriteriaFileError``) when the sets cannot be read;
    ///   the host shows it with the module's id.
    func loadCriteriaSets() throws -> [CriteriaSet]
}

/// Turns raw data (exports of the one-stop software, checklists…) into evidence values.
///
/// Implementation guidance: stream the source named by the request (memory must not grow with
/// its size), aggregate per unit and year, report bad rows as problems at their line and column
/// (``CSVImportState`` does the bookkeeping) and never write anywhere: the host checks, writes
/// all values in one transaction with their provenance, and audits the changes.
///
///     struct DossierCollector: EvidenceCollector {
///         let id = "dossiers"
///         let summary = "one-stop dossier exports"
///         let keys = ["dossiers.total", "dossiers.on_time_rate"]
///         func collect(_ request: CollectionRequest) throws -> CollectedEvidence { … }
///     }
public protocol EvidenceCollector: Sendable {
    /// Unique among collectors, e.g. `dossiers`; also the word after `import`.
    var id: String { get }
    /// One line for `help import`.
    var summary: String { get }
    /// The evidence keys it can produce.
    var keys: [String] { get }
    /// True when the source is a file (`import ID FILE`); false for a database or service reached
    /// by URL (`evidence pull ID --url …`), which is not hashed or checked on disk.
    var readsFiles: Bool { get }
    /// Reads the request's source and returns the values, their exceptions and any problems.
    /// - Throws: only when the source cannot be read at all (a missing file, a refused
    ///   connection, a header without the columns needed), as a ``WorkbenchError``. Everything
    ///   about single rows goes into ``CollectedEvidence/problems`` instead, so one bad row
    ///   never hides the others.
    func collect(_ request: CollectionRequest) throws -> CollectedEvidence
}

extension EvidenceCollector {
    /// Collectors read files unless they say otherwise.
    public var readsFiles: Bool { true }
}

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

    /// Creates a result.
    public init(
        values: [Value], items: [Item] = [], rows: Int, problems: [InputProblem] = [], problemCount: Int? = nil,
        warnings: [String] = []
    ) {
        self.values = values
        self.items = items
        self.rows = rows
        self.problems = problems
        self.problemCount = problemCount ?? problems.count
        self.warnings = warnings
    }
}

/// Renders a report to bytes in one format; no file I/O.
///
/// Implementation guidance: an exporter whose output is not text for a terminal (XLSX, HTML)
/// says so with ``showsOnScreen`` and is then offered only by `export`. One whose files differ
/// from its screen output (CSV gains a byte-order mark and formula-injection guards) implements
/// ``exportFile(_:)``.
public protocol Exporter: Sendable {
    /// Unique among exporters; also the format's name (`table`, `json`, `csv`, `markdown`).
    var id: String { get }
    /// One line for `help mode`.
    var summary: String { get }
    /// The file name extension of its files (`csv`, `xlsx`), or nil when it writes no files.
    var fileExtension: String? { get }
    /// Whether `mode` and `--format` may choose it for output at the prompt.
    var showsOnScreen: Bool { get }
    /// Renders `report` for the screen.
    /// - Throws: a ``WorkbenchError`` when the report cannot be rendered in this format.
    func export(_ report: Report) throws -> Data
    /// Renders `report` for a file written by `export`.
    /// - Throws: a ``WorkbenchError`` when the report cannot be rendered in this format.
    func exportFile(_ report: Report) throws -> Data
}

extension Exporter {
    /// The exporter's id, except for `table`, which writes no files.
    public var fileExtension: String? { id == "table" ? nil : (id == "markdown" ? "md" : id) }
    /// True: text exporters show on screen.
    public var showsOnScreen: Bool { true }
    /// The screen rendering.
    /// - Throws: what ``Exporter/export(_:)`` throws.
    public func exportFile(_ report: Report) throws -> Data { try export(report) }
}
