/// A value in a report cell.
public enum Cell: Sendable, Equatable {
    /// Text.
    case text(String)
    /// A number shown with a fixed number of decimals (points and indices use 2).
    case number(Double, decimals: Int = 2)
    /// A whole number.
    case integer(Int)
    /// A signed whole number, shown with its sign (`+2`, `-1`, `0`): a rank move.
    case signed(Int)
    /// Yes/no.
    case bool(Bool)
    /// No value (JSON null, an empty cell elsewhere).
    case null

    /// The cell as shown in tables, CSV and Markdown.
    public var display: String {
        switch self {
        case .text(let text): text
        case .number(let value, let decimals): Format.fixed(value, decimals: decimals)
        case .integer(let value): String(value)
        case .signed(let value): value > 0 ? "+\(value)" : String(value)
        case .bool(let value): value ? "yes" : "no"
        case .null: ""
        }
    }

    /// True for numbers, which tables align right.
    public var isNumeric: Bool {
        switch self {
        case .number, .integer, .signed: true
        default: false
        }
    }
}

/// A column of a report table.
public struct Column: Sendable, Equatable {
    /// Stable snake_case key: the JSON field and the CSV header.
    public var key: String
    /// The header shown in tables and Markdown.
    public var header: String
    /// False for a field only scripts read (JSON, JSON Lines, CSV): formats for people leave it
    /// out (see ``Report/forPeople``).
    public var isShownToPeople: Bool
    /// False for a column only people read (a marker such as `*` that scripts get as a typed
    /// field): JSON and CSV leave it out.
    public var isShownToScripts: Bool
    /// Creates a column.
    public init(_ key: String, _ header: String, shownToPeople: Bool = true, shownToScripts: Bool = true) {
        self.key = key
        self.header = header
        self.isShownToPeople = shownToPeople
        self.isShownToScripts = shownToScripts
    }
}

/// A run of consecutive rows that formats for people show as a table of its own, under its title
/// (a ranking group, the units not ranked); formats for scripts keep one table.
public struct TableSection: Sendable, Equatable {
    /// The heading of the section's table.
    public var title: String
    /// How many rows, from where the previous section ended.
    public var count: Int
    /// Creates a section.
    public init(title: String, count: Int) {
        self.title = title
        self.count = count
    }
}

/// A table of a report.
public struct ReportTable: Sendable, Equatable {
    /// Stable key: the JSON field holding the rows.
    public var key: String
    /// An optional heading.
    public var title: String?
    /// The columns.
    public var columns: [Column]
    /// Rows, one cell per column.
    public var rows: [[Cell]]
    /// Consecutive runs of rows shown to people as tables of their own; empty for one table.
    public var sections: [TableSection]
    /// The key of the column the sections stand for (a plan's tasks, by unit), when a workbook
    /// should keep the table whole on one sheet with that column shown (``Report/forWorkbook``);
    /// nil for sections that are tables of their own everywhere (ranking groups, ranked apart).
    public var sectionColumn: String?
    /// What the table says when it has no rows (`No feedback matches.`): formats that show an
    /// empty table in its place (text, DOCX) show this instead of `(none)`; the others list it
    /// first among the notes (``Report/allNotes``).
    public var whenEmpty: String?
    /// False for a table people read beside the one scripts read (what a scenario changes,
    /// under its ranking): JSON and CSV leave it out (``Report/forScripts``), so a script's CSV
    /// stays one table.
    public var isShownToScripts = true
    /// Creates a table.
    public init(
        key: String, title: String? = nil, columns: [Column], rows: [[Cell]] = [], sections: [TableSection] = [],
        sectionColumn: String? = nil, whenEmpty: String? = nil
    ) {
        self.whenEmpty = whenEmpty
        self.key = key
        self.title = title
        self.columns = columns
        self.rows = rows
        self.sections = sections
        self.sectionColumn = sectionColumn
    }
}

/// A labelled value shown above a report's tables.
public struct Fact: Sendable, Equatable {
    /// Stable snake_case key (JSON field).
    public var key: String
    /// Label for people.
    public var label: String
    /// The value.
    public var value: Cell
    /// False for a fact only scripts read (JSON): formats for people leave it out, usually
    /// because the title already says it.
    public var isShownToPeople: Bool
    /// False for a fact only people read (a sentence that scripts get as typed fields).
    public var isShownToScripts: Bool
    /// Creates a fact.
    public init(_ key: String, _ label: String, _ value: Cell, shownToPeople: Bool = true, shownToScripts: Bool = true)
    {
        self.key = key
        self.label = label
        self.value = value
        self.isShownToPeople = shownToPeople
        self.isShownToScripts = shownToScripts
    }
}

