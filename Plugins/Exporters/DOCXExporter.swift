import CCHCCore
import Foundation

/// Word documents (WordprocessingML, zipped with ZIPFoundation): the report as an administrative
/// document on A4 in Times New Roman 13, its tables as real Word tables with an STT column and a
/// header row that repeats on every page, its notes after them; with a ``DocumentFrame``, laid
/// out as Nghị định 30/2020/NĐ-CP (Phụ lục I) prescribes: the header block in two columns, the
/// kind of document in capitals, the signature block and "Nơi nhận".
public struct DOCXExporter: Exporter {
    public let id = "docx"
    public let summary = "a Word document: tables as Word tables, in the official layout with 'export … --frame'"

    /// The tables it shows: a table's sections each as one.
    public func contents(of report: Report) -> String {
        Report.contents(Self.document(report.forPeople).tables, parts: "table")
    }
    public let showsOnScreen = false
    /// Creates the exporter.
    public init() {}

    public func export(_ report: Report) throws -> Data {
        let report = Self.document(report.forPeople)
        let layout = Layout(report)
        return try OfficeXML.archive([
            ("[Content_Types].xml", Self.contentTypes),
            (
                "_rels/.rels",
                OfficeXML.rootRelationships(
                    main: "word/document.xml",
                    type: "http://schemas.openxmlformats.org/officeDocument/2006/relationships/officeDocument")
            ),
            ("docProps/core.xml", OfficeXML.coreProperties(report)),
            ("docProps/app.xml", OfficeXML.appProperties),
            ("word/_rels/document.xml.rels", Self.documentRelationships),
            ("word/styles.xml", Self.styles),
            ("word/settings.xml", Self.settings),
            ("word/header1.xml", Self.pageNumberHeader),
            ("word/document.xml", layout.document()),
        ])
    }

    /// What a Word document leaves out of what people see elsewhere: a unit's id beside its name
    /// (a column, a fact, a section's title). The document's readers know units by name; the
    /// terminal keeps the id for typing commands, and workbooks for sorting and lookups.
    static func document(_ report: Report) -> Report {
        var report = report
        if report.facts.contains(where: { $0.key == "unit" }) {
            report.facts.removeAll { $0.key == "unit_id" }
        }
        report.tables = report.tables.map { table in
            var table = table
            // A section titled by its unit, `Tasks by unit — Bình Thành (binh-thanh)`, by name.
            if let title = table.title, let match = title.firstMatch(of: #/ \([a-z0-9]+(?:-[a-z0-9]+)+\)$/#) {
                table.title = String(title[..<match.range.lowerBound])
            }
            guard table.column("unit") != nil, let id = table.column("unit_id") else { return table }
            table.columns.remove(at: id)
            table.rows = table.rows.map { row in
                var row = row
                if id < row.count { row.remove(at: id) }
                return row
            }
            return table
        }
        return report
    }

    // MARK: Page

    /// Twentieths of a point: A4 and the margins of NĐ 30/2020 (top and bottom 20 mm, left
    /// 30 mm, right 15 mm).
    static let pageWidth = 11_906
    static let pageHeight = 16_838
    static let marginTop = 1_134
    static let marginBottom = 1_134
    static let marginLeft = 1_701
    static let marginRight = 851

    /// The document, laid out.
    struct Layout {
        let report: Report
        let vietnamese: Bool
        let landscape: Bool
        /// The width of the text between the margins, in twentieths of a point.
        let textWidth: Int

        /// Tables much wider than the text in portrait turn the page (NĐ 30/2020 allows a
        /// document with tables across the page's width).
        init(_ report: Report) {
            self.report = report
            vietnamese = report.language == "vi"
            let portrait = Double(DOCXExporter.pageWidth - DOCXExporter.marginLeft - DOCXExporter.marginRight)
            landscape = report.tables.contains { table in
                let widths = Self.widths(table, vietnamese: report.language == "vi")
                let margins = Double(widths.wanted.count) * Self.cellMargins
                // Squeezed into portrait, only long text may wrap: a short value made to wrap (a
                // name, a band) makes every row taller, so such a table turns the page instead.
                let kept = zip(widths.wanted, widths.least).map { $0 > Self.textFloor ? $1 : $0 }
                return kept.reduce(0, +) + margins > portrait
                    || widths.wanted.reduce(0, +) + margins > portrait * 1.5
            }
            textWidth =
                (landscape ? DOCXExporter.pageHeight : DOCXExporter.pageWidth) - DOCXExporter.marginLeft
                - DOCXExporter.marginRight
        }

