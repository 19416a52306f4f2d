import CCHCCore
import Foundation
import ZIPFoundation

/// Office Open XML workbooks, zipped with ZIPFoundation: a sheet per table with a title row,
/// a bold frozen header, numbers stored as numbers (2 decimals) and widths fitted to the text.
public struct XLSXExporter: Exporter {
    public let id = "xlsx"
    public let summary = "an Excel workbook: a sheet per table, bold frozen header, numbers as numbers"
    public let showsOnScreen = false
    /// Creates the exporter.
    public init() {}

    /// Entries get this date, so one report always gives the same bytes.
    static let entryDate = Date(timeIntervalSince1970: 1_704_067_200)  // 2024-01-01

    public func export(_ report: Report) throws -> Data {
        let report = report.forPeople
        let sheets = Self.sheets(report)
        var entries: [(String, String)] = [
            ("[Content_Types].xml", Self.contentTypes(sheets.count)),
            ("_rels/.rels", Self.rootRelationships),
            ("xl/workbook.xml", Self.workbook(sheets.map(\.name))),
            ("xl/_rels/workbook.xml.rels", Self.workbookRelationships(sheets.count)),
            ("xl/styles.xml", Self.styles),
        ]
        for (index, sheet) in sheets.enumerated() {
            entries.append(("xl/worksheets/sheet\(index + 1).xml", sheet.xml))
        }
        let archive = try Archive(accessMode: .create)
        for (path, text) in entries {
            let data = Data(text.utf8)
            try archive.addEntry(
                with: path, type: .file, uncompressedSize: Int64(data.count), modificationDate: Self.entryDate,
                compressionMethod: .deflate
            ) { position, size in
                data.subdata(in: Int(position)..<Int(position) + size)
            }
        }
        guard let data = archive.data else { throw UserError("Could not assemble the XLSX archive") }
        return data
    }

    struct Sheet {
        var name: String
        var xml: String
    }

    /// Style indexes in styles.xml.
    enum Style: Int {
        case plain = 0, header = 1, decimal = 2, integer = 3, title = 4, note = 5
        /// Text that starts like a formula (= + - @): Excel's quote prefix, so editing the cell
        /// never makes it live.
        case quoted = 6
    }

    static func sheets(_ report: Report) -> [Sheet] {
        // Where the file came from (when, which workspace, who) goes under every sheet's title,
        // not into a sheet of its own.
        let provenance = ["exported_at", "workspace", "exported_by"]
        let facts = report.facts.filter { !provenance.contains($0.key) }
        var subtitle = facts.filter { ["set", "year", "scenario", "unit_id"].contains($0.key) }
            .map { "\($0.label): \($0.value.display)" }
        if subtitle.isEmpty, report.title == nil { subtitle = ["CCHC Workbench"] }
        subtitle += report.facts.filter { provenance.contains($0.key) }.map { "\($0.label): \($0.value.display)" }
        var names: Set<String> = []
        var sheets: [Sheet] = []
        var tables = report.tables
        if !facts.isEmpty {
            let vietnamese = report.language == "vi"
            tables.insert(
                ReportTable(
                    key: "summary", title: vietnamese ? "Tổng hợp" : "Summary",
                    columns: [
                        Column("item", vietnamese ? "Mục" : "Item"), Column("value", vietnamese ? "Giá trị" : "Value"),
                    ],
                    rows: facts.map { [.text($0.label), $0.value] }), at: 0)
        }
        if tables.isEmpty { tables = [ReportTable(key: "report", title: "Report", columns: [])] }
        for (index, table) in tables.enumerated() {
            let name = sheetName(table.title ?? table.key, taken: &names)
            sheets.append(
                Sheet(
                    name: name,
                    xml: worksheet(
                        table, title: report.title, subtitle: subtitle.joined(separator: " · "),
                        notes: index == 0 ? report.notes : [])))
        }
        return sheets
    }

    /// At most 31 characters, none of `[]:*?/\`, unique in the workbook.
    static func sheetName(_ text: String, taken: inout Set<String>) -> String {
        // Excel forbids []:*?/\ in a sheet's name and a quote at its ends: quotes go.
        var cleaned = String(text.filter { $0 != "'" }.map { "[]:*?/\\".contains($0) ? "-" : $0 })
        if cleaned.count > 31 {
            let cut = cleaned.prefix(30)
            cleaned = String(cut.lastIndex(of: " ").map { cut[..<$0] } ?? cut) + "…"
        }
        var name = cleaned.isEmpty ? "Sheet" : cleaned
        var counter = 2
        while taken.contains(name.lowercased()) {
            let suffix = " \(counter)"
            name = String(cleaned.prefix(31 - suffix.count)) + suffix
            counter += 1
        }
        taken.insert(name.lowercased())
        return name
    }

