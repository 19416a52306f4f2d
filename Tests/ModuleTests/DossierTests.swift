import CCHCCore
import CCHCModuleKit
import CCHCREPL
import CCHCTesting
import Foundation
import GRDB
import Testing

@testable import DossierEvidence

@Suite struct DossierFingerprintTests {
    func fingerprint(_ text: String) -> UInt64 {
        Array(text.utf8).withUnsafeBufferPointer { CountedRow.hash($0) }
    }

    @Test func idsThatDifferAnywhereOrOnlyInLengthGetDifferentFingerprints() {
        // Every length around the eight-byte steps, ids alike but for one byte or a trailing zero byte.
        var seen: [UInt64: String] = [:]
        for length in 0...40 {
            for variant in 0..<300 {
                var bytes = [UInt8](repeating: UInt8(ascii: "0"), count: length)
                if length > 0 { bytes[variant % length] = UInt8(truncatingIfNeeded: 49 + variant / max(length, 1)) }
                let id = String(decoding: bytes, as: UTF8.self)
                let hash = fingerprint(id)
                if let other = seen[hash] {
                    #expect(other == id, "'\(other)' and '\(id)' share a fingerprint")
                }
                seen[hash] = id
            }
        }
        #expect(fingerprint("G10") == fingerprint("G10"))
        #expect(fingerprint("ab") != fingerprint("ab\u{0}"))
        #expect(fingerprint("") != fingerprint("\u{0}"))
        // One-stop ids: a million of them, none sharing a fingerprint.
        var hashes = Set<UInt64>()
        for serial in 0..<1_000_000 {
            hashes.insert(fingerprint("000.00.23.H56-2401\(serial % 28 + 10)-\(serial)"))
        }
        #expect(hashes.count == 1_000_000)
    }
}

@Suite struct DossierDateTests {
    @Test func readsTheDateFormsOfTheSoftwareAndISO() {
        #expect(Moment.parse("20/10/2024") == Moment(day: 20016, minute: nil, year: 2024))
        #expect(Moment.parse("20/10/2024 14:30")?.minute == 14 * 60 + 30)
        #expect(Moment.parse("2/1/2024")?.iso == "2024-01-02")
        #expect(Moment.parse("2024-10-20")?.day == 20016)
        #expect(Moment.parse("2024-10-20T14:30")?.minute == 870)
        #expect(Moment.parse("2024-10-20 14:30:15")?.minute == 870)
        #expect(Moment.parse("2024-10-20T14:30:15.250+07:00")?.minute == 870)
        // A zone is converted to Vietnam's time (UTC+7); without one, local time is meant.
        #expect(Moment.parse("2024-10-20T07:30Z")?.minute == 870)
        #expect(Moment.parse("2024-01-05T12:00:00Z") == Moment(day: 19727, minute: 19 * 60, year: 2024))
        #expect(Moment.parse("2023-12-31T20:00:00Z") == Moment(day: 19723, minute: 3 * 60, year: 2024))
        #expect(Moment.parse("2024-01-01T01:00:00+09:00") == Moment(day: 19722, minute: 23 * 60, year: 2023))
        #expect(Moment.parse("2024-10-20T14:30-05:30")?.minute == (14 * 60 + 30 + 330 + 420) % 1440)
        #expect(Moment.parse("29/02/2024") != nil)
        // A 12-hour clock as Windows writes it in Vietnamese (SA/CH) or English (AM/PM).
        #expect(Moment.parse("01/03/2024 8:30:00 CH")?.minute == 20 * 60 + 30)
        #expect(Moment.parse("01/03/2024 12:05 SA")?.minute == 5)
        #expect(Moment.parse("01/03/2024 12:05 PM")?.minute == 12 * 60 + 5)
        #expect(Moment.parse("01/03/2024 9:15 am")?.minute == 9 * 60 + 15)
        for bad in [
            "31/02/2024", "29/02/2023", "2024-13-01", "20/10/24", "20-10", "hôm nay", "2024-10-20T25:00", "",
            "2024-10-20T10:00+15:00", "2024-10-20T10:00+07:75", "01/03/2024 13:00 CH", "01/03/2024 8:30 XY",
        ] {
            #expect(Moment.parse(bad) == nil, "\(bad)")
        }
        for day in [-1000, 0, 19_000, 20_016, 30_000] {
            let (y, m, d) = Moment.civil(fromDays: day)
            #expect(Moment.days(year: y, month: m, day: d) == day)
        }
    }

    @Test func aDossierIdRoundedByASpreadsheetAndADateSerialAreNamed() {
        func rounded(_ text: String) -> Bool {
            var text = text
            return text.withUTF8 { DossierCollector.isRoundedNumber($0) }
        }
        for id in ["2.40301e+17", "2,40301E+17", "1E+15"] { #expect(rounded(id), "\(id)") }
        for id in ["000.12.34.H57-240301-0001", "240301000000000017", "A+B", "HS-2024+01", "e+17"] {
            #expect(!rounded(id), "\(id)")
        }
        #expect(DossierCollector.dateHint("45352").contains("date serial"))
        #expect(DossierCollector.dateHint("45352,354").contains("date serial"))
        #expect(DossierCollector.dateHint("3/15/2024 8:30").contains("write the day first (15/03/2024)"))
        #expect(DossierCollector.dateHint("hôm qua") == "")
    }

    @Test func aChannelIsOnlineByItsWordsUnlessItDeniesThem() {
        for online in [
            "online", "Trực tuyến", "TRUC TUYEN", "Dịch vụ công", "DVC", "dvctt", "Qua Cổng DVC quốc gia",
            "Nộp trực tuyến (DVCQG)", "Cổng dịch vụ công tỉnh",
        ] {
            #expect(DossierCollector.isOnline(online), "\(online)")
        }
        for offline in [
            "", "Trực tiếp", "Bưu chính công ích", "Không trực tuyến", "chưa qua DVC", "offline", "Tại bộ phận một cửa",
        ] {
            #expect(!DossierCollector.isOnline(offline), "\(offline)")
        }
    }

    @Test func theTableOfMonthsAgreesWithTheCalendar() {
        for year in [1899, 1900, 1970, 2000, 2023, 2024, 2100, 2199, 2200] {
            for month in 1...12 {
                for day in [0, 1, 28, 29, 30, 31, 32] {
                    let text = String(format: "%04d-%02d-%02d", year, month, day)
                    let valid = day >= 1 && day <= Moment.daysIn(month: month, year: year)
                    let expected = valid ? Moment.days(year: year, month: month, day: day) : nil
                    #expect(Moment.parse(text)?.day == expected, "\(text)")
                    #expect(Moment.parse(text + "T08:15")?.day == expected, "\(text)")
                    #expect(Moment.parse(text + " 08:15")?.minute == (valid ? 495 : nil), "\(text)")
                    let vietnamese = String(format: "%02d/%02d/%04d", day, month, year)
                    let expectedDMY = year >= 1900 ? expected : nil
                    #expect(Moment.parse(vietnamese)?.day == expectedDMY, "\(vietnamese)")
                    #expect(Moment.parse(vietnamese + " 23:59")?.minute == (expectedDMY == nil ? nil : 1439))
                }
            }
        }
    }

    @Test func onTimeComparesByTheMinuteOnlyWhenBothHaveATime() throws {
        let due = try #require(Moment.parse("10/01/2024 11:00"))
        #expect(try #require(Moment.parse("10/01/2024 10:59")).notAfter(due))
        #expect(!(try #require(Moment.parse("10/01/2024 11:01")).notAfter(due)))
        #expect(try #require(Moment.parse("10/01/2024")).notAfter(due))
        #expect(try #require(Moment.parse("10/01/2024 23:00")).notAfter(try #require(Moment.parse("10/01/2024"))))
    }
}

@Suite struct DossierCollectorTests {
    let folder: URL
    let scratch: TemporaryFolder

