import CCHCCore
import Foundation
import ZIPFoundation

/// Office Open XML workbooks, zipped with ZIPFoundation: a sheet per table with a title row,
/// a bold frozen header, numbers stored as numbers (2 decimals) and widths fitted to the text.
public struct XLSXExporter: Exporter {
    public let id = "xlsx"
    public let summary = "an Excel workbook: a sheet per table, bold frozen header, numbers as numbers"

    /// Its sheets: one per table shown (a table's sections each as one, but those that stand for
    /// a column), or one of the facts.
    public func contents(of report: Report) -> String {
        let tables = report.forWorkbook.tables
        return tables.isEmpty ? "1 sheet" : Report.contents(tables, parts: "sheet")
    }
    public let showsOnScreen = false
    /// Creates the exporter.
    public init() {}

    public func export(_ report: Report) throws -> Data {
        let report = report.forWorkbook
        let sheets = Self.sheets(report)
        var entries: [(String, String)] = [
            ("[Content_Types].xml", Self.contentTypes(sheets.count)),
            ("_rels/.rels", Self.rootRelationships),
            ("docProps/core.xml", OfficeXML.coreProperties(report)),
            ("docProps/app.xml", OfficeXML.appProperties),
            ("xl/workbook.xml", Self.workbook(sheets)),
            ("xl/_rels/workbook.xml.rels", Self.workbookRelationships(sheets.count)),
            ("xl/styles.xml", Self.styles),
        ]
        for (index, sheet) in sheets.enumerated() {
            entries.append(("xl/worksheets/sheet\(index + 1).xml", sheet.xml))
        }
        return try OfficeXML.archive(entries)
    }

    struct Sheet {
        var name: String
        var xml: String
        /// The header row (1-based), repeated at the top of every printed page.
        var headerRow: Int?
        /// The table's range with its header (`A3:H17`), filtered by the autofilter.
        var tableRange: String?
    }

    /// Style indexes in styles.xml.
    enum Style: Int {
        case plain = 0, header = 1, decimal = 2, integer = 3, title = 4, note = 5
        /// Text that starts like a formula (= + - @): Excel's quote prefix, so editing the cell
        /// never makes it live.
        case quoted = 6
        /// A table's text, bordered and wrapped.
        case text = 7
        /// A signed whole number (a rank move): `+2`, `-1`, `0`.
        case signed = 8
        /// A date, dd/mm/yyyy; a time stamp, dd/mm/yyyy hh:mm (Vietnam's time).
        case date = 9, dateTime = 10
        /// A band's swatch in a legend: ``BandColours/palette`` in order.
        case swatch = 11
        /// The title block and notes, wrapped over the table's width.
        case wrappedNote = 16, wrappedPlain = 17
        /// A fact's label above the table, and its value when a number (no border).
        case factLabel = 18, factDecimal = 19, factInteger = 20
        /// The official frame: centred lines, bold or italic; "Nơi nhận:" and its lines.
        case centered = 21, centeredBold = 22, centeredItalic = 23, recipientsHead = 24, recipient = 25
    }

    static func sheets(_ report: Report) -> [Sheet] {
        // Where the file came from (when, which workspace, who) goes under every sheet's title,
        // not into a sheet of its own.
        let provenance = ["exported_at", "workspace", "workspace_file", "exported_by"]
        let facts = report.facts.filter {
            !provenance.contains($0.key) && !(report.frame != nil && DocumentFrame.provenanceFacts.contains($0.key))
        }
        var subtitle = facts.filter { ["set", "year", "scenario", "unit_id"].contains($0.key) }
            .map { "\($0.label): \(factText($0.value))" }
        if subtitle.isEmpty, report.title == nil { subtitle = ["CCHC Workbench"] }
        // A framed document is dated and signed: when, from which file and by whom it was made
        // stays in its properties, as in the Word document.
        if report.frame == nil {
            subtitle += report.facts.filter { provenance.contains($0.key) }.map { "\($0.label): \(factText($0.value))" }
        }
        var names: Set<String> = []
        var sheets: [Sheet] = []
        var tables = report.tables
        let vietnamese = report.language == "vi"
        // The facts print above the first table (a report of facts alone gets them as its table).
        if tables.isEmpty, !facts.isEmpty {
            tables = [
                ReportTable(
                    key: "summary", title: vietnamese ? "Tổng hợp" : "Summary",
                    columns: [
                        Column("item", vietnamese ? "Mục" : "Item"), Column("value", vietnamese ? "Giá trị" : "Value"),
                    ],
                    rows: facts.map { [.text($0.label), $0.value] })
            ]
        }
        if tables.isEmpty { tables = [ReportTable(key: "report", title: "Report", columns: [])] }
        let factsAbove = report.tables.isEmpty ? [] : facts
        for (index, table) in tables.enumerated() {
            let name = sheetName(Self.tabName(table, report: report), taken: &names)
            let bands = report.charts.lazy.compactMap { chart -> (column: Int, categories: [String])? in
                guard chart.table == table.key, case .bars(_, _, let category?, let categories) = chart.kind,
                    let column = table.column(category)
                else { return nil }
                return (column, categories)
            }.first
            var sheet = worksheet(
                table, title: report.title.map { index == 0 ? report.frame?.subject(of: $0) ?? $0 : $0 },
                subtitle: subtitle.joined(separator: " · "),
                facts: index == 0 ? factsAbove : [], notes: index == 0 ? report.allNotes : [], bands: bands,
                vietnamese: vietnamese, frameTop: index == 0 ? report.frame : nil,
                frameBottom: index == tables.count - 1 ? report.frame : nil)
            sheet.name = name
            sheets.append(sheet)
        }
        return sheets
    }