        /// Each column's text widths in twentieths of a point, the STT column first (when it has
        /// one), measured in the tables' Times New Roman 11 pt (``TextMetrics``, the header bold):
        /// `wanted` holds its longest value on one line or its header's longest word (headers wrap
        /// between words), at most ``widest``; `least` its header's longest word and its values'
        /// longest word (up to ``longWord``: a longer key may break), so no word of the language
        /// is ever broken; `header` its header on one line; `whole` its longest value on one line,
        /// however long.
        static func widths(_ table: ReportTable, vietnamese: Bool) -> (
            wanted: [Double], least: [Double], header: [Double], whole: [Double]
        ) {
            func measure(_ text: String, bold: Bool) -> Double {
                TextMetrics.width(text, bold: bold, points: 11) * safety
            }
            func longestWord(_ text: String, bold: Bool) -> Double {
                text.split(whereSeparator: { $0 == " " || $0 == "\n" || $0 == "\u{200B}" }).map {
                    measure(String($0), bold: bold)
                }.max() ?? 0
            }
            let number = vietnamese ? "STT" : "No."
            let count = max(measure(String(table.rows.count), bold: false), measure(number, bold: true))
            let first = Self.isNumbered(table) ? [count] : []
            var wanted = first
            var least = first
            var header = first
            var wholes = first
            for index in table.columns.indices {
                let values = table.rows.map { Self.printed($0[index], vietnamese: vietnamese) }
                let title = table.columns[index].header
                let headerWord = longestWord(title, bold: true)
                let valueWord = values.map { longestWord($0, bold: false) }.max() ?? 0
                let whole = values.map { measure($0, bold: false) }.max() ?? 0
                wanted.append(min(max(whole, valueWord, headerWord), max(widest, headerWord)))
                // A header word never breaks; a value's long word (an evidence key) may.
                least.append(max(headerWord, min(valueWord, longWord)))
                header.append(measure(title, bold: true))
                wholes.append(whole)
            }
            return (wanted, least, header, wholes)
        }

        /// Measured widths are taken a little wider: a renderer's rounding and hinting.
        static let safety = 1.04
        /// Twentieths of a point: the widest a column of long text is made (about 10 cm), the
        /// longest value word kept whole (an evidence key beyond it may break), and the least a
        /// column of long text keeps when the table is squeezed (a title should not shrink to one
        /// word a line while another column keeps its width).
        static let widest = 5600.0
        static let longWord = 1960.0
        static let textFloor = 2240.0
        /// The columns whose values may stand for STT: a ranking's ranks, a scorecard's fields.
        static let countingKeys: Set<String> = ["rank", "field"]
        /// The most rows a table kept on one page may have.
        static let keptWhole = 6
        /// A cell's left and right margins (57 each) and its borders, in twentieths of a point.
        static let cellMargins = 140.0

