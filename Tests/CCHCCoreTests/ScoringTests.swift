import CCHCTesting
import Foundation
import Testing

@testable import CCHCCore

@Suite struct ScoringTests {
    let set = Fixtures.smallSet

    func score(_ record: UnitRecord, id: String = "u") -> UnitScore {
        Scoring.score(Fixtures.unit(id), record: record, set: set)
    }

    @Test func perfectRecordScoresFullIndex() {
        let result = score(Fixtures.perfectRecord)
        #expect(result.achieved == 20)
        #expect(result.indexPct == 100)
        #expect(result.band?.code == "xuat_sac")
    }

    @Test func notApplicableLeavesLeaveTheDenominator() {
        var record = Fixtures.perfectRecord
        record.leaves["2.1"] = LeafAssessment(stages: [.selfAssessment: .notApplicable])
        record.evidence["survey.index"] = Evidence(key: "survey.index", value: .number(50), source: "test")
        let result = score(record)
        #expect(result.applicableMax == 15)
        #expect(result.achieved == 12.5)
        #expect(abs(result.indexPct! - 12.5 / 15 * 100) < 1e-9)
    }

    @Test func allLeavesNotApplicableGiveNoIndexBandOrRank() {
        var record = UnitRecord()
        for leaf in set.leaves { record.leaves[leaf.id] = LeafAssessment(stages: [.appraisal1: .notApplicable]) }
        let result = score(record)
        #expect(result.applicableMax == 0)
        #expect(result.indexPct == nil)
        #expect(result.band == nil)
        let ranked = Scoring.rank([result, score(Fixtures.perfectRecord, id: "v")])
        #expect(ranked.map(\.unit.id) == ["v", "u"])
        #expect(ranked.map(\.rank) == [1, nil])
    }

    @Test func theLatestStagePresentWins() {
        var record = Fixtures.perfectRecord
        record.leaves["1.1"] = LeafAssessment(stages: [.selfAssessment: .points(4), .appraisal1: .points(2)])
        #expect(score(record).leaves.first { $0.node.id == "1.1" }?.points == 2)
        record.leaves["1.1"]?.stages[.explanation] = .points(3.5)
        #expect(score(record).leaves.first { $0.node.id == "1.1" }?.points == 3.5)
        record.leaves["1.1"]?.stages[.appraisal2] = .points(3)
        let leaf = score(record).leaves.first { $0.node.id == "1.1" }
        #expect(leaf?.points == 3)
        #expect(leaf?.source == .stage(.appraisal2))
        record.leaves["1.1"]?.stages = [.selfAssessment: .points(4), .appraisal1: .notApplicable]
        #expect(score(record).leaves.first { $0.node.id == "1.1" }?.isApplicable == false)
    }

