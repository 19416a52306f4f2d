import CCHCTesting
import Testing

@testable import CCHCCore

@Suite struct AnalysisTests {
    let plan = ScoringPlan(Fixtures.smallSet)

    /// 1.1 manual 4 (appraised 3), 1.2 ratio 6 (91 % → 3), 2.1 boolean 5 (yes → 5), 2.2 survey 5 (80 → 4).
    var record: UnitRecord {
        UnitRecord(
            leaves: [
                "1.1": LeafAssessment(stages: [.selfAssessment: .points(4), .appraisal1: .points(3)]),
                "1.2": LeafAssessment(stages: [.selfAssessment: .points(6)]),
                "2.1": LeafAssessment(stages: [.selfAssessment: .points(5)]),
            ],
            evidence: [
                "dossiers.on_time_rate": Evidence(key: "dossiers.on_time_rate", value: .percent(91), source: "t"),
                "survey.index": Evidence(key: "survey.index", value: .number(80), source: "t"),
            ])
    }

    @Test func gapsListLostPointsMostFirst() {
        var record = record
        record.leaves["1.2"]?.stages[.appraisal1] = .points(3)
        record.leaves["2.1"]?.stages[.appraisal1] = .points(0)
        let score = Scoring.score(Fixtures.unit("u"), record: record, plan: plan)
        let gaps = Analysis.gaps(score)
        #expect(gaps.map(\.leaf.node.id) == ["2.1", "1.2", "1.1", "2.2"])
        #expect(gaps.map(\.lost) == [5, 3, 1, 1])
    }

    @Test func gapsByCriterionAddUpOverUnits() {
        var second = record
        second.leaves["1.1"] = LeafAssessment(stages: [.appraisal1: .points(4)])
        second.leaves["2.1"] = LeafAssessment(stages: [.appraisal1: .notApplicable])
        let gaps = Analysis.gapsByCriterion(
            ScoreMatrix(
                units: [Fixtures.unit("a"), Fixtures.unit("b"), Fixtures.unit("c")],
                records: ["a": record, "b": second], plan: plan),
            plan: plan)
        // 1.2 keeps its self-assessed 6 (the latest stage) in both; 2.2 loses 1 of 5 in both;
        // 1.1 loses 1 of 4 in 'a' only (2.1 does not apply to 'b'); 'c' has nothing recorded (no
        // index) and counts nowhere.
        #expect(gaps.map(\.node.id) == ["2.2", "1.1"])
        #expect(gaps.first?.lost == 2)
        #expect(gaps.first?.applicable == 2)
        #expect(gaps.first?.losing == 2)
        #expect(gaps.last?.lost == 1)
        #expect(gaps.last?.lostPct == 12.5)
    }

    @Test func inflationFlagsPointsAboveTheEvidenceAndPointsWithoutIt() {
        var record = record
        record.evidence["plan.issued"] = nil
        let flagged = Analysis.inflation(record: record, plan: plan)
        // 1.2: self 6, evidence 91 % supports 3 → 3 at stake. 2.1: self 5, no evidence → 5.
        // 1.1: manual, self 4, no document cited → 4.
        #expect(flagged.map(\.node.id) == ["2.1", "1.1", "1.2"])
        #expect(flagged.map(\.kind) == [.noEvidence, .noEvidence, .aboveEvidence])
        #expect(flagged.map(\.atStake) == [5, 4, 3])
        #expect(flagged.last?.supported == 3)
    }

