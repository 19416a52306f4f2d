import CCHCCore
import CCHCREPL
import CCHCTesting
import Foundation
import Testing

@testable import Exporters

#if canImport(FoundationXML)
    import FoundationXML
#endif

@Suite struct ExportTests {
    let folder: URL
    let scratch: TemporaryFolder

    init() throws {
        scratch = try TemporaryFolder("cchc-export")
        folder = scratch.url
    }

    func path(_ name: String) -> String { folder.appendingPathComponent(name).path }

    /// A user's slips are refused in the export's own words, and nothing is written: a format
    /// the path's extension contradicts, a unit left out, a year with nothing recorded.
    @Test func exportSlipsAreRefusedInTheExportsOwnWords() throws {
        let engine = try makeSampleEngine()
        #expect(
            engine.handle("export ranking xlsx \(path("r.docx"))")
                == "Error: [export] \(path("r.docx")) ends in .docx, but the format is xlsx: name the file .xlsx, or give the format docx"
        )
        #expect(
            engine.handle("export scorecard docx \(path("s.docx"))")
                == "Error: [export] Name the unit: 'export scorecard UNIT FORMAT PATH', e.g. 'export scorecard tu-ha docx \(path("s.docx"))'"
        )
        let hint =
            "nothing is recorded for 2034 yet (years with data: 2023, 2024); import its scores or evidence with --year 2034, or go back with 'year 2024'"
        #expect(engine.handle("year 2034").hasSuffix("\nWarning: \(hint)"))
        #expect(engine.handle("export ranking docx \(path("y.docx"))") == "Error: [export] Nothing to export: \(hint)")
        #expect(engine.execute("year 2024").succeeded)
        #expect(!engine.handle("year 2023").contains("Warning"))
        #expect(try FileManager.default.contentsOfDirectory(atPath: folder.path).isEmpty)
        // A name that is not another format's (a Markdown file as .txt) is the user's to choose.
        #expect(engine.execute("export ranking markdown \(path("r.txt"))").succeeded)
    }

    @Test func csvFilesCarryABOMQuoteFieldsAndNeutraliseFormulas() throws {
        let report = Report(tables: [
            ReportTable(
                key: "t", columns: [Column("a", "A"), Column("b", "B")],
                rows: [
                    [.text("=SUM(A1:A9)"), .number(-1.5)], [.text("+1"), .text("-2 cmd|' /C calc'!A0")],
                    [.text("@x"), .text("\tTab")], [.text("Hương \"Văn\", Ưu"), .text("a\nb")],
                ])
        ])
        let data = try CSVExporter().exportFile(report)
        #expect(data.starts(with: [0xEF, 0xBB, 0xBF]))
        let text = String(decoding: data.dropFirst(3), as: UTF8.self)
        #expect(
            text
                == "a,b\r\n'=SUM(A1:A9),-1.50\r\n'+1,'-2 cmd|' /C calc'!A0\r\n'@x,'\tTab\r\n\"Hương \"\"Văn\"\", Ưu\",\"a\r\nb\"\r\n"
        )
        // The screen format is unchanged: no mark, no apostrophes.
        #expect(String(decoding: try CSVExporter().export(report), as: UTF8.self).hasPrefix("a,b\n=SUM"))
    }

    @Test func noTwoTablesOfADocumentTouchSoNeitherMergesIntoTheOther() throws {
        // Word and LibreOffice join adjacent tables: a report's last table would take the
        // borderless signature block's look.
        let engine = try makeSampleEngine()
        for line in [
            "frame set issuer \"UBND THỊ XÃ HƯƠNG TRÀ\"", "frame set place \"Hương Trà\"",
            "feedback add --unit tu-ha --criterion 3.2.4 \"x\"", "plan new p",
        ] {
            #expect(engine.execute(line).succeeded, "\(line)")
        }
        for (index, what) in ["feedback report", "ranking", "plan p", "scorecard tu-ha"].enumerated() {
            let file = folder.appendingPathComponent("d\(index).docx")
            #expect(engine.execute("export \(what) docx \(file.path) --frame").succeeded, "\(what)")
            let document = String(
                decoding: try #require(try XLSXReader.entries(file)["word/document.xml"]), as: UTF8.self)
            #expect(!document.contains("</w:tbl><w:tbl>"), "\(what)")
        }
    }

    @Test func theLineAnExportPrintsCountsWhatTheFileHolds() throws {
        let engine = try makeSampleEngine()
        #expect(engine.execute("plan new p").succeeded)
        // A plan's tasks are one table for scripts, a table per unit in a document, and one sheet
        // with a unit column in a workbook (it filters, sorts and prints as one list).
        let workbook = engine.handle("export plan p xlsx \(path("p.xlsx"))")
        let sheets = try XLSXReader.read(folder.appendingPathComponent("p.xlsx"))
        #expect(sheets.count == 3)
        #expect(workbook.contains("(xlsx, 3 sheets, "), "\(workbook)")
        let tasks = try #require(sheets.first { $0.name == "Tasks by unit" })
        let header = try #require(tasks.rows.first { $0.first == "No." })
        #expect(header.prefix(3) == ["No.", "Unit", "Criterion"])
        let document = engine.handle("export plan p docx \(path("p.docx"))")
        let units = try #require(document.firstMatch(of: #/\(docx, (\d+) tables, /#)).output.1
        #expect(Int(units)! > 3)
        #expect(engine.handle("export plan p csv \(path("p.csv"))").contains("(csv, 3 tables, "))
        #expect(engine.handle("export ranking xlsx \(path("r.xlsx"))").contains("(xlsx, 1 sheet, 14 rows)"))
    }

    @Test func csvFilesSayWhatTheyAreInColumnsAndComeInExcelsVietnameseStyle() throws {
        let engine = try makeSampleEngine()
        #expect(engine.execute("export scorecard tu-ha csv \(path("s.csv"))").succeeded)
        let card = String(
            decoding: try Data(contentsOf: URL(fileURLWithPath: path("s.csv"))).dropFirst(3), as: UTF8.self)
        #expect(card.hasPrefix("year,scenario,unit_id,set,field,"))
        #expect(card.contains("\r\n2024,baseline,tu-ha,commune,1,"))
        #expect(engine.execute("export ranking csv \(path("r.csv")) --csv-style excel-vi").succeeded)
        let ranking = String(
            decoding: try Data(contentsOf: URL(fileURLWithPath: path("r.csv"))).dropFirst(3), as: UTF8.self)
        #expect(ranking.hasPrefix("year;scenario;rank;unit_id;unit;set;total;max;index_pct;"))
        #expect(ranking.contains("\r\n2024;baseline;1;huong-toan;Hương Toàn;commune;94,05;100,00;94,05;"))
        #expect(
            engine.handle("export ranking html \(path("r.html")) --csv-style excel-vi").contains(
                "--csv-style is for csv"))
        #expect(
            engine.handle("export ranking csv \(path("x.csv")) --csv-style excel").contains("Unknown CSV style 'excel'")
        )
    }

    /// Unit names as a hostile or careless file could bring them.
    static let hostileNames = [
        "<script>alert(1)</script>", "*[Hương Văn](javascript:alert(1))*", "Xã_A & B | C", "# Tiêu đề",
        "=HYPERLINK(\"http://x\")", "Tứ\u{1B}[31mHạ\u{0}\u{7F}",
    ]

    static var hostileReport: Report {
        Report(
            title: "Ranking <b>", facts: [Fact("unit", "Unit", .text("a\u{7}b"))],
            tables: [
                ReportTable(
                    key: "t", columns: [Column("unit", "Unit")], rows: hostileNames.map { [Cell.text($0)] })
            ], notes: ["_note_ <i>"])
    }

    @Test func markdownKeepsHostileNamesAsTextAndNoFormatLetsAControlCharacterThrough() throws {
        let markdown = String(decoding: try MarkdownExporter().export(Self.hostileReport), as: UTF8.self)
        #expect(!markdown.contains("<script>") && markdown.contains("&lt;script&gt;"))
        #expect(markdown.contains(#"\*\[Hương Văn\](javascript:alert(1))\*"#))
        #expect(markdown.contains(#"Xã\_A &amp; B \| C"#))
        #expect(markdown.contains(##"| \# Tiêu đề |"##))
        #expect(markdown.contains("### Ranking &lt;b&gt;"))
        #expect(markdown.contains(#"_\_note\_ &lt;i&gt;_"#))
        for exporter in [
            MarkdownExporter() as any Exporter, TableExporter(), CSVExporter(), JSONExporter(), HTMLExporter(),
        ] {
            let text = String(decoding: try exporter.export(Self.hostileReport), as: UTF8.self)
            let controls = text.unicodeScalars.filter { Report.isControl($0) }
            #expect(controls.isEmpty, "\(exporter.id) lets \(controls.map { $0.value }) through")
            let kept = exporter.id == "markdown" ? #"Tứ\[31mHạ"# : "Tứ[31mHạ"
            #expect(text.contains(kept), "\(exporter.id) keeps the text around a control character")
        }
        let html = String(decoding: try HTMLExporter().export(Self.hostileReport), as: UTF8.self)
        #expect(!html.contains("<script>alert"))
    }

    @Test func anXLSXTextCellThatStartsLikeAFormulaCarriesTheQuotePrefix() throws {
        let data = try XLSXExporter().export(Self.hostileReport)
        let file = folder.appendingPathComponent("h.xlsx")
        try data.write(to: file)
        let archive = try XLSXReader.entries(file)
        let sheets = archive.filter { $0.key.hasPrefix("xl/worksheets/") }.values.map {
            String(decoding: $0, as: UTF8.self)
        }
        #expect(sheets.contains { $0.contains(#"s="6"><is><t xml:space="preserve">=HYPERLINK"#) })
        #expect(String(decoding: try #require(archive["xl/styles.xml"]), as: UTF8.self).contains(#"quotePrefix="1""#))
    }

    @Test func xlsxIsWellFormedOfficeOpenXMLWithTheRankingsNumbers() throws {
        let engine = try makeSampleEngine()
        let result = engine.execute("export ranking xlsx \(path("r.xlsx"))")
        #expect(result.succeeded, "\(result.text)")
        _ = engine.execute("mode json")
        let json = engine.handle("rank")
        let ranking = try #require(
            (try JSONSerialization.jsonObject(with: Data(json.utf8)) as? [String: Any])?["ranking"] as? [[String: Any]])

        // Every part parses as XML.
        let archive = try XLSXReader.entries(folder.appendingPathComponent("r.xlsx"))
        #expect(
            Set(archive.keys).isSuperset(of: [
                "[Content_Types].xml", "_rels/.rels", "xl/workbook.xml", "xl/_rels/workbook.xml.rels",
                "xl/styles.xml", "xl/worksheets/sheet1.xml",
            ]))
        for (name, data) in archive {
            let parser = XMLParser(data: data)
            #expect(parser.parse(), "\(name) is not well-formed")
        }
        let sheetXML = String(decoding: try #require(archive["xl/worksheets/sheet1.xml"]), as: UTF8.self)
        #expect(sheetXML.contains("state=\"frozen\""))
        #expect(sheetXML.contains("<c r=\"A9\" t=\"inlineStr\" s=\"1\">"), "header row is bold")
        #expect(sheetXML.contains("customWidth=\"1\""))

        let sheets = try XLSXReader.read(folder.appendingPathComponent("r.xlsx"))
        #expect(sheets.map(\.name) == ["Ranking"])
        let rows = sheets[0].rows
        #expect(rows[0].first?.hasPrefix("Ranking: set 'commune', year 2024") == true)
        // Under the title: when (in Vietnam's time, as the date cells show theirs), from which
        // workspace and by whom the file was made.
        #expect(
            rows[1] == ["Exported: 20/10/2024 15:00 · Workspace: in memory (not saved) · Exported by: tester"])
        // A time stamp among the facts reads the same way (a plan's "Made").
        #expect(engine.execute("plan new p").succeeded)
        #expect(engine.execute("export plan p xlsx \(path("p.xlsx"))").succeeded)
        let plan = try XLSXReader.read(folder.appendingPathComponent("p.xlsx"))[0].rows
        #expect(plan.contains { $0.first == "Made" && $0.last == "20/10/2024 15:00" }, "\(plan.prefix(8))")
        // Above the table: the criteria set by its title and the ranking's totals.
        #expect(rows[2].first == "Criteria set" && rows[2].last?.hasPrefix("Bộ tiêu chí đánh giá") == true)
        #expect(rows[3] == ["Units", "", "14"])
        // The set is the title's: no column repeats it on every row.
        #expect(rows[6] == ["Rank", "Unit id", "Unit", "Total", "Max", "Index %", "Band"])
        for (index, unit) in ranking.enumerated() {
            let row = rows[7 + index]
            #expect(row[1] == unit["unit_id"] as? String)
            #expect(row[2] == unit["unit"] as? String)
            #expect(Double(row[5]) == unit["index_pct"] as? Double, "stored as a number: \(row[5])")
        }
        #expect(sheetXML.contains("s=\"2\"><v>"), "points use the 2-decimal style")
    }

    @Test func workbooksAreSetUpToPrint() throws {
        let engine = try makeSampleEngine()
        for line in [
            "export ranking xlsx \(path("r.xlsx"))", "scenario new x", "set tu-ha 3.2.4 2",
            "export diff baseline x xlsx \(path("d.xlsx"))", "plan new p --target tot --unit tu-ha",
            "export plan p xlsx \(path("p.xlsx"))",
        ] {
            #expect(engine.execute(line).succeeded, "\(line)")
        }
        let ranking = try XLSXReader.entries(folder.appendingPathComponent("r.xlsx"))
        func text(_ archive: [String: Data], _ name: String) throws -> String {
            String(decoding: try #require(archive[name], "\(name)"), as: UTF8.self)
        }
        let sheet = try text(ranking, "xl/worksheets/sheet1.xml")
        // A4, one page wide, the title in the page header and "Page X/Y" in the footer.
        #expect(sheet.contains(#"<pageSetUpPr fitToPage="1"/>"#))
        #expect(sheet.contains(#"paperSize="9" orientation="portrait" fitToWidth="1" fitToHeight="1""#))
        #expect(sheet.contains("&amp;CPage &amp;P/&amp;N"))
        // The header row repeats on every page; the table has an autofilter.
        let workbook = try text(ranking, "xl/workbook.xml")
        #expect(
            workbook.contains(#"<definedName name="_xlnm.Print_Titles" localSheetId="0">'Ranking'!$9:$9</definedName>"#)
        )
        #expect(sheet.contains(#"<autoFilter ref="A9:G23"/>"#))
        #expect(
            workbook.contains(
                #"<definedName name="_xlnm._FilterDatabase" localSheetId="0" hidden="1">'Ranking'!$A$9:$G$23</definedName>"#
            ))
        // Bands coloured by conditional formats on the band column, with a legend.
        #expect(sheet.contains(#"<conditionalFormatting sqref="G10:G23">"#))
        #expect(sheet.contains(#"<formula>&quot;Xuất sắc&quot;</formula>"#))
        #expect(sheet.contains("Band colours:"))
        // The document's properties: its title, the actor, when.
        let core = try text(ranking, "docProps/core.xml")
        #expect(core.contains("<dc:title>Ranking: set 'commune', year 2024</dc:title>"))
        #expect(core.contains("<dc:creator>tester</dc:creator>"))
        #expect(core.contains(#"<dcterms:created xsi:type="dcterms:W3CDTF">2024-10-20T08:00:00Z</dcterms:created>"#))
        // A rank move is a signed whole number (+0;-0;0), wide tables print in landscape.
        let diff = try XLSXReader.entries(folder.appendingPathComponent("d.xlsx"))
        let diffSheet = try text(diff, "xl/worksheets/sheet1.xml")
        #expect(diffSheet.contains(#"s="8"><v>0</v>"#))
        #expect(try text(diff, "xl/styles.xml").contains(#"formatCode="+0;-0;0""#))
        // Due dates are date cells (serial 45570 is 2024-10-05), printed dd/mm/yyyy.
        let plan = try XLSXReader.entries(folder.appendingPathComponent("p.xlsx"))
        let tasks = try text(plan, "xl/worksheets/sheet2.xml")
        #expect(tasks.contains(#"s="9"><v>45570</v>"#))
        #expect(try text(plan, "xl/styles.xml").contains(#"formatCode="dd/mm/yyyy""#))
    }

    /// The frame of the transcripts: Hương Trà town's People's Committee.
    static let frame = [
        "frame set issuer \"UBND THỊ XÃ HƯƠNG TRÀ\"", "frame set superior \"UBND TỈNH THỪA THIÊN HUẾ\"",
        "frame set place \"Hương Trà\"", "frame set symbol BC-UBND", "frame set authority \"TM. ỦY BAN NHÂN DÂN\"",
        "frame set signer-title \"PHÓ CHỦ TỊCH\"", "frame set signer \"Nguyễn Văn An\"",
        "frame set recipients \"UBND tỉnh (b/c); Sở Nội vụ (b/c); Lưu: VT\"",
    ]

    /// A table wider than the page squeezes its long text before its headers: each header gets
    /// at least a third of its one-line width (three lines) where the long text can give it, and
    /// no column goes below its longest word.
    @Test func aSqueezedTableGivesItsHeadersThreeLinesFromItsLongText() throws {
        let long = "Phòng Lao động - Thương binh và Xã hội, Phòng Tài nguyên và Môi trường"
        let headers = [
            "Đơn vị", "Chỉ số khi lập kế hoạch %", "Xếp loại khi lập kế hoạch", "Hạng khi lập kế hoạch",
            "Đạt mục tiêu nếu hoàn thành", "Chỉ số hiện tại %", "Chỉ số dự kiến %", "Xếp loại dự kiến",
            "Hạng dự kiến", "Số nhiệm vụ", "Điểm có thể tăng", "Nội dung cần thực hiện",
        ]
        let table = ReportTable(
            key: "t", title: nil, columns: headers.enumerated().map { Column("c\($0.offset)", $0.element) },
            rows: (0..<8).map { _ in
                [.text(long)] + (1..<headers.count - 1).map { _ in .number(74.67) } + [.text(long + long)]
            })
        var report = Report(title: "T", tables: [table])
        report.language = "vi"
        let layout = DOCXExporter.Layout(report)
        let widths = layout.columnWidths(table).map(Double.init)
        #expect(widths.reduce(0, +) <= Double(layout.textWidth) + 1)
        for (index, header) in headers.enumerated() where index > 0 && index < headers.count - 1 {
            let third = TextMetrics.width(header, bold: true, points: 11) / 3
            #expect(widths[index + 1] >= third, "\(header): \(widths[index + 1]) < \(third)")
        }
    }

    /// A table that fits the page gives its headers three lines' width from its long text too:
    /// a years comparison's `Số đơn vị mất điểm 2023` beside the criteria's titles, not a word a
    /// line.
    @Test func aTableThatFitsGivesItsHeadersThreeLinesFromItsLongText() throws {
        let engine = try makeSampleEngine()
        let captured = try engine.context.capture(["compare", "2023", "2024"]).forPeople
        let report = Localization.translate(captured, to: "vi", values: true)
        let table = try #require(report.tables.first { $0.key == "criteria" })
        let layout = DOCXExporter.Layout(report)
        let widths = layout.columnWidths(table).map(Double.init)
        #expect(widths.reduce(0, +) <= Double(layout.textWidth) + 1)
        let offset = DOCXExporter.Layout.isNumbered(table) ? 1 : 0
        for key in ["losing_a", "losing_b"] {
            let index = try #require(table.column(key))
            let third = TextMetrics.width(table.columns[index].header, bold: true, points: 11) / 3
            #expect(widths[index + offset] >= third, "\(key): \(widths[index + offset]) < \(third)")
        }
    }

    /// Long text gives its width first: a short value (a status) keeps its line while the notes
    /// beside it wrap, and when even the notes' floors do not fit, they go towards their longest
    /// word before any header's word is broken (`ST|T`, `Điể|m tối đa`).
    @Test func longTextGivesItsWidthBeforeAShortValueOrAWordBreaks() throws {
        let note = String(repeating: "Đã bổ sung kế hoạch tuyên truyền theo yêu cầu ", count: 6)
        func layout(_ columns: Int) -> (widths: [Double], least: [Double], wanted: [Double], text: Double) {
            let headers = ["Trạng thái"] + (1..<columns).map { "Ghi chú \($0)" }
            let table = ReportTable(
                key: "t", columns: headers.enumerated().map { Column("c\($0.offset)", $0.element) },
                rows: [[.text("đang xem xét")] + (1..<columns).map { _ in .text(note) }])
            var report = Report(title: "T", tables: [table])
            report.language = "vi"
            let layout = DOCXExporter.Layout(report)
            let (wanted, least, _, _) = DOCXExporter.Layout.widths(table, vietnamese: true)
            return (layout.columnWidths(table).map(Double.init), least, wanted, Double(layout.textWidth))
        }
        let margins = DOCXExporter.Layout.cellMargins
        let few = layout(3)
        #expect(few.widths[1] >= few.wanted[1] + margins - 1, "the status keeps its line: \(few.widths)")
        let many = layout(9)
        #expect(many.widths.reduce(0, +) <= many.text + 9)
        for index in many.widths.indices {
            #expect(many.widths[index] >= many.least[index] + margins - 1, "column \(index): \(many.widths)")
        }
    }

    /// A Word table has an STT column unless a column of its own counts the rows 1, 2, 3… (a
    /// ranking without ties, fields 1 to 9): ranks with a tie, or sections, keep it.
    @Test func sttIsLeftOutWhereAColumnCountsTheRowsAlready() {
        func table(_ ranks: [Cell], sections: [TableSection] = []) -> ReportTable {
            ReportTable(
                key: "t", columns: [Column("rank", "Rank"), Column("unit", "Unit")],
                rows: ranks.map { [$0, .text("Tứ Hạ")] }, sections: sections)
        }
        #expect(!DOCXExporter.Layout.isNumbered(table([.integer(1), .integer(2), .integer(3)])))
        #expect(!DOCXExporter.Layout.isNumbered(table([.text("1"), .text("2")])))
        #expect(DOCXExporter.Layout.isNumbered(table([.integer(1), .integer(2), .integer(2)])))
        #expect(DOCXExporter.Layout.isNumbered(table([.integer(2), .integer(3)])))
        // Task numbers that happen to count 1, 2, 3 in one unit's table are no STT.
        let tasks = ReportTable(
            key: "t", columns: [Column("id", "No."), Column("unit", "Unit")],
            rows: [[.integer(1), .text("A")], [.integer(2), .text("A")]])
        #expect(DOCXExporter.Layout.isNumbered(tasks))
        #expect(
            DOCXExporter.Layout.isNumbered(
                table([.integer(1), .integer(2)], sections: [TableSection(title: "A", count: 2)])))
    }

    /// An evidence key in a Word table may break after its dots and underscores, not inside a
    /// word; numbers, ids and dates stay as they are.
    @Test func evidenceKeysBreakAtTheirDotsAndUnderscores() {
        #expect(
            DOCXExporter.Layout.breakable("plan.cchc_plan_issued = có")
                == "plan.\u{200B}cchc_\u{200B}plan_\u{200B}issued = có")
        // Short words fit as they are, and a copied file name stays the file's.
        for text in ["94.05", "3.2.1", "05/10/2024", "Tứ Hạ", "x._y", "w.sqlite", "diem_2024.xlsx"] {
            #expect(DOCXExporter.Layout.breakable(text) == text)
        }
        // In a web page, a date, an id or a code keeps its line; a sentence wraps.
        let page = HTMLExporter.html(
            ReportTable(
                key: "t", columns: [Column("due", "Due"), Column("unit_id", "Unit id"), Column("note", "Note")],
                rows: [[.text("15/09/2024"), .text("huong-toan"), .text("resolved one day late")]]),
            vietnamese: false)
        #expect(
            page.contains(
                "<td class=\"word\">15/09/2024</td><td class=\"word\">huong-toan</td><td>resolved one day late</td>"))
        #expect(
            TextMetrics.width("a\u{200B}b", bold: false, points: 11) == TextMetrics.width("ab", bold: false, points: 11)
        )
    }

    /// A workbook prints readably: a sheet wider than a landscape page wraps its headers (the
    /// header row as tall as they need) instead of shrinking to an unreadable size; a fact's
    /// label is not cut by the next column; a narrow sheet in the frame has room for its halves.
    @Test func wideAndNarrowSheetsPrintReadably() throws {
        let engine = try makeSampleEngine()
        for line in Self.frame + [
            "lang vi", "plan new p --target tot", "export plan status p xlsx \(path("s.xlsx"))",
            "feedback add --unit tu-ha --criterion 3.2.4 \"x\"",
            "export feedback report xlsx \(path("f.xlsx")) --frame",
        ] {
            #expect(engine.execute(line).succeeded, "\(line)")
        }
        func widths(_ file: String) throws -> [Double] {
            let sheet = String(
                decoding: try #require(
                    try XLSXReader.entries(folder.appendingPathComponent(file))["xl/worksheets/sheet1.xml"]),
                as: UTF8.self)
            return sheet.matches(of: /<col [^>]*width="([0-9.]+)"/).compactMap { Double($0.output.1) }
        }
        let status = try widths("s.xlsx")
        #expect(status.count > 14 && status.reduce(0, +) <= XLSXExporter.landscapeWidth * 1.2, "\(status)")
        let sheet = try XLSXReader.read(folder.appendingPathComponent("s.xlsx"))[0]
        let xml = String(
            decoding: try #require(
                try XLSXReader.entries(folder.appendingPathComponent("s.xlsx"))["xl/worksheets/sheet1.xml"]),
            as: UTF8.self)
        let headerRow = try #require(xml.firstMatch(of: /<row r="\d+"[^>]*>(?:(?!<\/row>).)*>Mã đơn vị</))
        #expect(headerRow.output.contains("customHeight"), "the header row is as tall as its wrapped headers")
        // The longest fact label spans columns at least as wide as it is.
        let label = "Số đơn vị đạt mục tiêu nếu hoàn thành các nhiệm vụ còn lại"
        #expect(sheet.rows.contains { $0.first == label })
        var span = 0.0
        for width in status {
            span += width
            if span >= Double(VietnameseText.displayWidth(label)) * 0.95 { break }
        }
        #expect(span >= Double(VietnameseText.displayWidth(label)) * 0.95)
        // A framed workbook is dated and signed: its provenance stays in its properties.
        for sheet in try XLSXReader.read(folder.appendingPathComponent("f.xlsx")) {
            #expect(!sheet.rows.joined().joined().contains("Xuất lúc"), "\(sheet.name)")
        }
        let feedback = try widths("f.xlsx")
        #expect(feedback.reduce(0, +) >= XLSXExporter.framedWidth && feedback[0] >= XLSXExporter.framedWidth * 0.42)
    }

    @Test func aWordDocumentInTheOfficialFrame() throws {
        let engine = try makeSampleEngine()
        let refused = engine.execute("export ranking docx \(path("none.docx")) --frame")
        #expect(!refused.succeeded && refused.text.contains("no document frame yet"))
        for line in Self.frame + ["lang vi", "export ranking docx \(path("r.docx")) --frame"] {
            #expect(engine.execute(line).succeeded, "\(line)")
        }
        let archive = try XLSXReader.entries(folder.appendingPathComponent("r.docx"))
        for (name, data) in archive {
            #expect(XMLParser(data: data).parse(), "\(name) is not well-formed")
        }
        let document = String(decoding: try #require(archive["word/document.xml"]), as: UTF8.self)
        // The header block, the kind of document and the date line (the clock: 2024-10-20, 15:00 in Hà Nội).
        for text in [
            "UBND TỈNH THỪA THIÊN HUẾ", "UBND THỊ XÃ HƯƠNG TRÀ", "CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM",
            "Độc lập - Tự do - Hạnh phúc", "Số:      /BC-UBND", "Hương Trà, ngày 20 tháng 10 năm 2024", "BÁO CÁO",
            "Nơi nhận:", "- UBND tỉnh (b/c);", "- Lưu: VT.", "TM. ỦY BAN NHÂN DÂN", "PHÓ CHỦ TỊCH", "Nguyễn Văn An",
        ] {
            #expect(document.contains(text), "\(text)")
        }
        // A real Word table: the header row repeated, a row per unit; decimal commas in vi. No STT
        // column beside ranks that count the rows 1 to 14 (no ties) already.
        #expect(document.contains("<w:tblHeader/>"))
        #expect(!document.contains(">STT</w:t>") && document.contains(">Hạng</w:t>"))
        #expect(document.contains(">94,05</w:t>"))
        #expect(document.components(separatedBy: "<w:tr>").count - 1 == 2 + 1 + 14)
        // Units by name alone, as an office's reader knows them (found by an office: a column of
        // ids beside the names); no column of zeros for leaves missing when none is.
        #expect(document.contains(">Hương Toàn</w:t>") && !document.contains(">huong-toan</w:t>"))
        #expect(!document.contains(">Mã đơn vị</w:t>") && !document.contains(">Chưa có dữ liệu</w:t>"))
        // When and by whom the file was made stays in its properties, not in the dated, signed text.
        #expect(!document.contains("Xuất lúc"))
        let styles = String(decoding: try #require(archive["word/styles.xml"]), as: UTF8.self)
        #expect(styles.contains("w:ascii=\"Times New Roman\"") && styles.contains("<w:sz w:val=\"26\"/>"))
        let core = String(decoding: try #require(archive["docProps/core.xml"]), as: UTF8.self)
        #expect(core.contains("<dc:creator>tester</dc:creator>"))
        // A plan is a KẾ HOẠCH; the date may be given or left blank for the signer; authority
        // takes several lines.
        for line in [
            "frame set authority \"TM. ỦY BAN NHÂN DÂN; KT. CHỦ TỊCH\"", "plan new p --target tot --unit tu-ha",
            "export plan p docx \(path("p.docx")) --frame --dated blank",
            "export ranking docx \(path("d.docx")) --frame --dated 05/02/2024 --kind \"TỜ TRÌNH\"",
        ] {
            #expect(engine.execute(line).succeeded, "\(line)")
        }
        let plan = String(
            decoding: try #require(
                try XLSXReader.entries(folder.appendingPathComponent("p.docx"))["word/document.xml"]),
            as: UTF8.self)
        #expect(plan.contains(">KẾ HOẠCH<") && plan.contains("Hương Trà, ngày      tháng      năm 2024"))
        // Under KẾ HOẠCH the title goes on after the kind's words (not "KẾ HOẠCH / Kế hoạch …").
        #expect(plan.contains(">Nâng hạng &apos;p&apos;, năm 2024<") || plan.contains(">Nâng hạng 'p', năm 2024<"))
        #expect(plan.contains(">TM. ỦY BAN NHÂN DÂN<") && plan.contains(">KT. CHỦ TỊCH<"))
        let dated = String(
            decoding: try #require(
                try XLSXReader.entries(folder.appendingPathComponent("d.docx"))["word/document.xml"]),
            as: UTF8.self)
        #expect(dated.contains("Hương Trà, ngày 05 tháng 02 năm 2024") && dated.contains(">TỜ TRÌNH<"))
        let bad = engine.execute("export ranking docx \(path("e.docx")) --frame --dated 31/02/2024")
        #expect(!bad.succeeded && bad.text.contains("--dated '31/02/2024' is not a date"))
        // Only documents that lay out pages take the frame.
        let csv = engine.execute("export ranking csv \(path("r.csv")) --frame")
        #expect(!csv.succeeded && csv.text.contains("--frame is for docx and xlsx documents, not csv"))
    }

    @Test func aWorkspaceWithoutUnitsExportsNothing() throws {
        // Most often a mistyped --workspace path, where a new, empty workspace was just made.
        let engine = Engine(
            context: try Workbench.makeContext(data: .empty, actor: "tester", clock: Transcript.clock))
        let result = engine.execute("export ranking docx \(path("x.docx"))")
        #expect(!result.succeeded)
        #expect(result.text.contains("has no units, so there is nothing to export"), "\(result.text)")
        #expect(!FileManager.default.fileExists(atPath: path("x.docx")))
    }

    /// An empty table says why in its own place, once (it printed `(none)` and then the same
    /// words as a note); scripts still read them among the notes.
    @Test func anEmptyTableSaysWhyInItsPlaceOnce() throws {
        let engine = try makeSampleEngine()
        #expect(
            engine.execute("feedback list").text
                == "No feedback yet; 'feedback add --unit U --criterion ID TEXT' records a unit's")
        #expect(engine.execute("feedback list --status rejected").text == "No feedback matches.")
        #expect(engine.execute("plan list").text == "Plans\n\nNo plan yet; 'plan new NAME --target tot' makes one")
        #expect(engine.execute("mode json").succeeded)
        let json = try JSONSerialization.jsonObject(
            with: Data(engine.execute("feedback list --unit tu-ha").text.utf8))
        #expect((json as? [String: Any])?["notes"] as? [String] == ["No feedback matches."])
        let report = Report(
            tables: [ReportTable(key: "items", columns: [Column("item", "Item")], whenEmpty: "No feedback matches.")],
            notes: ["Sample data."])
        #expect(report.allNotes == ["No feedback matches.", "Sample data."])
        #expect(
            String(decoding: try TableExporter().export(report), as: UTF8.self)
                == "No feedback matches.\n\nSample data.\n")
        let file = folder.appendingPathComponent("e.docx")
        try DOCXExporter().export(Localization.translate(report, to: "vi")).write(to: file)
        let document = String(decoding: try #require(try XLSXReader.entries(file)["word/document.xml"]), as: UTF8.self)
        #expect(document.contains("Không có ý kiến phản ánh nào phù hợp.") && !document.contains("(không có)"))
    }

    /// A goal's steps go out as a document titled with the unit and its target; the export
    /// writes the file only.
    @Test func aGoalIsExportedUnderItsUnitAndTarget() throws {
        let engine = try makeSampleEngine()
        #expect(engine.execute("lang vi").succeeded)
        let wrote = engine.execute("export goal huong-binh markdown \(path("g.md")) --band tot")
        #expect(wrote.succeeded, "\(wrote.text)")
        let text = try String(contentsOfFile: path("g.md"), encoding: .utf8)
        #expect(text.hasPrefix("### Mục tiêu của Hương Bình: xếp loại Tốt, bộ tiêu chí cấp xã, năm 2024"), "\(text)")
        #expect(text.contains("- **Mục tiêu**: xếp loại Tốt (chỉ số ≥ 80)"))
        #expect(text.contains("| 3.2.3 |"))
        let applied = engine.execute("export goal huong-binh markdown \(path("a.md")) --band tot --apply x")
        #expect(!applied.succeeded && applied.text.contains("An export writes a file only"))
        #expect(!FileManager.default.fileExists(atPath: path("a.md")))
        #expect(try engine.context.evaluation.workspace().scenarios().isEmpty)
        let unnamed = engine.execute("export goal markdown \(path("u.md"))")
        #expect(!unnamed.succeeded && unnamed.text.contains("Name the unit: 'export goal UNIT FORMAT PATH'"))
    }

    @Test func aTitleGoesOnAfterTheKindOfDocument() {
        let plan = DocumentFrame(issuer: "X", place: "Y", date: nil, kind: "KẾ HOẠCH")
        #expect(plan.subject(of: "Kế hoạch nâng cao Chỉ số CCHC năm 2025") == "Nâng cao Chỉ số CCHC năm 2025")
        #expect(plan.subject(of: "KE HOACH  thực hiện") == "Thực hiện")
        // Another title, or one that only begins like the kind, is kept whole.
        #expect(plan.subject(of: "Tiến độ thực hiện Kế hoạch 12") == "Tiến độ thực hiện Kế hoạch 12")
        #expect(plan.subject(of: "Kế hoạchX") == "Kế hoạchX")
        #expect(plan.subject(of: "Kế hoạch") == "Kế hoạch")
        let report = DocumentFrame(issuer: "X", place: "Y", date: nil, kind: "BÁO CÁO")
        #expect(report.subject(of: "Kế hoạch nâng hạng 'p', năm 2024") == "Kế hoạch nâng hạng 'p', năm 2024")
    }

    @Test func aPlanIsSentUnderItsOwnTitle() throws {
        let engine = try makeSampleEngine()
        for line in Self.frame + [
            "plan new p --target tot --unit tu-ha --title \"  Kế hoạch nâng cao  Chỉ số CCHC năm 2024 \"",
            "lang vi", "export plan p docx \(path("p.docx")) --frame", "export plan status p xlsx \(path("s.xlsx"))",
        ] {
            #expect(engine.execute(line).succeeded, "\(line)")
        }
        let show = engine.execute("plan show p").text
        #expect(show.hasPrefix("Kế hoạch nâng cao Chỉ số CCHC năm 2024\n"), "\(show)")
        #expect(show.contains("Evaluation year:"))
        #expect(engine.execute("plan status p").text.hasPrefix("Progress: Kế hoạch nâng cao Chỉ số CCHC năm 2024\n"))
        let document = String(
            decoding: try #require(
                try XLSXReader.entries(folder.appendingPathComponent("p.docx"))["word/document.xml"]),
            as: UTF8.self)
        #expect(document.contains(">KẾ HOẠCH<") && document.contains(">Nâng cao Chỉ số CCHC năm 2024<"))
        #expect(
            document.contains(">Năm đánh giá") && !document.contains("nang-hang") && !document.contains("&apos;p&apos;")
        )
        // Dated and signed: who made the plan (the computer's user) stays out of the text.
        #expect(!document.contains("Người lập") && !document.contains("Ngày lập"))
        let status = try XLSXReader.read(folder.appendingPathComponent("s.xlsx"))
        #expect(
            status.first?.rows.first?.first
                == "Tiến độ thực hiện Kế hoạch nâng cao Chỉ số CCHC năm 2024 — Đơn vị: hiện tại và nếu hoàn thành các nhiệm vụ còn lại"
        )
        // JSON keeps the name and the title apart; '' takes the title back.
        _ = engine.execute("mode json")
        let json = try #require(
            try JSONSerialization.jsonObject(with: Data(engine.handle("plan show p").utf8)) as? [String: Any])
        #expect(json["plan"] as? String == "p" && json["title"] as? String == "Kế hoạch nâng cao Chỉ số CCHC năm 2024")
        _ = engine.execute("mode table")
        #expect(engine.execute("plan title p ''").text == "Plan 'p' has no title now; its documents name it 'p', 2024")
        #expect(engine.execute("plan show p").text.hasPrefix("Plan 'p', 2024\n"))
        let unknown = engine.execute("plan title q 'X'")
        #expect(!unknown.succeeded && unknown.text.contains("Unknown plan 'q'"))
    }

    @Test func theSymbolCarriesTheKindOfDocument() {
        func number(_ symbol: String?, _ kind: String) -> String {
            DocumentFrame(issuer: "X", symbol: symbol, place: "Y", date: nil, kind: kind).numberLine
        }
        #expect(number("BC-UBND", "KẾ HOẠCH") == "Số:      /KH-UBND")
        #expect(number("BC-UBND", "BÁO CÁO") == "Số:      /BC-UBND")
        #expect(number("KH-UBND", "TỜ TRÌNH") == "Số:      /TTr-UBND")
        // A symbol that does not begin with a kind's abbreviation is kept as set.
        #expect(number("UBND-NV", "KẾ HOẠCH") == "Số:      /UBND-NV")
        #expect(number(nil, "KẾ HOẠCH") == "Số:      /")
    }

    @Test func theDateLineTakesLeadingZerosAsTheDecreeSays() {
        func line(_ text: String) -> String {
            DocumentFrame(issuer: "X", place: "Hương Trà", date: try! Date(text, strategy: .iso8601)).dateLine
        }
        #expect(line("2024-02-05T03:00:00Z") == "Hương Trà, ngày 05 tháng 02 năm 2024")
        #expect(line("2024-03-15T03:00:00Z") == "Hương Trà, ngày 15 tháng 3 năm 2024")
        // 20:00 UTC on 31 December is already 1 January in Vietnam.
        #expect(line("2024-12-31T20:00:00Z") == "Hương Trà, ngày 01 tháng 01 năm 2025")
    }

    @Test func isoDatesAndTimeStampsBecomeExcelSerialsInVietnamsTime() {
        #expect(XLSXExporter.dateSerial("2024-10-05")?.0 == 45570)
        #expect(XLSXExporter.dateSerial("1900-03-01")?.0 == 61)
        // 08:00 UTC is 15:00 in Hà Nội.
        let stamp = XLSXExporter.dateSerial("2024-10-20T08:00:00Z")
        #expect(stamp?.1 == true)
        #expect(abs((stamp?.0 ?? 0) - (45585 + 15.0 / 24)) < 1e-9)
        for text in ["2024-02-30", "2024-1-05", "tu-ha", "2024-10-05 ", "20241005"] {
            #expect(XLSXExporter.dateSerial(text) == nil, "\(text)")
        }
    }

    /// People read time stamps in Vietnam's time (the screen and English documents as
    /// `2024-10-20 15:00`, Vietnamese ones as `20/10/2024 15:00`); scripts read UTC.
    @Test func timeStampsReadInVietnamsTimeForPeopleAndUTCForScripts() throws {
        let stamp = Cell.text("2024-10-20T20:30:00Z")
        #expect(stamp.printed(vietnamese: false) == "2024-10-21 03:30")
        #expect(stamp.printed(vietnamese: true) == "21/10/2024 03:30")
        #expect(Cell.text("2024-10-05").printed(vietnamese: false) == "2024-10-05")
        for text in ["tu-ha", "2024-10-20T20:30:00", "2024-13-20T20:30:00Z"] {
            #expect(Cell.text(text).printed(vietnamese: false) == text, "\(text)")
        }
        let engine = try makeSampleEngine()
        let screen = engine.execute("audit --last 1")
        #expect(screen.text.contains("2024-10-20 15:00") && !screen.text.contains("T08:00:00Z"), "\(screen.text)")
        _ = engine.execute("mode json")
        #expect(engine.execute("audit --last 1").text.contains("\"2024-10-20T08:00:00Z\""))
    }

    @Test func htmlIsSelfContainedWithABarPerUnitColouredByBand() throws {
        let engine = try makeSampleEngine()
        #expect(engine.execute("export ranking html \(path("r.html"))").succeeded)
        let html = try String(contentsOfFile: path("r.html"), encoding: .utf8)
        #expect(html.hasPrefix("<!DOCTYPE html>"))
        #expect(!html.contains("src=") && !html.contains("<link") && !html.contains("@import"))
        #expect(!html.replacingOccurrences(of: "http://www.w3.org/2000/svg", with: "").contains("http"))
        #expect(html.contains("@page { size: A4"))
        // A bar per unit, and a legend swatch per band (5).
        let bars = html.components(separatedBy: "<rect ").count - 1
        #expect(bars == 14 + 5)
        #expect(
            html.contains(
                ##"<rect x="290" y="4" width="12" height="12" fill="#0a5a22"/><text x="306" y="14">Xuất sắc</text>"##))
        // Xuất sắc is the first band colour, Khá the third.
        #expect(html.contains("fill=\"#0a5a22\"><title>Hương Toàn: 94.05"))
        #expect(html.components(separatedBy: "<tr>").count - 1 == 15)

        #expect(engine.execute("scenario new s").succeeded)
        #expect(engine.execute("set tu-ha 3.1.1 2").succeeded)
        #expect(engine.execute("export diff baseline s html \(path("d.html"))").succeeded)
        let diff = try String(contentsOfFile: path("d.html"), encoding: .utf8)
        #expect(diff.contains("stroke=\"#1a7f37\" stroke-width=\"1.5\"><title>Tứ Hạ:"), "Tứ Hạ goes up")
        // Labels that had to move apart keep a leader line to their own line's end.
        #expect(diff.contains(#"stroke-width="0.6"/>"#))
        #expect(engine.execute("export scorecard tu-ha html \(path("s.html"))").succeeded)
        let card = try String(contentsOfFile: path("s.html"), encoding: .utf8)
        #expect(card.contains("<figcaption>Points against the applicable maximum, by field</figcaption>"))
        // A unit a gate demoted is marked on its bar (Hương Thọ: Xuất sắc by its index, Tốt by the
        // gate), and only that one; the legend says what the mark means.
        let ranking = try String(contentsOfFile: path("r.html"), encoding: .utf8)
        #expect(ranking.components(separatedBy: "<tspan class=\"mark\">▼").count - 1 == 1)
        #expect(
            ranking.contains(
                "91.33 <tspan class=\"mark\">▼<title>demoted from &#39;Xuất sắc&#39; by gate no_excellent_if_weak_field"
            ))
        #expect(ranking.contains("▼ demoted by a gate"))
        // In Vietnamese the mark says the band by name and points to the notes, without codes.
        #expect(engine.execute("lang vi").succeeded)
        #expect(engine.execute("export ranking html \(path("rv.html"))").succeeded)
        let vietnamese = try String(contentsOfFile: path("rv.html"), encoding: .utf8)
        #expect(vietnamese.contains("▼<title>hạ từ &#39;Xuất sắc&#39; theo điều kiện hạ loại (xem ghi chú)"))
        #expect(!vietnamese.contains("no_excellent_if_weak_field"))
        // A comparison's chart names the baseline as the title does; a scenario keeps its name.
        #expect(engine.execute("export diff baseline s html \(path("dv.html"))").succeeded)
        let chart = try String(contentsOfFile: path("dv.html"), encoding: .utf8)
        #expect(
            chart.contains(#"font-weight="bold">hiện trạng</text>"#) && chart.contains(#"font-weight="bold">s</text>"#))
        #expect(!chart.contains(">baseline<"))
    }

    /// A table whose short values (names, bands) would wrap in portrait turns the page: a
    /// comparison's 13 columns print landscape with every unit's name on one line; a ranking
    /// stays portrait.
    @Test func aTableWhoseShortValuesWouldWrapTurnsThePage() throws {
        let engine = try makeSampleEngine()
        for line in [
            "lang vi", "scenario new s", "set tu-ha 3.1.1 2", "export diff baseline s docx \(path("d.docx"))",
            "export ranking docx \(path("r.docx"))",
        ] {
            #expect(engine.execute(line).succeeded, "\(line)")
        }
        func document(_ name: String) throws -> String {
            let entries = try XLSXReader.entries(folder.appendingPathComponent(name))
            return String(decoding: try #require(entries["word/document.xml"]), as: UTF8.self)
        }
        #expect(try document("d.docx").contains(#"w:orient="landscape""#))
        #expect(try !document("r.docx").contains(#"w:orient="landscape""#))
    }

    @Test func existingFilesAreKeptWithoutForceAndNoTemporaryFileIsLeft() throws {
        let engine = try makeSampleEngine()
        try "keep me".write(toFile: path("r.json"), atomically: true, encoding: .utf8)
        let refused = engine.execute("export ranking json \(path("r.json"))")
        #expect(!refused.succeeded)
        #expect(refused.text.contains("exists; add --force to replace it"))
        #expect(try String(contentsOfFile: path("r.json"), encoding: .utf8) == "keep me")
        #expect(engine.execute("export ranking json \(path("r.json")) --force").succeeded)
        #expect(try String(contentsOfFile: path("r.json"), encoding: .utf8).contains("\"index_pct\""))
        let failed = engine.execute("export scorecard nowhere json \(path("x.json"))")
        #expect(!failed.succeeded)
        #expect(!FileManager.default.fileExists(atPath: path("x.json")))
        #expect(try FileManager.default.contentsOfDirectory(atPath: folder.path).sorted() == ["r.json"])
    }

    @Test func jsonExportsUseTheFieldNamesOfFormatJSON() throws {
        let engine = try makeSampleEngine()
        #expect(engine.execute("export ranking json \(path("r.json"))").succeeded)
        _ = engine.execute("mode json")
        // The same document as 'rank' prints, with where and when the file was made.
        let file = try #require(
            try JSONSerialization.jsonObject(with: Data(contentsOf: URL(fileURLWithPath: path("r.json"))))
                as? [String: Any])
        let printed = try #require(
            try JSONSerialization.jsonObject(with: Data(engine.handle("rank").utf8)) as? [String: Any])
        #expect(Set(file.keys) == Set(printed.keys).union(["exported_at", "workspace", "exported_by"]))
        #expect((file["ranking"] as? [[String: Any]])?.count == (printed["ranking"] as? [[String: Any]])?.count)
        #expect(file["exported_by"] as? String == "tester")
    }

    @Test func langViTranslatesTitlesAndHeaders() throws {
        let engine = try makeSampleEngine()
        #expect(engine.execute("lang vi").succeeded)
        #expect(engine.execute("export ranking markdown \(path("r.md"))").succeeded)
        let text = try String(contentsOfFile: path("r.md"), encoding: .utf8)
        // A set alone at its level is named by the units it evaluates, not by its id.
        #expect(text.hasPrefix("### Xếp hạng: bộ tiêu chí cấp xã, năm 2024"))
        #expect(
            text.contains(
                "- **Bộ tiêu chí**: Bộ tiêu chí đánh giá, xếp loại công tác cải cách hành chính tại UBND cấp xã\n"))
        #expect(
            text.contains("| Hạng | Mã đơn vị | Đơn vị | Tổng điểm | Điểm tối đa | Chỉ số % | Xếp loại |")
        )
        #expect(!engine.execute("lang fr").succeeded)
        // Names in quotes stay as they are: a scenario named 'asset' is not translated inside.
        #expect(engine.execute("scenario new asset").succeeded)
        #expect(engine.execute("export ranking markdown \(path("s.md")) --scenario asset").succeeded)
        let scenario = try String(contentsOfFile: path("s.md"), encoding: .utf8)
        #expect(scenario.hasPrefix("### Xếp hạng: bộ tiêu chí cấp xã, năm 2024, kịch bản 'asset'"))
        // Sets sharing a level keep their ids, which tell them apart.
        let sets = try engine.context.evaluation.allCriteriaSets()
        var twin = try #require(sets.first { $0.id == "commune" })
        twin.id = "commune-2"
        #expect(Localization.setNames(sets) == ["commune": "cấp xã", "department": "cơ quan chuyên môn"])
        #expect(Localization.setNames(sets + [twin]) == ["department": "cơ quan chuyên môn"])
    }

    @Test func badRequestsGetOneLineErrors() throws {
        let engine = try makeSampleEngine()
        for (line, message) in [
            ("export", "Say what to export"),
            ("export rankng xlsx a.xlsx", "Cannot export 'rankng'. Did you mean 'ranking'?"),
            ("export ranking xlsz a.xlsx", "Unknown export format 'xlsz'. Did you mean 'xlsx'?"),
            ("export ranking table a.txt", "Unknown export format 'table'"),
            // `-` for standard output, as other tools take it (found by a new user's trial).
            ("export ranking csv -", "An export writes a file: give its path, e.g. 'export ranking csv ranking.csv'"),
            ("export ranking \(path("r.csv"))", "Give the format and the path"),
            ("export ranking csv /no/such/folder/r.csv", "No folder '/no/such/folder'"),
        ] {
            let result = engine.execute(line)
            #expect(!result.succeeded)
            #expect(result.text.contains(message), "\(line): \(result.text)")
            #expect(!result.text.contains("\n"), "\(line): one line")
        }
        #expect(!engine.execute("mode xlsx").succeeded, "xlsx is for files only")
    }
}