    init() throws {
        scratch = try TemporaryFolder("cchc-dossiers")
        folder = scratch.url
    }

    func write(_ name: String, _ text: String) throws -> String {
        let path = folder.appendingPathComponent(name).path
        try text.write(toFile: path, atomically: true, encoding: .utf8)
        return path
    }

    func request(_ path: String, year: Int? = nil) throws -> CollectionRequest {
        let context = try Workbench.makeContext(data: .sample, actor: "tester", clock: Transcript.clock)
        return CollectionRequest(
            path: path, fileName: (path as NSString).lastPathComponent,
            units: Dictionary(uniqueKeysWithValues: try context.evaluation.units().map { ($0.id, $0) }), year: year,
            defaultYear: 2024, asOf: Transcript.clock())
    }

    func values(_ collected: CollectedEvidence, unit: String) -> [String: String] {
        Dictionary(
            uniqueKeysWithValues: collected.values.filter { $0.unitID == unit && $0.year == 2024 }.map {
                ($0.key, $0.value.display)
            })
    }

    @Test func aTotalRowAtTheEndOfAnExportIsSkippedAndNamed() throws {
        let path = try write(
            "d.csv",
            """
            dossier_id,unit_id,procedure_code,received_at,due_at,resolved_at,channel,digitized,entered_in_software,apology_issued
            A,tu-ha,p,2024-01-02,2024-01-05,2024-01-04,online,1,1,0
            Tổng cộng,,,,,,,,,

            """)
        let collected = try DossierCollector().collect(try request(path))
        #expect(collected.problemCount == 0, "\(collected.problems)")
        #expect(collected.reading == ["total row skipped: line 3 'Tổng cộng'"])
        #expect(values(collected, unit: "tu-ha")["dossiers.total"] == "1")
    }

    @Test func derivesEveryKeyPerUnitAndYear() throws {
        let path = try write(
            "d.csv",
            """
            dossier_id,unit_id,procedure_code,received_at,due_at,resolved_at,channel,digitized,entered_in_software,apology_issued
            A,tu-ha,p,2024-01-02,2024-01-05,2024-01-04,online,1,1,0
            B,tu-ha,p,2024-01-02 08:00,2024-01-05 11:00,2024-01-05 10:00,direct,0,1,0
            C,tu-ha,p,2024-01-02,2024-01-05 11:00,2024-01-05 11:30,Trực tuyến,1,0,1
            D,tu-ha,p,2024-01-02,2024-01-05,2024-01-09,post,no,yes,no
            E,tu-ha,p,2024-10-01,2024-10-10,,online,x,x,x
            F,tu-ha,p,2024-10-15,2024-10-25,,online,,,
            G,tu-ha,p,2023-12-30,2024-01-03,2024-01-02,online,1,1,0
            H,huong-van,p,02/01/2024,05/01/2024,,dvc,có,không,không

            """)
        let collected = try DossierCollector().collect(try request(path))
        #expect(collected.problemCount == 0, "\(collected.problems)")
        #expect(collected.rows == 8)
        #expect(
            values(collected, unit: "tu-ha") == [
                "dossiers.total": "6", "dossiers.resolved": "4", "dossiers.on_time_rate": "2/4",
                "dossiers.early_rate": "1/4", "dossiers.overdue_count": "3", "dossiers.overdue_apology_rate": "2/3",
                "dossiers.digitized_rate": "3/6", "dossiers.online_rate": "4/6", "dossiers.software_entry_rate": "4/6",
                "dossiers.anomalies": "0",
            ])
        // 2023's dossier is its own year; pending H is past due on 20 October 2024.
        #expect(collected.values.contains { $0.unitID == "tu-ha" && $0.year == 2023 && $0.key == "dossiers.total" })
        #expect(values(collected, unit: "huong-van")["dossiers.overdue_apology_rate"] == "0/1")
        let overdue = collected.items.filter { $0.unitID == "tu-ha" && $0.key == "dossiers.overdue_count" }
        #expect(overdue.map(\.item) == ["C", "D", "E"])
        #expect(overdue.map(\.note) == ["resolved late", "resolved 4 days late", "pending, due 2024-10-10"])
        // Grouped by unit, year and key; in file order within.
        let unapologised = collected.items.filter { $0.key == "dossiers.overdue_apology_rate" }.map(\.item)
        #expect(unapologised == ["H", "D"])

