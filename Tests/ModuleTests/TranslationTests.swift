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
    ]

    @Test func everyExportInVietnameseLeavesNoEnglishWord() throws {
        let engine = try makeSampleEngine()
        let scratch = try TemporaryFolder("cchc-vi")
        let folder = scratch.url
        for line in [
            "feedback add --unit tu-ha --criterion 3.2.4 \"Chưa hợp lý\"", "scenario new x", "set tu-ha 3.2.4 2",
            "plan new p --target tot", "lang vi",
        ] {
            #expect(engine.execute(line).succeeded, "\(line)")
        }
        let exports = [
            "ranking", "ranking --by kind", "scorecard tu-ha", "gaps tu-ha", "gaps --by-criterion", "diff baseline x",
            "simulate --runs 5 --seed 1", "feedback report", "plan p", "plan status p", "plan report p",
            "compare 2023 2024", "compare 2023 2024 --unit tu-ha", "lessons tu-ha",
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
}