extension Engine.LineResult {
    var text: String { output.map(\.text).joined(separator: "\n") }
}

/// LibreOffice reads the workbooks back and prints them as an office would send them (skipped
/// where it is not installed).
@Suite struct LibreOfficeRoundTripTests {
    static let soffice = ["/usr/bin/libreoffice", "/usr/bin/soffice"].first {
        FileManager.default.isExecutableFile(atPath: $0)
    }

    /// Converts `file` in `folder` with LibreOffice to `filter`; returns the converted file.
    func convert(_ file: URL, to filter: String, extension ext: String) throws -> URL {
        let folder = file.deletingLastPathComponent()
        let process = Process()
        process.executableURL = URL(fileURLWithPath: try #require(Self.soffice))
        process.arguments = ["--headless", "--convert-to", filter, "--outdir", folder.path, file.path]
        process.environment = ["HOME": folder.path, "PATH": "/usr/bin:/bin"]
        process.standardOutput = FileHandle.nullDevice
        process.standardError = FileHandle.nullDevice
        try process.run()
        process.waitUntilExit()
        return file.deletingPathExtension().appendingPathExtension(ext)
    }

    /// The pages of a PDF: its page objects (`/Type/Page`, not `/Type/Pages`).
    func pages(_ pdf: URL) throws -> Int {
        let text = String(decoding: try Data(contentsOf: pdf), as: UTF8.self)
        return text.matches(of: /\/Type\s*\/Page(?!s)/).count
    }

    /// The folder of this test's files.
    let scratch: TemporaryFolder

    init() throws { scratch = try TemporaryFolder("cchc-lo") }

    @Test(.enabled(if: soffice != nil, "LibreOffice is not installed"))
    func libreOfficeConvertsTheWorkbookBackToTheSameTable() throws {
        let folder = scratch.url
        let engine = try makeSampleEngine()
        #expect(engine.execute("export ranking xlsx \(folder.path)/r.xlsx").succeeded)
        let converted = try String(
            contentsOf: try convert(
                folder.appendingPathComponent("r.xlsx"),
                to: "csv:Text - txt - csv (StarCalc):44,34,76,1,,0,false,true,true", extension: "csv"),
            encoding: .utf8)
        _ = engine.execute("mode json")
        let ranking = try #require(
            (try JSONSerialization.jsonObject(with: Data(engine.handle("rank").utf8)) as? [String: Any])?["ranking"]
                as? [[String: Any]])
        let lines = converted.split(separator: "\n").map { String($0).replacingOccurrences(of: "\r", with: "") }
        let header = try #require(lines.firstIndex { $0.hasPrefix("Rank,") })
        #expect(lines[header] == "Rank,Unit id,Unit,Total,Max,Index %,Band")
        // The units as people read them: numbers back as the same numbers, the band by name.
        for (offset, unit) in ranking.enumerated() {
            let cells = lines[header + 1 + offset].split(separator: ",", omittingEmptySubsequences: false)
            #expect(cells[1] == (unit["unit_id"] as? String ?? "")[...])
            #expect(Double(cells[5]) == unit["index_pct"] as? Double)
            #expect(cells[6] == (unit["band_name"] as? String ?? "")[...])
        }
    }