        let only2023 = try DossierCollector().collect(try request(path, year: 2023))
        #expect(only2023.values.allSatisfy { $0.year == 2023 })
        // Its one row of 2023 (30 December) is a period of that year, and replaces it: said.
        #expect(only2023.warnings.first == "7 rows received outside 2023 skipped (--year 2023)")
        #expect(
            only2023.warnings.dropFirst().first?.contains("holds no dossier of 2023 received before 30/12/2023") == true
        )
        #expect(only2023.warnings.count == 2)
        // A year none of the rows falls in is a mistake, not "added 0": refused, naming the years.
        #expect {
            try DossierCollector().collect(try request(path, year: 2022))
        } throws: { error in
            "\(error)".contains(
                "none of its 8 rows was received in 2022 (they are from 2023, 2024); give --year 2024, or leave --year out"
            )
        }
    }

    /// Each row set aside is listed at its line: three rows of one dossier list two repeats.
    @Test func everyAnomalousRowIsListedEvenOfOneDossier() throws {
        let path = try write(
            "d.csv",
            """
            dossier_id,unit_id,procedure_code,received_at,due_at,resolved_at,channel,digitized,entered_in_software,apology_issued
            A,tu-ha,p,2024-03-01,2024-03-05,2024-03-04,online,1,1,
            A,tu-ha,p,2024-03-01,2024-03-05,2024-03-04,online,1,1,
            A,tu-ha,p,2024-03-01,2024-03-05,2024-03-04,online,1,1,
            B,tu-ha,p,2024-03-01,2024-03-05,2024-02-28,online,1,1,

            """)
        let collected = try DossierCollector().collect(try request(path))
        #expect(values(collected, unit: "tu-ha")["dossiers.anomalies"] == "3")
        #expect(
            collected.items.filter { $0.key == "dossiers.anomalies" }.map(\.item) == ["A", "A · line 4", "B"])
    }

    @Test func semicolonFilesWithVietnameseHeadersAndABOMGiveTheSameValues() throws {
        let canonical = try write(
            "c.csv",
            """
            dossier_id,unit_id,procedure_code,received_at,due_at,resolved_at,channel,digitized,entered_in_software,apology_issued
            A,tu-ha,p,2024-03-01,2024-03-05,2024-03-06,online,1,1,1
            B,tu-ha,p,2024-03-01,2024-03-05,2024-03-04,direct,0,1,0

            """)
        let vietnamese = try write(
            "v.csv",
            "\u{FEFF}Mã hồ sơ;Đơn vị;Mã TTHC;Ngày tiếp nhận;Ngày hẹn trả;Ngày trả kết quả;Hình thức nộp;Số hóa;Cập nhật phần mềm;Thư xin lỗi\r\n"
                + "A;tu-ha;p;01/03/2024;05/03/2024;06/03/2024;Trực tuyến;x;x;x\r\n"
                + "B;tu-ha;p;01/03/2024;05/03/2024;04/03/2024;Trực tiếp;;có;không\r\n")
        let a = try DossierCollector().collect(try request(canonical))
        let b = try DossierCollector().collect(try request(vietnamese))
        #expect(b.problemCount == 0, "\(b.problems)")
        #expect(a.values == b.values)
        #expect(a.items == b.items)
    }

    /// Every header a column documents (`help import dossiers`) reads as that column: an export
    /// headed with the other spellings gives what the canonical file gives.
    @Test func everyDocumentedHeaderReadsAsItsColumn() throws {
        let canonical = try write(
            "c2.csv",
            """
            dossier_id,unit_id,procedure_code,received_at,due_at,resolved_at,channel,digitized,entered_in_software,apology_issued
            A,tu-ha,p,2024-03-01,2024-03-05,2024-03-06,online,1,1,1
            B,tu-ha,p,2024-03-01,2024-03-05,,direct,0,1,0

            """)
        let columns = DossierCollector().columns
        for variant in 0..<3 {
            // The variant-th header of each column (its last where it has fewer).
            let header = columns.map { $0.headers[min(variant, $0.headers.count - 1)] }
            let other = try write(
                "h\(variant).csv",
                header.joined(separator: ";") + "\n"
                    + "A;Tứ Hạ;01/03/2024;05/03/2024;p;06/03/2024;Trực tuyến;x;x;x\n"
                    + "B;Tứ Hạ;01/03/2024;05/03/2024;p;Đang xử lý;Trực tiếp;;có;không\n")
            let a = try DossierCollector().collect(try request(canonical))
            let b = try DossierCollector().collect(try request(other))
            #expect(b.problemCount == 0, "\(header): \(b.problems)")
            #expect(a.values == b.values, "\(header)")
        }
    }

    @Test func helpListsEveryColumnWithItsHeadersAndAMissingOneIsNamedInVietnamese() throws {
        let engine = try makeSampleEngine()
        let help = engine.handle("help import dossiers")
        #expect(help.hasPrefix("OVERVIEW: Import dossier exports of the one-stop software"))
        #expect(help.contains("USAGE: import dossiers <file> [--check]"))
        for column in DossierCollector().columns {
            #expect(help.contains("  \(column.field)\(column.required ? " (required)" : "")"), "\(column.field)")
            #expect(help.contains(column.headers[0]), "\(column.headers[0])")
        }
        #expect(help.contains("dossiers.on_time_rate"))
        #expect(help.contains("--strict"))
        // The same help however it is asked for; the group's help lists the collectors.
        #expect(engine.handle("import dossiers --help") == help)
        #expect(engine.handle("import help dossiers") == help)
        #expect(engine.handle("help import tthc").contains("  procedure_code (required)\n"))
        #expect(
            engine.handle("help import").contains(
                "COLLECTORS (import ID FILE; 'help import ID' lists the columns):\n  dossiers"))
        // A hint in brackets after a header (found by a new user's trial); the closing line
        // names the year the values are for.
        let hinted = try write(
            "hinted.csv",
            "Số hồ sơ;Đơn vị;Ngày nhận (dd/mm/yyyy);Hạn xử lý (dd/mm/yyyy)\nA;tu-ha;01/02/2024;03/02/2024\n")
        let checked = engine.handle("import dossiers \(hinted) --check")
        #expect(
            checked.contains("1 row, no problems; would add 2 values, would change 0, 0 unchanged (year 2024)"),
            "\(checked)")
        let path = try write("missing.csv", "Mã hồ sơ;Đơn vị;Ngày tiếp nhận\n1;tu-ha;01/02/2024\n")
        #expect(engine.handle("import dossiers \(path) --check").contains("Missing column 'due_at (Ngày hẹn trả)'"))
    }

    @Test func anomaliesAreSetAsideInEveryStretchAndRefusedWhenStrict() throws {
        let header =
            "dossier_id,unit_id,procedure_code,received_at,due_at,resolved_at,channel,digitized,entered_in_software,apology_issued\n"
        // Many good rows so the file spans several stretches; the anomalies sit in different ones.
        var good: [String] = []
        for index in 0..<3000 {
            let unit = index % 2 == 0 ? "tu-ha" : "huong-van"
            let resolved = index % 7 == 0 ? "2024-03-09" : "2024-03-04"
            good.append("G\(index),\(unit),p,2024-03-01,2024-03-05,\(resolved),online,1,\(index % 3 == 0 ? 0 : 1),0")
        }
        var mixed = good
        mixed.insert("G10,tu-ha,p,2024-03-02,2024-03-05,2024-03-09,direct,0,0,0", at: 2500)  // repeats line 12
        mixed.insert("B1,tu-ha,p,2024-03-01 10:00,2024-03-05,2024-03-01 09:00,direct,0,1,0", at: 1500)
        mixed.insert("B2,huong-van,p,2024-03-05,2024-03-01,,direct,0,1,0", at: 20)
        let clean = try write("clean.csv", header + good.joined(separator: "\n") + "\n")
        let dirty = try write("dirty.csv", header + mixed.joined(separator: "\n") + "\n")
        let small = DossierCollector(workers: 3, chunkSize: 4096)
        let a = try small.collect(try request(clean))
        let b = try small.collect(try request(dirty))
        #expect(b.problemCount == 0, "\(b.problems)")
        #expect(b.rows == 3003)
        func withoutAnomalies(_ values: [CollectedEvidence.Value]) -> [CollectedEvidence.Value] {
            values.filter { $0.key != "dossiers.anomalies" }
        }
        #expect(withoutAnomalies(a.values) == withoutAnomalies(b.values))
        #expect(values(b, unit: "tu-ha")["dossiers.anomalies"] == "2")
        #expect(values(b, unit: "huong-van")["dossiers.anomalies"] == "1")
        #expect(
            b.items.filter { $0.key == "dossiers.anomalies" }.map { "\($0.unitID) \($0.item) \($0.note ?? "")" } == [
                "huong-van B2 line 22: due before it was received",
                "tu-ha B1 line 1503: resolved before it was received",
                "tu-ha G10 line 2504: dossier id seen before (first on line 12)",
            ])
        // The repeated row was overdue: its item goes with it.
        #expect(
            a.items.filter { $0.key == "dossiers.overdue_count" }
                == b.items.filter { $0.key == "dossiers.overdue_count" })
        #expect(
            b.warnings.first?.hasPrefix(
                "3 rows set aside as anomalies (resolved before it was received: 1, due before it was received: 1, dossier id seen before: 1)"
            ) == true)

        var strict = try request(dirty)
        strict.strict = true
        let refused = try small.collect(strict)
        #expect(refused.problems.map(\.line) == [22, 1503, 2504])
        #expect(refused.problems[2].message == "Dossier 'G10' appears again (first on line 12)")
    }

    @Test func aOneStopExportWithTitlesExtraColumnsAndUnitNamesGivesTheSameValues() throws {
        let canonical = try write(
            "c.csv",
            """
            dossier_id,unit_id,procedure_code,received_at,due_at,resolved_at,channel,digitized,entered_in_software,apology_issued
            A,tu-ha,p,2024-03-01,2024-03-05,2024-03-06,online,1,1,1
            B,tu-ha,p,2024-03-01,2024-03-05,2024-03-04,direct,0,1,0

            """)
        // As the one-stop software exports it: a title, the office line, a blank row, an STT
        // column, columns the import does not use, units by name (with the committee's title
        // and without), CR-only line ends.
        let export = try write(
            "x.csv",
            "DANH SÁCH HỒ SƠ;;;;;;;;;;;;\rUBND thị xã Hương Trà;;;;;;;;;;;;\r;;;;;;;;;;;;\r"
                + "STT;Mã hồ sơ;Đơn vị;Mã TTHC;Tên thủ tục hành chính;Chủ hồ sơ;Ngày tiếp nhận;Ngày hẹn trả;"
                + "Ngày trả kết quả;Hình thức nộp;Số hóa;Cập nhật phần mềm;Thư xin lỗi\r"
                + "1;A;UBND phường Tứ Hạ;p;Chứng thực;Nguyễn Văn A;01/03/2024;05/03/2024;06/03/2024;Trực tuyến;x;x;x\r"
                + "2;B;tứ hạ;p;Chứng thực;Trần Thị B;01/03/2024;05/03/2024;04/03/2024;Trực tiếp;;có;không\r")
        let a = try DossierCollector().collect(try request(canonical))
        let b = try DossierCollector().collect(try request(export))
        #expect(b.problemCount == 0, "\(b.problems)")
        #expect(a.values == b.values)
        #expect(a.items == b.items)
        #expect(
            b.reading == [
                "header on line 4", "not used: STT, Tên thủ tục hành chính, Chủ hồ sơ",
                "units matched by name or case: UBND phường Tứ Hạ → tu-ha, tứ hạ → tu-ha",
            ])
        // A name that fits several units is refused with the candidates; a mistyped id gets the id.
        let unclear = try write(
            "u.csv",
            "Mã hồ sơ;Đơn vị;Ngày tiếp nhận;Ngày hẹn trả\nA;Hương;01/03/2024;05/03/2024\nB;tu-haa;01/03/2024;05/03/2024\n"
        )
        let refused = try DossierCollector().collect(try request(unclear))
        #expect(refused.problems.map(\.line) == [2, 3])
        #expect(refused.problems[0].message.hasPrefix("Unit 'Hương' is ambiguous: 'huong-an (Hương An)', "))
        #expect(refused.problems[0].message.hasSuffix("; write the unit's id"))
        #expect(refused.problems[1].message == "Unknown unit 'tu-haa'; did you mean 'tu-ha'?")
    }

    @Test func theGeneratorIsDeterministicAndTheCollectorAgreesWithACountByHand() throws {
        let path = folder.appendingPathComponent("g.csv").path
        let generator = DossierGenerator(units: ["tu-ha", "huong-van", "binh-tien"], rows: 3000, seed: 11, year: 2024)
        for name in ["g.csv", "g2.csv"] {
            _ = FileManager.default.createFile(atPath: folder.appendingPathComponent(name).path, contents: nil)
            let handle = try FileHandle(forWritingTo: folder.appendingPathComponent(name))
            try generator.write(to: handle)
            try handle.close()
        }
        #expect(FileManager.default.contentsEqual(atPath: path, andPath: folder.appendingPathComponent("g2.csv").path))

        // An independent count: split lines, compare ISO strings.
        var total: [String: Int] = [:]
        var resolved: [String: Int] = [:]
        var onTime: [String: Int] = [:]
        var online: [String: Int] = [:]
        for line in try String(contentsOfFile: path, encoding: .utf8).split(separator: "\n").dropFirst() {
            let f = line.split(separator: ",", omittingEmptySubsequences: false).map(String.init)
            total[f[1], default: 0] += 1
            if f[6] == "online" { online[f[1], default: 0] += 1 }
            guard !f[5].isEmpty else { continue }
            resolved[f[1], default: 0] += 1
            if String(f[5].prefix(10)) <= f[4] { onTime[f[1], default: 0] += 1 }
        }
        let collected = try DossierCollector().collect(try request(path))
        #expect(collected.problemCount == 0)
        for unit in ["tu-ha", "huong-van", "binh-tien"] {
            let found = values(collected, unit: unit)
            #expect(found["dossiers.total"] == "\(total[unit]!)")
            #expect(found["dossiers.on_time_rate"] == "\(onTime[unit]!)/\(resolved[unit]!)")
            #expect(found["dossiers.online_rate"] == "\(online[unit]!)/\(total[unit]!)")
        }
    }

    @Test func theGeneratorWritesTheAnomaliesAskedForAndTheImportSetsAsideEachOne() throws {
        // Several stretches (small chunks), so repeats of ids in earlier stretches are found too.
        var files: [String] = []
        var written = DossierGenerator.AnomalyCounts()
        for share in [0, 0.05] {
            let url = folder.appendingPathComponent("anomalies-\(share).csv")
            _ = FileManager.default.createFile(atPath: url.path, contents: nil)
            let handle = try FileHandle(forWritingTo: url)
            let counts = try DossierGenerator(
                units: ["tu-ha", "huong-van", "binh-tien"], rows: 4000, seed: 9, year: 2024, anomalies: share
            ).write(to: handle)
            try handle.close()
            if share > 0 { written = counts } else { #expect(counts.total == 0) }
            files.append(url.path)
        }
        #expect(written.resolvedBeforeReceived > 20 && written.dueBeforeReceived > 20 && written.repeatedID > 20)
        // Only the anomalous rows differ from the file without them.
        let lines = try files.map { try String(contentsOfFile: $0, encoding: .utf8).split(separator: "\n") }
        #expect(lines[0].count == lines[1].count)
        #expect(zip(lines[0], lines[1]).filter { $0 != $1 }.count == written.total)

        let collected = try DossierCollector(workers: 2, chunkSize: 16 << 10).collect(try request(files[1]))
        #expect(collected.problemCount == 0)
        let setAside = ["tu-ha", "huong-van", "binh-tien"].map {
            Int(values(collected, unit: $0)["dossiers.anomalies"]!)!
        }
        #expect(setAside.reduce(0, +) == written.total)
        let notes = collected.items.filter { $0.key == "dossiers.anomalies" }.compactMap(\.note)
        #expect(
            notes.filter { $0.hasSuffix("resolved before it was received") }.count == written.resolvedBeforeReceived)
        #expect(notes.filter { $0.hasSuffix("due before it was received") }.count == written.dueBeforeReceived)
        #expect(notes.filter { $0.contains("dossier id seen before") }.count == written.repeatedID)
        // The summary names the units with the most, so the user knows where to look.
        let named = zip(["tu-ha", "huong-van", "binh-tien"], setAside)
            .sorted { $0.1 != $1.1 ? $0.1 > $1.1 : $0.0 < $1.0 }.map { "\($0.0) \($0.1)" }.joined(separator: ", ")
        #expect(collected.warnings.contains { $0.contains("), in 3 units (\(named)): counted in dossiers.anomalies") })

        // Beyond three units, the three with the most.
        let five = folder.appendingPathComponent("anomalies-five.csv")
        _ = FileManager.default.createFile(atPath: five.path, contents: nil)
        let handle = try FileHandle(forWritingTo: five)
        let units = ["tu-ha", "huong-van", "binh-tien", "huong-phong", "hai-duong"]
        try DossierGenerator(units: units, rows: 3000, seed: 4, year: 2024, anomalies: 0.05).write(to: handle)
        try handle.close()
        let spread = try DossierCollector().collect(try request(five.path))
        let counts = units.map { ($0, Int(values(spread, unit: $0)["dossiers.anomalies"]!)!) }
            .sorted { $0.1 != $1.1 ? $0.1 > $1.1 : $0.0 < $1.0 }
        let most = counts.prefix(3).map { "\($0.0) \($0.1)" }.joined(separator: ", ")
        #expect(spread.warnings.contains { $0.contains("), in 5 units (most in \(most)): ") })
    }

    @Test func anOfficeExportWithMixedYesNoSpellingsIsReadAsItsCanonicalTwin() throws {
        // The same seed with and without the office shape (';', Vietnamese headers, BOM, CRLF,
        // dd/MM/yyyy, yes/no spelt có, Có, x, 1, yes, không, Không or empty) gives the same rates;
        // the spellings are counted by hand too.
        var paths: [String] = []
        for office in [false, true] {
            let url = folder.appendingPathComponent(office ? "office.csv" : "plain.csv")
            _ = FileManager.default.createFile(atPath: url.path, contents: nil)
            let handle = try FileHandle(forWritingTo: url)
            try DossierGenerator(
                units: ["tu-ha", "huong-van"], rows: 2000, seed: 5, year: 2024, officeExport: office
            ).write(to: handle)
            try handle.close()
            paths.append(url.path)
        }
        let data = try Data(contentsOf: URL(fileURLWithPath: paths[1]))
        #expect(data.starts(with: [0xEF, 0xBB, 0xBF]))
        let text = String(decoding: data.dropFirst(3), as: UTF8.self)
        #expect(text.hasPrefix("Mã hồ sơ;Đơn vị;"))
        var digitized: [String: Int] = [:]
        var total: [String: Int] = [:]
        var spellings: Set<String> = []
        for line in text.split(separator: "\r\n").dropFirst() {
            let f = line.split(separator: ";", omittingEmptySubsequences: false).map(String.init)
            total[f[1], default: 0] += 1
            spellings.insert(f[7])
            if ["có", "Có", "x", "1", "yes"].contains(f[7]) { digitized[f[1], default: 0] += 1 }
        }
        #expect(spellings == ["có", "Có", "x", "1", "yes", "không", "Không", ""])
        let plain = try DossierCollector().collect(try request(paths[0]))
        let office = try DossierCollector().collect(try request(paths[1]))
        #expect(office.problemCount == 0)
        for unit in ["tu-ha", "huong-van"] {
            let found = values(office, unit: unit)
            #expect(found["dossiers.digitized_rate"] == "\(digitized[unit]!)/\(total[unit]!)")
            #expect(found == values(plain, unit: unit))
        }
    }

    @Test func aBadRowAnywhereLeavesTheWorkspaceUntouched() throws {
        let engine = try makeSampleEngine()
        let before = try engine.context.evaluation.workspace().evidence(unit: "tu-ha", year: 2024)
        var lines = [
            "dossier_id,unit_id,procedure_code,received_at,due_at,resolved_at,channel,digitized,entered_in_software,apology_issued"
        ]
        for index in 0..<500 { lines.append("D\(index),tu-ha,p,2024-02-01,2024-02-05,2024-02-04,online,1,1,0") }
        lines.append("BAD,tu-ha,p,2024-02-30,2024-02-05,,online,1,1,0")
        let path = try write("bad.csv", lines.joined(separator: "\n") + "\n")
        let result = engine.execute("import dossiers \(path)")
        #expect(!result.succeeded)
        #expect(result.text.contains("bad.csv:502:13: Received date '2024-02-30'"))
        #expect(try engine.context.evaluation.workspace().evidence(unit: "tu-ha", year: 2024) == before)
    }

    /// A part of the year imported over the whole (a month's export over the year's) is warned
    /// of: the file's counts would replace the year's; a file of as many dossiers is not.
    @Test func aFileOfFarFewerDossiersThanRecordedIsWarnedOf() throws {
        let engine = try makeSampleEngine()
        let header =
            "dossier_id,unit_id,procedure_code,received_at,due_at,resolved_at,channel,digitized,entered_in_software,apology_issued\n"
        let month = try write("month.csv", header + "A,tu-ha,p,2024-02-01,2024-02-05,2024-02-04,online,1,1,0\n")
        let check = engine.handle("import dossiers \(month) --check")
        #expect(
            check.contains(
                "Warning: The values of 1 unit in 2024 would stand on less than half the cases recorded (dossiers.total or a rate's cases: tu-ha 561 → 1)"
            ), "\(check)")
        // Written, the warning says what the values now stand on.
        #expect(
            engine.handle("import dossiers \(month)").contains(
                "Warning: The values of 1 unit in 2024 now stand on less than half the cases recorded"))
        // Now that the month is recorded, the same month again is not a shrinking year.
        var rows = header
        for index in 0..<2 { rows += "B\(index),tu-ha,p,2024-03-01,2024-03-05,2024-03-04,online,1,1,0\n" }
        let again = try write("again.csv", rows)
        #expect(!engine.handle("import dossiers \(again)").contains("Warning: The values"))
    }

    /// An export of a period (a quarter, the second half) replaces the year's counts as any
    /// import of the year does: one beginning well after 1 January is said to be one, checked or
    /// written; an export of the year so far is not.
    @Test func anExportOfAPeriodIsSaidToReplaceTheYear() throws {
        let engine = try makeSampleEngine()
        let header =
            "dossier_id,unit_id,procedure_code,received_at,due_at,resolved_at,channel,digitized,entered_in_software,apology_issued\n"
        let quarter = try write(
            "q2.csv",
            header + "A,tu-ha,p,2024-04-02,2024-04-05,2024-04-04,online,1,1,0\n"
                + "B,tu-ha,p,2024-06-28,2024-07-02,2024-07-01,online,1,1,0\n")
        let said =
            "q2.csv holds no dossier of 2024 received before 02/04/2024: its counts replace the year's (a period's export, such as a quarter, does not add to the year's)"
        #expect(engine.handle("import dossiers \(quarter) --check").contains(said))
        #expect(engine.handle("import dossiers \(quarter)").contains(said))
        let soFar = try write(
            "so-far.csv",
            header + "C,tu-ha,p,2024-01-03,2024-01-05,2024-01-04,online,1,1,0\n"
                + "D,tu-ha,p,2024-06-28,2024-07-02,2024-07-01,online,1,1,0\n")
        #expect(!engine.handle("import dossiers \(soFar)").contains("received before"))
    }

    /// A value the office set with its own file (a count by hand) is not replaced unseen by the
    /// next export: checked or written, the import names it with the file that set it; values
    /// an earlier export set are replaced without a word.
    @Test func anExportReplacingAValueTheOfficeImportedSaysSo() throws {
        let engine = try makeSampleEngine()
        let correction = try write(
            "dem-tay.csv", "unit_id,key,value,note\ntu-ha,dossiers.on_time_rate,99%,counted by hand\n")
        #expect(engine.execute("import evidence \(correction)").succeeded)
        let header =
            "dossier_id,unit_id,procedure_code,received_at,due_at,resolved_at,channel,digitized,entered_in_software,apology_issued\n"
        let export = try write(
            "export.csv",
            header + "A,tu-ha,p,2024-01-02,2024-01-05,2024-01-09,online,1,1,0\n"
                + "B,tu-ha,p,2024-01-02,2024-01-05,2024-01-04,online,1,1,0\n")
        let said =
            "replace 1 value the office imported with 'import evidence': tu-ha dossiers.on_time_rate 99% (from dem-tay.csv, 2024-10-20 15:00) → 1/2"
        #expect(engine.handle("import dossiers \(export) --check").contains("Warning: Would \(said)"))
        #expect(
            engine.handle("import dossiers \(export)").contains("Warning: Replaced\(said.dropFirst("replace".count))"))
        let next = try write("next.csv", header + "A,tu-ha,p,2024-01-02,2024-01-05,2024-01-04,online,1,1,0\n")
        #expect(!engine.handle("import dossiers \(next)").contains("import evidence"))
    }

    @Test func aNewerImportSupersedesValuesAndItemsAndIsAudited() throws {
        let engine = try makeSampleEngine()
        let header =
            "dossier_id,unit_id,procedure_code,received_at,due_at,resolved_at,channel,digitized,entered_in_software,apology_issued\n"
        let first = try write("first.csv", header + "A,tu-ha,p,2024-02-01,2024-02-05,2024-02-09,online,1,1,0\n")
        let second = try write("second.csv", header + "A,tu-ha,p,2024-02-01,2024-02-05,2024-02-04,online,1,1,0\n")
        #expect(engine.execute("import dossiers \(first)").succeeded)
        #expect(
            try engine.context.evaluation.workspace().evidenceItems(
                unit: "tu-ha", year: 2024, key: "dossiers.overdue_count"
            ).map(
                \.item) == ["A"])
        #expect(engine.execute("import dossiers \(second)").succeeded)
        #expect(
            try engine.context.evaluation.workspace().evidenceItems(
                unit: "tu-ha", year: 2024, key: "dossiers.overdue_count"
            )
            .isEmpty)
        let audit = try engine.context.evaluation.workspace().auditLog().filter {
            $0.action == "dossiers" && $0.target == "dossiers.on_time_rate"
        }
        #expect(audit.map(\.after) == ["0/1", "1/1"])
        let again = engine.execute("import dossiers \(second)")
        // When, in Vietnam's time (08:00 UTC), as the screen shows times.
        #expect(again.text.contains("was already imported on 2024-10-20 15:00"))
        // The file is named in each unit's row, for the values it changed too.
        let named = try engine.context.evaluation.workspace().auditLog().filter {
            $0.action == "dossiers" && $0.target == "second.csv"
        }
        let summary = named.first?.after ?? ""
        #expect(summary.contains("values changed (sha256 "), "\(summary)")
    }
}

