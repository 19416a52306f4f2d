import CCHCModuleKit
import CCHCREPL
import CCHCTesting
import Foundation
import GRDB
import Testing

@testable import CCHCCore

@Suite struct ImportTests {
    let context: CommandContext
    let folder: URL
    let scratch: TemporaryFolder

    init() throws {
        context = try makeSampleEngine().context
        scratch = try TemporaryFolder("cchc-import")
        folder = scratch.url
    }

    func file(_ name: String, _ text: String) throws -> String {
        let path = folder.appendingPathComponent(name).path
        try text.write(toFile: path, atomically: true, encoding: .utf8)
        return path
    }

    func points(_ unit: String, _ leaf: String) throws -> Double? {
        try context.evaluation.scorecard(unitID: unit).leaves.first { $0.node.id == leaf }?.points
    }

    @Test func aFieldOver64KiBIsRefusedWithItsPositionAndNothingIsWritten() throws {
        let before = try context.evaluation.units().count
        let long = String(repeating: "á", count: 40_000)  // 80,000 bytes
        let path = try file("long.csv", "unit_id,name,kind,set\nx-9,\(long),commune,commune\n")
        let outcome = try context.evaluation.importUnits(path: path, fileName: "long.csv", check: false)
        #expect(
            outcome.problems.map(\.description) == [
                "long.csv:2:5: The field is 80000 bytes long; a field holds at most 64 KiB (65536 bytes)"
            ])
        #expect(try context.evaluation.units().count == before)
        // Exactly 64 KiB still goes in.
        let fits = String(repeating: "a", count: Limits.fieldBytes)
        let ok = try file("fits.csv", "unit_id,name,kind,set\nx-9,\(fits),commune,commune\n")
        #expect(try context.evaluation.importUnits(path: ok, fileName: "fits.csv", check: false).problems.isEmpty)
    }

    @Test func filesAsSpreadsheetsSaveThemAreRead() throws {
        // Trailing separators make unnamed columns; rows of separators alone are empty rows.
        let semicolons = try file(
            "a.csv",
            "unit_id;criterion_id;stage;points;;\ntu-ha;3.2.3;appraisal2;4,5;;\n;;;;;\nhuong-van;3.2.3;appraisal2;3;;\n;;;;;\n"
        )
        let outcome = try context.evaluation.importScores(path: semicolons, fileName: "a.csv", check: false)
        #expect(outcome.problems.isEmpty, "\(outcome.problems)")
        #expect(outcome.rows == 2)
        #expect(try points("tu-ha", "3.2.3") == 4.5)
        // Quoted decimal commas in a comma file.
        let commas = try file(
            "b.csv", "unit_id,criterion_id,stage,points,note\ntu-ha,4.2,appraisal2,\"1,5\",\"Đã rà soát, bổ sung\"\n")
        let second = try context.evaluation.importScores(path: commas, fileName: "b.csv", check: false)
        #expect(second.problems.isEmpty, "\(second.problems)")
        #expect(try points("tu-ha", "4.2") == 1.5)
        // A non-breaking space before the percent sign.
        let evidence = try file(
            "c.csv", "unit_id;key;value;year\nhuong-an;dossiers.on_time_rate;97,5\u{A0}%;2024\n")
        let third = try context.evaluation.importEvidence(path: evidence, fileName: "c.csv", check: true)
        #expect(third.problems.isEmpty, "\(third.problems)")
        #expect(third.rows == 1)
    }

    /// Found by an office: Excel's "CSV (Comma delimited)" on a Vietnamese Windows is
    /// Windows-1258, and was refused as not UTF-8.
    @Test func windows1258IsReadAndOtherCodePagesAreNotGuessed() throws {
        // `Mã đơn vị;Tên đơn vị;Mã tiêu chí;Giai đoạn;Điểm` / `tu-ha;Tứ Hạ;3.2.3;appraisal2;4,5` as
        // Windows-1258 writes them: a tone is a byte after its vowel (0xDE tilde, 0xEC acute,
        // 0xF2 dot below, 0xD2 hook above), `đ` 0xF0, `ơ` 0xF5, `ê` 0xEA, `ư` 0xFD, `Đ` 0xD0.
        func text(_ piece: String) -> [UInt8] { Array(piece.utf8) }
        var bytes = text("Ma") + [0xDE] + text(" ") + [0xF0, 0xF5] + text("n vi") + [0xF2]
        bytes += text(";T") + [0xEA] + text("n ") + [0xF0, 0xF5] + text("n vi") + [0xF2]
        bytes += text(";Ma") + [0xDE] + text(" ti") + [0xEA] + text("u chi") + [0xEC]
        bytes += text(";Giai ") + [0xF0] + text("oa") + [0xF2] + text("n;") + [0xD0] + text("i") + [0xEA, 0xD2]
        bytes += text("m\r\ntu-ha;T") + [0xFD, 0xEC] + text(" Ha") + [0xF2] + text(";3.2.3;appraisal2;4,5\r\n")
        let path = folder.appendingPathComponent("ansi.csv").path
        try Data(bytes).write(to: URL(fileURLWithPath: path))
        let outcome = try context.evaluation.importScores(path: path, fileName: "ansi.csv", check: false)
        #expect(outcome.problems.isEmpty, "\(outcome.problems)")
        #expect(outcome.reading.contains("read as Windows-1258"), "\(outcome.reading)")
        #expect(try points("tu-ha", "3.2.3") == 4.5)
        // TCVN3 decodes "as Vietnamese" from nearly any bytes: not guessed, but named.
        let tcvn = folder.appendingPathComponent("tcvn.csv").path
        try Data([0x4D, 0x61, 0xB8, 0x3B, 0x0A]).write(to: URL(fileURLWithPath: tcvn))
        let refused = try context.evaluation.importScores(path: tcvn, fileName: "tcvn.csv", check: true)
        #expect(refused.problems.first?.message.contains("a TCVN3 or VNI file?") == true)
        #expect(
            LegacyText.isVietnamese("Tứ Hạ – “Điểm”") && !LegacyText.isVietnamese("T\u{0301}ư")
                && !LegacyText.isVietnamese("¸"))
    }

    @Test func aRowWithSeveralMistakesShowsThemAll() throws {
        let path = try file("f.csv", "unit_id,criterion_id,stage,points\ntu-haa,9.9.9,apraisal1,abc\n")
        let outcome = try context.evaluation.importScores(path: path, fileName: "f.csv", check: true)
        #expect(
            outcome.problems.map(\.description) == [
                "f.csv:2:1: Unknown unit 'tu-haa'; did you mean 'tu-ha'?",
                "f.csv:2:8: Unknown criterion '9.9.9'",
                "f.csv:2:14: Unknown stage 'apraisal1'; did you mean 'appraisal1'?",
                "f.csv:2:24: Points 'abc' are not a number; expected e.g. 2.5 or na",
            ])
    }

    @Test func aFileWithOneBadRowWritesNothing() throws {
        let before = try context.evaluation.workspace().counts(year: 2024)
        let auditBefore = try context.evaluation.workspace().auditLog().count
        let path = try file(
            "s.csv", "unit_id,criterion_id,stage,points\ntu-ha,3.2.3,appraisal2,1\ntu-ha,3.2.4,appraisal2,9\n")
        let outcome = try context.evaluation.importScores(path: path, fileName: "s.csv", check: false)
        #expect(!outcome.applied)
        #expect(
            outcome.problems.map(\.description) == ["s.csv:3:24: Points '9' are outside 0…2 (the maximum of '3.2.4')"])
        #expect(try context.evaluation.workspace().counts(year: 2024) == before)
        #expect(try context.evaluation.workspace().auditLog().count == auditBefore)
        #expect(try points("tu-ha", "3.2.3") == 5)
    }

    /// A file imported into a workspace that began with the sample says once that the sample's
    /// values stay beside it; the label then says the workspace began with them (audited).
    @Test func theFirstImportBesideTheSampleSaysItsValuesStay() throws {
        let engine = try makeSampleEngine()
        func run(_ line: String) -> (succeeded: Bool, text: String) {
            let result = engine.execute(line)
            return (result.succeeded, result.output.map(\.text).joined(separator: "\n"))
        }
        let path = try file("s.csv", "unit_id,criterion_id,stage,points\ntu-ha,3.2.3,appraisal2,1\n")
        let checked = run("import scores \(path) --check")
        #expect(checked.succeeded && !checked.text.contains("began with the bundled sample"))
        #expect(try engine.context.evaluation.syntheticLabel() == SampleTown.label)
        let first = run("import scores \(path)")
        #expect(first.text.hasPrefix("Warning: This workspace began with the bundled sample year"), "\(first.text)")
        #expect(try engine.context.evaluation.syntheticLabel() == SampleTown.mixedLabel)
        #expect(run("score tu-ha").text.hasSuffix(SampleTown.mixedLabel))
        #expect(!run("import scores \(path)").text.contains("Warning"))
        let audit = try engine.context.evaluation.workspace().auditLog(unit: nil, limit: 1)
        #expect(audit.first?.action == "label" && audit.first?.after == SampleTown.mixedLabel)
    }

    /// Score sheets as offices lay them out: the unit's name in `Tên đơn vị`, a subtotal whose
    /// label stands right of the unit's name (filled down from a merge), a header found below a
    /// title even when it misses a column (the message names that row, not the title).
    @Test func officeScoreSheetsAreReadAndTheirHeaderIsTheRowThatComesClosest() throws {
        let named = try file(
            "n.csv",
            "STT,Tên đơn vị,Mã tiêu chí,Giai đoạn,Điểm\n1,UBND phường Tứ Hạ,1.4,self,1\n1,UBND phường Tứ Hạ,Cộng,,1\n")
        let outcome = try context.evaluation.importScores(path: named, fileName: "n.csv", check: true)
        #expect(outcome.problems.isEmpty, "\(outcome.problems)")
        #expect(outcome.rows == 1)
        #expect(outcome.reading.contains("total row skipped: line 3 'Cộng'"))
        let both = try file("b.csv", "Mã đơn vị,Tên đơn vị,Mã tiêu chí,Giai đoạn,Điểm\ntu-ha,Tứ Hạ,1.4,self,1\n")
        let read = try context.evaluation.importScores(path: both, fileName: "b.csv", check: true)
        #expect(
            read.problems.isEmpty && read.reading.contains("Tên đơn vị checked against Mã đơn vị"), "\(read.reading)")
        let plain = try file("p.csv", "Đơn vị,Tên đơn vị,Mã tiêu chí,Giai đoạn,Điểm\ntu-ha,Tứ Hạ,1.4,self,1\n")
        let firmer = try context.evaluation.importScores(path: plain, fileName: "p.csv", check: true)
        #expect(
            firmer.problems.isEmpty && firmer.reading.contains("Tên đơn vị checked against Đơn vị"),
            "\(firmer.problems)")
        let titled = try file("t.csv", "BẢNG ĐIỂM\n\nSTT,Tên ĐV,Mã tiêu chí,Giai đoạn,Điểm\n1,Tứ Hạ,1.4,self,1\n")
        let missing = try context.evaluation.importScores(path: titled, fileName: "t.csv", check: true)
        #expect(
            missing.problems.first?.description.hasPrefix("t.csv:3:1: Missing column 'unit_id (Mã đơn vị)'") == true)
    }

    /// A value a locked stage already holds passes (the same file imported again); a change is
    /// refused. A criterion of the other set names the set the unit is scored on. `1.234` in a
    /// file of decimal commas says how it was read.
    @Test func lockedStagesOtherSetsAndThousandsAreToldAsTheyAre() throws {
        let engine = try makeSampleEngine()
        #expect(engine.execute("stage lock appraisal1").succeeded)
        let same = try file("s.csv", "unit_id,criterion_id,stage,points\ntu-ha,1.4,appraisal1,0\n")
        let again = try engine.context.evaluation.importScores(path: same, fileName: "s.csv", check: false)
        #expect(again.problems.isEmpty && again.summary.hasPrefix("added 0 values, changed 0, 1 unchanged"))
        let change = try file("c.csv", "unit_id,criterion_id,stage,points\ntu-ha,1.4,appraisal1,1\n")
        let refused = try engine.context.evaluation.importScores(path: change, fileName: "c.csv", check: true)
        #expect(
            refused.problems.map(\.message) == [
                "Stage 'appraisal1' of 2024 is locked: tu-ha 1.4 would change 0 to 1; 'stage unlock appraisal1' reopens it"
            ])
        let other = try file("o.csv", "unit_id,criterion_id,stage,points\np-noivu,9.1,self,1\n")
        #expect(
            try context.evaluation.importScores(path: other, fileName: "o.csv", check: true).problems.first?.message
                == "Criterion '9.1' is of set 'commune', but p-noivu is scored on set 'department' (is the unit or the criterion wrong?)"
        )
        let thousands = try file("v.csv", "unit_id;criterion_id;stage;points\ntu-ha;1.1.2;self;1.234\n")
        #expect(
            try context.evaluation.importScores(path: thousands, fileName: "v.csv", check: true).problems.first?.message
                == "Points '1.234' are outside 0…2 (the maximum of '1.1.2') (read as 1234: in a file of decimal commas '.' groups thousands; a decimal is written 1,234)"
        )
    }

    /// A sheet with a column per stage read for one stage: a leaf without points there is not
    /// given yet (skipped and counted); ids saved by Vietnamese Excel as `1,2` and the
    /// adjustments by their Vietnamese names read as meant.
    @Test func stageColumnsIdsWithCommasAndAdjustmentsInVietnameseAreRead() throws {
        let stages = try file(
            "st.csv", "Mã đơn vị,Mã tiêu chí,Điểm tự chấm,Điểm thẩm định\ntu-ha,1.4,1,\ntu-ha,4.2,2,1.5\n")
        let appraisal = try context.evaluation.importScores(
            path: stages, fileName: "st.csv", table: TableOptions(columnMap: ["diem_tham_dinh": "points"]),
            stage: .appraisal1, check: true)
        #expect(appraisal.problems.isEmpty, "\(appraisal.problems)")
        #expect(
            appraisal.reading.contains("1 row without points at appraisal1 skipped (line 2)"), "\(appraisal.reading)")
        let excel = try file(
            "x.csv",
            "Mã đơn vị;Mã tiêu chí;Giai đoạn;Điểm\ntu-ha;1,2;self;0,5\ntu-ha;Điểm thưởng;self;1\ntu-ha;Điểm trừ;self;0,5\n"
        )
        let read = try context.evaluation.importScores(path: excel, fileName: "x.csv", check: false)
        #expect(read.problems.isEmpty, "\(read.problems)")
        let bonus = try context.evaluation.workspace().stageValues(unit: "tu-ha", year: 2024, criterion: "bonus")
        #expect(bonus.first { $0.stage == .selfAssessment }?.points == 1)
        #expect(ScoresParser.criterionSpelling("1,2", decimalComma: false) == "1,2")
        #expect(ScoresParser.criterionSpelling("3.2.1", decimalComma: true) == "3.2.1")
    }

    /// A repeated row is told even when its first has a problem of its own.
    @Test func aRepeatIsToldBesideTheFirstRowsOwnProblem() throws {
        let path = try file("d.csv", "unit_id,criterion_id,stage,points\ntu-ha,1.4,self,abc\ntu-ha,1.4,self,1\n")
        let outcome = try context.evaluation.importScores(path: path, fileName: "d.csv", check: true)
        #expect(
            outcome.problems.map(\.description) == [
                "d.csv:2:16: Points 'abc' are not a number; expected e.g. 2.5 or na",
                "d.csv:3:7: Duplicate row for unit 'tu-ha', criterion '1.4', stage 'self' (first on line 2)",
            ])
    }

    /// An import into a workspace without units is refused once, before the file is read.
    @Test func aWorkspaceWithoutUnitsRefusesAFileOfValuesOnce() throws {
        let engine = Engine(context: try Workbench.makeContext(data: .empty, actor: "tester", clock: Transcript.clock))
        let path = try file("e.csv", "unit_id,criterion_id,stage,points\ntu-ha,1.4,self,1\nhuong-van,1.4,self,1\n")
        for line in ["import scores \(path)", "import evidence \(path)", "import dossiers \(path)"] {
            let result = engine.execute(line)
            #expect(!result.succeeded && result.output.count == 1, "\(line): \(result.output)")
            #expect(result.output.first?.text.contains("the workspace has no units") == true)
        }
        let units = try file(
            "u.csv",
            "Mã đơn vị,Tên đơn vị,Loại,Bộ tiêu chí\nx-moi,Xã Mới,xã,Cấp xã\np-moi,Phòng Mới,phòng,cơ quan chuyên môn\n")
        #expect(engine.execute("import units \(units)").succeeded)
        #expect(
            Set(try engine.context.evaluation.units().map { "\($0.id):\($0.setID)" }) == [
                "x-moi:commune", "p-moi:department",
            ])
    }

    @Test func checkReportsWithoutWriting() throws {
        let path = try file("s.csv", "unit_id,criterion_id,stage,points\ntu-ha,3.2.3,appraisal2,1\n")
        let outcome = try context.evaluation.importScores(path: path, check: true)
        #expect(!outcome.applied)
        #expect(outcome.problemCount == 0)
        #expect(outcome.summary == "would add 1 value, would change 0, 0 unchanged (year 2024)")
        #expect(try points("tu-ha", "3.2.3") == 5)
    }

    @Test func scoresAreWrittenByStageAndAudited() throws {
        let path = try file(
            "s.csv",
            "unit_id,criterion_id,stage,points,note\ntu-ha,3.2.3,appraisal2,4,\"Thẩm định lại, vòng 2\"\ntu-ha,3.3.2,appraisal2,na,\n"
        )
        let outcome = try context.evaluation.importScores(path: path, fileName: "s.csv", check: false)
        #expect(outcome.applied)
        #expect(try points("tu-ha", "3.2.3") == 4)
        let tuHa = try context.evaluation.scorecard(unitID: "tu-ha")
        let notApplicable = try #require(tuHa.leaves.first { $0.node.id == "3.3.2" })
        #expect(!notApplicable.isApplicable)
        let appraised = try #require(tuHa.leaves.first { $0.node.id == "3.2.3" })
        let note: String? = appraised.assessment?.notes[.appraisal2]
        #expect(note == "Thẩm định lại, vòng 2")
        let audit = try context.evaluation.workspace().auditLog(unit: "tu-ha")
        #expect(audit.last?.after == "2 values added")
        let again = try context.evaluation.importScores(path: path, check: false)
        #expect(again.summary == "added 0 values, changed 0, 2 unchanged (year 2024)")
    }

    @Test func aChangedValueIsAuditedBeforeAndAfter() throws {
        let first = try file("a.csv", "unit_id,criterion_id,stage,points\ntu-ha,3.2.3,appraisal2,4\n")
        let second = try file("b.csv", "unit_id,criterion_id,stage,points\ntu-ha,3.2.3,appraisal2,3\n")
        _ = try context.evaluation.importScores(path: first, check: false)
        _ = try context.evaluation.importScores(path: second, check: false)
        let log = try context.evaluation.workspace().auditLog(unit: "tu-ha")
        let last = try #require(log.last)
        // The unit's row names the file that changed the value (found by an office: a file
        // imported again undid a correction, and no row said which file).
        #expect(log.dropLast().last?.target?.hasSuffix("b.csv") == true)
        #expect(log.dropLast().last?.after == "1 value changed")
        #expect(last.action == "import scores")
        #expect(last.target == "3.2.3 appraisal2")
        #expect(last.before == "4")
        #expect(last.after == "3")
        #expect(last.actor == "tester")
    }

    /// Found by an office: a corrected file with its note cell left empty deleted the appraisal's
    /// note, and the audit showed only `0.5 → 0.5`.
    @Test func anEmptyNoteCellKeepsTheNoteAndAChangedNoteIsAuditedWithItsWords() throws {
        let header = "Mã đơn vị;Mã tiêu chí;Giai đoạn;Điểm;Ghi chú\n"
        let noted = try file("n1.csv", header + "tu-ha;1.1.1;Thẩm định lần 1;0,5;Thiếu minh chứng\n")
        let empty = try file("n2.csv", header + "tu-ha;1.1.1;Thẩm định lần 1;0,5;\n")
        let other = try file("n3.csv", header + "tu-ha;1.1.1;Thẩm định lần 1;0,5;Đã bổ sung\n")
        _ = try context.evaluation.importScores(path: noted, check: false)
        let kept = try context.evaluation.importScores(path: empty, check: false)
        #expect(kept.counts?.unchanged == 1)
        func note() throws -> String? {
            try context.evaluation.scorecard(unitID: "tu-ha").leaves.first { $0.node.id == "1.1.1" }?.assessment?
                .notes[.appraisal1]
        }
        #expect(try note() == "Thiếu minh chứng")
        _ = try context.evaluation.importScores(path: other, check: false)
        #expect(try note() == "Đã bổ sung")
        let last = try #require(try context.evaluation.workspace().auditLog(unit: "tu-ha").last)
        #expect(last.target == "1.1.1 appraisal1")
        #expect(last.before == "0.5 (note: Thiếu minh chứng)")
        #expect(last.after == "0.5 (note: Đã bổ sung)")
    }

    /// Found by an office: a row whose id and name are two units (a copy-paste slip) put the
    /// points on the id's unit unseen; a name with other marks (`Hưong Vân`) was read as Hương Văn
    /// and said only among the first five names read.
    @Test func anIdAndANameOfTwoUnitsAreAProblemAndOtherMarksAreTold() throws {
        let header = "Mã đơn vị;Tên đơn vị;Mã tiêu chí;Giai đoạn;Điểm\n"
        let slip = try file(
            "slip.csv", header + "huong-van;Hương Hồ;4.2;appraisal2;1\nhuong-ho;UBND xã Hương Hồ;5.1;appraisal2;1\n")
        let outcome = try context.evaluation.importScores(path: slip, fileName: "slip.csv", check: true)
        #expect(
            outcome.problems.map(\.description) == [
                "slip.csv:2:11: Unit 'huong-van' is Hương Văn, but the row's name is 'Hương Hồ' (huong-ho); correct the id or the name"
            ])
        // A row without its code but with its name is found by the name (found by an office).
        let uncoded = try file("uncoded.csv", header + ";Phòng TC-KH;1.2.2;appraisal1;0,5\n")
        let byName = try context.evaluation.importScores(path: uncoded, fileName: "uncoded.csv", check: true)
        #expect(byName.problems.isEmpty, "\(byName.problems)")
        // A dash for points says what to write instead.
        let dash = try file("dash.csv", header + "huong-van;Hương Văn;4.2;appraisal2;-\n")
        #expect(
            try context.evaluation.importScores(path: dash, fileName: "dash.csv", check: true).problems.map(\.message)
                == ["Points '-' could mean no points or not applicable: write 0, or na for a leaf not applicable"])
        // A name that finds no unit (an abbreviation) says nothing: it cannot tell.
        let short = try file("short.csv", header + "huong-van;HV;4.2;appraisal2;1\n")
        #expect(try context.evaluation.importScores(path: short, check: true).problems.isEmpty)
        let marks = try file(
            "marks.csv",
            "Tên đơn vị;Mã tiêu chí;Giai đoạn;Điểm\nHưong Vân;4.2;appraisal2;1\nphường Tứ Hạ;4.2;appraisal2;1\n")
        let read = try context.evaluation.importScores(path: marks, check: true)
        #expect(read.problems.isEmpty)
        #expect(
            read.warnings.contains(
                "1 unit name is written with other marks than the unit's, and read as the unit with the same letters: 'Hưong Vân' → Hương Văn (huong-van); check it is the unit meant"
            ))
    }

    @Test func aFileWorkspaceReadsOnlyTheNamedUnitsRecordedValuesAndComparesWithThem() throws {
        // In a file workspace the recorded values are read a unit at a time (on a read-only
        // connection, while the import writes on its own): the same outcomes as reading all.
        let path = folder.appendingPathComponent("w.cchc").path
        let context = try Workbench.makeContext(data: .defaultWorkspace(path), actor: "tester")
        let evaluation = context.evaluation
        let first = try file(
            "a.csv", "unit_id,criterion_id,stage,points\ntu-ha,3.2.3,appraisal2,4\ntu-ha,3.3.2,appraisal2,1\n")
        #expect(try evaluation.importScores(path: first, check: false).applied)
        // The unit by its name, one value changed, one the same, one new of another unit.
        let second = try file(
            "b.csv",
            "unit_id,criterion_id,stage,points\nTứ Hạ,3.2.3,appraisal2,3\ntu-ha,3.3.2,appraisal2,1\nhuong-van,3.2.3,appraisal2,2\n"
        )
        let checked = try evaluation.importScores(path: second, check: true)
        #expect(checked.summary == "would add 1 value, would change 1, 1 unchanged (year 2024)")
        let outcome = try evaluation.importScores(path: second, fileName: "b.csv", check: false)
        #expect(outcome.summary == "added 1 value, changed 1, 1 unchanged (year 2024)")
        let last = try #require(try evaluation.workspace().auditLog(unit: "tu-ha").last)
        #expect(last.target == "3.2.3 appraisal2")
        #expect(last.before == "4")
        #expect(last.after == "3")
        #expect(
            try evaluation.importScores(path: second, check: false).summary
                == "added 0 values, changed 0, 3 unchanged (year 2024)")
    }

    @Test func semicolonFilesTakeDecimalCommas() throws {
        let path = try file("s.csv", "\u{FEFF}unit_id;criterion_id;stage;points\r\ntu-ha;4.2;appraisal2;1,25\r\n")
        #expect(try context.evaluation.importScores(path: path, check: false).applied)
        #expect(try points("tu-ha", "4.2") == 1.25)
    }

    @Test func aLockedStageRefusesImports() throws {
        try context.evaluation.workspace().setStage(
            .appraisal2, locked: true, year: 2024, by: context.evaluation.author())
        let path = try file("s.csv", "unit_id,criterion_id,stage,points\ntu-ha,4.2,appraisal2,1\n")
        let outcome = try context.evaluation.importScores(path: path, fileName: "s.csv", check: false)
        #expect(
            outcome.problems.first?.message
                == "Stage 'appraisal2' of 2024 is locked: tu-ha 4.2 would add 1; 'stage unlock appraisal2' reopens it")
    }

    @Test func aMissingColumnNamesWhatTheHeaderHasAndHowToMapIt() throws {
        let path = try file("s.csv", "unit_id,criterion,stgae,points\n")
        let outcome = try context.evaluation.importScores(path: path, fileName: "s.csv", check: true)
        #expect(
            outcome.problems.map(\.description) == [
                "s.csv:1:1: Missing column 'stage (Giai đoạn)'; the header on line 1 names 'unit_id', 'criterion', "
                    + "'stgae', 'points'; expected unit_id, criterion_id, stage, points (optional: note, evidence_ref, year); "
                    + "rename the column or read it with --map \"stgae=stage\"; a file of one stage's points (or a "
                    + "column per stage) gives it with --stage, e.g. --map \"Điểm thẩm định=points\" --stage appraisal1"
            ])
        var table = TableOptions()
        try table.map("Stgae = stage")
        let mapped = try context.evaluation.importScores(path: path, fileName: "s.csv", table: table, check: true)
        #expect(mapped.problems.isEmpty)
        #expect(throws: TableOptionsError.badMapping("stage")) { try table.map("stage") }
        // With --stage, the suggestion is that stage's column (found by an office: appraisal2's
        // hint named the self-assessment's column).
        let columns = try file(
            "c.csv", "Mã đơn vị,Mã tiêu chí,Điểm tối đa,Điểm tự chấm,Điểm thẩm định lần 1,Điểm thẩm định lần 2\n")
        for (stage, column) in [
            (Stage.selfAssessment, "Điểm tự chấm"), (.appraisal1, "Điểm thẩm định lần 1"),
            (.appraisal2, "Điểm thẩm định lần 2"),
        ] {
            let hint = try context.evaluation.importScores(path: columns, fileName: "c.csv", stage: stage, check: true)
            #expect(hint.problems.first?.message.hasSuffix("read it with --map \"\(column)=points\"") == true)
        }
    }

    @Test func unitsAndStagesAsPeopleWriteThem() throws {
        let path = try file(
            "s.csv",
            "Mã đơn vị,Mã tiêu chí,Giai đoạn,Điểm\nTU-HA,4.2,Appraisal1,1\nPhường Hương Văn,4.2,APPRAISAL1,1\n")
        let outcome = try context.evaluation.importScores(path: path, fileName: "s.csv", check: true)
        #expect(outcome.problems.isEmpty, "\(outcome.problems)")
        #expect(outcome.reading == ["units matched by name or case: Phường Hương Văn → huong-van, TU-HA → tu-ha"])
        let evidence = try file(
            "e.csv", "Đơn vị;Mã minh chứng;Giá trị\nUBND phường Tứ Hạ;dossiers.on_time_rate;97,5 %\n")
        let read = try context.evaluation.importEvidence(path: evidence, fileName: "e.csv", check: true)
        #expect(read.problems.isEmpty, "\(read.problems)")
        #expect(UnitKind(written: "Xã") == .commune && UnitKind(written: "thị trấn") == .commune)
        #expect(UnitKind(written: "PHƯỜNG") == .ward && UnitKind(written: "ĐVSN") == .publicServiceUnit)
        #expect(UnitKind(written: "tỉnh") == nil)
    }

    @Test func titleRowsAboveTheHeaderAreSkippedAndUnusedColumnsNamedOnce() throws {
        // As Excel saves a report: a title, the unit line, an empty row, then the header with an
        // STT column and a column of its own; Vietnamese headers.
        let path = try file(
            "s.csv",
            "BÁO CÁO ĐIỂM CCHC NĂM 2024;;;;;\r\nĐơn vị: UBND thị xã;;;;;\r\n;;;;;\r\n"
                + "STT;Mã đơn vị;Mã tiêu chí;Giai đoạn;Điểm;Người chấm\r\n1;tu-ha;4.2;appraisal1;1,5;A\r\n")
        let outcome = try context.evaluation.importScores(path: path, fileName: "s.csv", check: true)
        #expect(outcome.problems.isEmpty)
        #expect(outcome.rows == 1)
        #expect(outcome.reading == ["header on line 4", "not used: STT, Người chấm"])
        var table = TableOptions(headerRow: 2)
        let forced = try context.evaluation.importScores(path: path, fileName: "s.csv", table: table, check: true)
        #expect(forced.problems.first?.message.hasPrefix("Missing columns 'unit_id (Mã đơn vị)'") == true)
        table.headerRow = 4
        let given = try context.evaluation.importScores(path: path, fileName: "s.csv", table: table, check: true)
        #expect(given.problems.isEmpty && given.reading.first == "header on line 4")
    }

    @Test func stagesAndBandsInTheWordsExportsPrint() throws {
        // The Vietnamese names a 'lang vi' export prints read back as the stages they name.
        let path = try file(
            "s.csv",
            "Mã đơn vị;Mã tiêu chí;Giai đoạn;Điểm\ntu-ha;4.2;Tự chấm;1\ntu-ha;4.2;Thẩm định lần 1;1\n"
                + "tu-ha;4.2;GIẢI TRÌNH;1\ntu-ha;4.2;Thẩm định lần 2;1\ntu-ha;4.1;Appraisal 1;1\n")
        let outcome = try context.evaluation.importScores(path: path, fileName: "s.csv", check: true)
        #expect(outcome.problems.isEmpty, "\(outcome.problems)")
        #expect(Stage(written: "tự đánh giá") == .selfAssessment && Stage(written: "thẩm định lại") == .appraisal2)
        #expect(Stage(written: "thẩm định lần 3") == nil)
        let bands = try context.evaluation.criteriaSet("commune").bands
        for written in ["xuat-sac", "Xuất sắc", "XUAT SAC", "xuat_sac"] {
            #expect(bands.band(written: written)?.code == "xuat_sac", "\(written)")
        }
    }

    @Test func totalRowsAtTheEndOfATableAreSkippedAndNamed() throws {
        // Spreadsheets end a table (or a group) with a sum: its label may sit in the STT column.
        let path = try file(
            "s.csv",
            "STT;Mã đơn vị;Mã tiêu chí;Giai đoạn;Điểm\r\n1;tu-ha;4.2;appraisal1;1,5\r\n2;huong-van;4.2;appraisal1;1\r\n"
                + "Cộng:;;;;2,5\r\n;TỔNG CỘNG;;;2,5\r\n")
        let outcome = try context.evaluation.importScores(path: path, fileName: "s.csv", check: true)
        #expect(outcome.problems.isEmpty, "\(outcome.problems)")
        #expect(outcome.reading == ["not used: STT", "2 total rows skipped ('Cộng:' …): lines 4, 5"])
        #expect(outcome.rows == 2, "the total rows are not rows of data")
        let evidence = try file(
            "e.csv", "unit_id,key,value\ntu-ha,dossiers.on_time_rate,97.5%\nTong cong,,97.5%\nTo-ha,x.y,1\n")
        let read = try context.evaluation.importEvidence(path: evidence, fileName: "e.csv", check: true)
        #expect(read.reading == ["total row skipped: line 3 'Tong cong'"])
        // A name that only looks like one is still a unit to find.
        #expect(read.problems.map(\.message) == ["Unknown unit 'To-ha'; did you mean 'tu-ha'?"])
        #expect(!CSVImportState.isTotalLabel("Tổng điểm") && CSVImportState.isTotalLabel("TỔNG SỐ."))
    }

    @Test func evidenceKeepsItsProvenance() throws {
        let path = try file("e.csv", "unit_id,key,value\ntu-ha,dossiers.on_time_rate,39/40\n")
        #expect(try context.evaluation.importEvidence(path: path, fileName: "e.csv", check: false).applied)
        let evidence = try context.evaluation.dataset().record(for: "tu-ha").evidence["dossiers.on_time_rate"]
        #expect(evidence?.value == .fraction(numerator: 39, denominator: 40))
        #expect(evidence?.source == "import evidence: e.csv")
        let stored: (String?, Int?) = try context.evaluation.workspace().read { db in
            let row = try Row.fetchOne(
                db,
                sql:
                    "SELECT source_hash, source_rows FROM evidence WHERE unit_id = 'tu-ha' AND key = 'dossiers.on_time_rate' AND year = 2024"
            )
            return (row?[0], row?[1])
        }
        #expect(stored.0?.count == 64)
        #expect(stored.1 == 1)
        // Another file with that value again and one more: the unchanged value keeps the
        // provenance of the import that set it, the new one names the new file.
        let again = try file(
            "f.csv", "unit_id,key,value\ntu-ha,dossiers.on_time_rate,39/40\ntu-ha,dossiers.online_rate,50%\n")
        #expect(try context.evaluation.importEvidence(path: again, fileName: "f.csv", check: false).applied)
        let record = try context.evaluation.dataset().record(for: "tu-ha")
        #expect(record.evidence["dossiers.on_time_rate"]?.source == "import evidence: e.csv")
        #expect(record.evidence["dossiers.online_rate"]?.source == "import evidence: f.csv")
    }

    /// What spreadsheets make of numbers: thousands grouped by points where the comma is the
    /// decimal mark, and rates left as shares of 1 (refused with the percentage they mean).
    @Test func groupedThousandsAreReadAndSharesOfOneAreRefused() throws {
        let grouped = try file(
            "g.csv",
            "Mã đơn vị;Mã minh chứng;Giá trị\ntu-ha;reports.late_or_missing_count;1.000\ntu-ha;plan.completion_rate;97,5\n"
        )
        #expect(try context.evaluation.importEvidence(path: grouped, fileName: "g.csv", check: false).applied)
        let record = try context.evaluation.dataset().record(for: "tu-ha")
        #expect(record.evidence["reports.late_or_missing_count"]?.value == .number(1000))
        #expect(record.evidence["plan.completion_rate"]?.value == .number(97.5))
        let shares = try file(
            "s.csv", "unit_id,key,value\ntu-ha,plan.completion_rate,0.975\ntu-ha,staff.meets_standard_rate,1\n")
        let refused = try context.evaluation.importEvidence(path: shares, fileName: "s.csv", check: false)
        #expect(!refused.applied)
        #expect(
            refused.problems.map(\.message) == [
                "Rate '0.975' is a share of 1, not a percentage: write 97.5% (or 0.975% if under 1 % is meant), or format the cell as a percentage",
                "Rate '1' stands among rates written as shares of 1: write 100% (or 1% if 1 % is meant)",
            ])
        // Alone, a rate of 1 is 1 %, and a share written with its percent sign is what it says.
        let plain = try file(
            "p.csv", "unit_id,key,value\ntu-ha,staff.meets_standard_rate,1\ntu-ha,plan.completion_rate,0.975%\n")
        #expect(try context.evaluation.importEvidence(path: plain, fileName: "p.csv", check: true).problems.isEmpty)
    }

    /// Revenue against the estimate passes 100 % in a good year; a rate of cases cannot.
    @Test func aRatioOfAmountsMayPassOneHundredPercentAndARatioOfCasesMayNot() throws {
        let path = try file(
            "o.csv",
            "Mã đơn vị;Mã minh chứng;Giá trị\ntu-ha;budget.revenue_vs_plan_rate;123,4%\ntu-ha;plan.completion_rate;120%\n"
        )
        let outcome = try context.evaluation.importEvidence(path: path, fileName: "o.csv", check: true)
        #expect(outcome.problems.map(\.message) == ["Percentage '120%' is outside 0…100%"])
        let fine = try file("f.csv", "Mã đơn vị;Mã minh chứng;Giá trị\ntu-ha;budget.revenue_vs_plan_rate;123,4%\n")
        #expect(try context.evaluation.importEvidence(path: fine, fileName: "f.csv", check: false).applied)
        let leaf = try context.evaluation.scorecard(unitID: "tu-ha").leaves.first { $0.node.id == "8.2" }
        #expect(leaf?.points == 3)
        let huge = try file("h.csv", "unit_id,key,value\ntu-ha,budget.revenue_vs_plan_rate,1234%\n")
        #expect(!(try context.evaluation.importEvidence(path: huge, fileName: "h.csv", check: true).problems.isEmpty))
    }

    /// A unit's id in another case is that unit (as every other import reads it), and a year
    /// column gives the file's year.
    @Test func aUnitIdInAnotherCaseUpdatesTheUnitAndAYearColumnGivesTheYear() throws {
        let units = try file("u.csv", "unit_id,name,kind,set\nTU-HA,Tứ Hạ mới,PHƯỜNG,COMMUNE\n")
        let outcome = try context.evaluation.importUnits(path: units, fileName: "u.csv", check: false)
        #expect(outcome.applied && outcome.summary.contains("ids read without case: TU-HA → tu-ha"))
        let all = try context.evaluation.units()
        #expect(all.filter { $0.id.lowercased() == "tu-ha" }.map(\.name) == ["Tứ Hạ mới"])
        let twice = try file("t.csv", "unit_id,name,kind,set\nx-1,X,xã,commune\nX-1,X,xã,commune\n")
        #expect(
            try context.evaluation.importUnits(path: twice, fileName: "t.csv", check: true).problems.map(\.message)
                == ["Unit 'X-1' appears twice (first on line 2 as 'x-1'; ids are read without case)"])
        let scores = try file("y.csv", "Năm,Mã đơn vị,Mã tiêu chí,Giai đoạn,Điểm\n2023,tu-ha,1.2,Tự chấm,0.25\n")
        let read = try context.evaluation.importScores(path: scores, fileName: "y.csv", check: true)
        #expect(read.problems.isEmpty && read.summary.hasSuffix("(year 2023)"), "\(read.summary)")
    }

    /// What an office's sheet holds besides its rows: group headings, a group's subtotal, a
    /// count with its label, and the signature block with its date line and names.
    @Test func headingsSubtotalsAndTheSignatureBlockAreNotData() throws {
        let path = try file(
            "b.csv",
            """
            STT,Mã đơn vị,Mã minh chứng,Giá trị,Ghi chú
            I,KHỐI PHƯỜNG,,,
            1,tu-ha,plan.completion_rate,97.5%,
            II,KHỐI XÃ,,,
            2,huong-vinh,plan.completion_rate,90%,
            ,Cộng khối xã,,,
            Tổng số đơn vị: 2,,,,
            ,,,,
            ,,Hương Trà, ngày 05 tháng 01 năm 2025,
            Người lập biểu,,,Thủ trưởng đơn vị,
            (Ký, ghi rõ họ tên),,,,
            Nguyễn Văn A,,,Trần Thị B,

            """)
        let outcome = try context.evaluation.importEvidence(path: path, fileName: "b.csv", check: true)
        #expect(outcome.problems.isEmpty, "\(outcome.problems)")
        #expect(outcome.rows == 2)
        #expect(
            outcome.reading == [
                "not used: STT", "2 total rows skipped ('Cộng khối xã' …): lines 6, 7",
                "2 heading rows skipped: line 2 'KHỐI PHƯỜNG', line 4 'KHỐI XÃ'", "signature block skipped: lines 9–12",
            ])
        // A name beginning like a subtotal is a name: `Công an xã` is not `Cộng`.
        #expect(!CSVImportState.isTotalLabel("Công an xã") && CSVImportState.isTotalLabel("Tổng số hồ sơ: 2"))
        #expect(
            CSVImportState.isDateLine("Hương Trà, ngày 05 tháng 01 năm 2025")
                && !CSVImportState.isDateLine("Ngày tiếp nhận"))
    }

    /// Headers as spreadsheets have them (wrapped in the cell, two naming one field) and a
    /// --map that names nothing the file or the import has.
    @Test func headersAreReadAsPeopleWriteThemAndAMistypedMapIsTold() throws {
        let wrapped = try file("w.csv", "\"Mã\nđơn vị\",Mã  tiêu chí,Giai đoạn ,Điểm\ntu-ha,1.2,self,0.5\n")
        #expect(try context.evaluation.importScores(path: wrapped, fileName: "w.csv", check: true).problems.isEmpty)
        let both = try file(
            "d.csv", "Đơn vị,Mã đơn vị,Mã minh chứng,Giá trị\nPhường Tứ Hạ,tu-ha,plan.completion_rate,97.5%\n")
        let read = try context.evaluation.importEvidence(path: both, fileName: "d.csv", check: true)
        #expect(read.problems.isEmpty && read.reading == ["not used: Đơn vị"], "\(read.problems)")
        let evidence = try file("e.csv", "unit_id,key,Tỷ lệ\ntu-ha,plan.completion_rate,97.5%\n")
        var field = TableOptions()
        try field.map("Tỷ lệ=valeu")
        #expect(
            try context.evaluation.importEvidence(path: evidence, fileName: "e.csv", table: field, check: true)
                .problems.map(\.message) == [
                    "--map names the field 'valeu', which this import does not read; its fields: unit_id, key, value, year, note; did you mean 'value'?"
                ])
        var column = TableOptions()
        try column.map("Tỉ lệ=value")
        #expect(
            try context.evaluation.importEvidence(path: evidence, fileName: "e.csv", table: column, check: true)
                .problems.map(\.message).first?.hasPrefix("Missing column 'value (Giá trị)'") == true)
        var right = TableOptions()
        try right.map("Tỷ lệ=value")
        #expect(
            try context.evaluation.importEvidence(path: evidence, fileName: "e.csv", table: right, check: true).problems
                .isEmpty)
    }

    /// A header of two rows (a group's name over its columns), names punctuated otherwise,
    /// invisible characters pasted around an id, and what an empty or date cell is said to be.
    @Test func twoRowHeadersNamesAndCellsAsSpreadsheetsLeaveThem() throws {
        let path = try file(
            "two.csv",
            """
            STT,Mã đơn vị,Mã minh chứng,Kết quả,
            ,,,Giá trị,Ghi chú
            1,Phòng Tài chính – Kế hoạch,plan.completion_rate,97.5%,
            2,"Trung tâm Văn hóa - Thông tin và Thể thao",plan.completion_rate\u{200B},90%,

            """)
        let read = try context.evaluation.importEvidence(path: path, fileName: "two.csv", check: true)
        #expect(read.problems.isEmpty, "\(read.problems)")
        #expect(read.reading.first == "header on lines 1–2")
        let cells = try file(
            "c.csv", "unit_id,key,value\ntu-ha,plan.completion_rate,\ntu-ha,staff.meets_standard_rate,2024-06-05\n")
        #expect(
            try context.evaluation.importEvidence(path: cells, fileName: "c.csv", check: true).problems.map(\.message)
                == [
                    "The value is empty (a formula never calculated, or a cell left blank); write it, or leave the row out",
                    "Value '2024-06-05' is a date: the spreadsheet turned what was typed (5/6, 39/40) into one; format the column as Text and type it again",
                ])
        let points = try file("p.csv", "unit_id,criterion_id,stage,points\ntu-ha,1.2,self,\n")
        #expect(
            try context.evaluation.importScores(path: points, fileName: "p.csv", check: true).problems.first?.message
                == "The points are empty; write them (e.g. 2.5), na for a leaf not applicable, or leave the row out")
    }

    /// A sheet of one stage's points, or a column per stage: --stage gives every row's stage.
    @Test func aFileWithoutAStageColumnTakesItsStageFromTheOption() throws {
        let wide = try file(
            "wide.csv", "STT,Mã đơn vị,Mã tiêu chí,Điểm tối đa,Điểm tự chấm,Điểm thẩm định\n1,tu-ha,1.2,1,1,0.5\n")
        let refused = try context.evaluation.importScores(path: wide, fileName: "wide.csv", check: true)
        let message = try #require(refused.problems.first?.message)
        #expect(!message.contains("Điểm tối đa=points") && message.contains("--stage appraisal1"), "\(message)")
        // A maximum in brackets is not the points either; a format hint in brackets is.
        let bracketed = try file(
            "bracketed.csv", "Mã đơn vị,Mã tiêu chí,Điểm (tối đa),Điểm (số thập phân)\ntu-ha,1.2,1,0.5\n")
        let hinted = try context.evaluation.importScores(
            path: bracketed, fileName: "bracketed.csv", stage: .appraisal1, check: true)
        #expect(hinted.problemCount == 0, "\(hinted.problems)")
        #expect(hinted.reading.contains { $0.contains("not used: Điểm (tối đa)") }, "\(hinted.reading)")
        var table = TableOptions()
        try table.map("Điểm thẩm định=points")
        let outcome = try context.evaluation.importScores(
            path: wide, fileName: "wide.csv", table: table, stage: .appraisal1, check: false)
        #expect(outcome.applied, "\(outcome.problems)")
        let stored = try context.evaluation.workspace().read { db in
            try Double.fetchOne(
                db,
                sql:
                    "SELECT points FROM assessments WHERE unit_id = 'tu-ha' AND criterion_id = '1.2' AND stage = 'appraisal1' AND year = 2024"
            )
        }
        #expect(stored == 0.5)
        let mixed = try file("m.csv", "unit_id,criterion_id,stage,points\ntu-ha,1.2,self,0.5\n")
        #expect(
            try context.evaluation.importScores(path: mixed, fileName: "m.csv", stage: .appraisal1, check: true)
                .problems.map(\.message) == [
                    "Stage 'self' is not the stage imported, appraisal1 (--stage); leave --stage out to read each row's stage"
                ])
        let empty = try file("u.csv", "unit_id,criterion_id,stage,points\n,1.2,self,0.5\ntu-ha,1.2,self,0.5\n")
        #expect(
            try context.evaluation.importScores(path: empty, fileName: "u.csv", check: true).problems.first?.message
                .hasPrefix("The unit is empty: each row needs its unit") == true)
    }

    @Test func unitsAreAddedAndUpdated() throws {
        let path = try file(
            "u.csv", "unit_id,name,kind,set\nnew-1,Xã Mới,xã,commune\ntu-ha,Phường Tứ Hạ,ward,commune\n")
        let outcome = try context.evaluation.importUnits(path: path, check: false)
        #expect(outcome.summary == "added 1 unit, changed 1, 0 unchanged")
        #expect(try context.evaluation.units().first { $0.id == "new-1" }?.kind == .commune)
        #expect(try context.evaluation.units().first { $0.id == "tu-ha" }?.name == "Phường Tứ Hạ")
    }
}