    @Test func anAssessmentKeepsItsRarePartsApartAndStaysAValue() {
        // A year at national scale holds a million assessments: notes and a scenario's value,
        // which most lack, do not take room inline.
        #expect(MemoryLayout<LeafAssessment>.stride <= 80)
        var leaf = LeafAssessment(stages: [.selfAssessment: .points(4)])
        #expect(
            leaf.notes.isEmpty && leaf.scenarioValue == nil && leaf.scenarioNote == nil && !leaf.scenarioFollowsRule)
        let before = leaf
        leaf.notes[.appraisal1] = "thiếu văn bản"
        leaf.scenarioValue = .points(2)
        leaf.scenarioNote = "scaled"
        leaf.scenarioFollowsRule = true
        var copy = leaf
        copy.notes[.appraisal1] = nil
        copy.scenarioValue = nil
        copy.scenarioNote = nil
        copy.scenarioFollowsRule = false
        // A change to a copy leaves the original as it was; emptied, the copy equals one never set.
        #expect(leaf.notes[.appraisal1] == "thiếu văn bản")
        #expect(leaf.scenarioValue == .points(2) && leaf.scenarioNote == "scaled" && leaf.scenarioFollowsRule)
        #expect(copy == before)
        #expect(leaf != before)
        #expect(LeafAssessment(stages: [.selfAssessment: .points(4)], notes: [.appraisal1: "thiếu văn bản"]) != before)
    }

    @Test func stagePointsOverrideTheRuleButTheRuleOutcomeIsKept() {
        var record = Fixtures.perfectRecord
        record.evidence["dossiers.on_time_rate"] = Evidence(
            key: "dossiers.on_time_rate", value: .percent(91), source: "t")
        record.leaves["1.2"] = LeafAssessment(stages: [.selfAssessment: .points(6)])
        let leaf = score(record).leaves.first { $0.node.id == "1.2" }
        #expect(leaf?.points == 6)
        #expect(leaf?.ruleOutcome.points == 3)
    }

    @Test func missingDataScoresZeroAndSaysSo() {
        let leaf = score(UnitRecord()).leaves.first { $0.node.id == "2.1" }
        #expect(leaf?.points == 0)
        #expect(leaf?.source == .missing)
    }

    @Test func bonusAndPenaltyAreCappedAndKeptApart() {
        var record = Fixtures.perfectRecord
        record.leaves["1.1"] = LeafAssessment(stages: [.appraisal1: .points(0)])  // 16/20
        record.bonus = 5
        record.penalty = 1
        let result = score(record)
        #expect(result.achieved == 16)
        #expect(result.bonus == 2)
        #expect(result.penalty == 1)
        #expect(result.total == 17)
        #expect(result.indexPct == 85)
        record.bonus = 2
        record.penalty = 0
        record.leaves["1.1"] = LeafAssessment(stages: [.appraisal1: .points(4)])
        #expect(score(record).total == 20, "the total never exceeds the applicable maximum")
        record.penalty = 50
        #expect(score(record).penalty == 5)
    }

    @Test func aWeakFieldDemotesFromTheTopBand() {
        var record = Fixtures.perfectRecord
        record.evidence["survey.index"] = Evidence(key: "survey.index", value: .number(0), source: "t")
        record.bonus = 2  // 15 + 2 = 17/20 = 85 % → Tốt without any gate
        #expect(score(record).band?.code == "tot")
        record.evidence["survey.index"] = Evidence(key: "survey.index", value: .number(20), source: "t")
        // field 2 = 5 + 1 = 6/10 = 60 %; total 16 + 2 = 18/20 = 90 % → Xuất sắc before gates
        let result = score(record)
        #expect(result.bandBeforeGates?.code == "xuat_sac")
        #expect(result.band?.code == "tot")
        #expect(result.gatesApplied.map(\.id) == ["weak_field"])
    }

    @Test func aFieldThatIsASingleLeafCountsForTheWeakFieldGateInBothScorers() throws {
        // Field 3 has no sub-criteria: 1 of its 5 points is 20 %, under the 70 % of the gate.
        // The scorer used to skip such a field while the score matrix (simulate) counted it, so
        // the same unit was Xuất sắc in 'rank' and Tốt in 'simulate'.
        var set = Fixtures.smallSet
        set.fields.append(CriterionNode(id: "3", title: "Lĩnh vực 3", maxPoints: 5, rule: .manual))
        var record = Fixtures.perfectRecord
        record.leaves["3"] = LeafAssessment(stages: [.appraisal1: .points(1)])
        record.bonus = 2  // 21 + 2 = 23/25 = 92 % → Xuất sắc before gates
        let unit = Fixtures.unit("a")
        let result = Scoring.score(unit, record: record, set: set)
        #expect(result.bandBeforeGates?.code == "xuat_sac")
        #expect(result.band?.code == "tot")
        #expect(result.gatesApplied.map(\.id) == ["weak_field"])
        let matrix = ScoreMatrix(units: [unit], records: ["a": record], plan: ScoringPlan(set))
        let row = try #require(matrix.rank().first)
        #expect(row.band.map { set.bands.bands[$0].code } == "tot")
    }

    @Test func anEvidenceGateDemotes() {
        var record = Fixtures.perfectRecord
        record.evidence["discipline.violation_count"] = Evidence(
            key: "discipline.violation_count", value: .number(1), source: "t")
        let result = score(record)
        #expect(result.band?.code == "tot")
        #expect(result.gatesApplied.map(\.id) == ["discipline"])
        record.evidence["discipline.violation_count"]?.value = .number(0)
        #expect(score(record).band?.code == "xuat_sac")
    }

    @Test func bandThresholdIsInclusiveAtThePublishedPrecision() {
        #expect(set.bands.band(forIndex: 90)?.code == "xuat_sac")
        #expect(set.bands.band(forIndex: 89.99)?.code == "tot")
        #expect(set.bands.band(forIndex: 0)?.code == "yeu")
    }

    @Test func equalIndicesShareARank() {
        func withManual(_ points: Double, _ id: String, _ name: String) -> UnitScore {
            var record = Fixtures.perfectRecord
            record.leaves["1.1"] = LeafAssessment(stages: [.appraisal1: .points(points)])
            return Scoring.score(Fixtures.unit(id, name: name), record: record, set: set)
        }
        let ranked = Scoring.rank([
            withManual(2, "d", "Đông"), withManual(3, "b", "Bình"), withManual(4, "a", "An"),
            withManual(3, "c", "Châu"),
        ])
        #expect(ranked.map(\.rank) == [1, 2, 2, 4])
        #expect(ranked.map(\.unit.id) == ["a", "b", "c", "d"])
    }

    @Test func indicesEqualAtTwoDecimalsTie() {
        let a = UnitScore.stub(id: "a", index: 87.123)
        let b = UnitScore.stub(id: "b", index: 87.118)
        #expect(Scoring.rank([a, b]).map(\.rank) == [1, 1])
    }

    @Test func anOptionalBlockWithoutDataIsNotApplicable() {
        var optionalSet = set
        optionalSet.fields[1].isOptional = true
        var record = Fixtures.perfectRecord
        record.evidence["plan.issued"] = nil
        record.evidence["survey.index"] = nil
        let result = Scoring.score(Fixtures.unit("u"), record: record, set: optionalSet)
        #expect(result.applicableMax == 10)
        #expect(result.indexPct == 100)
        record.evidence["plan.issued"] = Evidence(key: "plan.issued", value: .bool(true), source: "t")
        let held = Scoring.score(Fixtures.unit("u"), record: record, set: optionalSet)
        #expect(held.applicableMax == 20)
    }
}