/// The output of a query command, independent of the format it is shown in.
///
/// Table, JSON, CSV and Markdown output are all rendered from a report by ``Exporter``s.
public struct Report: Sendable, Equatable {
    /// A heading.
    public var title: String?
    /// Values shown above the tables.
    public var facts: [Fact]
    /// The tables.
    public var tables: [ReportTable]
    /// Notes shown after the tables (e.g. "synthetic data").
    public var notes: [String]
    /// What each empty table says of itself (``ReportTable/whenEmpty``), then the notes: for
    /// formats that show notes in one place (JSON, CSV's standard error, HTML, XLSX).
    public var allNotes: [String] { tables.compactMap { $0.rows.isEmpty ? $0.whenEmpty : nil } + notes }
    /// Charts of the tables, drawn by graphical exporters (HTML) and ignored by the others.
    public var charts: [Chart]
    /// The language of its titles and headers (`en` or `vi`), for exporters' own words.
    public var language = "en"
    /// The document frame exporters that lay out pages (DOCX, XLSX) draw around the report
    /// (`export … --frame`); nil for none.
    public var frame: DocumentFrame?

    /// Creates a report.
    public init(
        title: String? = nil, facts: [Fact] = [], tables: [ReportTable] = [], notes: [String] = [],
        charts: [Chart] = []
    ) {
        self.title = title
        self.facts = facts
        self.tables = tables
        self.notes = notes
        self.charts = charts
    }

    /// One report of several a command emitted: the first's title and language, then everyone's
    /// facts, tables, notes and charts in order; nil for none.
    public static func merged(_ reports: [Report]) -> Report? {
        guard var report = reports.first else { return nil }
        for extra in reports.dropFirst() {
            report.facts += extra.facts
            report.tables += extra.tables
            report.notes += extra.notes
            report.charts += extra.charts
        }
        // One JSON object: a key twice would keep only its last value in most readers (a
        // command reporting per set makes one table with a set column instead).
        assert(
            Set(report.facts.map(\.key)).count == report.facts.count
                && Set(report.tables.map(\.key)).count == report.tables.count,
            "reports merged with a fact or table key twice: \(report.title ?? "")")
        return report
    }
}

/// How a graphical exporter draws one of a report's tables. Columns are named by key.
public struct Chart: Sendable, Equatable {
    /// The kinds of chart.
    public enum Kind: Sendable, Equatable {
        /// One horizontal bar per row: `value` on a 0…`scale` axis, coloured by the row's
        /// `category` (its position in `categories`, best first).
        case bars(value: String, scale: Double, category: String?, categories: [String])
        /// Achieved against maximum per row: a bar of `value` inside a bar of `maximum`.
        case progress(value: String, maximum: String)
        /// A slope chart: each row a line from `from` to `to` (e.g. index before and after).
        case slope(from: String, to: String, fromLabel: String, toLabel: String)
    }

    /// The key of the table drawn.
    public var table: String
    /// The column labelling each row.
    public var label: String
    /// What is drawn.
    public var kind: Kind
    /// A caption.
    public var title: String

    /// Creates a chart.
    public init(table: String, label: String, kind: Kind, title: String) {
        self.table = table
        self.label = label
        self.kind = kind
        self.title = title
    }
}

extension Report {
    /// The report with the scope of a scoring view as facts for scripts — `set` (nil when the
    /// view spans several sets), `year` and `scenario` (`baseline` included) — where the
    /// report does not already have them. People read the scope in the title: a report without
    /// one gets `Set 'commune', year 2024` (`Year 2024` across sets; `, scenario 'x'` after it
    /// outside the baseline), so every view says which set, year and scenario it shows.
    public func scoped(set: String?, year: Int, scenario: String) -> Report {
        var report = self
        if report.title == nil {
            // The scenario once: in the title unless a fact people read already names it.
            let shown = facts.contains { $0.key == "scenario" && $0.isShownToPeople }
            report.title =
                (set.map { "Set '\($0)', year \(year)" } ?? "Year \(year)")
                + (scenario == Scenario.baseline || shown ? "" : ", scenario '\(scenario)'")
        }
        let scope: [Fact] = [
            Fact("set", "Set", set.map(Cell.text) ?? .null, shownToPeople: false),
            Fact("year", "Year", .integer(year), shownToPeople: false),
            Fact("scenario", "Scenario", .text(scenario), shownToPeople: false),
        ]
        let missing = scope.filter { fact in !facts.contains { $0.key == fact.key } }
        report.facts = missing + facts
        return report
    }

    /// The table with the given key.
    public func table(_ key: String) -> ReportTable? { tables.first { $0.key == key } }

