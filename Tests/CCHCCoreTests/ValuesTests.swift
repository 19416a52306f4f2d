import Foundation
import Testing

@testable import CCHCCore

@Suite struct ValuesTests {
    @Test func numbersWithDecimalPointsOrInSemicolonFilesCommas() {
        #expect(Values.number("2.5", decimalComma: false) == 2.5)
        #expect(Values.number(" 3 ", decimalComma: false) == 3)
        #expect(Values.number("2,5", decimalComma: true) == 2.5)
        // In a comma file a quoted "2,5" is a decimal comma; "1,500" could be a thousand.
        #expect(Values.number("2,5", decimalComma: false) == 2.5)
        #expect(Values.number("1,75", decimalComma: false) == 1.75)
        #expect(Values.number("0,125", decimalComma: false) == 0.125)
        #expect(Values.number("1,500", decimalComma: false) == nil)
        // Non-breaking spaces, as spreadsheets put before a percent sign.
        #expect(Values.number("97,5\u{A0}", decimalComma: true) == 97.5)
        #expect(Values.evidence("97,5\u{A0}%", decimalComma: true) == .percent(97.5))
        #expect(Values.evidence("97,5\u{202F}%", decimalComma: true) == .percent(97.5))
        // Where the comma is the decimal mark, points group thousands (Excel's #,##0 in a
        // Vietnamese locale); a lone point with other than three digits after stays a point.
        #expect(Values.number("1.000,5", decimalComma: true) == 1000.5)
        #expect(Values.number("1.234", decimalComma: true) == 1234)
        #expect(Values.number("12.345.678", decimalComma: true) == 12_345_678)
        #expect(Values.number("-1.000", decimalComma: true) == -1000)
        #expect(Values.number("0.975", decimalComma: true) == 0.975)
        #expect(Values.number("97.5", decimalComma: true) == 97.5)
        #expect(Values.number("1.2345", decimalComma: true) == 1.2345)
        #expect(Values.number("1.234", decimalComma: false) == 1.234)
        #expect(Values.number("1.23.456", decimalComma: true) == nil)
        #expect(Values.number("abc", decimalComma: false) == nil)
        #expect(Values.number("inf", decimalComma: false) == nil)
        #expect(Values.number("", decimalComma: false) == nil)
    }

    @Test func yesAndNoInThePhrasesOfficesWrite() {
        for yes in ["có", "Có", "x", "1", "yes", "Đã số hóa", "Đạt", "Đã", "Có thư xin lỗi", "đúng"] {
            #expect(Values.yesNo(yes) == true, "\(yes)")
        }
        for no in ["không", "Không", "", "0", "no", "Chưa số hóa", "Không đạt", "Chưa", "sai"] {
            #expect(Values.yesNo(no) == false, "\(no)")
        }
        for neither in ["maybe", "Đang xử lý", "2"] { #expect(Values.yesNo(neither) == nil, "\(neither)") }
    }

    @Test func evidenceValuesInEverySpelling() {
        #expect(Values.evidence("97.5%", decimalComma: false) == .percent(97.5))
        #expect(Values.evidence("97,5%", decimalComma: true) == .percent(97.5))
        #expect(Values.evidence("97.5", decimalComma: false) == .number(97.5))
        #expect(Values.evidence("39/40", decimalComma: false) == .fraction(numerator: 39, denominator: 40))
        #expect(Values.evidence("0/0", decimalComma: false) == .fraction(numerator: 0, denominator: 0))
        #expect(Values.evidence("5/4", decimalComma: false) == nil)
        for yes in ["yes", "Có", "CÓ", "true", "x", "X"] {
            #expect(Values.evidence(yes, decimalComma: false) == .bool(true), "\(yes)")
        }
        for no in ["no", "không", "Không", "false", ""] {
            #expect(Values.evidence(no, decimalComma: false) == .bool(false), "\(no)")
        }
        #expect(Values.evidence("1", decimalComma: false) == .number(1))
        #expect(Values.evidence("nhiều", decimalComma: false) == nil)
    }

    @Test func idsAndKeys() {
        #expect(Values.isPlainID("huong-van_2.b"))
        #expect(!Values.isPlainID("huong van"))
        #expect(!Values.isPlainID("hương"))
        #expect(Values.isEvidenceKey("dossiers.on_time_rate"))
        #expect(Values.isEvidenceKey("survey.sipas.access"))
        #expect(!Values.isEvidenceKey("dossiers"))
        #expect(!Values.isEvidenceKey("Dossiers.OnTime"))
        #expect(!Values.isEvidenceKey("dossiers..rate"))
    }
}

@Suite struct CSVReaderTests {
    func records(_ bytes: [UInt8]) throws -> (delimiter: UInt8, records: [CSVRecord]) {
        let path = FileManager.default.temporaryDirectory.appendingPathComponent("cchc-csv-\(UUID()).csv").path
        _ = FileManager.default.createFile(atPath: path, contents: Data(bytes))
        defer { try? FileManager.default.removeItem(atPath: path) }
        var reader = try CSVReader(path: path, fileName: "t.csv")
        defer { reader.close() }
        var out: [CSVRecord] = []
        while let record = try reader.next() { out.append(record) }
        return (reader.delimiter, out)
    }