extension UnitScore {
    static func stub(id: String, index: Double) -> UnitScore {
        UnitScore(
            unit: Fixtures.unit(id, name: id), setID: "small", leaves: [], nodes: [:], achieved: index,
            applicableMax: 100,
            bonus: 0, penalty: 0, total: index, indexPct: index, bandBeforeGates: nil, band: nil, gatesApplied: [],
            rank: nil)
    }
}

@Suite struct RerankTests {
    @Test func movingOneUnitGivesTheSameRankingAsAFullSort() {
        let names = ["Đông", "Bình", "An", "Châu", "Ân", "Bắc"]
        let indices = [81.5, 90.0, 75.25, 90.0, 60.0, 81.5]
        let scores = zip(names, indices).map { name, index in UnitScore.stub(id: name, index: index) }
        let ranked = Scoring.rank(scores)
        for (position, newIndex) in [(0, 95.0), (1, 60.0), (2, 81.5), (4, 90.0), (5, 10.0)] {
            var changed = scores
            changed[position] = UnitScore.stub(id: names[position], index: newIndex)
            let full = Scoring.rank(changed)
            let incremental = Scoring.rerank(ranked, replacing: changed[position])
            #expect(incremental.map(\.unit.id) == full.map(\.unit.id))
            #expect(incremental.map(\.rank) == full.map(\.rank))
        }
    }
}

extension RerankTests {
    /// Several units changed, some left out, under policies with groups and unranked units: the
    /// ranking put right in place is the one a full sort gives (a scenario's ranking is derived
    /// from the baseline's so).
    @Test func changingAndRemovingSeveralUnitsGivesTheSameRankingAsAFullSort() {
        var seed: UInt64 = 42
        func next(_ bound: Int) -> Int {
            seed = seed &* 6_364_136_223_846_793_005 &+ 1_442_695_040_888_963_407
            return Int((seed >> 33) % UInt64(bound))
        }
        let kinds: [UnitKind] = [.ward, .commune, .department]
        let groups: [String?] = ["Khối phường", "Khối xã", nil]
        let indices: [Double?] = [90, 85.5, 85.5, 85.504, 70, 60.25, nil]
        func score(_ number: Int) -> UnitScore {
            let unit = EvaluatedUnit(
                id: "u\(number)", name: "Đơn vị \(["Ân", "An", "Ăn", "Bình", "Đông"][number % 5]) \(number)",
                kind: kinds[next(3)], setID: "small", group: groups[next(3)])
            let index = indices[next(indices.count)]
            var score = UnitScore(
                unit: unit, setID: "small", leaves: [], nodes: [:], achieved: index ?? 0, applicableMax: 100, bonus: 0,
                penalty: 0, total: index ?? 0, indexPct: index, bandBeforeGates: nil, band: nil, gatesApplied: [],
                rank: nil)
            score.missingLeaves = next(4) == 0 ? 1 : 0
            return score
        }
        let policies = [
            RankingPolicy(),
            RankingPolicy(grouping: .kind, ties: .unrounded, unrankedIfMissing: true),
            RankingPolicy(grouping: .group, ties: .published, unrankedIfMissing: true),
        ]
        for policy in policies {
            let scores = (0..<120).map(score)
            let ranked = Scoring.rank(scores, policy: policy)
            for _ in 0..<40 {
                var changed = scores
                var moved: [UnitScore] = []
                for _ in 0..<(1 + next(8)) {
                    let number = next(scores.count)
                    changed[number] = score(number)
                    moved.removeAll { $0.unit.id == changed[number].unit.id }
                    moved.append(changed[number])
                }
                let removed = Set((0..<next(4)).map { _ in "u\(next(scores.count))" })
                moved.removeAll { removed.contains($0.unit.id) }
                let full = Scoring.rank(changed.filter { !removed.contains($0.unit.id) }, policy: policy)
                let derived = Scoring.rerank(ranked, removing: removed, inserting: moved, policy: policy)
                #expect(derived.map(\.unit.id) == full.map(\.unit.id))
                #expect(derived.map(\.rank) == full.map(\.rank))
                #expect(derived.map(\.group) == full.map(\.group))
            }
        }
    }
}