    /// The report with control characters (C0 but tab and line break, DEL, C1) removed from
    /// every text: the same in every format, so none reaches a terminal, a sheet or a page.
    public var withoutControlCharacters: Report {
        func clean(_ text: String) -> String {
            guard text.unicodeScalars.contains(where: Self.isControl) else { return text }
            var scalars = String.UnicodeScalarView()
            scalars.append(contentsOf: text.unicodeScalars.filter { !Self.isControl($0) })
            return String(scalars)
        }
        func clean(_ cell: Cell) -> Cell {
            if case .text(let text) = cell { return .text(clean(text)) }
            return cell
        }
        var report = self
        report.title = title.map(clean)
        report.facts = facts.map { fact in
            var fact = fact
            fact.value = clean(fact.value)
            return fact
        }
        report.tables = tables.map { table in
            var table = table
            table.title = table.title.map(clean)
            table.whenEmpty = table.whenEmpty.map(clean)
            table.rows = table.rows.map { $0.map(clean) }
            return table
        }
        report.notes = notes.map(clean)
        return report
    }

    /// True for a control character ``withoutControlCharacters`` removes.
    public static func isControl(_ scalar: Unicode.Scalar) -> Bool {
        let value = scalar.value
        return (value < 0x20 && value != 0x09 && value != 0x0A) || (0x7F...0x9F).contains(value)
    }

    /// The report as formats for scripts write it (JSON, CSV): facts and columns only people read
    /// left out.
    public var forScripts: Report {
        var report = withoutControlCharacters
        report.facts = report.facts.filter(\.isShownToScripts)
        report.tables = report.tables.filter(\.isShownToScripts).map { table in
            let kept = table.columns.indices.filter { table.columns[$0].isShownToScripts }
            guard kept.count < table.columns.count else { return table }
            var table = table
            table.columns = kept.map { table.columns[$0] }
            table.rows = table.rows.map { row in kept.map { row[$0] } }
            return table
        }
        return report
    }

    /// The report as a workbook shows it: as ``forPeople``, but a table whose sections stand for
    /// a column (``ReportTable/sectionColumn``) stays whole, that column shown, so it filters,
    /// sorts and prints as one list (a plan's tasks: one sheet with a unit column, not a sheet
    /// per unit).
    public var forWorkbook: Report {
        var report = self
        report.tables = report.tables.map { table in
            guard let key = table.sectionColumn, !table.sections.isEmpty, let index = table.column(key) else {
                return table
            }
            var whole = table
            whole.sections = []
            whole.columns[index].isShownToPeople = true
            return whole
        }
        return report.forPeople
    }

    /// The report as formats for people show it (terminal tables, Markdown, HTML, workbooks):
    /// facts and columns only scripts read left out, and each table with sections split into one
    /// table per section (same key), titled by the section after the table's own title, without
    /// the columns that are empty throughout the section (no Rank among the units not ranked).
    public var forPeople: Report {
        var report = withoutControlCharacters
        report.facts = report.facts.filter(\.isShownToPeople)
        report.tables = report.tables.flatMap { table -> [ReportTable] in
            let shown = table.columns.indices.filter { table.columns[$0].isShownToPeople }
            var visible = table
            visible.columns = shown.map { table.columns[$0] }
            visible.rows = table.rows.map { row in shown.map { row[$0] } }
            visible.sections = []
            guard !table.sections.isEmpty else { return [visible] }
            var start = 0
            return table.sections.map { section in
                var part = visible
                let end = min(visible.rows.count, start + section.count)
                part.rows = Array(visible.rows[start..<end])
                let kept = part.columns.indices.filter { column in part.rows.contains { $0[column] != .null } }
                if !part.rows.isEmpty, kept.count < part.columns.count {
                    part.columns = kept.map { part.columns[$0] }
                    part.rows = part.rows.map { row in kept.map { row[$0] } }
                }
                part.title = [table.title, section.title].compactMap { $0 }.joined(separator: " — ")
                start = end
                return part
            }
        }
        return report
    }
}

extension ReportTable {
    /// The index of the column with the given key.
    public func column(_ key: String) -> Int? { columns.firstIndex { $0.key == key } }

    /// The table with the columns `keys` left out of what people read when every row's cell
    /// there says nothing: `blank` holds for it (by default, no value). Scripts keep them: a
    /// field is always there for them.
    public func hidingFromPeople(_ keys: Set<String>, whenEvery blank: (Cell) -> Bool = { $0 == .null }) -> Self {
        var table = self
        for index in table.columns.indices where keys.contains(table.columns[index].key) {
            if rows.allSatisfy({ blank($0[index]) }) { table.columns[index].isShownToPeople = false }
        }
        return table
    }

    /// Whether the column at `index` holds numbers, some rows perhaps empty: tables for people
    /// align it right. A column with no value at all is text (a proposal nobody made).
    public func isNumeric(column index: Int) -> Bool {
        var found = false
        for row in rows {
            if row[index].isNumeric {
                found = true
            } else if row[index] != .null {
                return false
            }
        }
        return found
    }
}