        /// The columns' widths in twentieths of a point: as wide as their text, and headers that
        /// would wrap widened to one line (or two, or three) while the page has room; when the table is wider
        /// than the page, each column gives up width towards its longest word in proportion to
        /// what it can give.
        func columnWidths(_ table: ReportTable) -> [Int] {
            let (wanted, least, header, whole) = Self.widths(table, vietnamese: vietnamese)
            var want = wanted.map { $0 + Self.cellMargins }
            let available = Double(textWidth)
            let room = available - want.reduce(0, +)
            // A column of long text keeps some width; a shorter one may wrap between its words.
            let floor = zip(least, wanted).map {
                ($1 > Self.textFloor ? max($0, Self.textFloor) : $0) + Self.cellMargins
            }
            if room >= 0 {
                // Headers that would wrap get one line, the nearest to it first, while the
                // page has room: the most headers on one line for the room there is; then those
                // still wrapping about two lines, then three.
                var left = room
                for lines in [1.0, 2.0, 3.0] {
                    left -= Self.widenHeaders(&want, header: header, lines: lines, budget: left)
                }
                // Headers still a word a line take three lines', then two, from long text.
                Self.headersFromLongText(&want, header: header, wanted: wanted, floor: floor)
                // Long text kept to ``widest`` gets the room still left, towards one line each: a
                // short table's titles need not wrap on a page with width to spare.
                let short = want.indices.map { max(0, whole[$0] + Self.cellMargins - want[$0]) }
                let shortTotal = short.reduce(0, +)
                if shortTotal > 0, left > 0 {
                    let share = min(1, left / shortTotal)
                    want = want.indices.map { want[$0] + short[$0] * share }
                }
                return want.map { Int($0) }
            }
            let excess = want.reduce(0, +) - available
            // Columns of long text give first, towards their floors: they wrap anyway, while a
            // short value made to wrap (a status, a date, a name) makes every row taller. Short
            // columns give towards their longest word only for what is still missing.
            let isLong = wanted.map { $0 > Self.textFloor }
            let spareAbove = zip(want, floor).map { max(0, $0 - $1) }
            let longGive = spareAbove.indices.reduce(0) { $0 + (isLong[$1] ? spareAbove[$1] : 0) }
            let shortGive = spareAbove.reduce(0, +) - longGive
            if longGive + shortGive >= excess {
                let fromLong = min(excess, longGive)
                let fromShort = excess - fromLong
                var widths = want.indices.map { index in
                    want[index] - spareAbove[index]
                        * (isLong[index]
                            ? (longGive > 0 ? fromLong / longGive : 0) : (shortGive > 0 ? fromShort / shortGive : 0))
                }
                Self.headersFromLongText(&widths, header: header, wanted: wanted, floor: floor)
                return widths.map { Int($0) }
            }
            // Still too wide at those floors: long text goes below its floor, towards its longest
            // word, before any word is broken (`ST|T`, `Điể|m`); only then is every column scaled.
            let hard = least.map { $0 + Self.cellMargins }
            let over = floor.reduce(0, +) - available
            let slack = zip(floor, hard).map { max(0, $0 - $1) }
            let slackTotal = slack.reduce(0, +)
            if slackTotal >= over {
                return floor.indices.map { Int(floor[$0] - slack[$0] * over / slackTotal) }
            }
            let scale = available / hard.reduce(0, +)
            return hard.map { Int($0 * scale) }
        }

        /// Headers squeezed to a word a line (`Chỉ / số / khi / lập / kế / hoạch`) get three
        /// lines' width, then two, the nearest first, from what the columns of long text still
        /// have above their floors: their text wraps a line more instead. Only long text gives: a
        /// short value made to wrap would make every row taller.
        static func headersFromLongText(_ widths: inout [Double], header: [Double], wanted: [Double], floor: [Double]) {
            for lines in [3.0, 2.0] {
                let spare = widths.indices.map {
                    header[$0] / lines + cellMargins > widths[$0] || wanted[$0] <= textFloor
                        ? 0 : max(0, widths[$0] - floor[$0])
                }
                let spareTotal = spare.reduce(0, +)
                let used = widenHeaders(&widths, header: header, lines: lines, budget: spareTotal)
                guard used > 0 else { continue }
                widths = widths.indices.map { widths[$0] - spare[$0] * used / spareTotal }
            }
        }

        /// Widens the columns whose header (one line `header` wide) would take more than `lines`
        /// lines to that many lines' width, the nearest to it first, within `budget`.
        /// - Returns: the width given.
        static func widenHeaders(_ widths: inout [Double], header: [Double], lines: Double, budget: Double) -> Double {
            let need = widths.indices.map { max(0, header[$0] / lines + cellMargins - widths[$0]) }
            var left = budget
            for index in need.indices.filter({ need[$0] > 0 }).sorted(by: { need[$0] < need[$1] })
            where need[index] <= left {
                widths[index] += need[index]
                left -= need[index]
            }
            return budget - left
        }