/// The score matrix (simulate, the national-scale rank) against the full scorer on thousands of
/// random units built to sit on the edges: indices exactly at band thresholds, fields exactly at
/// the weak-field gate, evidence exactly at the discipline gate, ties of the published index,
/// under every ranking policy: groups by kind and by name, ties published and unrounded, units
/// with missing leaves ranked or not.
@Suite struct MatrixDifferentialTests {
    static let policies: [(leafField: Bool, policy: RankingPolicy)] = [
        (false, RankingPolicy()),
        (true, RankingPolicy()),
        (false, RankingPolicy(grouping: .kind, ties: .unrounded, unrankedIfMissing: true)),
        (true, RankingPolicy(grouping: .group, ties: .published, unrankedIfMissing: true)),
        (false, RankingPolicy(grouping: .group, ties: .unrounded, unrankedIfMissing: false)),
    ]

    @Test(arguments: policies.indices)
    func randomUnitsOnTheEdgesBandAndRankTheSameBothWays(case number: Int) throws {
        let (withLeafField, policy) = Self.policies[number]
        var set = Fixtures.smallSet
        set.ranking = policy
        if withLeafField {
            set.fields.append(CriterionNode(id: "3", title: "Lĩnh vực 3", maxPoints: 5, rule: .manual))
        }
        var random = SplitMix64Generator(seed: UInt64(7 + number * 4))
        var units: [EvaluatedUnit] = []
        var records: [String: UnitRecord] = [:]
        let groups = ["Khối A", "Khối B", "Khối Ă", nil]
        for index in 0..<3000 {
            var unit = Fixtures.unit("u\(index)", name: "Xã \(index % 97)")
            unit.kind = [.ward, .commune, .department].randomElement(using: &random)!
            unit.group = groups.randomElement(using: &random)!
            units.append(unit)
            var record = UnitRecord()
            // Quarter points make totals land exactly on thresholds and on each other (ties);
            // thirds tie at two decimals but not unrounded. One unit in eight leaves 1.1 empty.
            if Int.random(in: 0..<8, using: &random) > 0 {
                let denominator = policy.ties == .unrounded ? 12.0 : 4.0
                record.leaves["1.1"] = LeafAssessment(stages: [
                    .appraisal1: .points(Double(Int.random(in: 0...Int(denominator) * 4, using: &random)) / denominator)
                ])
            }
            if withLeafField {
                record.leaves["3"] = LeafAssessment(stages: [
                    .appraisal1: .points(Double(Int.random(in: 0...20, using: &random)) / 4)
                ])
            }
            record.evidence["dossiers.on_time_rate"] = Evidence(
                key: "dossiers.on_time_rate", value: .percent([89, 90, 97.99, 98, 100].randomElement(using: &random)!),
                source: "t")
            record.evidence["plan.issued"] = Evidence(
                key: "plan.issued", value: .bool(Bool.random(using: &random)), source: "t")
            record.evidence["survey.index"] = Evidence(
                key: "survey.index", value: .number([0, 40, 50, 70, 90, 100].randomElement(using: &random)!),
                source: "t")
            if Int.random(in: 0..<4, using: &random) == 0 {
                record.evidence["discipline.violation_count"] = Evidence(
                    key: "discipline.violation_count", value: .number([0, 1].randomElement(using: &random)!),
                    source: "t")
            }
            record.bonus = Double(Int.random(in: 0...8, using: &random)) / 4
            record.penalty = Double(Int.random(in: 0...8, using: &random)) / 4
            records[unit.id] = record
        }
        let plan = ScoringPlan(set)
        let matrix = ScoreMatrix(units: units, records: records, plan: plan)
        let rows = matrix.rank()
        // Kept in the workspace and read back, the matrix ranks and simulates the same.
        let stored = try #require(
            ScoreMatrix(
                stored: matrix.encoded(), plan: plan,
                units: Dictionary(uniqueKeysWithValues: units.map { ($0.id, $0) })))
        #expect(stored.rank() == rows)
        #expect(stored.units.map(\.id) == matrix.units.map(\.id))
        let simulation = Simulation(runs: 3, seed: 5, spread: 0.2)
        let simulated = try simulation.run(matrix, plan: plan)
        let simulatedStored = try simulation.run(stored, plan: plan)
        #expect(simulated.map(\.median) == simulatedStored.map(\.median))
        #expect(simulated.map(\.bandShares) == simulatedStored.map(\.bandShares))
        #expect(ScoreMatrix(stored: matrix.encoded().dropLast(), plan: plan, units: [:]) == nil, "a cut payload")
        let scores = Dictionary(
            uniqueKeysWithValues: Scoring.rank(
                units.map { Scoring.score($0, record: records[$0.id]!, plan: plan) }, policy: policy
            ).map { ($0.unit.id, $0) })
        var atThreshold = 0
        var gated = 0
        for (row, unit) in units.enumerated() {
            let score = try #require(scores[unit.id])
            #expect(rows[row].index == score.indexPct.map { Format.round($0) }, "\(unit.id)")
            #expect(rows[row].band.map { set.bands.bands[$0].code } == score.band?.code, "\(unit.id)")
            #expect(rows[row].rank == score.rank, "\(unit.id)")
            if let index = rows[row].index, set.bands.bands.contains(where: { $0.minIndex == index }) {
                atThreshold += 1
            }
            if !score.gatesApplied.isEmpty { gated += 1 }
        }
        // The random units really reach the edges.
        #expect(atThreshold > 20)
        #expect(gated > 5)
        #expect(Set(rows.compactMap(\.rank)).count < rows.count / 2, "many ties")
        if policy.unrankedIfMissing {
            #expect(scores.values.filter { $0.missingLeaves > 0 && $0.rank == nil }.count > 100)
        }
        if policy.grouping != .none {
            #expect(rows.filter { $0.rank == 1 }.count >= 3, "a first place in each group")
        }
    }
}

