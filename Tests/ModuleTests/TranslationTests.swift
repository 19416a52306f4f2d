import CCHCCore
import CCHCTesting
import Foundation
import Testing

@testable import Exporters

/// Exports in Vietnamese: every header, label and table title of every report that can be
/// exported has a translation keyed by its English text.
@Suite struct TranslationTests {
    @Test func everyHeaderAndLabelOfEveryExportHasAVietnameseTranslation() throws {
        let engine = try makeSampleEngine()
        #expect(engine.execute("feedback add --unit tu-ha --criterion 3.2.4 \"Chưa hợp lý\"").succeeded)
        #expect(engine.execute("scenario new x").succeeded)
        #expect(engine.execute("set tu-ha 3.2.4 2").succeeded)
        #expect(engine.execute("plan new p --target tot").succeeded)
        let sources = [
            ["rank"], ["rank", "--by", "kind"], ["explain", "tu-ha", "--scorecard"], ["gaps", "tu-ha"],
            ["gaps", "--by-criterion"], ["diff", "baseline", "x"], ["simulate", "--runs", "5", "--seed", "1"],
            ["feedback", "report"], ["plan", "show", "p"], ["plan", "status", "p"], ["plan", "report", "p"],
            ["plan", "list"], ["compare", "2023", "2024"], ["compare", "2023", "2024", "--unit", "tu-ha"],
            ["lessons", "tu-ha"],
        ]
        // Headers made of the sets' own (Vietnamese) band names need none.
        let bands = Set(
            try engine.context.evaluation.allCriteriaSets().flatMap { $0.bands.bands.map { "\($0.name) %" } })
        for words in sources {
            let report = try engine.context.capture(words).forPeople
            var missing: [String] = []
            for fact in report.facts where Localization.message(fact.label) == nil { missing.append(fact.label) }
            for table in report.tables {
                for column in table.columns
                where Localization.message(column.header) == nil && !bands.contains(column.header) {
                    missing.append(column.header)
                }
            }
            #expect(missing.isEmpty, "\(words.joined(separator: " ")): no translation for \(missing)")
            let translated = Localization.translate(report, to: "vi")
            #expect(translated.tables.allSatisfy { table in table.columns.allSatisfy { !$0.header.isEmpty } })
        }
    }

    /// English words no Vietnamese export may keep (outside names, ids and keys).
    static let english: Set<String> = [
        "the", "and", "of", "to", "in", "is", "not", "with", "for", "by", "from", "points", "set", "year", "scenario",
        "moved", "bands", "band", "demoted", "sample", "synthetic", "units", "unit", "yes", "no", "open", "planned",
        "raise", "task", "tasks", "plan", "runs", "seed", "spread", "lost", "memory", "criterion", "evidence", "rule",
        "self", "make", "reduce", "bring", "done", "doing", "dropped", "met", "already", "cannot", "otherwise", "cases",
        "manual", "boolean", "ratio", "survey", "deduction", "generator", "ranking", "scorecard", "report", "notes",
        "excluded", "draft", "version", "amended", "recorded", "stage", "stand", "scores", "changed",
    ]

