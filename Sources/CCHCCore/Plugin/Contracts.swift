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
    /// Parses and returns the sets. Called at most once per session.
    func loadCriteriaSets() throws -> [CriteriaSet]
}

/// Turns raw data (exports of the one-stop software, checklists…) into evidence values.
///
/// Implementation guidance: read the source named by `request`, return one value per
/// (unit, key) with its provenance in ``Evidence/source``; never write anywhere.
public protocol EvidenceCollector: Sendable {
    /// Unique among collectors, e.g. `dossiers`.
    var id: String { get }
    /// The evidence keys it can produce.
    var keys: [String] { get }
    /// Collects evidence for the given units from `source` (a file path or a query).
    func collect(from source: String, units: [EvaluatedUnit], year: Int) throws -> [String: [Evidence]]
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
    func export(_ report: Report) throws -> Data
    /// Renders `report` for a file written by `export`.
    func exportFile(_ report: Report) throws -> Data
}

extension Exporter {
    /// The exporter's id, except for `table`, which writes no files.
    public var fileExtension: String? { id == "table" ? nil : (id == "markdown" ? "md" : id) }
    /// True: text exporters show on screen.
    public var showsOnScreen: Bool { true }
    /// The screen rendering.
    public func exportFile(_ report: Report) throws -> Data { try export(report) }
}
