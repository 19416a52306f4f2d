import Foundation

/// Aligned plain-text tables for the terminal, aligned by display width.
public struct TableExporter: Exporter {
    public let id = "table"
    public let summary = "aligned columns for reading at the prompt"
    /// Creates the exporter.
    public init() {}

    /// - Throws: nothing for this format; the ``Exporter`` contract lets other formats fail.
    public func export(_ report: Report) throws -> Data {
        let report = report.forPeople
        var lines: [String] = []
        if let title = report.title { lines.append(title) }
        if !report.facts.isEmpty {
            let width = report.facts.map { VietnameseText.displayWidth($0.label) }.max() ?? 0
            for fact in report.facts {
                lines.append(
                    VietnameseText.pad(fact.label + ":", to: width + 1) + " " + fact.value.printed(vietnamese: false))
            }
        }
        for table in report.tables {
            if !lines.isEmpty { lines.append("") }
            if let title = table.title { lines.append(title) }
            lines += Self.render(table)
        }
        if !report.notes.isEmpty {
            if !lines.isEmpty { lines.append("") }
            lines += report.notes
        }
        return Data((lines.joined(separator: "\n") + "\n").utf8)
    }

    /// The table's lines: header, rule, rows; numbers right-aligned, columns two spaces apart.
    static func render(_ table: ReportTable) -> [String] {
        guard !table.rows.isEmpty else { return [table.whenEmpty ?? "(none)"] }
        let columns = table.columns.indices
        let rightAligned = columns.map { index in table.isNumeric(column: index) }
        // Each cell is written and measured once (a national table has tens of thousands).
        let headers = table.columns.map(\.header)
        // Time stamps in Vietnam's time, as documents print them (scripts read UTC).
        let cells = table.rows.map { $0.map { $0.printed(vietnamese: false) } }
        let headerWidths = headers.map(VietnameseText.displayWidth)
        let cellWidths = cells.map { $0.map(VietnameseText.displayWidth) }
        let widths = columns.map { index in cellWidths.reduce(headerWidths[index]) { max($0, $1[index]) } }
        func line(_ cells: [String], _ cellWidths: [Int]) -> String {
            var text = ""
            text.reserveCapacity(widths.reduce(2 * widths.count, +) + 16)
            for index in columns {
                if index > 0 { text += "  " }
                let padding = String(repeating: " ", count: max(0, widths[index] - cellWidths[index]))
                if rightAligned[index] {
                    text += padding
                    text += cells[index]
                } else {
                    text += cells[index]
                    text += padding
                }
            }
            return text.trimmingTrailingSpaces
        }
        var lines = [line(headers, headerWidths), line(widths.map { String(repeating: "-", count: $0) }, widths)]
        lines.reserveCapacity(cells.count + 2)
        for (row, rowWidths) in zip(cells, cellWidths) { lines.append(line(row, rowWidths)) }
        return lines
    }
}

/// GitHub-flavoured Markdown: facts as a list, tables as pipe tables.
public struct MarkdownExporter: Exporter {
    public let id = "markdown"
    public let summary = "Markdown pipe tables, for reports and issues"

    /// The tables it shows: a table's sections each as one.
    public func contents(of report: Report) -> String { Report.contents(report.forPeople.tables, parts: "table") }
    /// Creates the exporter.
    public init() {}

    /// - Throws: nothing for this format; the ``Exporter`` contract lets other formats fail.
    public func export(_ report: Report) throws -> Data {
        let report = report.forPeople
        let vietnamese = report.language == "vi"
        var blocks: [String] = []
        if let title = report.title { blocks.append("### \(Self.escape(title))") }
        if !report.facts.isEmpty {
            blocks.append(
                report.facts.map {
                    "- **\(Self.escape($0.label))**: \(Self.escape($0.value.printed(vietnamese: vietnamese)))"
                }.joined(separator: "\n"))
        }
        for table in report.tables {
            var lines: [String] = []
            if let title = table.title { lines.append("**\(Self.escape(title))**\n") }
            let right = table.columns.indices.map { index in table.isNumeric(column: index) }
            lines.append("| " + table.columns.map { Self.escape($0.header) }.joined(separator: " | ") + " |")
            lines.append("|" + right.map { $0 ? " ---: |" : " --- |" }.joined())
            for row in table.rows {
                lines.append(
                    "| " + row.map { Self.escape($0.printed(vietnamese: vietnamese)) }.joined(separator: " | ") + " |")
            }
            blocks.append(lines.joined(separator: "\n"))
        }
        if !report.allNotes.isEmpty {
            blocks.append(report.allNotes.map { "_\(Self.escape($0))_" }.joined(separator: "\n\n"))
        }
        return Data((blocks.joined(separator: "\n\n") + "\n").utf8)
    }