    @Test func bomSemicolonsCRLFAndQuotedFields() throws {
        let text = "\u{FEFF}a;b;c\r\n1;\"x; \"\"y\"\"\";\"two\nlines\"\r\n\r\nHương;Văn;\r\n"
        let (delimiter, rows) = try records(Array(text.utf8))
        #expect(delimiter == UInt8(ascii: ";"))
        #expect(rows.map(\.fields) == [["a", "b", "c"], ["1", "x; \"y\"", "two\nlines"], ["Hương", "Văn", ""]])
        #expect(rows.map(\.line) == [1, 2, 5])
        #expect(rows[2].columns == [1, 7, 11])
    }

    @Test func crOnlyLineEndsAreLineEnds() throws {
        // "CSV (Macintosh)": lines end in CR alone, and a quoted field may hold one.
        let (delimiter, rows) = try records(Array("a,b\rtu-ha,\"x\ry\"\r\rhuong-van,2\r".utf8))
        #expect(delimiter == UInt8(ascii: ","))
        #expect(rows.map(\.fields) == [["a", "b"], ["tu-ha", "x\ry"], ["huong-van", "2"]])
        #expect(rows.map(\.line) == [1, 2, 5])
    }

    @Test func excelSepLineNamesTheSeparatorAndCountsAsALine() throws {
        let (delimiter, rows) = try records(Array("\u{FEFF}sep=;\r\na,b;c\r\n1,5;2\r\n".utf8))
        #expect(delimiter == UInt8(ascii: ";"))
        #expect(rows.map(\.fields) == [["a,b", "c"], ["1,5", "2"]])
        #expect(rows.map(\.line) == [2, 3])
    }

    @Test func theSeparatorIsTheOneCountedAlikeOnMostLines() {
        func detect(_ text: String) -> String {
            String(UnicodeScalar(CSVScanner.detectDelimiter(ArraySlice(Array(text.utf8)))))
        }
        // A title line above a semicolon header, with a comma of its own.
        #expect(detect("Báo cáo điểm, năm 2024\n\nunit_id;criterion_id;points\ntu-ha;1.1;2\n") == ";")
        // Commas in an unquoted note do not outvote the semicolons.
        #expect(detect("unit_id;points;note\ntu-ha;2;a, b, c, d, e\n") == ";")
        #expect(detect("unit_id\tcriterion_id\tpoints\ntu-ha\t1.1\t2,5\n") == "\t")
        #expect(detect("unit_id,points\ntu-ha,\"2;5\"\n") == ",")
        #expect(detect("unit_id\n") == ",")
    }

    @Test func decomposedTextBecomesNFC() throws {
        let (_, rows) = try records(Array("name\nHương Văn\n".decomposedStringWithCanonicalMapping.utf8))
        #expect(Array(rows[1].fields[0].unicodeScalars) == Array("Hương Văn".unicodeScalars))
    }

    @Test func trimmedFieldsAreTheTrimmedNFCText() throws {
        let samples = [
            "Trực tuyến", "\u{00A0}Hương Trà\u{00A0}", " Bưu chính\u{0085}", "ạ\u{2003}", "\u{2003}x",
            "Hương".decomposedStringWithCanonicalMapping, "Ω\u{2126}", "日本", "😀 ", "  ",
            "a\u{0301}", "\u{00A0}",
        ]
        let text = "a\n" + samples.map { "\"\($0)\"" }.joined(separator: "\n") + "\n" + samples.joined(separator: "\n")
        let path = FileManager.default.temporaryDirectory.appendingPathComponent("cchc-trim-\(UUID()).csv").path
        try text.write(toFile: path, atomically: true, encoding: .utf8)
        defer { try? FileManager.default.removeItem(atPath: path) }
        let scanner = try CSVScanner(path: path, fileName: "t.csv")
        _ = try scanner.next()
        for sample in samples + samples {
            #expect(try scanner.next())
            let nfc = VietnameseText.nfc(sample)
            #expect(Array(scanner.bytes(0)) == Array(nfc.utf8), "\(sample.unicodeScalars.map(\.value))")
            #expect(scanner.value(0) == nfc.trimmingWhitespace, "\(sample.unicodeScalars.map(\.value))")
        }
    }