        func document() -> String {
            var body: [String] = []
            if let frame = report.frame {
                body.append(header(frame))
                body.append(paragraph(frame.kind.uppercased(), bold: true, size: 28, align: "center", before: 240))
                if let title = report.title {
                    body.append(paragraph(frame.subject(of: title), bold: true, size: 28, align: "center", after: 240))
                }
            } else if let title = report.title {
                body.append(paragraph(title, bold: true, size: 28, align: "center", after: 240))
            }
            // A framed document is dated and signed: when and by whom the file was made stays in
            // its properties, not in its text.
            let provenance: Set<String> = report.frame == nil ? [] : DocumentFrame.provenanceFacts
            for fact in report.facts where !provenance.contains(fact.key) {
                body.append(
                    paragraph(
                        runs: [
                            run("\(fact.label): ", bold: true, size: 26), run(display(fact.value), size: 26),
                        ], align: "both", after: 60))
            }
            for table in report.tables { body.append(contentsOf: tables(table)) }
            for note in report.notes {
                body.append(
                    paragraph(note, italic: true, size: 24, align: "both", after: 60, keepNext: report.frame != nil))
            }
            if let frame = report.frame { body.append(signature(frame)) }
            // Two tables with nothing between them are one table to Word and LibreOffice (the
            // second's borders and all): a table is always followed by a paragraph before the next.
            for index in body.indices.reversed().dropLast()
            where body[index].hasPrefix("<w:tbl>") && body[index - 1].hasPrefix("<w:tbl>") {
                body.insert(paragraph("", size: 12), at: index)
            }
            let width = landscape ? DOCXExporter.pageHeight : DOCXExporter.pageWidth
            let height = landscape ? DOCXExporter.pageWidth : DOCXExporter.pageHeight
            let orientation = landscape ? " w:orient=\"landscape\"" : ""
            let section = """
                <w:sectPr><w:headerReference w:type="default" r:id="rId3"/><w:pgSz w:w="\(width)" w:h="\(height)"\(orientation)/><w:pgMar w:top="\(DOCXExporter.marginTop)" w:right="\(DOCXExporter.marginRight)" w:bottom="\(DOCXExporter.marginBottom)" w:left="\(DOCXExporter.marginLeft)" w:header="567" w:footer="567" w:gutter="0"/><w:titlePg/></w:sectPr>
                """
            return """
                <?xml version="1.0" encoding="UTF-8" standalone="yes"?>
                <w:document xmlns:w="http://schemas.openxmlformats.org/wordprocessingml/2006/main" xmlns:r="http://schemas.openxmlformats.org/officeDocument/2006/relationships"><w:body>\(body.joined())\(section)</w:body></w:document>
                """
        }

        /// The cell as the document prints it: dates as a reader writes them (05/10/2024) and
        /// time stamps in Vietnam's time in either language, numbers with a decimal comma in `vi`.
        func display(_ cell: Cell) -> String { Self.printed(cell, vietnamese: vietnamese) }

        static func printed(_ cell: Cell, vietnamese: Bool) -> String {
            guard case .text(let text) = cell else { return cell.printed(vietnamese: vietnamese) }
            if let date = Cell.printedDate(text) { return date }
            return breakable(cell.printed(vietnamese: vietnamese))
        }

        /// An evidence key (`plan.cchc_plan_issued_on_time`) may break after its dots and
        /// underscores (a zero-width space, which Word and LibreOffice break at and do not show)
        /// rather than anywhere inside a word when its column is narrower than it. Text whose
        /// words are all short (`w.sqlite`, `2.4`) is left as it is: it fits, and a copied file
        /// name stays the file's.
        static func breakable(_ text: String) -> String {
            guard text.utf8.contains(where: { $0 == 0x2E || $0 == 0x5F }),
                text.split(whereSeparator: \.isWhitespace).contains(where: { $0.count > 16 })
            else { return text }
            var result = ""
            result.reserveCapacity(text.utf8.count + 8)
            var previous: Character = " "
            for character in text {
                if (previous == "." || previous == "_"), character.isLetter, !result.isEmpty {
                    // Only inside a word: letters before the mark and after it.
                    let before = result.dropLast().last
                    if before?.isLetter == true || before?.isNumber == true { result.append("\u{200B}") }
                }
                result.append(character)
                previous = character
            }
            return result
        }

