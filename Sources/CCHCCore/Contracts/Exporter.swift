import Foundation

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
    /// What a file of `report` in this format holds, for the line `export` prints: `3 tables,
    /// 87 rows` (formats for people count a table's sections as the tables they show; a
    /// workbook counts its sheets).
    func contents(of report: Report) -> String
}

extension Exporter {
    /// The exporter's id, except for `table`, which writes no files.
    public var fileExtension: String? { id == "table" ? nil : (id == "markdown" ? "md" : id) }
    /// True: text exporters show on screen.
    public var showsOnScreen: Bool { true }
    /// The screen rendering.
    /// - Throws: what ``Exporter/export(_:)`` throws.
    public func exportFile(_ report: Report) throws -> Data { try export(report) }
    /// The report's tables as formats for scripts write them, one each.
    public func contents(of report: Report) -> String { Report.contents(report.forScripts.tables, parts: "table") }
}

extension Report {
    /// `N PARTs, M rows` of `tables`: what an exported file holds.
    public static func contents(_ tables: [ReportTable], parts: String) -> String {
        let rows = tables.reduce(0) { $0 + $1.rows.count }
        return "\(tables.count) \(parts)\(tables.count == 1 ? "" : "s"), \(rows) row\(rows == 1 ? "" : "s")"
    }
}