    static func worksheet(_ table: ReportTable, title: String?, subtitle: String, notes: [String]) -> String {
        var rows: [String] = []
        var rowNumber = 0
        func row(_ cells: [String]) {
            rowNumber += 1
            rows.append("<row r=\"\(rowNumber)\">\(cells.joined())</row>")
        }
        func reference(_ column: Int) -> String { columnName(column) + String(rowNumber + 1) }
        // The sheet says what it holds: the report's title and, when it has one, the table's.
        let heading = [title, table.title].compactMap { $0 }.joined(separator: " — ")
        row([inline(heading, at: reference(0), style: .title)])
        if !subtitle.isEmpty { row([inline(subtitle, at: reference(0), style: .plain)]) }
        let headerRow = rowNumber + 1
        if !table.columns.isEmpty {
            row(table.columns.indices.map { inline(table.columns[$0].header, at: reference($0), style: .header) })
        }
        for cells in table.rows {
            row(cells.indices.map { cell(cells[$0], at: reference($0)) })
        }
        if !notes.isEmpty {
            rowNumber += 1
            for note in notes { row([inline(note, at: reference(0), style: .note)]) }
        }
        let widths = table.columns.indices.map { index in
            let texts = [table.columns[index].header] + table.rows.map { $0[index].display }
            return min(max(Double(texts.map(VietnameseText.displayWidth).max() ?? 8) + 2, 6), 70)
        }
        let columns =
            widths.isEmpty
            ? ""
            : "<cols>"
                + widths.enumerated().map {
                    "<col min=\"\($0.offset + 1)\" max=\"\($0.offset + 1)\" width=\"\(Format.fixed($0.element, decimals: 1))\" customWidth=\"1\"/>"
                }.joined() + "</cols>"
        let pane =
            table.columns.isEmpty
            ? "<sheetView workbookViewId=\"0\"/>"
            : "<sheetView workbookViewId=\"0\"><pane ySplit=\"\(headerRow)\" topLeftCell=\"A\(headerRow + 1)\" activePane=\"bottomLeft\" state=\"frozen\"/></sheetView>"
        return """
            <?xml version="1.0" encoding="UTF-8" standalone="yes"?>
            <worksheet xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main"><sheetViews>\(pane)</sheetViews>\(columns)<sheetData>\(rows.joined())</sheetData></worksheet>
            """
    }

    static func cell(_ value: Cell, at reference: String) -> String {
        switch value {
        case .number(let number, let decimals) where number.isFinite:
            let style = decimals == 0 ? Style.integer : Style.decimal
            return
                "<c r=\"\(reference)\" s=\"\(style.rawValue)\"><v>\(Format.number(Format.round(number, decimals: decimals)))</v></c>"
        case .integer(let number), .signed(let number):
            return "<c r=\"\(reference)\" s=\"\(Style.integer.rawValue)\"><v>\(number)</v></c>"
        case .bool(let flag):
            return "<c r=\"\(reference)\" t=\"b\"><v>\(flag ? 1 : 0)</v></c>"
        case .null:
            return ""
        default:
            let text = value.display
            let formulaLike = text.unicodeScalars.first.map { "=+-@".unicodeScalars.contains($0) } ?? false
            return inline(text, at: reference, style: formulaLike ? .quoted : .plain)
        }
    }

    static func inline(_ text: String, at reference: String, style: Style) -> String {
        "<c r=\"\(reference)\" t=\"inlineStr\" s=\"\(style.rawValue)\"><is><t xml:space=\"preserve\">\(xmlText(text))</t></is></c>"
    }

    /// `A`, `B`, … `Z`, `AA`, …
    static func columnName(_ index: Int) -> String {
        var index = index
        var name = ""
        repeat {
            name = String(UnicodeScalar(UInt8(65 + index % 26))) + name
            index = index / 26 - 1
        } while index >= 0
        return name
    }

    /// Escapes XML text and drops the control characters XML 1.0 cannot hold.
    static func xmlText(_ text: String) -> String {
        var out = ""
        for scalar in text.unicodeScalars {
            switch scalar {
            case "&": out += "&amp;"
            case "<": out += "&lt;"
            case ">": out += "&gt;"
            case "\"": out += "&quot;"
            case "\t", "\n", "\r": out.unicodeScalars.append(scalar)
            case _ where scalar.value < 0x20 || scalar.value == 0xFFFE || scalar.value == 0xFFFF: continue
            default: out.unicodeScalars.append(scalar)
            }
        }
        return out
    }