@Suite struct DossierItemLimitTests {
    @Test func beyondTheLimitOnlyACountIsKept() throws {
        let scratch = try TemporaryFolder("cchc-limit")
        let folder = scratch.url
        var text =
            "dossier_id,unit_id,procedure_code,received_at,due_at,resolved_at,channel,digitized,entered_in_software,apology_issued\n"
        let late = DossierCollector.itemLimit + 3
        for index in 0..<late { text += "L\(index),tu-ha,p,2024-02-01,2024-02-05,2024-02-09,online,1,1,1\n" }
        let path = folder.appendingPathComponent("late.csv").path
        try text.write(toFile: path, atomically: true, encoding: .utf8)
        let context = try Workbench.makeContext(data: .sample, actor: "tester", clock: Transcript.clock)
        let collected = try DossierCollector().collect(
            CollectionRequest(
                path: path, fileName: "late.csv",
                units: Dictionary(uniqueKeysWithValues: try context.evaluation.units().map { ($0.id, $0) }), year: nil,
                defaultYear: 2024, asOf: Transcript.clock()))
        let overdue = collected.items.filter { $0.key == "dossiers.overdue_count" }
        #expect(overdue.count == DossierCollector.itemLimit + 1)
        #expect(overdue.last?.item == "…")
        #expect(overdue.last?.note == "and 3 more, not kept (the first \(DossierCollector.itemLimit) are listed)")
        #expect(
            collected.values.first { $0.key == "dossiers.overdue_count" }?.value
                == .number(Double(late)))
    }
}

