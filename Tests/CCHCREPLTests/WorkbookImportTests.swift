import CCHCModuleKit
import CCHCREPL
import CCHCTesting
import Foundation
import Testing
import ZIPFoundation

@testable import CCHCCore

/// `.xlsx` input: the workbooks in sessions/data were written by openpyxl as Excel writes them
/// (shared strings, a merged title, number formats for dates and percentages, several sheets).
@Suite struct WorkbookImportTests {
    let context: CommandContext
    let folder: URL
    let scratch: TemporaryFolder

    init() throws {
        context = try makeSampleEngine().context
        scratch = try TemporaryFolder("cchc-xlsx")
        folder = scratch.url
    }

    func data(_ name: String) -> String { Sessions.directory.appendingPathComponent("data/\(name)").path }

    func points(_ unit: String, _ leaf: String) throws -> Double? {
        try context.evaluation.scorecard(unitID: unit).leaves.first { $0.node.id == leaf }?.points
    }

    @Test func aSheetWithATitleExtraColumnsAndNamesIsImported() throws {
        let outcome = try context.evaluation.importScores(
            path: data("scores-workbook.xlsx"), fileName: "diem.xlsx", check: false)
        #expect(outcome.problems.isEmpty, "\(outcome.problems)")
        #expect(outcome.rows == 2)
        #expect(
            outcome.reading == [
                "sheet Điểm", "header on row 4", "not used: STT, Người nhập",
                "units matched by name or case: UBND phường Hương Văn → huong-van",
            ])
        #expect(try points("tu-ha", "4.2") == 1.5)
        // `1,5` typed as text reads as a person reads it.
        #expect(try points("huong-van", "4.2") == 1.5)
    }

    @Test func problemsAreToldAsCellsOfTheSheet() throws {
        // Row 6 holds a note with a line break: the rows after it keep their numbers.
        let outcome = try context.evaluation.importScores(
            path: data("scores-workbook-bad.xlsx"), fileName: "diem.xlsx", check: true)
        #expect(
            outcome.problems.map(\.description) == [
                "diem.xlsx:Điểm!B7: Unknown unit 'tu-haa'; did you mean 'tu-ha'?",
                "diem.xlsx:Điểm!C7: Unknown criterion '9.9.9'",
                "diem.xlsx:Điểm!D7: Unknown stage 'apraisal1'; did you mean 'appraisal1'?",
                "diem.xlsx:Điểm!E7: Points 'abc' are not a number; expected e.g. 2.5 or na",
            ])
        let other = try context.evaluation.importScores(
            path: data("scores-workbook-bad.xlsx"), fileName: "diem.xlsx", table: TableOptions(sheet: "khac"),
            check: true)
        #expect(other.problems.first?.description.hasPrefix("diem.xlsx:Khác!A1: Missing columns") == true)
        #expect(
            throws: XLSXSheetReader.Failure.noSuchSheet(file: "diem.xlsx", sheet: "Nope", sheets: ["Điểm", "Khác"])
        ) {
            try context.evaluation.importScores(
                path: data("scores-workbook-bad.xlsx"), fileName: "diem.xlsx", table: TableOptions(sheet: "Nope"),
                check: true)
        }
    }

    @Test func dateAndPercentCellsAreReadAsWhatTheyShow() throws {
        let evidence = try context.evaluation.importEvidence(
            path: data("evidence-workbook.xlsx"), fileName: "e.xlsx", check: false)
        #expect(evidence.problems.isEmpty, "\(evidence.problems)")
        let stored = try context.evaluation.dataset().record(for: "tu-ha").evidence["dossiers.on_time_rate"]
        #expect(stored?.value == .percent(97.5))
        #expect(XLSXSheetReader.iso(serial: 45509.34375, date1904: false, time: false) == "2024-08-05T08:15")
        #expect(XLSXSheetReader.iso(serial: 45509, date1904: false, time: false) == "2024-08-05")
        #expect(XLSXSheetReader.iso(serial: 44047, date1904: true, time: false) == "2024-08-05")
        #expect(XLSXSheetReader.iso(serial: 59, date1904: false, time: false) == "1900-02-28")
        #expect(XLSXSheetReader.iso(serial: 61, date1904: false, time: false) == "1900-03-01")
        #expect(XLSXSheetReader.iso(serial: 45509.5000001, date1904: false, time: true) == "2024-08-05T12:00")
        #expect(XLSXSheetReader.iso(serial: 2_958_465.99, date1904: false, time: false) == "9999-12-31T23:45:36")
        #expect(XLSXSheetReader.iso(serial: 1, date1904: false, time: false) == "1900-01-01")
        // Not a date: left as the number it is (1e300 overflowed the conversion).
        #expect(XLSXSheetReader.iso(serial: 1e300, date1904: false, time: false) == nil)
        #expect(XLSXSheetReader.iso(serial: -3, date1904: false, time: false) == nil)
        typealias Styles = XLSXSheetReader.StyleHandler
        #expect(Styles.kind(code: "dd/mm/yyyy hh:mm") == .time)
        #expect(Styles.kind(code: "dd/mm/yyyy") == .date && Styles.kind(code: "\"Ngày\" d") == .date)
        #expect(Styles.kind(code: "0.0%") == .percent && Styles.kind(code: "mm:ss") == .time)
        #expect(Styles.kind(code: "[Red]#,##0.00") == .plain && Styles.kind(code: "\"đ\" #,##0") == .plain)
        #expect(XLSXSheetReader.letters(0) == "A" && XLSXSheetReader.letters(27) == "AB")
    }

    /// A unit's name merged down its rows (as offices lay out a score sheet; written by openpyxl)
    /// belongs to each row: the rows under it are the unit's, and the closing line says so; the
    /// unit's subtotal inside the merge (`Cộng` under its criteria) is skipped as one.
    @Test func aUnitMergedDownItsRowsBelongsToEachOfThem() throws {
        let outcome = try context.evaluation.importScores(
            path: data("scores-workbook-merged.xlsx"), fileName: "m.xlsx", check: false)
        #expect(outcome.problems.isEmpty, "\(outcome.problems)")
        #expect(outcome.rows == 5)
        #expect(outcome.reading.contains("merged cells filled down: A4:A7, B4:B7, A8:A10, B8:B10"))
        #expect(outcome.reading.contains("2 total rows skipped ('Cộng' …): rows 7, 10"))
        func selfPoints(_ unit: String, _ leaf: String) throws -> StageValue? {
            try context.evaluation.scorecard(unitID: unit).leaves.first { $0.node.id == leaf }?.assessment?.stages[
                .selfAssessment]
        }
        #expect(try selfPoints("tu-ha", "1.2") == .points(0.5))
        #expect(try selfPoints("tu-ha", "4.2") == .points(1.5))
        #expect(try selfPoints("huong-van", "4.2") == .points(1))
    }

    /// Fill-down as the reader does it: only down (a merge across columns keeps its text in
    /// the first), only rows with cells of their own, a new merge's text from its own first
    /// row, and the range read either corner first.
    @Test func mergesAreFilledDownTheirFirstColumnOnly() throws {
        func cell(_ reference: String, _ text: String) -> String {
            "<c r=\"\(reference)\" t=\"inlineStr\"><is><t>\(text)</t></is></c>"
        }
        let rows = [
            "<row r=\"1\">\(cell("A1", "Tứ Hạ"))\(cell("B1", "x"))\(cell("D1", "1"))</row>",
            "<row r=\"2\"><c r=\"A2\" s=\"1\"/>\(cell("D2", "2"))</row>",
            "<row r=\"3\"><c r=\"A3\" s=\"1\"/></row>",
            "<row r=\"4\">\(cell("D4", "4"))</row>",
            "<row r=\"5\">\(cell("A5", "Hương Văn"))\(cell("D5", "5"))</row>",
            "<row r=\"6\">\(cell("D6", "6"))</row>",
            "<row r=\"7\">\(cell("D7", "7"))</row>",
        ]
        let merges =
            "<mergeCells count=\"3\"><mergeCell ref=\"A1:C4\"/><mergeCell ref=\"A6:A5\"/><mergeCell ref=\"B7:C7\"/></mergeCells>"
        let sheet: String =
            "<worksheet xmlns=\"http://schemas.openxmlformats.org/spreadsheetml/2006/main\"><sheetData>"
            + rows.joined() + "</sheetData>" + merges + "</worksheet>"
        let xml = Data(sheet.utf8)
        let reader = try XLSXSheetReader(path: try workbook("f.xlsx", sheet: xml), fileName: "f.xlsx", sheet: nil)
        var stored: [[String]] = []
        try reader.forEachRow { _, cells in stored.append(cells.map { $0.text }) }
        #expect(stored == [["Tứ Hạ", "x", "1"], ["2"], ["4"], ["Hương Văn", "5"], ["6"], ["7"]])
        #expect(reader.merges.map { $0.description } == ["A1:C4", "A5:A6", "B7:C7"])
        var filled: [String] = []
        try reader.forEachRow(fillingDown: reader.merges) { row, cells in
            filled.append(
                "\(row):" + cells.map { "\(XLSXSheetReader.letters($0.column))=\($0.text)" }.joined(separator: ","))
        }
        #expect(
            filled == [
                "1:A=Tứ Hạ,B=x,D=1", "2:A=Tứ Hạ,D=2", "4:A=Tứ Hạ,D=4", "5:A=Hương Văn,D=5", "6:A=Hương Văn,D=6",
                "7:D=7",
            ])
        #expect(reader.filledDown.map { $0.description } == ["A1:C4", "A5:A6"])
    }

    /// A workbook of one sheet whose part is `xml`, stored with `compression`.
    func workbook(_ name: String, sheet xml: Data, compression: CompressionMethod = .deflate) throws -> String {
        let url = folder.appendingPathComponent(name)
        let archive = try Archive(url: url, accessMode: .create)
        func add(_ path: String, _ data: Data, _ method: CompressionMethod = .deflate) throws {
            try archive.addEntry(
                with: path, type: .file, uncompressedSize: Int64(data.count), compressionMethod: method,
                provider: { position, size in data.subdata(in: Int(position)..<Int(position) + size) })
        }
        try add(
            "xl/workbook.xml",
            Data(
                """
                <workbook xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main" \
                xmlns:r="http://schemas.openxmlformats.org/officeDocument/2006/relationships">\
                <sheets><sheet name="S" sheetId="1" r:id="rId1"/></sheets></workbook>
                """.utf8))
        try add(
            "xl/_rels/workbook.xml.rels",
            Data(
                """
                <Relationships xmlns="http://schemas.openxmlformats.org/package/2006/relationships">\
                <Relationship Id="rId1" Type="worksheet" Target="worksheets/sheet1.xml"/></Relationships>
                """.utf8))
        try add("xl/worksheets/sheet1.xml", xml, compression)
        return url.path
    }

    /// A workbook of several sheets, each (name, hidden, rows of inline text).
    func workbook(_ name: String, sheets: [(name: String, hidden: Bool, rows: [[String]])]) throws -> String {
        let url = folder.appendingPathComponent(name)
        let archive = try Archive(url: url, accessMode: .create)
        func add(_ path: String, _ text: String) throws {
            let data = Data(text.utf8)
            try archive.addEntry(
                with: path, type: .file, uncompressedSize: Int64(data.count), compressionMethod: .deflate,
                provider: { position, size in data.subdata(in: Int(position)..<Int(position) + size) })
        }
        let entries = sheets.enumerated().map { index, sheet in
            "<sheet name=\"\(sheet.name)\" sheetId=\"\(index + 1)\" r:id=\"rId\(index + 1)\""
                + (sheet.hidden ? " state=\"hidden\"" : "") + "/>"
        }
        try add(
            "xl/workbook.xml",
            "<workbook xmlns=\"http://schemas.openxmlformats.org/spreadsheetml/2006/main\" "
                + "xmlns:r=\"http://schemas.openxmlformats.org/officeDocument/2006/relationships\">"
                + "<sheets>\(entries.joined())</sheets></workbook>")
        let relations = sheets.indices.map {
            "<Relationship Id=\"rId\($0 + 1)\" Type=\"worksheet\" Target=\"worksheets/sheet\($0 + 1).xml\"/>"
        }
        try add(
            "xl/_rels/workbook.xml.rels",
            "<Relationships xmlns=\"http://schemas.openxmlformats.org/package/2006/relationships\">"
                + relations.joined() + "</Relationships>")
        for (index, sheet) in sheets.enumerated() {
            let rows = sheet.rows.enumerated().map { number, cells in
                "<row r=\"\(number + 1)\">"
                    + cells.enumerated().map { column, text in
                        "<c r=\"\(XLSXSheetReader.letters(column))\(number + 1)\" t=\"inlineStr\"><is><t>\(text)</t></is></c>"
                    }.joined() + "</row>"
            }
            try add(
                "xl/worksheets/sheet\(index + 1).xml",
                "<worksheet xmlns=\"http://schemas.openxmlformats.org/spreadsheetml/2006/main\"><sheetData>"
                    + rows.joined() + "</sheetData></worksheet>")
        }
        return url.path
    }

    /// Without --sheet, the table is the first sheet a person sees with something in it; when
    /// it has no table, the error names the other sheets.
    @Test func hiddenAndEmptySheetsAreNotTheTableAndACoverSaysWhereTheOthersAre() throws {
        let table = [["Mã đơn vị", "Mã minh chứng", "Giá trị"], ["tu-ha", "plan.completion_rate", "97,5%"]]
        let hidden = try workbook(
            "h.xlsx", sheets: [("Cấu hình", true, [["năm", "2024"]]), ("Số liệu", false, table)])
        let read = try context.evaluation.importEvidence(path: hidden, fileName: "h.xlsx", check: true)
        #expect(read.problems.isEmpty && read.reading.first == "sheet Số liệu", "\(read.problems)")
        let empty = try workbook("e.xlsx", sheets: [("Sheet1", false, []), ("Số liệu", false, table)])
        let second = try context.evaluation.importEvidence(path: empty, fileName: "e.xlsx", check: true)
        #expect(second.problems.isEmpty && second.reading.first == "sheet Số liệu")
        let cover = try workbook(
            "c.xlsx", sheets: [("Bìa", false, [["UBND THỊ XÃ HƯƠNG TRÀ"]]), ("Số liệu", false, table)])
        let refused = try context.evaluation.importEvidence(path: cover, fileName: "c.xlsx", check: true)
        #expect(
            refused.problems.first?.message.hasSuffix("the workbook's other sheets: 'Số liệu' (--sheet NAME reads one)")
                == true)
        #expect(refused.problems.first?.cell == "Bìa!A1")
    }

    @Test func zipBombsAndEntityAttacksAreRefused() throws {
        // 24 MB of one repeated row compresses hundreds of times.
        let row = Data("<row><c t=\"inlineStr\"><is><t>unit_id</t></is></c></row>".utf8)
        var xml = Data("<worksheet><sheetData>".utf8)
        xml.append(contentsOf: repeatElement(row, count: 24 << 20 / row.count).joined())
        xml.append(Data("</sheetData></worksheet>".utf8))
        let bomb = try workbook("bomb.xlsx", sheet: xml)
        #expect {
            try context.evaluation.importScores(path: bomb, fileName: "bomb.xlsx", check: true)
        } throws: { error in
            "\(error)".contains("'bomb.xlsx' is refused: its part xl/worksheets/sheet1.xml inflates")
        }
        // inspect reads workbooks through the same bounded reader.
        let engine = Engine(context: context)
        let inspected = engine.handle("inspect \(bomb)")
        #expect(inspected.contains("is refused: its part xl/worksheets/sheet1.xml inflates"), "\(inspected)")
        let laughs = Data(
            """
            <?xml version="1.0"?><!DOCTYPE lolz [<!ENTITY lol "lol"><!ENTITY lol2 "&lol;&lol;&lol;&lol;">]>\
            <worksheet><sheetData><row><c t="inlineStr"><is><t>&lol2;</t></is></c></row></sheetData></worksheet>
            """.utf8)
        let entity = try workbook("lol.xlsx", sheet: laughs)
        #expect(
            throws: XLSXSheetReader.Failure.doctype(file: "lol.xlsx", part: "xl/worksheets/sheet1.xml")
        ) { try context.evaluation.importScores(path: entity, fileName: "lol.xlsx", check: true) }
        let broken = try workbook("broken.xlsx", sheet: Data("<worksheet><sheetData><row>".utf8))
        #expect {
            try context.evaluation.importScores(path: broken, fileName: "broken.xlsx", check: true)
        } throws: { error in
            "\(error)".hasPrefix(
                "Cannot read 'broken.xlsx' as an Excel workbook: xl/worksheets/sheet1.xml is not well-formed")
        }
        let old = folder.appendingPathComponent("old.xls").path
        _ = FileManager.default.createFile(atPath: old, contents: Data([0xD0, 0xCF]))
        #expect(throws: TableSourceError.unsupported("old.xls")) {
            try context.evaluation.importScores(path: old, fileName: "old.xls", check: true)
        }
    }

    @Test func everyWorkbookTheFuzzerFoundIsRefusedCleanly() throws {
        // Tests/Fuzz/Regressions: inputs that once crashed (FoundationXML's XMLParser trapped on
        // a corrupt workbook part; a declared compressed size overflowed the zip-bomb limit) —
        // each must read or be refused with a user's error.
        let folder = Sessions.packageRoot.appendingPathComponent("Tests/Fuzz/Regressions")
        let files = try FileManager.default.contentsOfDirectory(atPath: folder.path).filter { $0.hasSuffix(".xlsx") }
        #expect(!files.isEmpty)
        for file in files {
            do {
                let reader = try XLSXSheetReader(
                    path: folder.appendingPathComponent(file).path, fileName: file, sheet: nil)
                try reader.forEachRow { _, _ in }
            } catch {
                #expect(error is XLSXSheetReader.Failure, "\(file): \(error)")
            }
        }
    }

    @Test func aWorkbookDamagedInACopyIsRefusedNotReadAsOtherValues() throws {
        // Found by a new-user trial: a stored (uncompressed) sheet with one value changed and
        // its checksum left as it was imported 0.5 for 1.5.
        let sheet = Data(
            """
            <worksheet><sheetData><row r="1"><c t="inlineStr"><is><t>unit_id</t></is></c>\
            <c t="inlineStr"><is><t>criterion_id</t></is></c><c t="inlineStr"><is><t>stage</t></is></c>\
            <c t="inlineStr"><is><t>points</t></is></c></row><row r="2"><c t="inlineStr"><is><t>tu-ha</t></is></c>\
            <c t="inlineStr"><is><t>4.2</t></is></c><c t="inlineStr"><is><t>appraisal1</t></is></c><c><v>1.5</v></c>\
            </row></sheetData></worksheet>
            """.utf8)
        let path = try workbook("crc.xlsx", sheet: sheet, compression: .none)
        var bytes = try Data(contentsOf: URL(fileURLWithPath: path))
        let value = bytes.firstRange(of: Data("<v>1.5</v>".utf8))!
        bytes.replaceSubrange(value, with: Data("<v>0.5</v>".utf8))
        try bytes.write(to: URL(fileURLWithPath: path))
        #expect {
            try context.evaluation.importScores(path: path, fileName: "crc.xlsx", check: true)
        } throws: { error in
            "\(error)".contains("xl/worksheets/sheet1.xml fails its checksum: the file was damaged")
        }
        // A text file or an empty one named .xlsx is said to be what it is.
        let text = folder.appendingPathComponent("text.xlsx").path
        try "unit_id,name\n".write(toFile: text, atomically: true, encoding: .utf8)
        #expect(
            throws: XLSXSheetReader.Failure.damaged(
                file: "text.xlsx", reason: "it is text, not a workbook (a CSV file named .xlsx? give it a .csv name)")
        ) {
            try XLSXSheetReader(path: text, fileName: "text.xlsx", sheet: nil)
        }
        // A folder is not a file to import.
        #expect {
            try context.evaluation.importScores(path: folder.path, fileName: "data", check: true)
        } throws: { error in "\(error)".contains("it is a folder") }
    }
}