        // MARK: The frame

        /// The header block: the bodies and the number on the left, the motto and the date on
        /// the right, in a table without borders.
        func header(_ frame: DocumentFrame) -> String {
            // The left half as wide as the issuing bodies' names need to stay on one line, when the
            // national name on the right keeps its line.
            let nationWidth = Int(TextMetrics.width(DocumentFrame.nation, bold: true, points: 12) * 1.04) + 200
            let bodiesWidth =
                Int(
                    max(
                        TextMetrics.width(frame.issuer.uppercased(), bold: true, points: 13),
                        TextMetrics.width(frame.superior?.uppercased() ?? "", bold: false, points: 13)) * 1.04) + 200
            let left = max(Int(Double(textWidth) * 0.42), min(bodiesWidth, textWidth - nationWidth))
            let right = textWidth - left
            var bodies: [String] = []
            if let superior = frame.superior {
                bodies.append(paragraph(superior.uppercased(), size: 26, align: "center"))
            }
            bodies.append(paragraph(frame.issuer.uppercased(), bold: true, size: 26, align: "center"))
            bodies.append(rule(width: left, share: 0.35))
            bodies.append(paragraph(frame.numberLine, size: 26, align: "center", before: 60))
            let nation = [
                paragraph(DocumentFrame.nation, bold: true, size: 24, align: "center"),
                paragraph(DocumentFrame.motto, bold: true, size: 26, align: "center"),
                rule(width: right, share: 0.55),
                paragraph(frame.dateLine, italic: true, size: 26, align: "center", before: 60),
            ]
            return borderless(columns: [left, right], cells: [bodies.joined(), nation.joined()])
        }

        /// The signature block: "Nơi nhận" on the left, who signs on the right.
        func signature(_ frame: DocumentFrame) -> String {
            let left = Int(Double(textWidth) * 0.45)
            let right = textWidth - left
            var recipients = [
                paragraph(
                    runs: [run("Nơi nhận:", bold: true, italic: true, size: 24)], align: "left", before: 240)
            ]
            for (index, name) in frame.recipients.enumerated() {
                let end = index == frame.recipients.count - 1 ? "." : ";"
                let text = name.hasSuffix(".") || name.hasSuffix(";") ? String(name.dropLast()) : name
                recipients.append(paragraph("- \(text)\(end)", size: 22, align: "left"))
            }
            // TM. ỦY BAN NHÂN DÂN / KT. CHỦ TỊCH / PHÓ CHỦ TỊCH, one a line.
            let lines = frame.authorityLines + [frame.signerTitle].compactMap { $0 }
            var signer = lines.enumerated().map { index, line in
                paragraph(line.uppercased(), bold: true, size: 26, align: "center", before: index == 0 ? 240 : 0)
            }
            // Room to sign and stamp.
            signer += Array(repeating: paragraph("", size: 26), count: 4)
            if let name = frame.signer { signer.append(paragraph(name, bold: true, size: 28, align: "center")) }
            return borderless(columns: [left, right], cells: [recipients.joined(), signer.joined()], together: true)
        }

        /// A short horizontal line, centred in a cell `width` wide, `share` of it long.
        func rule(width: Int, share: Double) -> String {
            let indent = Int(Double(width) * (1 - share) / 2)
            return
                "<w:p><w:pPr><w:pBdr><w:top w:val=\"single\" w:sz=\"6\" w:space=\"1\" w:color=\"000000\"/></w:pBdr><w:spacing w:before=\"80\" w:after=\"0\" w:line=\"120\" w:lineRule=\"exact\"/><w:ind w:left=\"\(indent)\" w:right=\"\(indent)\"/></w:pPr></w:p>"
        }