    @Test func everyExportInVietnameseLeavesNoEnglishWord() throws {
        let engine = try makeSampleEngine()
        let scratch = try TemporaryFolder("cchc-vi")
        let folder = scratch.url
        for line in [
            "feedback add --unit tu-ha --criterion 3.2.4 \"Chưa hợp lý\"", "scenario new x", "set tu-ha 3.2.4 2",
            "set tu-ha evidence dossiers.on_time_rate 98%", "exclude huong-van", "amend 3.2.3 threshold 95=5,90=4,80=3",
            "plan new p --target tot", "lang vi",
        ] {
            #expect(engine.execute(line).succeeded, "\(line)")
        }
        let exports = [
            "ranking", "ranking --by kind", "scorecard tu-ha", "gaps tu-ha", "gaps --by-criterion", "diff baseline x",
            "simulate --runs 5 --seed 1", "feedback report", "plan p", "plan status p", "plan report p",
            "compare 2023 2024", "compare 2023 2024 --unit tu-ha", "lessons tu-ha", "ranking --scenario x",
            "scorecard tu-ha --scenario x",
        ]
        for (index, what) in exports.enumerated() {
            let file = folder.appendingPathComponent("\(index).md")
            let result = engine.execute("export \(what) markdown \(file.path)")
            #expect(result.succeeded, "\(what): \(result.output.map(\.text))")
            let text = try String(contentsOf: file, encoding: .utf8)
            // Words only: ids, keys, file names and numbers (with . _ - / or digits) are not words.
            let words = text.split(whereSeparator: { !$0.isLetter && !"._-/\\'0123456789".contains($0) })
                .filter { $0.allSatisfy(\.isLetter) }.map { $0.lowercased() }
            let left = Set(words).intersection(Self.english)
            #expect(left.isEmpty, "export \(what) in vi keeps English: \(left.sorted())")
        }
    }