    /// Records, or the problem that stopped the reading, with `blockSize`-byte reads.
    func scan(_ path: String, blockSize: Int) -> [String] {
        var out: [String] = []
        do {
            let scanner = try CSVScanner(path: path, fileName: "t", blockSize: blockSize)
            while try scanner.next() {
                let record = scanner.record
                out.append("\(record.line) \(record.fields) \(record.columns)")
            }
        } catch { out.append("\(error)") }
        return out
    }

    /// Random bytes from CSV's special characters, Vietnamese (precomposed and not), NBSP, CR and
    /// invalid UTF-8, read with reads as small as one byte, give what one large read gives. (The
    /// same inputs were checked once against the reader this scanner replaced: identical
    /// records, lines, columns and problems.)
    @Test func tinyReadsGiveWhatOneReadGives() throws {
        var random = SplitMix64Generator(seed: 99)
        let alphabet: [[UInt8]] = [
            [0x61], [0x62], [0x2C], [0x3B], [0x22], [0x22, 0x22], [0x0A], [0x0D], [0x0D, 0x0A], [0x20], [0xC3, 0xA9],
            [0xCC, 0x81], [0xE1, 0xBB, 0xA3], [0xC2, 0xA0], [0xFF], [0x09], [0x78],
        ]
        let path = FileManager.default.temporaryDirectory.appendingPathComponent("cchc-blocks-\(UUID()).csv").path
        defer { try? FileManager.default.removeItem(atPath: path) }
        for trial in 0..<2000 {
            var bytes: [UInt8] = trial % 5 == 0 ? [0xEF, 0xBB, 0xBF] : []
            for _ in 0..<Int.random(in: 0...120, using: &random) {
                let pick = alphabet.randomElement(using: &random)!
                bytes += pick == [0xFF] && Int.random(in: 0..<4, using: &random) != 0 ? [0x61] : pick
            }
            _ = FileManager.default.createFile(atPath: path, contents: Data(bytes))
            let expected = scan(path, blockSize: 1 << 20)
            for blockSize in [1, 2, 3, 7, 64] {
                #expect(scan(path, blockSize: blockSize) == expected, "\(bytes), blocks of \(blockSize)")
            }
        }
    }

    @Test func anUnclosedQuoteAndNonUTF8AreProblems() throws {
        #expect(throws: InputProblem.self) { try records(Array("a,b\n1,\"open\n".utf8)) }
        #expect(throws: InputProblem.self) { try records([0x61, 0x0A, 0xC3, 0x28, 0x0A]) }
    }
}

@Suite struct CSVParallelScanTests {
    /// Records as (line, fields, columns), or the problem that stopped the reading.
    struct Seen: Sendable, Equatable {
        var records: [String] = []
        var stop: String?
    }

    func sequential(_ path: String) -> Seen {
        var seen = Seen()
        do {
            // The scanner itself, as the parallel scan uses it (CSVReader also skips rows of
            // separators alone).
            let scanner = try CSVScanner(path: path, fileName: "t.csv")
            defer { scanner.close() }
            while try scanner.next() {
                let record = scanner.record
                seen.records.append("\(record.line) \(record.fields) \(record.columns)")
            }
        } catch { seen.stop = "\(error)" }
        return seen
    }

    func parallel(_ path: String, chunkSize: Int, overrun: Int) throws -> Seen {
        var first: String?
        var seen = try CSVParallelScan.scan(
            path: path, fileName: "t.csv", into: Seen(), workers: 3, chunkSize: chunkSize, overrun: overrun,
            header: { next -> (@Sendable (CSVScanner) throws -> Seen)? in
                guard let header = try next() else { return nil }
                first = "\(header.line) \(header.fields) \(header.columns)"
                return { scanner in
                    var seen = Seen()
                    do {
                        while try scanner.next() {
                            let record = scanner.record
                            seen.records.append("\(record.line) \(record.fields) \(record.columns)")
                        }
                    } catch let problem as InputProblem { seen.stop = "\(problem)" }
                    return seen
                }
            },
            merge: { (total: inout Seen, next: Seen, linesBefore: Int) in
                for record in next.records {
                    let space = record.firstIndex(of: " ")!
                    total.records.append("\(Int(record[..<space])! + linesBefore)\(record[space...])")
                }
                if let stop = next.stop {
                    // "t.csv:LINE:COLUMN: message", with the line counted from the stretch.
                    let parts = stop.split(separator: ":", maxSplits: 2)
                    total.stop = "\(parts[0]):\(Int(parts[1])! + linesBefore):\(parts[2])"
                    return false
                }
                return true
            })
        if let first { seen.records.insert(first, at: 0) }
        return seen
    }