/// Rankings as provinces publish them: places counted within blocks, ties at two decimals or on
/// the unrounded index, units with missing leaves listed apart when the set says so.
@Suite struct RankingPolicyTests {
    /// A unit of the small set with `points` on 1.1 (of 4) and full marks elsewhere.
    func score(_ id: String, kind: UnitKind = .commune, group: String? = nil, points: Double?) -> UnitScore {
        var record = Fixtures.perfectRecord
        record.leaves["1.1"] = points.map { LeafAssessment(stages: [.appraisal1: .points($0)]) }
        let unit = EvaluatedUnit(id: id, name: id, kind: kind, setID: "small", group: group)
        return Scoring.score(unit, record: record, set: Fixtures.smallSet)
    }

    @Test func placesAreCountedWithinEachKindAndGroupsListedInKindOrder() {
        let scores = [
            score("x1", kind: .commune, points: 4), score("p1", kind: .ward, points: 3),
            score("x2", kind: .commune, points: 2), score("p2", kind: .ward, points: 4),
        ]
        let ranked = Scoring.rank(scores, policy: RankingPolicy(grouping: .kind))
        #expect(ranked.map(\.unit.id) == ["p2", "p1", "x1", "x2"])
        #expect(ranked.map(\.rank) == [1, 2, 1, 2])
        #expect(ranked.map(\.group) == ["ward", "ward", "commune", "commune"])
        #expect(Scoring.rank(scores).map(\.rank) == [1, 1, 3, 4], "one ranking without groups")
    }

    @Test func namedGroupsComeInVietnameseOrderWithUnitsWithoutAGroupLast() {
        let scores = [
            score("a", group: nil, points: 4), score("b", group: "Khối Ă", points: 4),
            score("c", group: "Khối A", points: 1), score("d", group: "Khối B", points: 2),
        ]
        let ranked = Scoring.rank(scores, policy: RankingPolicy(grouping: .group))
        #expect(ranked.map(\.group) == ["Khối A", "Khối Ă", "Khối B", RankingPolicy.noGroup])
        #expect(ranked.map(\.rank) == [1, 1, 1, 1])
    }

    @Test func tiesAtTwoDecimalsShareAPlaceUnlessTheSetRanksOnTheUnroundedIndex() {
        // 1.1 of 4 within 20: 3.0008 → 95.004 %, 3.0006 → 95.003 %: both show 95.00.
        let scores = [score("b", points: 3.0006), score("a", points: 3.0008), score("c", points: 2)]
        let published = Scoring.rank(scores)
        #expect(published.map(\.unit.id) == ["a", "b", "c"], "equal shown index: name order")
        #expect(published.map(\.rank) == [1, 1, 3])
        let exact = Scoring.rank(scores, policy: RankingPolicy(ties: .unrounded))
        #expect(exact.map(\.unit.id) == ["a", "b", "c"])
        #expect(exact.map(\.rank) == [1, 2, 3])
    }