    /// People's words stay as written (a decision's number, a criterion id in a sentence), and a
    /// scenario's changes read in Vietnamese by unit name and criterion title.
    @Test func freeTextKeepsItsNumbersAndChangesReadAsSentences() throws {
        let engine = try makeSampleEngine()
        let scratch = try TemporaryFolder("cchc-vi-free")
        let feedback = scratch.url.appendingPathComponent("f.md").path
        let diff = scratch.url.appendingPathComponent("d.md").path
        for line in [
            "feedback actor add tp --role office",
            "feedback add --unit tu-ha --criterion 1.2 \"Tiêu chí 1.5 trùng với 1.1.2; QĐ số 1.234/QĐ-UBND\"",
            "feedback review 1 --as tp",
            "feedback reject 1 --as tp --reason \"Đã gộp với tiêu chí 1.2 trong dự thảo 2.5\"",
            "feedback add --unit p-tckh --method \"Cách tính điểm SIPAS\" \"Khảo sát không tổ chức\"",
            "scenario new de-xuat", "set tu-ha 1.1.2 2", "set tu-ha evidence iso.maintained yes", "exclude huong-van",
            "amend commune:3.2.4 max 3",
            "lang vi", "export feedback report markdown \(feedback)", "export diff baseline de-xuat markdown \(diff)",
        ] {
            #expect(engine.execute(line).succeeded, "\(line)")
        }
        let report = try String(contentsOfFile: feedback, encoding: .utf8)
        #expect(report.contains("Tiêu chí 1.5 trùng với 1.1.2; QĐ số 1.234/QĐ-UBND"))
        #expect(report.contains("Đã gộp với tiêu chí 1.2 trong dự thảo 2.5"))
        // What an item is about, in Vietnamese too (a criterion id as it is), and the day recorded.
        #expect(report.contains("| phương pháp chấm: Cách tính điểm SIPAS |") && report.contains("| 1.2 |"))
        #expect(report.contains("| 20/10/2024 |"))
        let comparison = try String(contentsOfFile: diff, encoding: .utf8)
        #expect(comparison.hasPrefix("### So sánh: 'hiện trạng' → 'de-xuat'"))
        // The columns' A and B named; each change by its unit's name and its criterion's title,
        // without ids or evidence keys.
        #expect(comparison.contains("- **Kịch bản A**: hiện trạng\n- **Kịch bản B**: de-xuat\n"))
        #expect(
            comparison.contains("**Nội dung thay đổi của kịch bản 'de-xuat'**\n\n| Đơn vị | Tiêu chí | Thay đổi |\n"))
        for row in [
            "Tứ Hạ | 1.1.2 Mức độ hoàn thành kế hoạch CCHC | được 2 điểm",
            "Tứ Hạ | 7.4 Duy trì, cải tiến hệ thống quản lý chất lượng ISO 9001 | minh chứng: có",
            "Hương Văn |  | loại khỏi xếp hạng",
            " | 3.2.4 Xin lỗi tổ chức, cá nhân đối với hồ sơ giải quyết quá hạn | điểm tối đa là 3 với mọi đơn vị",
        ] {
            #expect(comparison.contains("| \(row) |\n"), "\(row)")
        }
        let changes = comparison.components(separatedBy: "Nội dung thay đổi")[1]
        #expect(!changes.contains("tu-ha") && !changes.contains("iso.maintained") && !changes.contains("de-xuat |"))
    }

    /// A ranking in a scenario that changes nothing yet says so in Vietnamese too.
    @Test func anEmptyScenarioReadsInVietnamese() throws {
        let scratch = try TemporaryFolder("cchc-lang-empty")
        let file = scratch.appendingPathComponent("r.md").path
        let run = try Products.runCCHC([
            "--sample", "-c", "scenario new t3", "-c", "lang vi", "-c", "export ranking markdown \(file)",
        ])
        #expect(run.status == 0, "\(run.stderr)")
        let text = try String(contentsOfFile: file, encoding: .utf8)
        #expect(text.contains("Kịch bản 't3' chưa thay đổi nội dung nào."), "\(text)")
    }

    @Test func theExportLanguageIsKeptInTheWorkspaceForLaterProcesses() throws {
        let scratch = try TemporaryFolder("cchc-lang")
        let workspace = scratch.appendingPathComponent("w.cchc").path
        #expect(try Products.runCCHC(["--sample", "-c", "backup \(workspace)"]).status == 0)
        let chosen = try Products.runCCHC(["--workspace", workspace, "-c", "lang VI"])
        #expect(chosen.stdout == "Export language: vi, kept in the workspace for later exports\n", "\(chosen.stderr)")
        let file = scratch.appendingPathComponent("r.md").path
        let later = try Products.runCCHC([
            "--workspace", workspace, "-c", "lang", "-c", "export ranking markdown \(file)",
        ])
        #expect(later.stdout.hasPrefix("Export language: vi (available: en, vi)\n"), "\(later.stderr)")
        #expect(try String(contentsOfFile: file, encoding: .utf8).contains("Xếp hạng"))
        _ = try Products.runCCHC(["--workspace", workspace, "-c", "lang en"])
        _ = try Products.runCCHC(["--workspace", workspace, "-c", "export ranking markdown \(file) --force"])
        #expect(!(try String(contentsOfFile: file, encoding: .utf8).contains("Xếp hạng")))
    }

    /// Every export in every file format holds only what the report says: no value of a type
    /// the compiler picked by mistake (GRDB's SQL literal prints as `SQL(elements: …)`).
    @Test func noExportCarriesAStrayTypesDescription() throws {
        let engine = try makeSampleEngine()
        let scratch = try TemporaryFolder("cchc-any")
        let folder = scratch.url
        for line in [
            "feedback add --unit tu-ha --criterion 3.2.4 \"Chưa hợp lý\"", "scenario new x", "set tu-ha 3.2.4 2",
            "plan new p --target tot", "frame set issuer X", "frame set place Y", "frame set recipients \"A; B\"",
        ] {
            #expect(engine.execute(line).succeeded, "\(line)")
        }
        let exports = [
            "ranking", "scorecard tu-ha", "gaps tu-ha", "diff baseline x", "feedback report", "plan p",
            "plan report p", "compare 2023 2024",
        ]
        for language in ["en", "vi"] {
            _ = engine.execute("lang \(language)")
            for (index, what) in exports.enumerated() {
                for format in ["csv", "json", "markdown", "html", "xlsx", "docx"] {
                    let file = folder.appendingPathComponent("\(language)-\(index).\(format)")
                    let frame = ["xlsx", "docx"].contains(format) ? " --frame" : ""
                    #expect(
                        engine.execute("export \(what) \(format) \(file.path)\(frame)").succeeded, "\(what) \(format)")
                    var texts = [try Data(contentsOf: file)]
                    if ["xlsx", "docx"].contains(format) { texts = Array(try XLSXReader.entries(file).values) }
                    for data in texts {
                        let text = String(decoding: data, as: UTF8.self)
                        #expect(!text.contains("SQL(") && !text.contains("GRDB"), "\(what) \(format) \(language)")
                    }
                }
            }
        }
    }

    @Test func aComparisonAcrossSetVersionsLeavesNoEnglishWordInVietnamese() throws {
        let engine = try makeSampleEngine()
        let data = Sessions.packageRoot.appendingPathComponent("sessions/data").path
        for line in [
            "criteria load \(data)/pilot-set.yaml", "import units \(data)/pilot-units.csv",
            "import scores \(data)/pilot-scores.csv --year 2024", "criteria load \(data)/pilot-set-2.yaml",
            "import scores \(data)/pilot-scores-2025.csv --year 2025", "criteria load \(data)/pilot-set-3.yaml",
            "import scores \(data)/pilot-scores-2025.csv --year 2026",
        ] {
            #expect(engine.execute(line).succeeded, "\(line)")
        }
        for words in [
            ["compare", "2024", "2025", "--set", "pilot"],
            ["compare", "2024", "2025", "--set", "pilot", "--unit", "pilot-b"],
            ["compare", "2025", "2026", "--set", "pilot"], ["lessons", "pilot-a", "--year", "2025"],
        ] {
            let report = Localization.translate(try engine.context.capture(words).forPeople, to: "vi", values: true)
            var texts =
                report.notes + report.tables.compactMap(\.title) + report.tables.flatMap { $0.columns.map(\.header) }
            for table in report.tables {
                for row in table.rows {
                    for case .text(let value) in row { texts.append(value) }
                }
            }
            let words = texts.joined(separator: " ").split(whereSeparator: {
                !$0.isLetter && !"._-/\\'0123456789".contains($0)
            })
            .filter { $0.allSatisfy(\.isLetter) }.map { $0.lowercased() }
            let left = Set(words).intersection(
                Self.english.union(["version", "split", "merged", "crosswalk", "same", "only", "new"]))
            #expect(left.isEmpty, "\(words.joined(separator: " ")) in vi keeps English: \(left.sorted())")
        }
    }

    /// A step stands beside its criterion's title: the Vietnamese says what kind of value it
    /// raises, without the evidence key, in Vietnamese numbers; a manual leaf's step is not read
    /// as an evidence step (`nâng the points of …`).
    @Test func stepsReadAsVietnameseWithoutEvidenceKeys() {
        let cases = [
            ("raise dossiers.software_entry_rate from 80.4% to ≥ 95%", "nâng tỷ lệ từ 80,4% lên ≥\u{00A0}95%"),
            ("raise survey.sipas.index from 76.9 to 100", "nâng chỉ số từ 76,9 lên 100"),
            ("raise the points of 3.2.4 from 1.00 to 2.00", "nâng điểm tiêu chí 3.2.4 từ 1,00 lên 2,00"),
            ("make iso.maintained yes (now no)", "đạt yêu cầu (hiện tại: không)"),
            ("make iso.maintained yes (now missing)", "đạt yêu cầu (hiện tại: chưa có)"),
            ("reduce discipline.violation_count from 3 to 1", "giảm số lượng từ 3 xuống 1"),
            ("bring 3.2.1 to its maximum 3.00 (now 2.00)", "đưa tiêu chí 3.2.1 lên điểm tối đa 3,00 (hiện tại: 2,00)"),
        ]
        for (english, vietnamese) in cases { #expect(Localization.text(english) == vietnamese) }
        // A gate's note names the unit and says the condition, not the gate's code.
        #expect(
            Localization.text(
                "Hương Thọ: demoted from 'Xuất sắc' to 'Tốt' by gate no_excellent_if_weak_field: Không xếp loại Xuất sắc."
            )
                == "Hương Thọ: hạ từ 'Xuất sắc' xuống 'Tốt' theo điều kiện: Không xếp loại Xuất sắc.")
        // Rules and evidence as the scorecard shows them, in Vietnamese numbers, without the
        // evidence key (the criterion's title beside them says what the evidence is).
        #expect(
            Localization.text("ratio: legal.rate ≥ 100% → 1.5, ≥ 80% → 0.75, otherwise 0; no cases → 0")
                == "tỷ lệ: ≥ 100% → 1,5, ≥ 80% → 0,75, còn lại 0; không phát sinh trường hợp nào → 0")
        #expect(Localization.text("survey.q1.index = 82.1") == "82,1")
        // Found by an office: English and keys in the points-lost document's "by the rule" column.
        for (english, vietnamese) in [
            ("no evidence 'budget.revenue_vs_plan_rate'", "chưa có minh chứng"),
            (
                "dossiers.on_time_rate = 708/771 = 91.83% ≥ 90% → 3 (differs)",
                "708/771 = 91,83% ≥ 90% → 3 (khác điểm đã chấm)"
            ),
            ("survey.sipas.procedure = 75.6: 75.6 / 100 × 6 → 4.54", "chỉ số 75,6: 75,6 / 100 × 6 → 4,54"),
            ("boolean: plan.cchc_plan_issued_on_time yes → 1, no → 0", "có/không: có → 1, không → 0"),
            ("amendment: amend department:1.6 max 0.5", "chấp nhận, sửa điểm tối đa của tiêu chí 1.6 thành 0,5"),
            ("amend department:1.2.2 max 0.5", "điểm tối đa của tiêu chí 1.2.2 là 0,5"),
            ("survey.sipas.index = 97.5 (import evidence: minh-chung.csv)", "97,5 (nhập minh chứng: minh-chung.csv)"),
            ("dossiers.on_time_rate = 487/500 (dossiers: motcua.xlsx)", "487/500 (hồ sơ một cửa: motcua.xlsx)"),
            // Text that is not an evidence key keeps its words.
            ("Tổng = 5", "Tổng = 5"),
        ] {
            #expect(Localization.text(english) == vietnamese, "\(english)")
        }
        #expect(Localization.decimalCommas(in: "3.2.1 v2.1 q1.5x 0.25") == "3.2.1 v2.1 q1.5x 0,25")
        #expect(
            Localization.text("Xuất sắc → Tốt by no_excellent_if_weak_field: Không xếp loại Xuất sắc.")
                == "Xuất sắc → Tốt theo điều kiện: Không xếp loại Xuất sắc.")
        #expect(
            Localization.text(
                "Points are shown to 2 decimals and totals add the exact points, so the leaves as shown add up to 27.52, the total to 27.50"
            ).hasSuffix("cộng các tiêu chí như hiển thị được 27,52, tổng điểm là 27,50"))
        // Ids and versions are not numbers.
        #expect(Localization.decimalCommas(in: "3.2.1") == "3.2.1")
        #expect(Localization.decimalCommas(in: "-1.5%") == "-1,5%")
        #expect(Localization.decimalCommas(in: "v1.") == "v1.")
    }

    /// Documents people read in Vietnamese (Markdown, HTML, DOCX) print numbers with a decimal
    /// comma and times in Vietnam's time; English ones and scripts' formats keep the screen's.
    @Test func vietnameseDocumentsPrintVietnameseNumbersAndTimes() throws {
        #expect(Cell.number(94.05).printed(vietnamese: true) == "94,05")
        #expect(Cell.number(94.05).printed(vietnamese: false) == "94.05")
        #expect(Cell.text("2026-12-07T18:02:44Z").printed(vietnamese: true) == "08/12/2026 01:02")
        #expect(Cell.text("2024-10-05").printed(vietnamese: true) == "05/10/2024")
        #expect(Cell.text("2024-02-30").printed(vietnamese: true) == "2024-02-30")
        #expect(Cell.day(of: "2024-10-20T20:00:00Z") == "2024-10-21" && Cell.day(of: "hôm nay") == "hôm nay")
        #expect(Cell.text("2024.1").printed(vietnamese: true) == "2024.1")
        let engine = try makeSampleEngine()
        let scratch = try TemporaryFolder("cchc-vi-print")
        let markdown = scratch.url.appendingPathComponent("r.md").path
        let html = scratch.url.appendingPathComponent("r.html").path
        let english = scratch.url.appendingPathComponent("e.md").path
        for line in [
            "export ranking markdown \(english)", "lang vi", "export ranking markdown \(markdown)",
            "export ranking html \(html)",
        ] {
            #expect(engine.execute(line).succeeded, "\(line)")
        }
        let text = try String(contentsOfFile: markdown, encoding: .utf8)
        #expect(text.contains("| 1 | huong-toan | Hương Toàn | 94,05 | 100,00 | 94,05 | Xuất sắc |"))
        #expect(text.range(of: #"\*\*Xuất lúc\*\*: \d\d/\d\d/\d{4} \d\d:\d\d"#, options: .regularExpression) != nil)
        let page = try String(contentsOfFile: html, encoding: .utf8)
        #expect(page.contains("<td class=\"num\">94,05</td>"))
        #expect(page.contains(">94,05</text>"))
        let plain = try String(contentsOfFile: english, encoding: .utf8)
        #expect(plain.contains("| 94.05 | 100.00 | 94.05 |"))
    }

    /// A plan's status in Vietnamese: each task beside its criterion's title, the value now in
    /// Vietnamese numbers (`80,4%`), criterion ids as they are.
    @Test func aPlanStatusReadsInVietnameseNumbersBesideItsCriteria() throws {
        let engine = try makeSampleEngine()
        #expect(engine.execute("plan new p --target tot").succeeded)
        let report = Localization.translate(
            try engine.context.capture(["plan", "status", "p"]).forPeople, to: "vi", values: true)
        let table = try #require(
            report.tables.first { $0.key == "tasks" && $0.title?.hasSuffix("(binh-thanh)") == true })
        let (criterion, title, now) = (
            try #require(table.column("criterion")), try #require(table.column("title")),
            try #require(table.column("now"))
        )
        let row = try #require(table.rows.first { $0[criterion] == .text("3.2.1") })
        #expect(row[title] == .text("Tiếp nhận, cập nhật hồ sơ trên phần mềm một cửa"))
        #expect(row[now] == .text("80,4%"))
    }

    /// A task the unit itself owns is in the charge of the unit's name in what people read; the
    /// JSON keeps the stored owner (the unit's id). While every task is its unit's own, people
    /// see no such column: the tasks are listed under their units.
    @Test func aTaskOwnedByItsUnitNamesTheUnitForPeople() throws {
        let engine = try makeSampleEngine()
        #expect(engine.execute("plan new p --target tot").succeeded)
        func tables() throws -> (people: ReportTable, scripts: ReportTable) {
            let report = try engine.context.capture(["plan", "show", "p"])
            // People see a table per unit (its sections), titled by the unit.
            let people = try #require(
                report.forPeople.tables.first { $0.key == "tasks" && $0.title?.hasSuffix("(tu-ha)") == true })
            return (people, try #require(report.forScripts.tables.first { $0.key == "tasks" }))
        }
        let (alone, scripts) = try tables()
        #expect(alone.column("in_charge") == nil && alone.column("owner") == nil)
        let scriptsOwner = try #require(scripts.column("owner"))
        #expect(scripts.column("in_charge") == nil)
        let unit = try #require(scripts.column("unit_id"))
        let row = try #require(scripts.rows.first { $0[unit] == .text("tu-ha") })
        #expect(row[scriptsOwner] == .text("tu-ha"))
        // A task in someone else's charge brings the column back, the unit's own by its name.
        let other = try #require(scripts.rows.first { $0[unit] != .text("tu-ha") })
        guard case .integer(let id) = other[try #require(scripts.column("id"))] else { throw CancellationError() }
        #expect(engine.execute("plan task set \(id) --owner \"Nguyễn Văn An\"").succeeded)
        let people = try tables().people
        let peopleOwner = try #require(people.column("in_charge"))
        #expect(people.rows.allSatisfy { $0[peopleOwner] == .text("Tứ Hạ") })
    }
}