    /// What a sheet's tab says: a section's own title (a unit, `Phòng Nội vụ (p-noivu)`), which
    /// tells the tabs of one table apart where the whole title would be cut at 31 characters;
    /// else the table's title; a table without one is named by the report's title before its
    /// colon (`Xếp hạng`, not the table's key `ranking`).
    static func tabName(_ table: ReportTable, report: Report) -> String {
        if let title = table.title {
            guard let section = title.range(of: " — ", options: .backwards) else { return title }
            let own = title[section.upperBound...]
            // A unit's name without its id when both would not fit.
            if own.count > 31, own.hasSuffix(")"), let open = own.range(of: " (", options: .backwards) {
                return String(own[..<open.lowerBound])
            }
            return String(own)
        }
        if let title = report.title, let head = title.split(separator: ":").first, !head.isEmpty {
            return String(head)
        }
        return report.title ?? table.key
    }

    /// At most 31 characters, none of `[]:*?/\`, unique in the workbook.
    static func sheetName(_ text: String, taken: inout Set<String>) -> String {
        // Excel forbids []:*?/\ in a sheet's name and a quote at its ends: quotes go.
        var cleaned = String(
            text.replacingOccurrences(of: ": ", with: " - ").filter { $0 != "'" }.map {
                "[]:*?/\\".contains($0) ? "-" : $0
            })
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

    /// The widest a text column grows before its text wraps, in character widths.
    static let wrapWidth = 42.0
    /// What fits across A4 in portrait at 100 % (in character widths); wider sheets print in
    /// landscape, and every sheet is scaled to one page wide.
    static let portraitWidth = 95.0
    /// What fits across A4 in landscape at 100 % (in character widths).
    static let landscapeWidth = 140.0
    /// Lines of 15 points an A4 page holds between the sheets' margins, upright and across: a
    /// sheet of up to about as many is fitted to one page.
    static let portraitLines = 48.0
    static let landscapeLines = 31.0
    /// The narrowest a sheet's columns add up to, in character widths; a sheet with the
    /// official frame, whose halves hold the issuing bodies and the motto on one line each.
    static let minimumWidth = 60.0
    static let framedWidth = 90.0

    /// One table as a sheet that prints: the title block over the table's width, a bordered
    /// table with a filled header that repeats on every page and an autofilter, band colours as
    /// conditional formats with a legend, the notes wrapped below, A4 fitted to one page wide
    /// with the title in the page header and "Page X/Y" in the footer.
    static func worksheet(
        _ table: ReportTable, title: String?, subtitle: String, facts: [Fact] = [], notes: [String],
        bands: (column: Int, categories: [String])? = nil, vietnamese: Bool = false,
        frameTop: DocumentFrame? = nil, frameBottom: DocumentFrame? = nil
    ) -> Sheet {
        let columnCount = max(table.columns.count, 1)
        var widths = table.columns.indices.map { index -> Double in
            let texts = [table.columns[index].header] + table.rows.map { $0[index].display }
            let widest = Double(texts.map(VietnameseText.displayWidth).max() ?? 8) + 2
            return min(max(widest, 6), wrapWidth)
        }
        // A sheet wider than a landscape page would print too small to read: its headers wrap
        // between words (the header row is as tall as they need), then get back their whole
        // width, the nearest to it first, while the page has room.
        if widths.reduce(0, +) > landscapeWidth {
            let whole = widths
            widths = table.columns.indices.map { index -> Double in
                let values = table.rows.map { Double(VietnameseText.displayWidth($0[index].display)) }.max() ?? 0
                let word =
                    table.columns[index].header.split(separator: " ").map {
                        Double(VietnameseText.displayWidth(String($0)))
                    }.max() ?? 0
                // The header's filter button takes about two characters.
                return min(max(values + 2, word + 3, 6), wrapWidth)
            }
            // Still much too wide: the widest text columns (names) wrap too, down to 20 characters,
            // until the sheet prints at about 85 % or more.
            let text = table.columns.indices.map { index in
                table.rows.contains { if case .text = $0[index] { true } else { false } }
            }
            let readable = landscapeWidth * 1.2
            while widths.reduce(0, +) > readable,
                let widest = widths.indices.filter({ text[$0] && widths[$0] > 20 }).max(by: { widths[$0] < widths[$1] })
            {
                widths[widest] = max(20, widths[widest] - (widths.reduce(0, +) - readable))
            }
            var room = landscapeWidth - widths.reduce(0, +)
            for index in widths.indices.sorted(by: { whole[$0] - widths[$0] < whole[$1] - widths[$1] }) {
                let more = whole[index] - widths[index]
                guard more > 0, more <= room else { continue }
                widths[index] = whole[index]
                room -= more
            }
        }
        // A narrow table (a summary of two columns) widens its last column so the title block
        // above it has room.
        // The official frame's two halves need room for the motto and the issuing bodies.
        let framed = frameTop != nil || frameBottom != nil
        let narrowest = framed ? framedWidth : minimumWidth
        // A narrow framed sheet's first column carries the left half (the issuing bodies).
        if framed, widths.count > 1, widths.reduce(0, +) < narrowest, widths[0] < narrowest * 0.42 {
            widths[0] = narrowest * 0.42
        }
        if let last = widths.indices.last, widths.reduce(0, +) < narrowest {
            widths[last] += narrowest - widths.reduce(0, +)
        }
        let totalWidth = max(widths.reduce(0, +), narrowest)
        /// How many lines a text takes in a column `width` wide.
        func lines(_ text: String, width: Double) -> Int {
            text.split(separator: "\n", omittingEmptySubsequences: false).reduce(0) { sum, line in
                // Arial's letters average about 0.87 of the digit width a column is measured in.
                sum
                    + max(
                        1,
                        Int((Double(VietnameseText.displayWidth(String(line))) * 0.87 / max(width - 1, 1)).rounded(.up))
                    )
            }
        }
        var rows: [String] = []
        var merges: [String] = []
        var rowNumber = 0
        var printedLines = 0.0
        func row(_ cells: [String], height: Double? = nil) {
            rowNumber += 1
            printedLines += (height ?? 15) / 15
            let custom = height.map { " ht=\"\(Format.fixed($0, decimals: 1))\" customHeight=\"1\"" } ?? ""
            rows.append("<row r=\"\(rowNumber)\"\(custom)>\(cells.joined())</row>")
        }
        func reference(_ column: Int) -> String { columnName(column) + String(rowNumber + 1) }
        /// A line of text over the table's width, as tall as its wrapped lines need.
        func spanning(_ text: String, style: Style, points: Double) {
            let lines = max(
                1, Int((Double(VietnameseText.displayWidth(text)) * points / 11 / (totalWidth - 2)).rounded(.up)))
            if columnCount > 1 { merges.append("A\(rowNumber + 1):\(columnName(columnCount - 1))\(rowNumber + 1)") }
            row([inline(text, at: reference(0), style: style)], height: Double(lines) * points * 1.35 + 2)
        }
        // The official frame's two halves: columns up to about half the width, then the rest.
        var half = 0
        while half + 2 < widths.count, widths[0...half].reduce(0, +) < totalWidth * 0.45 { half += 1 }
        let leftWidth = widths.isEmpty ? totalWidth / 2 : widths[0...min(half, widths.count - 1)].reduce(0, +)
        let rightWidth = max(totalWidth - leftWidth, 10)
        func halves(_ left: (String, Style)?, _ right: (String, Style)?) {
            let line = rowNumber + 1
            // As tall as the longer side wraps to (a long issuer's name takes two lines).
            let tallest = max(
                left.map { lines($0.0, width: leftWidth * 0.9) } ?? 1,
                right.map { lines($0.0, width: rightWidth * 0.9) } ?? 1)
            if half > 0 { merges.append("A\(line):\(columnName(half))\(line)") }
            if columnCount - 1 > half + 1 {
                merges.append("\(columnName(half + 1))\(line):\(columnName(columnCount - 1))\(line)")
            }
            var cells: [String] = []
            if let left { cells.append(inline(left.0, at: reference(0), style: left.1)) }
            if let right, half + 1 < columnCount {
                cells.append(inline(right.0, at: reference(half + 1), style: right.1))
            }
            row(cells, height: tallest > 1 ? Double(tallest) * 14.3 + 1 : nil)
        }
        if let frame = frameTop {
            halves(frame.superior.map { ($0.uppercased(), .centered) }, (DocumentFrame.nation, .centeredBold))
            halves((frame.issuer.uppercased(), .centeredBold), (DocumentFrame.motto, .centeredBold))
            halves((frame.numberLine, .centered), (frame.dateLine, .centeredItalic))
            rowNumber += 1
            spanning(frame.kind.uppercased(), style: .centeredBold, points: 12)
        }
        // The sheet says what it holds: the report's title and, when it has one, the table's.
        let heading = [title, table.title].compactMap { $0 }.joined(separator: " — ")
        spanning(heading, style: frameTop == nil ? .title : .centeredBold, points: 14)
        // A framed document is dated and signed: when and by whom the file was made stays in
        // its properties.
        if !subtitle.isEmpty, frameTop == nil, frameBottom == nil {
            spanning(subtitle, style: .wrappedPlain, points: 11)
        }
        if !facts.isEmpty {
            // Each fact a line: its label over the first columns, its value (a number stays a
            // number) in the next one.
            rowNumber += 1
            var span = 0
            // The labels' columns as wide as the longest label (bold), at least 18 characters.
            let labels = facts.map { Double(VietnameseText.displayWidth($0.label)) }.max() ?? 0
            while span + 1 < widths.count, widths[0...span].reduce(0, +) < max(18, labels * 0.95 + 1) { span += 1 }
            for fact in facts {
                if span + 1 < columnCount {
                    if span > 0 { merges.append("A\(rowNumber + 1):\(columnName(span))\(rowNumber + 1)") }
                    row([
                        inline(fact.label, at: reference(0), style: .factLabel),
                        factCell(fact.value, at: reference(span + 1)),
                    ])
                } else {
                    spanning("\(fact.label): \(factText(fact.value))", style: .wrappedPlain, points: 11)
                }
            }
            rowNumber += 1
        }
        var headerRow: Int?
        var tableRange: String?
        var formats = ""
        if !table.columns.isEmpty {
            headerRow = rowNumber + 1
            // Bold headers wrap in a column a little sooner than plain text does.
            let headerLines =
                table.columns.indices.map { lines(table.columns[$0].header, width: widths[$0] * 0.9) }.max() ?? 1
            row(
                table.columns.indices.map { inline(table.columns[$0].header, at: reference($0), style: .header) },
                height: headerLines > 1 ? Double(headerLines) * 14.3 + 2 : nil)
            for cells in table.rows {
                // A row as tall as its longest wrapped text (LibreOffice keeps the default height).
                let tallest =
                    cells.indices.map { index -> Int in
                        guard case .text(let text) = cells[index], index < widths.count else { return 1 }
                        return lines(text, width: widths[index])
                    }.max() ?? 1
                row(
                    cells.indices.map { cell(cells[$0], at: reference($0)) },
                    height: tallest > 1 ? Double(tallest) * 14.3 + 1 : nil)
            }
            let first = (headerRow ?? 1) + 1
            tableRange = "A\(headerRow ?? 1):\(columnName(columnCount - 1))\(max(rowNumber, headerRow ?? 1))"
            if let bands, !table.rows.isEmpty {
                let range = "\(columnName(bands.column))\(first):\(columnName(bands.column))\(rowNumber)"
                let rules = bands.categories.enumerated().compactMap { position, name -> String? in
                    guard let colour = BandColours.index(of: name, in: bands.categories) else { return nil }
                    let formula = xmlText("\"" + name.replacingOccurrences(of: "\"", with: "\"\"") + "\"")
                    return
                        "<cfRule type=\"cellIs\" dxfId=\"\(colour)\" priority=\"\(position + 1)\" operator=\"equal\"><formula>\(formula)</formula></cfRule>"
                }
                formats = "<conditionalFormatting sqref=\"\(range)\">\(rules.joined())</conditionalFormatting>"
                // The legend: each band in its colour, under a line that says so.
                rowNumber += 1
                row([inline(vietnamese ? "Chú giải màu xếp loại:" : "Band colours:", at: reference(0), style: .note)])
                // Each swatch in the next column wide enough for a band's name.
                let wide = widths.indices.filter { widths[$0] >= 9 }
                row(
                    zip(bands.categories, wide.isEmpty ? Array(widths.indices) : wide).map { name, column in
                        let colour = BandColours.index(of: name, in: bands.categories) ?? 0
                        return inline(name, at: reference(column), style: Style.swatch.rawValue + colour)
                    })
            }
        }
        if !notes.isEmpty {
            rowNumber += 1
            for note in notes { spanning(note, style: .wrappedNote, points: 10) }
        }
        if let frame = frameBottom {
            // The signature block: "Nơi nhận" on the left, who signs on the right.
            rowNumber += 1
            var right: [(String, Style)] = (frame.authorityLines + [frame.signerTitle].compactMap { $0 })
                .map { ($0.uppercased(), .centeredBold) }
            right += [("", .plain), ("", .plain), ("", .plain)]
            if let signer = frame.signer { right.append((signer, .centeredBold)) }
            var left: [(String, Style)] = [("Nơi nhận:", .recipientsHead)]
            for (index, name) in frame.recipients.enumerated() {
                let text = name.hasSuffix(".") || name.hasSuffix(";") ? String(name.dropLast()) : name
                left.append(("- \(text)\(index == frame.recipients.count - 1 ? "." : ";")", .recipient))
            }
            for line in 0..<max(left.count, right.count) {
                halves(line < left.count ? left[line] : nil, line < right.count ? right[line] : nil)
            }
        }
        let columns =
            widths.isEmpty
            ? ""
            : "<cols>"
                + widths.enumerated().map {
                    "<col min=\"\($0.offset + 1)\" max=\"\($0.offset + 1)\" width=\"\(Format.fixed($0.element, decimals: 1))\" customWidth=\"1\"/>"
                }.joined() + "</cols>"
        let pane =
            headerRow.map {
                "<sheetView workbookViewId=\"0\"><pane ySplit=\"\($0)\" topLeftCell=\"A\($0 + 1)\" activePane=\"bottomLeft\" state=\"frozen\"/></sheetView>"
            } ?? "<sheetView workbookViewId=\"0\"/>"
        let filter = tableRange.map { "<autoFilter ref=\"\($0)\"/>" } ?? ""
        let merged =
            merges.isEmpty
            ? ""
            : "<mergeCells count=\"\(merges.count)\">\(merges.map { "<mergeCell ref=\"\($0)\"/>" }.joined())</mergeCells>"
        let orientation = widths.reduce(0, +) > portraitWidth ? "landscape" : "portrait"
        // A short sheet prints on one page (shrunk to about 77 % at most); a long one on as many
        // pages tall as it needs, at the size its width allows.
        let lines = orientation == "landscape" ? landscapeLines : portraitLines
        let tall = printedLines <= lines * 1.3 ? 1 : 0
        let page = vietnamese ? "Trang &amp;P/&amp;N" : "Page &amp;P/&amp;N"
        let header = xmlText(heading.replacingOccurrences(of: "&", with: "&&"))
        let xml = """
            <?xml version="1.0" encoding="UTF-8" standalone="yes"?>
            <worksheet xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main" xmlns:r="http://schemas.openxmlformats.org/officeDocument/2006/relationships"><sheetPr><pageSetUpPr fitToPage="1"/></sheetPr><sheetViews>\(pane)</sheetViews>\(columns)<sheetData>\(rows.joined())</sheetData>\(filter)\(merged)\(formats)<pageMargins left="0.5" right="0.5" top="0.75" bottom="0.75" header="0.3" footer="0.3"/><pageSetup paperSize="9" orientation="\(orientation)" fitToWidth="1" fitToHeight="\(tall)"/><headerFooter><oddHeader>&amp;C&amp;"Arial,Bold"\(header)</oddHeader><oddFooter>&amp;C\(page)</oddFooter></headerFooter></worksheet>
            """
        return Sheet(name: "", xml: xml, headerRow: headerRow, tableRange: tableRange)
    }

    static func cell(_ value: Cell, at reference: String) -> String {
        switch value {
        case .number(let number, let decimals) where number.isFinite:
            let style = decimals == 0 ? Style.integer : Style.decimal
            return
                "<c r=\"\(reference)\" s=\"\(style.rawValue)\"><v>\(Format.number(Format.round(number, decimals: decimals)))</v></c>"
        case .integer(let number):
            return "<c r=\"\(reference)\" s=\"\(Style.integer.rawValue)\"><v>\(number)</v></c>"
        case .signed(let number):
            return "<c r=\"\(reference)\" s=\"\(Style.signed.rawValue)\"><v>\(number)</v></c>"
        case .bool:
            // Printed as people read it ("yes"/"no"), not as TRUE/FALSE or 1/0.
            return inline(value.display, at: reference, style: .text)
        case .null:
            return "<c r=\"\(reference)\" s=\"\(Style.text.rawValue)\"/>"
        default:
            let text = value.display
            if let (serial, withTime) = dateSerial(text) {
                let style = withTime ? Style.dateTime : Style.date
                return "<c r=\"\(reference)\" s=\"\(style.rawValue)\"><v>\(Format.number(serial))</v></c>"
            }
            let formulaLike = text.unicodeScalars.first.map { "=+-@".unicodeScalars.contains($0) } ?? false
            return inline(text, at: reference, style: formulaLike ? .quoted : .text)
        }
    }

    /// A fact's value above the table: numbers as numbers, without the table's borders.
    static func factCell(_ value: Cell, at reference: String) -> String {
        switch value {
        case .number(let number, let decimals) where number.isFinite:
            let style = decimals == 0 ? Style.factInteger : Style.factDecimal
            return
                "<c r=\"\(reference)\" s=\"\(style.rawValue)\"><v>\(Format.number(Format.round(number, decimals: decimals)))</v></c>"
        case .integer(let number), .signed(let number):
            return "<c r=\"\(reference)\" s=\"\(Style.factInteger.rawValue)\"><v>\(number)</v></c>"
        default:
            return inline(factText(value), at: reference, style: .plain)
        }
    }

    /// A fact's text: a date or time stamp as people write it, in Vietnam's time
    /// (`07/12/2026 14:02`), as the tables' date cells show theirs; else as shown.
    static func factText(_ value: Cell) -> String {
        if case .text(let text) = value, let date = Cell.printedDate(text) { return date }
        return value.display
    }

    /// A text that is an ISO 8601 date (`2024-10-05`) or UTC time stamp (`2024-10-20T08:00:00Z`)
    /// as an Excel serial (days since 1899-12-30; a time stamp in Vietnam's time), with whether
    /// it holds a time; nil for any other text.
    static func dateSerial(_ text: String) -> (Double, Bool)? {
        guard let (date, withTime) = Cell.isoDate(text) else { return nil }
        let offset = withTime ? Double(DocumentFrame.timeZone.secondsFromGMT(for: date)) : 0
        let epoch = -2_209_161_600.0  // 1899-12-30T00:00:00Z
        let serial = (date.timeIntervalSince1970 + offset - epoch) / 86_400
        return (withTime ? (serial * 86_400).rounded() / 86_400 : serial.rounded(), withTime)
    }

    static func inline(_ text: String, at reference: String, style: Style) -> String {
        inline(text, at: reference, style: style.rawValue)
    }

    /// A text cell in cell format number `style` of styles.xml.
    static func inline(_ text: String, at reference: String, style: Int) -> String {
        "<c r=\"\(reference)\" t=\"inlineStr\" s=\"\(style)\"><is><t xml:space=\"preserve\">\(xmlText(text))</t></is></c>"
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

    static func xmlText(_ text: String) -> String { OfficeXML.text(text) }

    static func contentTypes(_ count: Int) -> String {
        let sheets = (1...max(count, 1)).map {
            "<Override PartName=\"/xl/worksheets/sheet\($0).xml\" ContentType=\"application/vnd.openxmlformats-officedocument.spreadsheetml.worksheet+xml\"/>"
        }
        return """
            <?xml version="1.0" encoding="UTF-8" standalone="yes"?>
            <Types xmlns="http://schemas.openxmlformats.org/package/2006/content-types"><Default Extension="rels" ContentType="application/vnd.openxmlformats-package.relationships+xml"/><Default Extension="xml" ContentType="application/xml"/><Override PartName="/xl/workbook.xml" ContentType="application/vnd.openxmlformats-officedocument.spreadsheetml.sheet.main+xml"/><Override PartName="/xl/styles.xml" ContentType="application/vnd.openxmlformats-officedocument.spreadsheetml.styles+xml"/>\(OfficeXML.propertiesContentTypes)\(sheets.joined())</Types>
            """
    }

    static let rootRelationships = OfficeXML.rootRelationships(
        main: "xl/workbook.xml",
        type: "http://schemas.openxmlformats.org/officeDocument/2006/relationships/officeDocument")

    /// The sheets, with each one's print titles (its header row) and its autofilter's range.
    static func workbook(_ sheets: [Sheet]) -> String {
        let entries = sheets.enumerated().map {
            "<sheet name=\"\(xmlText($0.element.name))\" sheetId=\"\($0.offset + 1)\" r:id=\"rId\($0.offset + 1)\"/>"
        }
        var names: [String] = []
        for (index, sheet) in sheets.enumerated() {
            let quoted = "'" + sheet.name.replacingOccurrences(of: "'", with: "''") + "'"
            if let range = sheet.tableRange {
                // (String, spelled out: GRDB's SQL literal would otherwise be inferred here.)
                let absolute = range.split(separator: ":").map { part -> String in
                    let letters = part.prefix { $0.isLetter }
                    return "$\(letters)$\(part.dropFirst(letters.count))"
                }.joined(separator: ":")
                names.append(
                    "<definedName name=\"_xlnm._FilterDatabase\" localSheetId=\"\(index)\" hidden=\"1\">\(xmlText(quoted))!\(absolute)</definedName>"
                )
            }
            if let row = sheet.headerRow {
                names.append(
                    "<definedName name=\"_xlnm.Print_Titles\" localSheetId=\"\(index)\">\(xmlText(quoted))!$\(row):$\(row)</definedName>"
                )
            }
        }
        let defined = names.isEmpty ? "" : "<definedNames>\(names.joined())</definedNames>"
        return """
            <?xml version="1.0" encoding="UTF-8" standalone="yes"?>
            <workbook xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main" xmlns:r="http://schemas.openxmlformats.org/officeDocument/2006/relationships"><sheets>\(entries.joined())</sheets>\(defined)</workbook>
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

    /// Fonts: regular, bold, bold 14pt, italic 10pt, white, italic, bold italic, 10pt. Fills: none, gray125 (required),
    /// the header's, then the band palette. Borders: none, thin. Cell formats follow ``Style``;
    /// the differential formats (conditional band colours) follow ``BandColours/palette``.
    static let styles: String = {
        func argb(_ hex: String) -> String { "FF" + hex.dropFirst().uppercased() }
        let paletteFills = BandColours.palette.map {
            "<fill><patternFill patternType=\"solid\"><fgColor rgb=\"\(argb($0))\"/><bgColor indexed=\"64\"/></patternFill></fill>"
        }.joined()
        let border = "borderId=\"1\" applyBorder=\"1\""
        let top = "<alignment vertical=\"top\"/>"
        let wrapTop = "<alignment vertical=\"top\" wrapText=\"1\"/>"
        var formats = [
            "<xf numFmtId=\"0\" fontId=\"0\" fillId=\"0\" borderId=\"0\" xfId=\"0\"/>",
            "<xf numFmtId=\"0\" fontId=\"1\" fillId=\"2\" \(border) xfId=\"0\" applyFont=\"1\" applyFill=\"1\" applyAlignment=\"1\"><alignment vertical=\"center\" wrapText=\"1\"/></xf>",
            "<xf numFmtId=\"2\" fontId=\"0\" fillId=\"0\" \(border) xfId=\"0\" applyNumberFormat=\"1\" applyAlignment=\"1\">\(top)</xf>",
            "<xf numFmtId=\"1\" fontId=\"0\" fillId=\"0\" \(border) xfId=\"0\" applyNumberFormat=\"1\" applyAlignment=\"1\">\(top)</xf>",
            "<xf numFmtId=\"0\" fontId=\"2\" fillId=\"0\" borderId=\"0\" xfId=\"0\" applyFont=\"1\" applyAlignment=\"1\"><alignment wrapText=\"1\"/></xf>",
            "<xf numFmtId=\"0\" fontId=\"3\" fillId=\"0\" borderId=\"0\" xfId=\"0\" applyFont=\"1\"/>",
            "<xf numFmtId=\"0\" fontId=\"0\" fillId=\"0\" \(border) xfId=\"0\" quotePrefix=\"1\" applyAlignment=\"1\">\(wrapTop)</xf>",
            "<xf numFmtId=\"0\" fontId=\"0\" fillId=\"0\" \(border) xfId=\"0\" applyAlignment=\"1\">\(wrapTop)</xf>",
            "<xf numFmtId=\"164\" fontId=\"0\" fillId=\"0\" \(border) xfId=\"0\" applyNumberFormat=\"1\" applyAlignment=\"1\">\(top)</xf>",
            "<xf numFmtId=\"165\" fontId=\"0\" fillId=\"0\" \(border) xfId=\"0\" applyNumberFormat=\"1\" applyAlignment=\"1\">\(top)</xf>",
            "<xf numFmtId=\"166\" fontId=\"0\" fillId=\"0\" \(border) xfId=\"0\" applyNumberFormat=\"1\" applyAlignment=\"1\">\(top)</xf>",
        ]
        for index in BandColours.palette.indices {
            let font: Int = BandColours.isDark(index) ? 4 : 0
            formats.append(
                "<xf numFmtId=\"0\" fontId=\"\(font)\" fillId=\"\(3 + index)\" \(border) xfId=\"0\" applyFont=\"1\" applyFill=\"1\"/>"
            )
        }
        formats.append(
            "<xf numFmtId=\"0\" fontId=\"3\" fillId=\"0\" borderId=\"0\" xfId=\"0\" applyFont=\"1\" applyAlignment=\"1\">\(wrapTop)</xf>"
        )
        formats.append(
            "<xf numFmtId=\"0\" fontId=\"0\" fillId=\"0\" borderId=\"0\" xfId=\"0\" applyAlignment=\"1\">\(wrapTop)</xf>"
        )
        formats.append("<xf numFmtId=\"0\" fontId=\"1\" fillId=\"0\" borderId=\"0\" xfId=\"0\" applyFont=\"1\"/>")
        formats.append(
            "<xf numFmtId=\"2\" fontId=\"0\" fillId=\"0\" borderId=\"0\" xfId=\"0\" applyNumberFormat=\"1\"/>")
        formats.append(
            "<xf numFmtId=\"1\" fontId=\"0\" fillId=\"0\" borderId=\"0\" xfId=\"0\" applyNumberFormat=\"1\"/>")
        let centred = "<alignment horizontal=\"center\" vertical=\"top\" wrapText=\"1\"/>"
        for font in [0, 1, 5] {
            formats.append(
                "<xf numFmtId=\"0\" fontId=\"\(font)\" fillId=\"0\" borderId=\"0\" xfId=\"0\" applyFont=\"1\" applyAlignment=\"1\">\(centred)</xf>"
            )
        }
        formats.append("<xf numFmtId=\"0\" fontId=\"6\" fillId=\"0\" borderId=\"0\" xfId=\"0\" applyFont=\"1\"/>")
        formats.append("<xf numFmtId=\"0\" fontId=\"7\" fillId=\"0\" borderId=\"0\" xfId=\"0\" applyFont=\"1\"/>")
        let differential = BandColours.palette.indices.map { index -> String in
            let font: String = BandColours.isDark(index) ? "<font><color rgb=\"FFFFFFFF\"/></font>" : ""
            return
                "<dxf>\(font)<fill><patternFill patternType=\"solid\"><bgColor rgb=\"\(argb(BandColours.palette[index]))\"/></patternFill></fill></dxf>"
        }.joined()
        return """
            <?xml version="1.0" encoding="UTF-8" standalone="yes"?>
            <styleSheet xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main"><numFmts count="3"><numFmt numFmtId="164" formatCode="+0;-0;0"/><numFmt numFmtId="165" formatCode="dd/mm/yyyy"/><numFmt numFmtId="166" formatCode="dd/mm/yyyy hh:mm"/></numFmts><fonts count="8"><font><sz val="11"/><name val="Arial"/></font><font><b/><sz val="11"/><name val="Arial"/></font><font><b/><sz val="14"/><name val="Arial"/></font><font><i/><sz val="10"/><name val="Arial"/></font><font><sz val="11"/><color rgb="FFFFFFFF"/><name val="Arial"/></font><font><i/><sz val="11"/><name val="Arial"/></font><font><b/><i/><sz val="11"/><name val="Arial"/></font><font><sz val="10"/><name val="Arial"/></font></fonts><fills count="\(3 + BandColours.palette.count)"><fill><patternFill patternType="none"/></fill><fill><patternFill patternType="gray125"/></fill><fill><patternFill patternType="solid"><fgColor rgb="FFDDE4EC"/><bgColor indexed="64"/></patternFill></fill>\(paletteFills)</fills><borders count="2"><border><left/><right/><top/><bottom/><diagonal/></border><border><left style="thin"><color rgb="FF808080"/></left><right style="thin"><color rgb="FF808080"/></right><top style="thin"><color rgb="FF808080"/></top><bottom style="thin"><color rgb="FF808080"/></bottom><diagonal/></border></borders><cellStyleXfs count="1"><xf numFmtId="0" fontId="0" fillId="0" borderId="0"/></cellStyleXfs><cellXfs count="\(formats.count)">\(formats.joined())</cellXfs><cellStyles count="1"><cellStyle name="Normal" xfId="0" builtinId="0"/></cellStyles><dxfs count="\(BandColours.palette.count)">\(differential)</dxfs></styleSheet>
            """
    }()
}