    @Test func missingLeavesAreCountedAndUnderTheSetsRuleTheUnitIsListedApart() {
        let scores = [score("full", points: 2), score("gap", points: nil), score("top", points: 4)]
        #expect(scores.map(\.missingLeaves) == [0, 1, 0])
        let ranked = Scoring.rank(scores)
        #expect(ranked.map(\.unit.id) == ["top", "full", "gap"])
        #expect(ranked.map(\.rank) == [1, 2, 3], "ranked by default, as before")
        let apart = Scoring.rank(scores, policy: RankingPolicy(unrankedIfMissing: true))
        #expect(apart.map(\.unit.id) == ["top", "full", "gap"])
        #expect(apart.map(\.rank) == [1, 2, nil])
        #expect(apart[2].unrankedReason == "1 applicable leaf has nothing recorded")
        #expect(apart[2].indexPct != nil, "its index and band are still shown")
    }

    @Test func theSetFileDeclaresThePolicyAndUnknownWordsAreErrorsWithTheirPosition() throws {
        let text = """
            schema_version: 1
            sets:
              - id: s
                title: S
                year: 2024
                ranking:
                  groups: kind
                  ties: unrounded
                  unranked_if_missing: true
                  bands: [{code: a, min: 0}]
                fields:
                  - {id: "1", title: T, max_points: 1, rule: {kind: manual}}
            """
        let set = try #require(try CriteriaFile.parse(yaml: text, file: "s.yaml").first)
        #expect(set.ranking == RankingPolicy(grouping: .kind, ties: .unrounded, unrankedIfMissing: true))
        let bad = text.replacingOccurrences(of: "groups: kind", with: "groups: khoi")
        #expect(throws: CriteriaFileError.self) { try CriteriaFile.parse(yaml: bad, file: "s.yaml") }
        do {
            _ = try CriteriaFile.parse(yaml: bad, file: "s.yaml")
        } catch let error as CriteriaFileError {
            #expect(
                error.problems.map(\.description).contains(
                    "s.yaml:7:15: 'groups: khoi' in set 's' is not a choice; expected none, kind or group"))
        }
        let misspelt = text.replacingOccurrences(of: "unranked_if_missing", with: "unranked_if_mising")
        do {
            _ = try CriteriaFile.parse(yaml: misspelt, file: "s.yaml")
            Issue.record("a misspelt key under 'ranking' is refused")
        } catch let error as CriteriaFileError {
            #expect(
                error.problems.map(\.description).contains(
                    "s.yaml:9:7: Unknown key 'unranked_if_mising' under 'ranking' of set 's'; did you mean 'unranked_if_missing'?"
                ))
        }
        let capital = text.replacingOccurrences(of: "groups: kind", with: "groups: Kind")
        #expect(try CriteriaFile.parse(yaml: capital, file: "s.yaml").first?.ranking.grouping == .kind)
    }
}

/// Two years side by side: points lost again, newly, or no longer.
@Suite struct YearComparisonTests {
    @Test func leavesAreSortedIntoRecurringNewAndRecoveredAndMovesAreSigned() {
        let set = Fixtures.smallSet
        // 2023: 1.1 at 2 of 4 (lost 2), survey full. 2024: 1.1 at 3 (lost 1), survey 50 (lost 2.5).
        var before = Fixtures.perfectRecord
        before.leaves["1.1"] = LeafAssessment(stages: [.appraisal1: .points(2)])
        before.evidence["dossiers.on_time_rate"] = Evidence(
            key: "dossiers.on_time_rate", value: .percent(90), source: "t")
        var after = Fixtures.perfectRecord
        after.leaves["1.1"] = LeafAssessment(stages: [.appraisal1: .points(3)])
        after.evidence["survey.index"] = Evidence(key: "survey.index", value: .number(50), source: "t")
        let units = [Fixtures.unit("a"), Fixtures.unit("b")]
        let comparison = YearComparison(
            setA: set, dataA: Dataset(year: 2023, units: units, records: ["a": before, "b": Fixtures.perfectRecord]),
            setB: set, dataB: Dataset(year: 2024, units: units, records: ["a": after, "b": Fixtures.perfectRecord]))
        let a = comparison.units.first { $0.unit.id == "a" }!
        #expect(a.recurring.map(\.id) == ["1.1"])
        #expect(a.recurring.first?.lostA == 2 && a.recurring.first?.lostB == 1)
        #expect(a.new.map(\.id) == ["2.2"])
        #expect(a.recovered.map(\.id) == ["1.2"])
        let b = comparison.units.first { $0.unit.id == "b" }!
        #expect(b.recurring.isEmpty && b.new.isEmpty && b.recovered.isEmpty)
        #expect(b.rankMove == 0)
        #expect(comparison.units.map(\.unit.id) == ["b", "a"], "in the later year's ranking order")
    }