        /// A table without borders; `together` keeps its row on one page.
        func borderless(columns: [Int], cells: [String], together: Bool = false) -> String {
            let grid = columns.map { "<w:gridCol w:w=\"\($0)\"/>" }.joined()
            let row = zip(columns, cells).map { width, content in
                "<w:tc><w:tcPr><w:tcW w:w=\"\(width)\" w:type=\"dxa\"/></w:tcPr>\(content)</w:tc>"
            }.joined()
            return
                "<w:tbl><w:tblPr><w:tblW w:w=\"\(textWidth)\" w:type=\"dxa\"/><w:tblBorders><w:top w:val=\"nil\"/><w:left w:val=\"nil\"/><w:bottom w:val=\"nil\"/><w:right w:val=\"nil\"/><w:insideH w:val=\"nil\"/><w:insideV w:val=\"nil\"/></w:tblBorders><w:tblLayout w:type=\"fixed\"/><w:tblCellMar><w:left w:w=\"0\" w:type=\"dxa\"/><w:right w:w=\"0\" w:type=\"dxa\"/></w:tblCellMar></w:tblPr><w:tblGrid>\(grid)</w:tblGrid><w:tr>\(together ? "<w:trPr><w:cantSplit/></w:trPr>" : "")\(row)</w:tr></w:tbl>"
        }

        // MARK: Tables

        /// Whether a table gets the STT column: not when its ranks or fields (``countingKeys``)
        /// already count its rows 1, 2, 3… (a ranking without ties, fields 1 to 9), which STT
        /// would repeat. Other numbers (a plan's task numbers) may count 1, 2, 3 in one unit's
        /// table by chance: every table keeps STT there.
        static func isNumbered(_ table: ReportTable) -> Bool {
            guard table.sections.isEmpty, !table.rows.isEmpty else { return true }
            return !table.columns.indices.contains { column in
                countingKeys.contains(table.columns[column].key)
                    && table.rows.enumerated().allSatisfy { index, row in
                        switch row[column] {
                        case .integer(let value): value == index + 1
                        case .text(let text): text == String(index + 1)
                        default: false
                        }
                    }
            }
        }

        /// The table under its title, or one table per section under each section's title.
        func tables(_ table: ReportTable) -> [String] {
            var parts: [String] = []
            if let title = table.title {
                parts.append(paragraph(title, bold: true, size: 26, before: 240, after: 120, keepNext: true))
            }
            guard !table.columns.isEmpty else { return parts }
            if table.rows.isEmpty {
                parts.append(
                    paragraph(table.whenEmpty ?? (vietnamese ? "(không có)" : "(none)"), italic: true, size: 24))
                return parts
            }
            var start = 0
            let sections = table.sections.isEmpty ? [TableSection(title: "", count: table.rows.count)] : table.sections
            for section in sections {
                let rows = Array(table.rows[start..<min(table.rows.count, start + section.count)])
                start += section.count
                if !section.title.isEmpty {
                    parts.append(
                        paragraph(
                            section.title, bold: true, italic: true, size: 24, before: 120, after: 60, keepNext: true))
                }
                parts.append(grid(table, rows: rows))
            }
            return parts
        }