@Suite struct DossierParallelTests {
    /// The folder of this test's files.
    let scratch: TemporaryFolder

    init() throws { scratch = try TemporaryFolder("cchc-parallel") }

    /// A generated export with the trouble real ones have: bad rows, a quoted field with a line
    /// break and separators, blank lines, a CRLF line, decomposed Vietnamese text.
    func export(vietnamese: Bool) throws -> String {
        let path = scratch.appendingPathComponent("d-\(vietnamese).csv").path
        _ = FileManager.default.createFile(atPath: path, contents: nil)
        let handle = try FileHandle(forWritingTo: URL(fileURLWithPath: path))
        try DossierGenerator(
            units: ["tu-ha", "huong-van", "huong-binh"], rows: 3000, seed: 7, year: 2024, vietnamese: vietnamese
        ).write(to: handle)
        let date = vietnamese ? "02/01/2024" : "2024-01-02"
        let trouble = [
            "X1,tu-ha,\"a, quoted\nprocedure \"\"code\"\"\",\(date),\(date),,online,1,1,0",
            "", "X2,nowhere,p,\(date),\(date),,online,1,1,0", "X3,tu-ha,p,31/02/2024,\(date),,online,1,1,0",
            "X4,tu-ha,p,\(date),\(date),,Trực tuyến".decomposedStringWithCanonicalMapping + ",1,1,0\r",
            "X5,huong-van,p,\(date),\(date),,online,maybe,1,0", "  ", "X6,tu-ha,p,\(date),\(date),,online,1,1,0,extra",
        ]
        try handle.seekToEnd()
        try handle.write(contentsOf: Data((trouble.joined(separator: "\n") + "\n").utf8))
        // The same rows again after the trouble, so later stretches see it too.
        try handle.close()
        let bytes = try Data(contentsOf: URL(fileURLWithPath: path))
        let body = bytes[(bytes.firstIndex(of: UInt8(ascii: "\n"))! + 1)...]
        try (bytes + body).write(to: URL(fileURLWithPath: path))
        return path
    }