    /// The small set's second version: 1.1 (4) split into 1.1 and 1.3 (2 each); 2.1 and 2.2
    /// swapped ids (a renumbering that pairing by id would get wrong).
    static var secondVersion: CriteriaSet {
        var set = Fixtures.smallSet
        set.version = "test-2"
        set.fields = [
            CriterionNode(
                id: "1", title: "Lĩnh vực 1", maxPoints: 10,
                children: [
                    CriterionNode(id: "1.1", title: "Thủ công A", maxPoints: 2, rule: .manual),
                    set.fields[0].children[1],
                    CriterionNode(id: "1.3", title: "Thủ công B", maxPoints: 2, rule: .manual),
                ]),
            CriterionNode(
                id: "2", title: "Lĩnh vực 2", maxPoints: 10,
                children: [
                    CriterionNode(id: "2.1", title: "Khảo sát", maxPoints: 5, rule: .survey(evidence: "survey.index")),
                    CriterionNode(id: "2.2", title: "Có/không", maxPoints: 5, rule: .boolean(evidence: "plan.issued")),
                ]),
        ]
        return set
    }

    static let crosswalk = """
        crosswalks:
          - set: small
            from: test
            to: test-2
            map:
              - {from: "1.1", to: ["1.1", "1.3"], kind: split}
              - {from: "2.1", to: "2.2"}
              - {from: "2.2", to: "2.1"}
        """

    @Test func aCrosswalkPairsRenumberedLeavesAndComparesASplitAsOneItem() throws {
        let walk = try #require(try CriteriaFile.parseDocument(yaml: Self.crosswalk, file: "cw.yaml").crosswalks.first)
        let check = walk.check(old: Fixtures.smallSet, new: Self.secondVersion)
        #expect(check.problems.isEmpty)
        // 2023 (first version): 1.1 at 2 of 4, the survey full, plan not issued (2.1 lost 5).
        var before = Fixtures.perfectRecord
        before.leaves["1.1"] = LeafAssessment(stages: [.appraisal1: .points(2)])
        before.evidence["plan.issued"] = Evidence(key: "plan.issued", value: .bool(false), source: "t")
        // 2024 (second version): 1.1 full (2), 1.3 at 1 of 2; the plan still not issued (now 2.2).
        var after = Fixtures.perfectRecord
        after.leaves["1.1"] = LeafAssessment(stages: [.appraisal1: .points(2)])
        after.leaves["1.3"] = LeafAssessment(stages: [.appraisal1: .points(1)])
        after.evidence["plan.issued"] = Evidence(key: "plan.issued", value: .bool(false), source: "t")
        let units = [Fixtures.unit("a")]
        let comparison = YearComparison(
            setA: Fixtures.smallSet, dataA: Dataset(year: 2023, units: units, records: ["a": before]),
            setB: Self.secondVersion, dataB: Dataset(year: 2024, units: units, records: ["a": after]),
            groups: check.groups)
        let a = try #require(comparison.units.first)
        // The plan criterion recurred under its new id; by id alone it would read as 2.1
        // recovered and 2.2 new.
        #expect(a.recurring.map(\.id) == ["2.2", "1.1+1.3"])
        #expect(a.recurring.first?.previousIDs == ["2.1"])
        #expect(a.recurring.last?.lostA == 2 && a.recurring.last?.lostB == 1)
        #expect(a.recurring.last?.mapping == .split)
        #expect(a.new.isEmpty && a.recovered.isEmpty && a.dropped.isEmpty)
        #expect(comparison.fields.map(\.leavesMapOneToOne) == [false, true])
        #expect(comparison.fields.first?.changes == ["1.1 → 1.1 + 1.3"])
        // Without the crosswalk the swap pairs different criteria.
        let naive = try #require(
            YearComparison(
                setA: Fixtures.smallSet, dataA: Dataset(year: 2023, units: units, records: ["a": before]),
                setB: Self.secondVersion, dataB: Dataset(year: 2024, units: units, records: ["a": after])
            ).units.first)
        #expect(naive.recovered.map(\.id) == ["2.1", "1.1"] && naive.new.map(\.id) == ["2.2", "1.3"])
    }

    @Test func everyCrosswalkMistakeIsReportedWithItsLine() throws {
        let text = """
            crosswalks:
              - set: small
                from: test
                to: test-2
                map:
                  - {from: "1.1", to: ["1.1", "1.3"]}
                  - {from: "2.1", to: "2.2"}
                  - {from: "2.1", to: "2.1"}
                  - {from: "9.9", to: "1.2"}
                  - {from: "1", kind: dropped}
                  - {from: "1.3", to: "1.3"}
                  - {from: ["1.2", "2.2"], to: ["1.2", "2.1"]}
            """
        let walk = try #require(try CriteriaFile.parseDocument(yaml: text, file: "cw.yaml").crosswalks.first)
        let problems = walk.check(old: Fixtures.smallSet, new: Self.secondVersion).problems.map(\.description)
        #expect(
            problems == [
                "cw.yaml:6:9: '1.1' maps to 2 leaves: add kind: split",
                "cw.yaml:8:9: Leaf '2.1' of version 'test' is mapped twice (first on line 7); a leaf that becomes several is one entry with kind: split",
                "cw.yaml:9:9: '9.9' is not a criterion of set 'small' in version 'test' or version 'test-2'",
                "cw.yaml:10:9: '1' is not a leaf of version 'test' of set 'small': map its leaves one by one",
                "cw.yaml:11:9: '1.3' is not a criterion of version 'test' of set 'small' (it is in version 'test-2': a new leaf is {to: '1.3', kind: new})",
                "cw.yaml:12:9: An entry maps several leaves to several: write one entry per split or merger",
            ])
        // A repeated entry is said to be one, once; a misspelt top-level key is named.
        let repeated = """
            crosswalks:
              - set: small
                from: test
                to: test-2
                map:
                  - {from: "2.1", to: "2.2"}
                  - {from: "2.1", to: "2.2"}
                  - {from: "1.2", kind: dropped}
                  - {from: "1.2", kind: dropped}
            """
        let again = try #require(try CriteriaFile.parseDocument(yaml: repeated, file: "r.yaml").crosswalks.first)
        #expect(
            again.check(old: Fixtures.smallSet, new: Self.secondVersion).problems.map(\.description) == [
                "r.yaml:7:9: Leaf '2.1' of version 'test' is mapped twice (first on line 6); remove the repeated entry",
                "r.yaml:9:9: Leaf '1.2' of version 'test' is mapped twice (first on line 8); remove the repeated entry",
            ])
        do {
            _ = try CriteriaFile.parseDocument(yaml: "crosswalk:\n  - set: small\n", file: "k.yaml")
            Issue.record("a misspelt top-level key is refused")
        } catch let error as CriteriaFileError {
            #expect(
                error.problems.map(\.description) == [
                    "k.yaml:2:3: Unknown key 'crosswalk' at the top of the file; did you mean 'crosswalks'?"
                ])
        }
        // Kinds and keys are read with the file.
        let unknown = text.replacingOccurrences(of: "kind: dropped}", with: "kind: gone, why: x}")
        #expect(throws: CriteriaFileError.self) { try CriteriaFile.parseDocument(yaml: unknown, file: "cw.yaml") }
    }
}