        /// A Word table: the STT column (unless ``isNumbered(_:)`` says a column counts the rows),
        /// a shaded bold header that repeats on every page, thin borders, numbers right-aligned.
        func grid(_ table: ReportTable, rows: [[Cell]]) -> String {
            let widths = columnWidths(table)
            let gridColumns = widths.map { "<w:gridCol w:w=\"\($0)\"/>" }.joined()
            func cell(
                _ content: String, width: Int, align: String, bold: Bool = false, shaded: Bool = false,
                keepNext: Bool = false
            ) -> String {
                let shade = shaded ? "<w:shd w:val=\"clear\" w:color=\"auto\" w:fill=\"D9D9D9\"/>" : ""
                return
                    "<w:tc><w:tcPr><w:tcW w:w=\"\(width)\" w:type=\"dxa\"/>\(shade)<w:vAlign w:val=\"center\"/></w:tcPr>\(paragraph(content, bold: bold, size: 22, align: align, keepNext: keepNext))</w:tc>"
            }
            // No table starts at a page's foot with its header alone: the header and the first row
            // keep with the next (Word's "keep with next" on their paragraphs), so two rows start a
            // page, and a table of up to ``keptWhole`` rows is not split; never the last row
            // (LibreOffice reads a kept last row as the whole table kept with what follows, and a
            // chain of kept tables moves whole pages).
            let numbered = Self.isNumbered(table)
            let offset = numbered ? 1 : 0
            let headers = (numbered ? [vietnamese ? "STT" : "No."] : []) + table.columns.map(\.header)
            let head =
                "<w:tr><w:trPr><w:tblHeader/><w:cantSplit/></w:trPr>"
                + zip(headers, widths).map {
                    cell($0, width: $1, align: "center", bold: true, shaded: true, keepNext: !rows.isEmpty)
                }.joined()
                + "</w:tr>"
            let body = rows.enumerated().map { index, cells in
                // A short table (a scenario's few changes) stays on one page: each row but the
                // last keeps with the next.
                let keep = index < rows.count - 1 && (index == 0 || rows.count <= Self.keptWhole)
                return "<w:tr><w:trPr><w:cantSplit/></w:trPr>"
                    + (numbered ? cell(String(index + 1), width: widths[0], align: "center", keepNext: keep) : "")
                    + cells.enumerated().map { column, value in
                        cell(
                            display(value), width: widths[column + offset],
                            align: value.isNumeric ? "right" : "left", keepNext: keep)
                    }.joined() + "</w:tr>"
            }.joined()
            let border = "w:val=\"single\" w:sz=\"4\" w:space=\"0\" w:color=\"000000\""
            return
                "<w:tbl><w:tblPr><w:tblW w:w=\"\(widths.reduce(0, +))\" w:type=\"dxa\"/><w:tblBorders><w:top \(border)/><w:left \(border)/><w:bottom \(border)/><w:right \(border)/><w:insideH \(border)/><w:insideV \(border)/></w:tblBorders><w:tblLayout w:type=\"fixed\"/><w:tblCellMar><w:left w:w=\"57\" w:type=\"dxa\"/><w:right w:w=\"57\" w:type=\"dxa\"/></w:tblCellMar></w:tblPr><w:tblGrid>\(gridColumns)</w:tblGrid>\(head)\(body)</w:tbl>"
        }

        // MARK: Paragraphs

        func run(_ text: String, bold: Bool = false, italic: Bool = false, size: Int) -> String {
            let properties =
                (bold ? "<w:b/><w:bCs/>" : "") + (italic ? "<w:i/><w:iCs/>" : "")
                + "<w:sz w:val=\"\(size)\"/><w:szCs w:val=\"\(size)\"/>"
            // A line break in the text is a line break in the document.
            let lines = text.split(separator: "\n", omittingEmptySubsequences: false).map {
                "<w:t xml:space=\"preserve\">\(OfficeXML.text(String($0)))</w:t>"
            }
            return "<w:r><w:rPr>\(properties)</w:rPr>\(lines.joined(separator: "<w:br/>"))</w:r>"
        }

        func paragraph(
            _ text: String, bold: Bool = false, italic: Bool = false, size: Int, align: String = "left",
            before: Int = 0, after: Int = 0, keepNext: Bool = false
        ) -> String {
            paragraph(
                runs: [run(text, bold: bold, italic: italic, size: size)], align: align, before: before, after: after,
                keepNext: keepNext)
        }

        /// A paragraph; `keepNext` keeps it on the page of what follows (a heading with its table).
        func paragraph(
            runs: [String], align: String = "left", before: Int = 0, after: Int = 0, keepNext: Bool = false
        ) -> String {
            let keep = keepNext ? "<w:keepNext/>" : ""
            return
                "<w:p><w:pPr>\(keep)<w:spacing w:before=\"\(before)\" w:after=\"\(after)\"/><w:jc w:val=\"\(align)\"/></w:pPr>\(runs.joined())</w:p>"
        }
    }

    // MARK: Parts