    /// `text` as literal Markdown: HTML (`<`, `>`, `&`) as entities, and the characters that
    /// make emphasis, code, links, headings or table cells (`\ * _ ` [ ] ~ # |`) escaped; a
    /// line break as a space. A unit named `<script>` or `*[x](javascript:…)*` stays text.
    static func escape(_ text: String) -> String {
        var out = ""
        out.reserveCapacity(text.count)
        for character in text {
            switch character {
            case "&": out += "&amp;"
            case "<": out += "&lt;"
            case ">": out += "&gt;"
            case "\\", "*", "_", "`", "[", "]", "~", "#", "|": out += "\\" + String(character)
            case "\n", "\r": out += " "
            default: out.append(character)
            }
        }
        return out
    }
}

/// RFC 4180 CSV: one block per table, keys as the header row.
public struct CSVExporter: Exporter {
    /// How the file is written.
    public enum Style: String, CaseIterable, Sendable {
        /// RFC 4180: `,` between fields, `.` in numbers.
        case standard = "rfc4180"
        /// For Excel and LibreOffice under Vietnamese regional settings: `;` between fields and
        /// decimal commas (`94,05`), which they open as numbers without an import dialog.
        case excelVietnamese = "excel-vi"
    }

    public let id = "csv"
    public let summary = "comma-separated values with a header row of field keys"
    /// The separators.
    public let style: Style
    /// Creates the exporter.
    public init(style: Style = .standard) { self.style = style }

    var separator: String { style == .excelVietnamese ? ";" : "," }

    /// - Throws: nothing for this format; the ``Exporter`` contract lets other formats fail.
    public func export(_ report: Report) throws -> Data {
        let report = report.forScripts
        var blocks: [String] = []
        if report.tables.isEmpty, !report.facts.isEmpty {
            blocks.append(
                [
                    report.facts.map { quote($0.key) }.joined(separator: separator),
                    report.facts.map { quote(raw($0.value)) }.joined(separator: separator),
                ].joined(separator: "\n"))
        }
        for table in report.tables {
            var lines = [table.columns.map { quote($0.key) }.joined(separator: separator)]
            lines += table.rows.map { $0.map { quote(raw($0)) }.joined(separator: separator) }
            blocks.append(lines.joined(separator: "\n"))
        }
        return Data((blocks.joined(separator: "\n\n") + "\n").utf8)
    }

    /// For Excel: a UTF-8 byte-order mark (so Vietnamese shows correctly), CRLF line ends, and
    /// text cells that a spreadsheet would run as a formula (= + - @ tab CR) prefixed with `'`.
    /// - Throws: nothing for this format; the ``Exporter`` contract lets other formats fail.
    /// The file says what it is: the report's scope (`set`, `year`, `scenario`, `unit_id`), which
    /// other formats show above the table, is a column of every row here.
    public func exportFile(_ report: Report) throws -> Data {
        var safe = report.forScripts
        safe.facts = safe.facts.map { fact in
            var fact = fact
            fact.value = Self.neutralised(fact.value)
            return fact
        }
        let scope = safe.facts.filter { ["set", "year", "scenario", "unit_id"].contains($0.key) }
        safe.tables = safe.tables.map { table in
            var table = table
            let added = scope.filter { fact in !table.columns.contains { $0.key == fact.key } }
            table.columns = added.map { Column($0.key, $0.label) } + table.columns
            table.rows = table.rows.map { (added.map(\.value) + $0).map(Self.neutralised) }
            return table
        }
        let text = String(decoding: try export(safe), as: UTF8.self)
        return Data([0xEF, 0xBB, 0xBF]) + Data(text.replacingOccurrences(of: "\n", with: "\r\n").utf8)
    }

    /// A text cell that starts like a formula, prefixed with an apostrophe; numbers stay numbers.
    static func neutralised(_ cell: Cell) -> Cell {
        guard case .text(let text) = cell, let first = text.unicodeScalars.first,
            "=+-@\t\r".unicodeScalars.contains(first)
        else { return cell }
        return .text("'" + text)
    }