    @Test(.enabled(if: soffice != nil, "LibreOffice is not installed"))
    func theSamplesRankingPrintsOnOnePageAndAScorecardOnAtMostFive() throws {
        // A scorecard's criteria sheet is wider than a landscape page: its headers wrap so it
        // prints at a readable size (it printed on three pages at about 6 pt).
        let folder = scratch.url
        let engine = try makeSampleEngine()
        for line in [
            "export ranking xlsx \(folder.path)/r.xlsx", "export scorecard tu-ha xlsx \(folder.path)/s.xlsx",
            "lang vi", "export ranking xlsx \(folder.path)/rv.xlsx",
            "export scorecard tu-ha xlsx \(folder.path)/sv.xlsx",
        ] {
            #expect(engine.execute(line).succeeded, "\(line)")
        }
        for (name, most) in [("r", 1), ("rv", 1), ("s", 5), ("sv", 5)] {
            let pdf = try convert(folder.appendingPathComponent("\(name).xlsx"), to: "pdf", extension: "pdf")
            let count = try pages(pdf)
            #expect((1...most).contains(count), "\(name).xlsx prints on \(count) pages")
        }
    }

    @Test(.enabled(if: soffice != nil, "LibreOffice is not installed"))
    func framedDocumentsOpenInLibreOfficeAndTheRankingPrintsOnOnePage() throws {
        let folder = scratch.url
        let engine = try makeSampleEngine()
        for line in ExportTests.frame + [
            "lang vi", "export ranking docx \(folder.path)/r.docx --frame",
            "export ranking xlsx \(folder.path)/rx.xlsx --frame",
            "export feedback report docx \(folder.path)/f.docx --frame",
            "export diff baseline baseline docx \(folder.path)/d.docx --frame",
        ] {
            #expect(engine.execute(line).succeeded, "\(line)")
        }
        for (name, ext, most) in [("r", "docx", 1), ("rx", "xlsx", 1), ("f", "docx", 3), ("d", "docx", 3)] {
            let pdf = try convert(folder.appendingPathComponent("\(name).\(ext)"), to: "pdf", extension: "pdf")
            let count = try pages(pdf)
            #expect((1...most).contains(count), "\(name).\(ext) prints on \(count) pages")
        }
    }