    static let contentTypes = """
        <?xml version="1.0" encoding="UTF-8" standalone="yes"?>
        <Types xmlns="http://schemas.openxmlformats.org/package/2006/content-types"><Default Extension="rels" ContentType="application/vnd.openxmlformats-package.relationships+xml"/><Default Extension="xml" ContentType="application/xml"/><Override PartName="/word/document.xml" ContentType="application/vnd.openxmlformats-officedocument.wordprocessingml.document.main+xml"/><Override PartName="/word/styles.xml" ContentType="application/vnd.openxmlformats-officedocument.wordprocessingml.styles+xml"/><Override PartName="/word/settings.xml" ContentType="application/vnd.openxmlformats-officedocument.wordprocessingml.settings+xml"/><Override PartName="/word/header1.xml" ContentType="application/vnd.openxmlformats-officedocument.wordprocessingml.header+xml"/>\(OfficeXML.propertiesContentTypes)</Types>
        """

    static let documentRelationships = """
        <?xml version="1.0" encoding="UTF-8" standalone="yes"?>
        <Relationships xmlns="http://schemas.openxmlformats.org/package/2006/relationships"><Relationship Id="rId1" Type="http://schemas.openxmlformats.org/officeDocument/2006/relationships/styles" Target="styles.xml"/><Relationship Id="rId2" Type="http://schemas.openxmlformats.org/officeDocument/2006/relationships/settings" Target="settings.xml"/><Relationship Id="rId3" Type="http://schemas.openxmlformats.org/officeDocument/2006/relationships/header" Target="header1.xml"/></Relationships>
        """

    /// Times New Roman 13 for the whole document, in Vietnamese.
    static let styles = """
        <?xml version="1.0" encoding="UTF-8" standalone="yes"?>
        <w:styles xmlns:w="http://schemas.openxmlformats.org/wordprocessingml/2006/main"><w:docDefaults><w:rPrDefault><w:rPr><w:rFonts w:ascii="Times New Roman" w:hAnsi="Times New Roman" w:eastAsia="Times New Roman" w:cs="Times New Roman"/><w:sz w:val="26"/><w:szCs w:val="26"/><w:lang w:val="vi-VN" w:eastAsia="vi-VN" w:bidi="ar-SA"/></w:rPr></w:rPrDefault><w:pPrDefault><w:pPr><w:spacing w:after="0" w:line="240" w:lineRule="auto"/></w:pPr></w:pPrDefault></w:docDefaults><w:style w:type="paragraph" w:default="1" w:styleId="Normal"><w:name w:val="Normal"/><w:qFormat/></w:style><w:style w:type="table" w:default="1" w:styleId="TableNormal"><w:name w:val="Normal Table"/><w:tblPr><w:tblInd w:w="0" w:type="dxa"/><w:tblCellMar><w:top w:w="0" w:type="dxa"/><w:left w:w="108" w:type="dxa"/><w:bottom w:w="0" w:type="dxa"/><w:right w:w="108" w:type="dxa"/></w:tblCellMar></w:tblPr></w:style></w:styles>
        """

    static let settings = """
        <?xml version="1.0" encoding="UTF-8" standalone="yes"?>
        <w:settings xmlns:w="http://schemas.openxmlformats.org/wordprocessingml/2006/main"><w:defaultTabStop w:val="720"/><w:compat><w:compatSetting w:name="compatibilityMode" w:uri="http://schemas.microsoft.com/office/word" w:val="15"/></w:compat></w:settings>
        """

    /// The page number, centred at the top of every page but the first (NĐ 30/2020).
    static let pageNumberHeader = """
        <?xml version="1.0" encoding="UTF-8" standalone="yes"?>
        <w:hdr xmlns:w="http://schemas.openxmlformats.org/wordprocessingml/2006/main"><w:p><w:pPr><w:jc w:val="center"/></w:pPr><w:r><w:fldChar w:fldCharType="begin"/></w:r><w:r><w:instrText xml:space="preserve"> PAGE </w:instrText></w:r><w:r><w:fldChar w:fldCharType="separate"/></w:r><w:r><w:t>2</w:t></w:r><w:r><w:fldChar w:fldCharType="end"/></w:r></w:p></w:hdr>
        """
}
