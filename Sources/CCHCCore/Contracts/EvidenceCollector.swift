import Foundation

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
    /// The key that counts what a unit's values stand on (`dossiers.total`): when an import
    /// replaces it with less than half of what is recorded, the import warns that a part of
    /// the year may be replacing the whole. Nil (the default) for none.
    var volumeKey: String? { get }
    /// The columns a file of this collector holds, for `help import ID` (empty: none described;
    /// a collector reading a database names none).
    var columns: [ImportColumn] { get }
    /// True when rows that cannot be right are set aside as anomalies rather than refused, so
    /// that `--strict` (``CollectionRequest/strict``) means something to this collector.
    var setsRowsAside: Bool { get }
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
    /// No volume key unless the collector names one.
    public var volumeKey: String? { nil }
    /// No columns described unless the collector lists them.
    public var columns: [ImportColumn] { [] }
    /// Rows are refused, not set aside, unless the collector says otherwise.
    public var setsRowsAside: Bool { false }
}
