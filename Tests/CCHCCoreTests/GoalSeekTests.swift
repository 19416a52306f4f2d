import CCHCCore
import CCHCTesting
import Testing

@Suite struct GoalSeekTests {
    /// Unit "a" on the small set: 1.1 manual 1 of 4, 1.2 ratio at 85 % (0 of 6), 2.1 no (0 of 5),
    /// 2.2 survey 40 (2 of 5): 3 of 20 points. Unit "b" has 12 of 20.
    func world(bands: BandScheme) -> ScenarioWorld {
        var set = Fixtures.smallSet
        set.bands = bands
        let a = UnitRecord(
            leaves: ["1.1": LeafAssessment(stages: [.appraisal1: .points(1)])],
            evidence: [
                "dossiers.on_time_rate": Evidence(key: "dossiers.on_time_rate", value: .percent(85), source: "t"),
                "plan.issued": Evidence(key: "plan.issued", value: .bool(false), source: "t"),
                "survey.index": Evidence(key: "survey.index", value: .number(40), source: "t"),
            ])
        var b = Fixtures.perfectRecord
        b.leaves["1.1"] = LeafAssessment(stages: [.appraisal1: .points(2)])
        b.evidence["dossiers.on_time_rate"] = Evidence(key: "dossiers.on_time_rate", value: .percent(91), source: "t")
        b.evidence["survey.index"] = Evidence(key: "survey.index", value: .number(40), source: "t")
        return ScenarioWorld(
            sets: ["small": set],
            dataset: Dataset(year: 2024, units: [Fixtures.unit("a"), Fixtures.unit("b")], records: ["a": a, "b": b]))
    }

    func seek(_ world: ScenarioWorld) throws -> GoalSeek {
        let others = world.dataset.units.map {
            Scoring.score($0, record: world.dataset.record(for: $0.id), set: world.sets["small"]!)
        }
        return try GoalSeek(world: world, unit: Fixtures.unit("a"), others: Scoring.rank(others))
    }

    /// Every combination of at most one improvement per leaf, scored for real: the fewest leaves,
    /// then the least cost, that meet `accept`.
    func bruteForce(_ world: ScenarioWorld, _ accept: (UnitScore) -> Bool) throws -> (count: Int, cost: Double)? {
        let seek = try seek(world)
        let base = Scoring.score(Fixtures.unit("a"), record: world.dataset.record(for: "a"), set: world.sets["small"]!)
        let options = seek.improvements(for: base)
        var best: (count: Int, cost: Double)?
        func visit(_ index: Int, _ picked: [Improvement]) {
            if index == options.count {
                var trial = world
                for step in picked { try? trial.apply(step.override, scenario: "brute") }
                let score = Scoring.score(
                    Fixtures.unit("a"), record: trial.dataset.record(for: "a"), set: trial.sets["small"]!)
                guard accept(score) else { return }
                let candidate = (picked.count, picked.reduce(0) { $0 + $1.cost })
                if best.map({ candidate.0 < $0.count || (candidate.0 == $0.count && candidate.1 < $0.cost - 1e-9) })
                    ?? true
                {
                    best = candidate
                }
                return
            }
            visit(index + 1, picked)
            for option in options[index] { visit(index + 1, picked + [option]) }
        }
        visit(0, [])
        return best
    }

    @Test(arguments: ["tot", "kha", "trung_binh"])
    func aBandIsReachedWithTheFewestAndSmallestSteps(band: String) throws {
        let world = world(bands: BandScheme(bands: Fixtures.bands.bands))
        let result = try seek(world).run(.band(band))
        let wanted = Fixtures.bands.band(band)!.minIndex
        let expected = try #require(try bruteForce(world) { ($0.indexPct ?? 0) + 1e-9 >= wanted })
        #expect(result.reached)
        #expect(result.steps.count == expected.count)
        // No more than the brute force's cheapest: a survey step may ask for less than its grid.
        #expect(result.steps.reduce(0) { $0 + $1.cost } <= expected.cost + 1e-9)
        #expect(Fixtures.bands.band(forIndex: Format.round(result.after.indexPct ?? 0))!.minIndex >= wanted)
        // A survey step asks for the least index that does it: a tenth less misses the band.
        for (index, step) in result.steps.enumerated() {
            guard case .evidence(let unit, let key, .number(let value)) = step.override, key == "survey.index" else {
                continue
            }
            var trial = world
            for (other, change) in result.steps.enumerated() {
                try trial.apply(
                    other == index ? .evidence(unit: unit, key: key, value: .number(value - 0.1)) : change.override,
                    scenario: "t")
            }
            let lower = Scoring.score(
                Fixtures.unit("a"), record: trial.dataset.record(for: "a"), set: trial.sets["small"]!)
            #expect(Fixtures.bands.band(forIndex: Format.round(lower.indexPct ?? 0))!.minIndex < wanted, "\(step.text)")
        }
    }

    @Test func aRankIsReachedAgainstTheOthersAsTheyAre() throws {
        let world = world(bands: BandScheme(bands: Fixtures.bands.bands))
        let result = try seek(world).run(.rank(1))
        let expected = try #require(try bruteForce(world) { ($0.indexPct ?? 0) + 1e-9 >= 60 })
        #expect(result.rankAfter == 1)
        #expect(result.steps.count == expected.count)
    }

    @Test func gatesAreHonouredAndFactsNoCriterionReadsCannotBeUndone() throws {
        var bands = Fixtures.bands
        bands.gates = [
            Gate(id: "weak", text: "weak field", appliesTo: "xuat_sac", demoteTo: "tot", condition: .anyFieldBelow(70))
        ]
        let world = world(bands: bands)
        let result = try seek(world).run(.band("xuat_sac"))
        let expected = try #require(try bruteForce(world) { $0.band?.code == "xuat_sac" })
        #expect(result.reached)
        #expect(result.after.band?.code == "xuat_sac")
        #expect(result.steps.count == expected.count)

        bands.gates = [
            Gate(
                id: "complaints", text: "complaints", appliesTo: "xuat_sac", demoteTo: "tot",
                condition: .evidenceGreaterThan(key: "complaints.count", value: 0))
        ]
        var blocked = self.world(bands: bands)
        blocked.dataset.records["a"]?.evidence["complaints.count"] = Evidence(
            key: "complaints.count", value: .number(1), source: "t")
        let unreachable = try seek(blocked).run(.band("xuat_sac"))
        #expect(!unreachable.reached)
        #expect(unreachable.after.gatesApplied.map(\.id) == ["complaints"])
    }

    @Test func aUnitAlreadyThereNeedsNothing() throws {
        let result = try seek(world(bands: BandScheme(bands: Fixtures.bands.bands))).run(.band("yeu"))
        #expect(result.alreadyThere)
        #expect(result.steps.isEmpty)
    }
}
