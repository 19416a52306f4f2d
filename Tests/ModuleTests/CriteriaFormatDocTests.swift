import CCHCCore
import CCHCTesting
import Foundation
import Testing

/// The complete example of docs/criteria-format.md parses and scores as documented.
@Suite struct CriteriaFormatDocTests {
    /// The `number`th YAML block of the document (0: the complete example; 3 and 4: the
    /// second version with its crosswalk, and the crosswalk on its own).
    static func example(_ number: Int = 0) throws -> String {
        let doc = try String(
            contentsOf: Sessions.packageRoot.appendingPathComponent("docs/criteria-format.md"), encoding: .utf8)
        var from = doc.startIndex
        for index in 0...number {
            let start = try #require(doc.range(of: "```yaml\n", range: from..<doc.endIndex))
            let end = try #require(doc.range(of: "\n```", range: start.upperBound..<doc.endIndex))
            if index == number { return String(doc[start.upperBound..<end.lowerBound]) }
            from = end.upperBound
        }
        return ""
    }

    @Test func theCrosswalkExamplesJoinTheTwoVersionsAsDocumented() throws {
        let old = try #require(try CriteriaFile.parse(yaml: try Self.example(), file: "v1").first)
        let new = try #require(try CriteriaFile.parse(yaml: try Self.example(3), file: "v2").first)
        let own = try #require(new.predecessor)
        #expect(own.fromVersion == "draft-1" && own.toVersion == "draft-2")
        let separate = try #require(
            try CriteriaFile.parseDocument(yaml: try Self.example(4), file: "cw").crosswalks.first)
        #expect(separate.entries.map(\.kind) == own.entries.map(\.kind))
        for walk in [own, separate] {
            let check = walk.check(old: old, new: new)
            #expect(check.problems.isEmpty)
            #expect(check.notes.isEmpty, "every leaf is named or kept its id")
            #expect(
                check.groups.map { "\($0.from.joined(separator: ","))>\($0.to.joined(separator: ","))" } == [
                    "1.1>1.1", "1.2.1>1.2.1,1.2.2", "1.2.2>1.3", "2.1,2.2>2.1",
                ])
        }
    }

    @Test func theExampleParses() throws {
        let sets = try CriteriaFile.parse(yaml: try Self.example(), file: "criteria-format.md")
        let set = try #require(sets.first)
        #expect(set.id == "example")
        #expect(set.maxPoints == 20)
        #expect(set.leaves.map(\.id) == ["1.1", "1.2.1", "1.2.2", "2.1", "2.2"])
        #expect(set.bands.bands.map(\.code) == ["tot", "kha", "yeu"])
        #expect(set.node("2")?.isOptional == true)
        #expect(set.adjustments == Adjustments(bonusCap: 1, penaltyCap: 2))
        #expect(set.owner == "province")
    }

    @Test func theExampleScoresAsDocumented() throws {
        let set = try #require(try CriteriaFile.parse(yaml: try Self.example(), file: "x").first)
        let unit = EvaluatedUnit(id: "u", name: "Đơn vị", kind: .commune, setID: "example")
        let record = UnitRecord(evidence: [
            "tthc.published": Evidence(key: "tthc.published", value: .bool(true), source: "t"),
            "dossiers.on_time_rate": Evidence(
                key: "dossiers.on_time_rate", value: .fraction(numerator: 0, denominator: 0), source: "t"),
            "reports.late_count": Evidence(key: "reports.late_count", value: .number(1), source: "t"),
        ])
        let score = Scoring.score(unit, record: record, set: set)
        // 2 + 5 (no cases → max) + 2; the survey block has no data, so it is not applicable.
        #expect(score.achieved == 9)
        #expect(score.applicableMax == 10)
        #expect(score.band?.code == "tot")
    }
}