    func raw(_ cell: Cell) -> String {
        switch cell {
        case .bool(let value): value ? "true" : "false"
        case .signed(let value): String(value)
        case .number where style == .excelVietnamese: cell.display.replacingOccurrences(of: ".", with: ",")
        default: cell.display
        }
    }

    /// Quotes a field when it holds the separator, a quote or a line break (RFC 4180).
    func quote(_ field: String) -> String {
        let separator = Character(self.separator)
        guard field.contains(where: { $0 == separator || $0 == "\"" || $0 == "\n" || $0 == "\r" }) else {
            return field
        }
        return "\"" + field.replacingOccurrences(of: "\"", with: "\"\"") + "\""
    }
}

/// One JSON document per report: facts as fields, each table as an array of objects. The
/// `jsonl` form writes each document on one line, for streams.
public struct JSONExporter: Exporter {
    public let id: String
    public let summary: String
    /// One line per document.
    public let compact: Bool

    /// Creates the exporter: `json`, or `jsonl` when `compact`.
    public init(compact: Bool = false) {
        self.compact = compact
        id = compact ? "jsonl" : "json"
        summary =
            compact
            ? "one JSON document per command on one line (JSON Lines), for streams"
            : "one JSON document per command, snake_case field names"
    }

    /// - Throws: nothing for this format; the ``Exporter`` contract lets other formats fail.
    public func export(_ report: Report) throws -> Data {
        Data((document(report) + "\n").utf8)
    }

    /// The document of `report`, with `messages` (what the command said besides) when there are some.
    public func document(_ report: Report, messages: [String] = []) -> String {
        let report = report.forScripts
        var members: [(String, String)] = report.facts.map { ($0.key, Self.value($0.value)) }
        for table in report.tables {
            let rows = table.rows.map { row in
                Self.row(zip(table.columns, row).map { ($0.key, Self.value($1)) })
            }
            members.append(
                (
                    table.key,
                    rows.isEmpty
                        ? "[]"
                        : compact
                            ? "[" + rows.joined(separator: ", ") + "]"
                            : "[\n    " + rows.joined(separator: ",\n    ") + "\n  ]"
                ))
        }
        // Always there, so a script reads `notes` without checking for it.
        members.append(("notes", "[" + report.allNotes.map(Self.string).joined(separator: ", ") + "]"))
        if !messages.isEmpty {
            members.append(("messages", "[" + messages.map(Self.string).joined(separator: ", ") + "]"))
        }
        return object(members)
    }

    /// An object of rendered members: one line when ``compact``, else a member a line.
    public func object(_ members: [(String, String)]) -> String {
        if members.isEmpty { return "{}" }
        if compact { return Self.row(members) }
        return "{\n" + members.map { "  \(Self.string($0.0)): \($0.1)" }.joined(separator: ",\n") + "\n}"
    }

    /// An object on one line.
    static func row(_ members: [(String, String)]) -> String {
        "{" + members.map { "\(string($0.0)): \($0.1)" }.joined(separator: ", ") + "}"
    }

    static func value(_ cell: Cell) -> String {
        switch cell {
        case .text(let text): string(text)
        case .number(let value, let decimals):
            value.isFinite ? Format.number(Format.round(value, decimals: decimals)) : "null"
        case .integer(let value), .signed(let value): String(value)
        case .bool(let value): value ? "true" : "false"
        case .null: "null"
        }
    }

    /// A JSON string literal.
    public static func string(_ text: String) -> String {
        var out = "\""
        for scalar in text.unicodeScalars {
            switch scalar {
            case "\"": out += "\\\""
            case "\\": out += "\\\\"
            case "\n": out += "\\n"
            case "\r": out += "\\r"
            case "\t": out += "\\t"
            case _ where scalar.value < 0x20: out += String(format: "\\u%04x", scalar.value)
            default: out.unicodeScalars.append(scalar)
            }
        }
        return out + "\""
    }
}

extension String {
    var trimmingTrailingSpaces: String {
        var spaces = 0
        for byte in utf8.reversed() {
            guard byte == UInt8(ascii: " ") else { break }
            spaces += 1
        }
        return spaces == 0 ? self : String(self[..<utf8.index(utf8.endIndex, offsetBy: -spaces)])
    }
}