    @Test func stretchesWithWrongGuessesGiveWhatOnePassGives() throws {
        var random = SplitMix64Generator(seed: 11)
        let pieces = [
            "plain", "\"quoted, with \"\"quotes\"\"\"", "\"two\nlines\"", "\"three\r\nlines\nhere\"", "Hương",
            "Hương".decomposedStringWithCanonicalMapping, "", " spaced ", "a\"b",
        ]
        for trial in 0..<40 {
            var text = trial % 3 == 0 ? "\u{FEFF}" : ""
            let separator = trial % 2 == 0 ? "," : ";"
            text += ["a", "b", "c"].joined(separator: separator) + "\n"
            for row in 0..<60 {
                if row % 17 == 5 { text += trial % 4 == 0 ? "\r\n" : "\n" }
                let fields = (0..<Int.random(in: 1...4, using: &random)).map { _ in
                    pieces.randomElement(using: &random)!
                }
                text += fields.joined(separator: separator) + (row % 5 == 0 ? "\r\n" : "\n")
            }
            if trial % 5 == 0 { text += "last,\"open" }
            if trial % 7 == 0 { text.removeLast() }
            let path = FileManager.default.temporaryDirectory.appendingPathComponent("cchc-par-\(UUID()).csv").path
            try text.write(toFile: path, atomically: true, encoding: .utf8)
            defer { try? FileManager.default.removeItem(atPath: path) }
            let expected = sequential(path)
            for chunkSize in [1, 7, 33, 200] {
                for overrun in [1, 16, 1 << 20] {
                    let found = try parallel(path, chunkSize: chunkSize, overrun: overrun)
                    #expect(found == expected, "trial \(trial), stretches of \(chunkSize), overrun \(overrun)")
                }
            }
        }
    }
}

@Suite struct ContentHashTests {
    @Test func filesAndTextHashAsSha256sumDoes() throws {
        let path = FileManager.default.temporaryDirectory.appendingPathComponent("cchc-hash-\(UUID())").path
        defer { try? FileManager.default.removeItem(atPath: path) }
        try "abc".write(toFile: path, atomically: true, encoding: .utf8)
        #expect(ContentHash.file(path) == "ba7816bf8f01cfea414140de5dae2223b00361a396177a9cb410ff61f20015ad")
        #expect(ContentHash.hex("abc".utf8) == "ba7816bf8f01cfea414140de5dae2223b00361a396177a9cb410ff61f20015ad")
        #expect(ContentHash.hex([UInt8]()) == "e3b0c44298fc1c149afbf4c8996fb92427ae41e4649b934ca495991b7852b855")
        // Several blocks: a million 'a's (the FIPS 180-2 example).
        try String(repeating: "a", count: 1_000_000).write(toFile: path, atomically: true, encoding: .utf8)
        #expect(ContentHash.file(path) == "cdc76e5c9914fb9281a1c7e284d73e67f1809a48a497200e046d39ccc7112cd0")
        #expect(ContentHash.file(path, isCancelled: { true }) == "")
        #expect(ContentHash.file(path + ".missing") == "")
    }
}

@Suite struct JSONInputTests {
    @Test func brokenJSONIsToldAtItsLineAndColumn() {
        let text = "{\n  \"title\": \"Xếp hạng\",\n  \"rows\": [1, 2 3]\n}\n"
        #expect {
            try JSONInput.parse(Data(text.utf8), file: "r.json")
        } throws: { error in
            guard let problem = error as? InputProblem else { return false }
            return problem.file == "r.json" && problem.line == 3
                && problem.message.hasPrefix("This is not valid JSON: ")
        }
        #expect(throws: InputProblem(file: "e.json", line: 1, column: 1, message: "The file is empty; expected JSON")) {
            try JSONInput.parse(Data("  \n".utf8), file: "e.json")
        }
        #expect((try? JSONInput.parse(Data("{\"a\": [1]}".utf8), file: "ok.json")) as? [String: Any] != nil)
    }
}