    func request(_ path: String) throws -> CollectionRequest {
        let context = try Workbench.makeContext(data: .sample, actor: "tester", clock: Transcript.clock)
        return CollectionRequest(
            path: path, fileName: "d.csv",
            units: Dictionary(uniqueKeysWithValues: try context.evaluation.units().map { ($0.id, $0) }), year: nil,
            defaultYear: 2024, asOf: Transcript.clock())
    }

    @Test(arguments: [false, true])
    func smallStretchesOnThreadsGiveWhatOnePassGives(vietnamese: Bool) throws {
        let path = try export(vietnamese: vietnamese)
        let request = try request(path)
        let whole = try DossierCollector(workers: 1).collect(request)
        // The two rows of spaces alone are empty rows, skipped like blank lines.
        #expect(whole.problemCount == 8)
        #expect(whole.rows == 6012)
        #expect(whole.problems.contains { $0.description.hasPrefix("d.csv:3005:4: Unknown unit 'nowhere'") })
        for chunkSize in [97, 1000, 4099, 65536] {
            let parts = try DossierCollector(workers: 3, chunkSize: chunkSize).collect(request)
            #expect(parts.values == whole.values, "\(chunkSize)")
            #expect(parts.items == whole.items, "\(chunkSize)")
            #expect(parts.problems == whole.problems, "\(chunkSize)")
            #expect(parts.problemCount == whole.problemCount, "\(chunkSize)")
            #expect(parts.rows == whole.rows, "\(chunkSize)")
            #expect(parts.warnings == whole.warnings, "\(chunkSize)")
        }
    }