    static func contentTypes(_ count: Int) -> String {
        let sheets = (1...max(count, 1)).map {
            "<Override PartName=\"/xl/worksheets/sheet\($0).xml\" ContentType=\"application/vnd.openxmlformats-officedocument.spreadsheetml.worksheet+xml\"/>"
        }
        return """
            <?xml version="1.0" encoding="UTF-8" standalone="yes"?>
            <Types xmlns="http://schemas.openxmlformats.org/package/2006/content-types"><Default Extension="rels" ContentType="application/vnd.openxmlformats-package.relationships+xml"/><Default Extension="xml" ContentType="application/xml"/><Override PartName="/xl/workbook.xml" ContentType="application/vnd.openxmlformats-officedocument.spreadsheetml.sheet.main+xml"/><Override PartName="/xl/styles.xml" ContentType="application/vnd.openxmlformats-officedocument.spreadsheetml.styles+xml"/>\(sheets.joined())</Types>
            """
    }

    static let rootRelationships = """
        <?xml version="1.0" encoding="UTF-8" standalone="yes"?>
        <Relationships xmlns="http://schemas.openxmlformats.org/package/2006/relationships"><Relationship Id="rId1" Type="http://schemas.openxmlformats.org/officeDocument/2006/relationships/officeDocument" Target="xl/workbook.xml"/></Relationships>
        """

    static func workbook(_ names: [String]) -> String {
        let sheets = names.enumerated().map {
            "<sheet name=\"\(xmlText($0.element))\" sheetId=\"\($0.offset + 1)\" r:id=\"rId\($0.offset + 1)\"/>"
        }
        return """
            <?xml version="1.0" encoding="UTF-8" standalone="yes"?>
            <workbook xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main" xmlns:r="http://schemas.openxmlformats.org/officeDocument/2006/relationships"><sheets>\(sheets.joined())</sheets></workbook>
            """
    }

    static func workbookRelationships(_ count: Int) -> String {
        let sheets = (0..<count).map {
            "<Relationship Id=\"rId\($0 + 1)\" Type=\"http://schemas.openxmlformats.org/officeDocument/2006/relationships/worksheet\" Target=\"worksheets/sheet\($0 + 1).xml\"/>"
        }
        let styles =
            "<Relationship Id=\"rId\(count + 1)\" Type=\"http://schemas.openxmlformats.org/officeDocument/2006/relationships/styles\" Target=\"styles.xml\"/>"
        return """
            <?xml version="1.0" encoding="UTF-8" standalone="yes"?>
            <Relationships xmlns="http://schemas.openxmlformats.org/package/2006/relationships">\(sheets.joined())\(styles)</Relationships>
            """
    }

    /// Fonts: regular, bold, bold 14pt, italic. Cell formats follow ``Style``.
    static let styles = """
        <?xml version="1.0" encoding="UTF-8" standalone="yes"?>
        <styleSheet xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main"><fonts count="4"><font><sz val="11"/><name val="Arial"/></font><font><b/><sz val="11"/><name val="Arial"/></font><font><b/><sz val="14"/><name val="Arial"/></font><font><i/><sz val="10"/><name val="Arial"/></font></fonts><fills count="2"><fill><patternFill patternType="none"/></fill><fill><patternFill patternType="gray125"/></fill></fills><borders count="1"><border><left/><right/><top/><bottom/><diagonal/></border></borders><cellStyleXfs count="1"><xf numFmtId="0" fontId="0" fillId="0" borderId="0"/></cellStyleXfs><cellXfs count="7"><xf numFmtId="0" fontId="0" fillId="0" borderId="0" xfId="0"/><xf numFmtId="0" fontId="1" fillId="0" borderId="0" xfId="0" applyFont="1"/><xf numFmtId="2" fontId="0" fillId="0" borderId="0" xfId="0" applyNumberFormat="1"/><xf numFmtId="1" fontId="0" fillId="0" borderId="0" xfId="0" applyNumberFormat="1"/><xf numFmtId="0" fontId="2" fillId="0" borderId="0" xfId="0" applyFont="1"/><xf numFmtId="0" fontId="3" fillId="0" borderId="0" xfId="0" applyFont="1"/><xf numFmtId="0" fontId="0" fillId="0" borderId="0" xfId="0" quotePrefix="1"/></cellXfs><cellStyles count="1"><cellStyle name="Normal" xfId="0" builtinId="0"/></cellStyles></styleSheet>
        """
}