@Suite struct ImportShapeTests {
    @Test func aRowWithMoreFieldsThanTheHeaderIsAProblemButTrailingEmptyOnesAreNot() throws {
        let context = try makeSampleEngine().context
        let scratch = try TemporaryFolder("cchc-w")
        let path = scratch.appendingPathComponent("w.csv").path
        try "unit_id,criterion_id,stage,points\ntu-ha,4.2,appraisal2,1,,\ntu-ha,3.2.3,appraisal2,4,5\n".write(
            toFile: path, atomically: true, encoding: .utf8)
        let outcome = try context.evaluation.importScores(path: path, fileName: "w.csv", check: true)
        #expect(
            outcome.problems.map(\.description) == ["w.csv:3:26: The row has 5 fields but the header names 4 columns"])
    }
}

/// Each year is scored with the content of its set that its data was recorded against.
@Suite struct SetVersionTests {
    @Test func aYearWithOnlyEvidenceKeepsTheVersionItWasRecordedAgainst() throws {
        let engine = try makeSampleEngine()
        let data = Sessions.packageRoot.appendingPathComponent("sessions/data").path
        for line in [
            "criteria load \(data)/pilot-set.yaml", "import units \(data)/pilot-units.csv",
            "import evidence \(data)/pilot-evidence.csv --year 2024",
        ] {
            #expect(engine.execute(line).succeeded, "\(line)")
        }
        func indexOfPilotA() throws -> Cell? {
            let report = try engine.context.capture(["rank", "--set", "pilot"]).forScripts
            let table = try #require(report.tables.first)
            let column = try #require(table.columns.firstIndex { $0.key == "index_pct" })
            return table.rows.first { $0.first == .text("pilot-a") || $0.contains(.text("pilot-a")) }?[column]
        }
        // Version 1: 1.1 at 6 of 6 (412/480 online), 1.2 not recorded → 6 of 10.
        #expect(try indexOfPilotA() == .number(60))
        #expect(engine.execute("criteria load \(data)/pilot-set-2.yaml").succeeded)
        // Version 2 would give 1.1 2 of 4 → 20 %: 2024 keeps version 1.
        #expect(try indexOfPilotA() == .number(60))
        // A year without data takes the new version; a corrected file of the same version moves
        // the years that used it.
        #expect(engine.execute("year 2025").succeeded)
        #expect(try engine.context.evaluation.criteriaSet("pilot").version == "pilot-2")
        #expect(try engine.context.evaluation.criteriaSet("pilot", year: 2024).version == "pilot-1")
        let corrected = FileManager.default.temporaryDirectory.appendingPathComponent("pilot-\(UUID()).yaml")
        defer { try? FileManager.default.removeItem(at: corrected) }
        try (try String(contentsOfFile: "\(data)/pilot-set.yaml", encoding: .utf8))
            .replacingOccurrences(of: "title: \"Chữ ký số\"", with: "title: \"Chữ ký số (sửa)\"")
            .write(to: corrected, atomically: true, encoding: .utf8)
        #expect(engine.execute("criteria load \(corrected.path)").succeeded)
        #expect(try engine.context.evaluation.criteriaSet("pilot", year: 2024).node("1.2")?.title == "Chữ ký số (sửa)")
    }
}