/// The ranking kept in the workspace reads back as it was computed.
@Suite struct StoredRankingTests {
    @Test func aRankingReadsBackWithItsBandsGatesGroupsAndFields() throws {
        let set = Fixtures.smallSet
        var strong = Fixtures.perfectRecord
        strong.bonus = 1
        strong.penalty = 0.5
        var gated = Fixtures.perfectRecord
        gated.evidence["discipline.violation_count"] = Evidence(
            key: "discipline.violation_count", value: .number(1), source: "t")
        var weak = Fixtures.perfectRecord
        weak.leaves["1.1"] = LeafAssessment(stages: [.appraisal1: .notApplicable])
        weak.evidence["survey.index"] = Evidence(key: "survey.index", value: .number(20), source: "t")
        let units = [
            Fixtures.unit("a", name: "Ấp A"), Fixtures.unit("b"), Fixtures.unit("c"),
            EvaluatedUnit(id: "d", name: "D", kind: .ward, setID: "small", group: "Khối phường"),
        ]
        let records = ["a": strong, "b": gated, "c": weak]
        let plan = ScoringPlan(set)
        let ranking = Scoring.rank(
            units.map { Scoring.score($0, record: records[$0.id] ?? UnitRecord(), plan: plan, keepingLeaves: false) },
            policy: set.ranking)
        let decoded = try #require(
            StoredRanking.decode(
                StoredRanking.encode(ranking, set: set), set: set,
                units: Dictionary(uniqueKeysWithValues: units.map { ($0.id, $0) })))
        var expected = ranking
        for index in expected.indices {
            // Fields are kept; deeper nodes come with a unit's scorecard.
            expected[index].nodes = expected[index].nodes.filter { id, _ in set.fields.contains { $0.id == id } }
        }
        #expect(decoded == expected)
        #expect(decoded.contains { !$0.gatesApplied.isEmpty }, "a gate applied is kept")
        #expect(decoded.contains { $0.unrankedReason != nil }, "a unit with nothing recorded keeps its reason")
        // A unit gone, or a payload of another format, is not read.
        #expect(
            StoredRanking.decode(
                StoredRanking.encode(ranking, set: set), set: set,
                units: Dictionary(uniqueKeysWithValues: units.dropFirst().map { ($0.id, $0) })) == nil)
        #expect(StoredRanking.decode(Data([9, 9]), set: set, units: [:]) == nil)
    }
}
