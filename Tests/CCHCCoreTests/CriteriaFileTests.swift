import CCHCCore
import Foundation
import Testing

@Suite struct CriteriaFileTests {
    @Test func aYAMLAliasBombIsRefusedAtOnceWithTheReason() throws {
        // Eight levels of ten aliases each: 10^8 criteria from a file of a few lines.
        var lines = [
            "schema_version: 1", "defs:", #"  c0: &c0 [{id: "1", title: t, max_points: 1, rule: {kind: manual}}]"#,
        ]
        for level in 1..<8 {
            let item = #"{id: "1", title: t, max_points: 1, criteria: *c\#(level - 1)}"#
            lines.append("  c\(level): &c\(level) [" + Array(repeating: item, count: 10).joined(separator: ", ") + "]")
        }
        lines += [
            "sets:", "  - id: s", "    title: S", "    year: 2024", "    ranking: {bands: [{code: a, min: 0}]}",
            "    fields: *c7",
        ]
        do {
            _ = try CriteriaFile.parse(yaml: lines.joined(separator: "\n"), file: "bomb.yaml")
            Issue.record("an alias bomb is refused")
        } catch let error as CriteriaFileError {
            #expect(error.problems.first?.message.hasPrefix("More than 10000 criteria in the file") == true)
            #expect(error.problems.count == 1, "the rest repeats the same lines")
        }
    }

    static let valid = """
        schema_version: 1
        sets:
          - id: tiny
            title: "Bộ tiêu chí nhỏ"
            level: commune
            year: 2024
            total_max_points: 3
            ranking:
              bands:
                - {code: tot, name: "Tốt", min: 80}
                - {code: yeu, name: "Yếu", min: 0}
            fields:
              - id: "1"
                title: "Lĩnh vực"
                max_points: 3
                criteria:
                  - id: "1.1"
                    title: "Tỷ lệ"
                    max_points: 2
                    rule:
                      kind: ratio
                      evidence: dossiers.on_time_rate
                      thresholds: [{min: 98, points: 2}, {min: 90, points: 1}]
                      if_no_cases: na
                  - id: "1.2"
                    title: "Thủ công"
                    max_points: 1
                    rule: {kind: manual}
        """

    func problems(_ yaml: String) -> [String] {
        do {
            _ = try CriteriaFile.parse(yaml: yaml, file: "t.yaml")
            return []
        } catch let error as CriteriaFileError {
            return error.problems.map(\.description)
        } catch {
            return ["\(error)"]
        }
    }

    @Test func aValidFileParses() throws {
        let sets = try CriteriaFile.parse(yaml: Self.valid, file: "t.yaml")
        #expect(sets.map(\.id) == ["tiny"])
        #expect(sets[0].leaves.map(\.id) == ["1.1", "1.2"])
        #expect(sets[0].maxPoints == 3)
        guard case .ratio(let ratio) = sets[0].node("1.1")?.rule else {
            Issue.record("1.1 should be a ratio rule")
            return
        }
        #expect(ratio.ifNoCases == .notApplicable)
        #expect(ratio.thresholds.map(\.min) == [98, 90])
    }

    @Test func aParentMaximumOtherThanItsChildrenIsReportedWithItsPosition() {
        let yaml = Self.valid.replacingOccurrences(
            of: "max_points: 3\n        criteria", with: "max_points: 4\n        criteria")
        #expect(problems(yaml).contains("t.yaml:15:21: Maximum of '1' is '4' but its children add up to 3"))
    }

    @Test func duplicateIdsAreReported() {
        let yaml = Self.valid.replacingOccurrences(of: "id: \"1.2\"", with: "id: \"1.1\"")
        #expect(problems(yaml).contains { $0.hasPrefix("t.yaml:25:") && $0.contains("Duplicate criterion id '1.1'") })
    }

    @Test func thresholdsOutOfOrderOrRangeAreReported() {
        let yaml = Self.valid.replacingOccurrences(
            of: "[{min: 98, points: 2}, {min: 90, points: 1}]", with: "[{min: 90, points: 1}, {min: 120, points: 2}]")
        let found = problems(yaml)
        #expect(found.contains { $0.contains("Threshold '120' of '1.1' is outside 0…100") })
        #expect(found.contains { $0.contains("out of order: '120' after '90'") })
    }

    @Test func unknownRuleKindAndMissingEvidenceAreReported() {
        let yaml = Self.valid.replacingOccurrences(of: "{kind: manual}", with: "{kind: guess}")
            .replacingOccurrences(of: "evidence: dossiers.on_time_rate", with: "note: none")
        let found = problems(yaml)
        #expect(found.contains { $0.contains("Unknown rule kind 'guess' in '1.2'") })
        #expect(found.contains { $0.contains("Missing 'evidence' in the ratio rule of '1.1'") })
    }

    @Test func bandsOutOfOrderAreReported() {
        let yaml = Self.valid.replacingOccurrences(of: "min: 80}", with: "min: -1}")
        let found = problems(yaml)
        #expect(found.contains { $0.contains("Band 'tot' has min '-1' outside 0…100") })
        #expect(found.contains { $0.contains("Bands out of order") })
    }

    @Test func yamlSyntaxErrorsCarryTheirPosition() {
        let found = problems("sets:\n  - id: [unclosed\n")
        #expect(found.count == 1)
        #expect(found[0].hasPrefix("t.yaml:3:"))
    }

    @Test func theErrorSummarisesEveryProblem() {
        let yaml = Self.valid.replacingOccurrences(of: "{kind: manual}", with: "{kind: guess}")
            .replacingOccurrences(of: "total_max_points: 3", with: "total_max_points: 5")
        #expect(throws: CriteriaFileError.self) { try CriteriaFile.parse(yaml: yaml, file: "t.yaml") }
        do {
            _ = try CriteriaFile.parse(yaml: yaml, file: "t.yaml")
        } catch {
            #expect("\(error)".hasSuffix("(and 1 more problem)"))
        }
    }
}