    @Test func theItemLimitHoldsAcrossStretches() throws {
        let scratch = try TemporaryFolder("cchc-limit")
        let folder = scratch.url
        var text =
            "dossier_id,unit_id,procedure_code,received_at,due_at,resolved_at,channel,digitized,entered_in_software,apology_issued\n"
        for index in 0..<DossierCollector.itemLimit + 7 {
            text += "L\(index),tu-ha,p,2024-02-01,2024-02-05,2024-02-09,online,1,1,\(index % 2)\n"
        }
        let path = folder.appendingPathComponent("late.csv").path
        try text.write(toFile: path, atomically: true, encoding: .utf8)
        let request = try request(path)
        let whole = try DossierCollector(workers: 1).collect(request)
        let parts = try DossierCollector(workers: 2, chunkSize: 2048).collect(request)
        #expect(parts.items == whole.items)
        #expect(whole.items.filter { $0.key == "dossiers.overdue_count" }.count == DossierCollector.itemLimit + 1)
        #expect(whole.items.filter { $0.key == "dossiers.overdue_apology_rate" }.count == 2504)
    }
}

@Suite struct ImportProgressTests {
    final class Lines: @unchecked Sendable {
        private let lock = NSLock()
        private var lines: [String] = []
        func add(_ line: String) { lock.withLock { lines.append(line) } }
        var all: [String] { lock.withLock { lines } }
    }