    static let pdftotext = ["/usr/bin/pdftotext"].first { FileManager.default.isExecutableFile(atPath: $0) }

    /// No word of a table's header breaks inside when LibreOffice sets the document: each
    /// header word is whole in the text of the PDF (it printed `ST|T`, `Hạn|g`, `Chư|a`).
    @Test(.enabled(if: soffice != nil && pdftotext != nil, "LibreOffice or pdftotext is not installed"))
    func noHeaderWordOfADocumentsTablesBreaks() throws {
        let folder = scratch.url
        let engine = try makeSampleEngine()
        for line in [
            "lang vi", "plan new p --target tot", "export ranking docx \(folder.path)/r.docx",
            "export plan p docx \(folder.path)/p.docx", "export plan status p docx \(folder.path)/s.docx",
        ] {
            #expect(engine.execute(line).succeeded, "\(line)")
        }
        for name in ["r", "p", "s"] {
            let docx = folder.appendingPathComponent("\(name).docx")
            let document = String(
                decoding: try #require(try XLSXReader.entries(docx)["word/document.xml"]), as: UTF8.self)
            // The header rows' words, as the document holds them.
            var words = Set<String>()
            for row in document.matches(of: /<w:tr><w:trPr><w:tblHeader\/>.*?<\/w:tr>/) {
                for text in String(row.output).matches(of: /<w:t[^>]*>([^<]*)<\/w:t>/) {
                    words.formUnion(text.output.1.split(separator: " ").map(String.init))
                }
            }
            #expect(words.contains(name == "r" ? "Hạng" : "Tiêu"))
            let pdf = try convert(docx, to: "pdf", extension: "pdf")
            let process = Process()
            process.executableURL = URL(fileURLWithPath: try #require(Self.pdftotext))
            process.arguments = [pdf.path, "-"]
            let pipe = Pipe()
            process.standardOutput = pipe
            try process.run()
            let text = String(decoding: pipe.fileHandleForReading.readDataToEndOfFile(), as: UTF8.self)
            process.waitUntilExit()
            let printed = Set(
                text.split(whereSeparator: \.isWhitespace).map { String($0).precomposedStringWithCanonicalMapping })
            let broken = words.filter { !printed.contains($0.precomposedStringWithCanonicalMapping) }
            #expect(broken.isEmpty, "\(name).docx breaks header words: \(broken.sorted())")
        }
    }
}

@Suite struct ChartLabelTests {
    @Test func labelsSpreadApartStayInTheOrderOfTheirPointsAndCentredOnThem() {
        // Five points at the same height and one far below: the five are centred on it.
        let points = [(index: 0, y: 100.0), (1, 100), (2, 100), (3, 100), (4, 100), (5, 300)]
        let placed = HTMLExporter.spread(points.map { (index: $0.0, y: $0.1) })
        let ys = (0..<5).map { placed[$0]! }
        #expect(ys == [74, 87, 100, 113, 126], "centred on 100, 13 apart, in order")
        #expect(placed[5] == 300, "a label with room stays at its point")
        // Labels never overlap, whatever the points.
        let crowded = HTMLExporter.spread((0..<40).map { (index: $0, y: Double($0 % 7) * 3) })
        let sorted = crowded.values.sorted()
        #expect(zip(sorted, sorted.dropFirst()).allSatisfy { $1 - $0 >= 13 - 1e-9 })
    }
}
