import CCHCCore
import CCHCTesting
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
            ["plan", "list"],
        ]
        // Headers made of the sets' own (Vietnamese) band names need none.
        let bands = Set(
            try engine.context.evaluation.allCriteriaSets().flatMap { $0.bands.bands.map { "\($0.name) %" } })
        for words in sources {
            let report = try engine.context.capture(words).forPeople
            var missing: [String] = []
            for fact in report.facts where Localization.messages[fact.label] == nil { missing.append(fact.label) }
            for table in report.tables {
                for column in table.columns
                where Localization.messages[column.header] == nil && !bands.contains(column.header) {
                    missing.append(column.header)
                }
            }
            #expect(missing.isEmpty, "\(words.joined(separator: " ")): no translation for \(missing)")
            let translated = Localization.translate(report, to: "vi")
            #expect(translated.tables.allSatisfy { table in table.columns.allSatisfy { !$0.header.isEmpty } })
        }
    }
}