    @Test func aUnitsTallyCountsEachKindOfFlagAndSurvivesItsStoredForm() throws {
        var record = record
        record.evidence["plan.issued"] = nil
        let tally = InflationTally(Analysis.inflation(record: record, plan: plan))
        #expect(tally.above == 1)
        #expect(tally.abovePoints == 3)
        #expect(tally.unsupported == 2)
        #expect(tally.unsupportedPoints == 9)
        #expect(tally.atStake == 12)
        let units = [Fixtures.unit("a"), Fixtures.unit("b")]
        let dataset = Dataset(year: 2024, units: units, records: ["a": record])
        let tallies = InflationTally.tallies(dataset, plan: plan)
        #expect(tallies.map(\.unit.id) == ["a", "b"])
        #expect(tallies.map(\.tally) == [tally, InflationTally([])])
        let known = Dictionary(uniqueKeysWithValues: units.map { ($0.id, $0) })
        let stored = try #require(
            InflationTally.decode(InflationTally.encode(tallies), setID: units[0].setID, units: known))
        #expect(stored.map(\.unit.id) == ["a", "b"])
        #expect(stored.map(\.tally) == tallies.map(\.tally))
        #expect(InflationTally.decode(InflationTally.encode(tallies), setID: "other", units: known) == nil)
    }

    @Test func aTallyIsSummedInTheOrderTheFlagsAreListedToTheLastBit() {
        // No evidence at all: every self-assessed leaf is flagged, most at stake first.
        let record = UnitRecord(leaves: [
            "1.1": LeafAssessment(stages: [.selfAssessment: .points(0.1)]),
            "1.2": LeafAssessment(stages: [.selfAssessment: .points(0.2)]),
            "2.1": LeafAssessment(stages: [.selfAssessment: .points(0.7)]),
        ])
        let listed = Analysis.inflation(record: record, plan: plan)
        #expect(listed.map(\.node.id) == ["2.1", "1.2", "1.1"])
        let dataset = Dataset(year: 2024, units: [Fixtures.unit("a")], records: ["a": record])
        let tally = InflationTally.tallies(dataset, plan: plan)[0].tally
        #expect(tally == InflationTally(listed))
        // 0.7 + 0.2 + 0.1 is 0.9999999999999999; in the leaves' order, 0.1 + 0.2 + 0.7 is 1.0.
        #expect(tally.unsupportedPoints == 0.7 + 0.2 + 0.1)
        #expect(tally.unsupportedPoints != 0.1 + 0.2 + 0.7)
    }

    @Test func citedDocumentsAndBackedPointsAreNotFlagged() {
        var record = record
        record.selfReferenced = ["1.1"]
        record.leaves["1.2"]?.stages[.selfAssessment] = .points(3)
        record.evidence["plan.issued"] = Evidence(key: "plan.issued", value: .bool(true), source: "t")
        #expect(Analysis.inflation(record: record, plan: plan).isEmpty)
    }
}

@Suite struct CriterionIDTests {
    @Test func idsSortAsTheRegulationsListThem() {
        let ids: [CriterionID] = ["3.2.10", "method", "3.2", "10.1", "3.2.9", "3.2.a", "3.2.1", "3", "1.1"]
        #expect(
            ids.sorted().map(\.rawValue) == ["1.1", "3", "3.2", "3.2.1", "3.2.9", "3.2.10", "3.2.a", "10.1", "method"])
    }

    @Test func theByteComparisonOrdersAsSplittingIntoComponentsDid() {
        // The order as first written: split at dots, numbers by value, else by text.
        func reference(_ a: String, _ b: String) -> Bool {
            let x = a.split(separator: ".", omittingEmptySubsequences: false)
            let y = b.split(separator: ".", omittingEmptySubsequences: false)
            for (p, q) in zip(x, y) where p != q {
                switch (Int(p), Int(q)) {
                case let (m?, n?): return m != n ? m < n : p < q
                case (.some, nil): return true
                case (nil, .some): return false
                case (nil, nil): return p < q
                }
            }
            return x.count < y.count
        }
        let parts = ["1", "2", "10", "01", "+1", "-3", "a", "B", "", "Ⅱ", "ư", "99999999999999999999", "3a"]
        var random = SplitMix64Generator(seed: 7)
        for _ in 0..<20_000 {
            func id() -> String {
                (0..<Int.random(in: 1...4, using: &random)).map { _ in parts.randomElement(using: &random)! }
                    .joined(separator: ".")
            }
            let (a, b) = (id(), id())
            #expect((CriterionID(a) < CriterionID(b)) == reference(a, b), "\(a) \(b)")
        }
    }

    @Test func theOrderIsStrict() {
        let ids: [CriterionID] = ["1", "01", "1.a", "1.b", "a", "", "1."]
        for a in ids {
            #expect(!(a < a))
            for b in ids where a != b { #expect((a < b) != (b < a), "\(a) \(b)") }
        }
    }
}