    @Test func aLongImportSaysHowFarItHasGot() throws {
        let scratch = try TemporaryFolder("cchc-progress")
        let folder = scratch.url
        let path = folder.appendingPathComponent("d.csv").path
        _ = FileManager.default.createFile(atPath: path, contents: nil)
        let handle = try FileHandle(forWritingTo: URL(fileURLWithPath: path))
        try DossierGenerator(units: ["tu-ha", "huong-van"], rows: 2000, seed: 3, year: 2024).write(to: handle)
        try handle.close()
        let context = try Workbench.makeContext(data: .sample, actor: "tester", clock: Transcript.clock)
        let lines = Lines()
        let outcome = try context.evaluation.importCollected(
            DossierCollector(workers: 2, chunkSize: 16 * 1024), path: path, check: true, progress: { lines.add($0) })
        #expect(outcome.rows == 2000)
        let percents = lines.all.map { Int($0.split(separator: " ")[2].dropLast())! }
        #expect(percents.count > 5)
        #expect(percents == percents.sorted())
        #expect(lines.all.last == "import dossiers: 100% (2000 rows)")
    }
}

extension ImportProgressTests {
    @Test func aLongScoresImportSaysHowFarItHasGot() throws {
        let scratch = try TemporaryFolder("cchc-progress")
        let folder = scratch.url
        let path = folder.appendingPathComponent("s.csv").path
        var text = "unit_id,criterion_id,stage,points\n"
        for index in 0..<140_000 { text += "u\(index % 50),1.1,self,0.5\n" }
        try text.write(toFile: path, atomically: true, encoding: .utf8)
        let context = try Workbench.makeContext(data: .sample, actor: "tester", clock: Transcript.clock)
        let lines = Lines()
        let outcome = try context.evaluation.importScores(path: path, check: true, progress: { lines.add($0) })
        #expect(outcome.rows == 140_000)
        #expect(lines.all.map { $0.split(separator: "(").last! } == ["65536 rows)", "131072 rows)"])
        #expect(lines.all.allSatisfy { $0.hasPrefix("import scores: ") })
    }
}

@Suite struct TTHCCollectorTests {
    let scratch: TemporaryFolder

    init() throws { scratch = try TemporaryFolder("cchc-tthc") }

    func write(_ name: String, _ text: String) throws -> String {
        let path = scratch.url.appendingPathComponent(name).path
        try text.write(toFile: path, atomically: true, encoding: .utf8)
        return path
    }

    @Test func derivesEachRateAndSkipsHeadingsButNotRowsWithMarks() throws {
        let engine = try makeSampleEngine()
        let path = try write(
            "tthc.csv",
            """
            Đơn vị;Mã TTHC;Tên thủ tục;Niêm yết;Công khai website
            I. KHỐI PHƯỜNG;;;;
            Tứ Hạ;1.001;Khai sinh;x;x
            Tứ Hạ;1.002;Kết hôn;x;
            Tứ Hạ;1.003;Chứng thực;có;không

            """)
        let result = engine.execute("import tthc \(path) --year 2024")
        #expect(result.succeeded, "\(result.text)")
        #expect(result.text.contains("a heading row skipped: line 2 'I. KHỐI PHƯỜNG'"), "\(result.text)")
        let evidence = Dictionary(
            uniqueKeysWithValues: try engine.context.evaluation.workspace().evidence(unit: "tu-ha", year: 2024).map {
                ($0.key, $0.value.display)
            })
        #expect(evidence["tthc.procedures"] == "3")
        #expect(evidence["tthc.posted_at_desk_rate"] == "3/3")
        #expect(evidence["tthc.published_web_rate"] == "1/3")
        // A row with the unit and marks but no procedure code is data with a problem, not a
        // heading: skipping it would count one procedure fewer.
        let missing = try write("missing.csv", "Đơn vị;Mã TTHC;Tên thủ tục;Niêm yết\nTứ Hạ;;Kết hôn;x\n")
        #expect(
            engine.handle("import tthc \(missing) --check").contains("missing.csv:2:7: The procedure code is empty"))
    }

    @Test func everyProblemOfARowIsReported() throws {
        let engine = try makeSampleEngine()
        let path = try write(
            "bad.csv", "Đơn vị;Mã TTHC;Niêm yết;Công khai website\nTứ Hạx;1.003;abc;def\n")
        let text = engine.handle("import tthc \(path) --check")
        #expect(text.contains("bad.csv:2:1: Unknown unit 'Tứ Hạx'; did you mean 'tu-ha'?"), "\(text)")
        #expect(text.contains("'abc' is not yes/no"))
        #expect(text.contains("'def' is not yes/no"))
        #expect(text.contains("Error: 3 problems in \(path)"))
    }
}
