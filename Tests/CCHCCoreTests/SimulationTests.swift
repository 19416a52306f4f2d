import CCHCCore
import CCHCTesting
import Foundation
import Testing

@Suite struct SimulationTests {
    let plan = ScoringPlan(Fixtures.smallSet)

    var inputs: (units: [EvaluatedUnit], records: [String: UnitRecord]) {
        var records: [String: UnitRecord] = [:]
        var units: [EvaluatedUnit] = []
        for (index, points) in [4.0, 3.5, 3.0, 1.0].enumerated() {
            let id = "u\(index)"
            units.append(Fixtures.unit(id))
            var record = Fixtures.perfectRecord
            record.leaves["1.1"] = LeafAssessment(stages: [.appraisal1: .points(points)])
            records[id] = record
        }
        return (units, records)
    }

    @Test func theSameSeedGivesTheSameResult() throws {
        let (units, records) = inputs
        let a = try Simulation(runs: 300, seed: 42, spread: 0.2).run(units: units, records: records, plan: plan)
        let b = try Simulation(runs: 300, seed: 42, spread: 0.2).run(units: units, records: records, plan: plan)
        #expect(a.map(\.median) == b.map(\.median))
        #expect(a.map(\.low) == b.map(\.low))
        #expect(a.map(\.high) == b.map(\.high))
        #expect(a.map(\.bandShares) == b.map(\.bandShares))
    }

    @Test func noSpreadKeepsTheRankingAndSpreadWidensIt() throws {
        let (units, records) = inputs
        let fixed = try Simulation(runs: 50, seed: 1, spread: 0).run(units: units, records: records, plan: plan)
        #expect(fixed.map(\.median) == [1, 2, 3, 4])
        #expect(fixed.allSatisfy { $0.low == $0.high })
        let wide = try Simulation(runs: 400, seed: 1, spread: 0.5).run(units: units, records: records, plan: plan)
        #expect(wide.contains { $0.low != $0.high })
        for outcome in wide { #expect(abs(outcome.bandShares.values.reduce(0, +) - 1) < 1e-9) }
    }

    /// A unit with nothing recorded is ranked in no run: no median and no interval, not rank 0.
    @Test func aUnitWithNothingRecordedHasNoRanks() throws {
        var (units, records) = inputs
        units.append(Fixtures.unit("empty"))
        records["empty"] = nil
        let outcomes = try Simulation(runs: 50, seed: 3, spread: 0.2).run(units: units, records: records, plan: plan)
        let empty = try #require(outcomes.first { $0.unit.id == "empty" })
        #expect(empty.baseRank == nil && empty.median == nil && empty.low == nil && empty.high == nil)
        #expect(empty.bandShares.isEmpty)
        #expect(outcomes.filter { $0.unit.id != "empty" }.allSatisfy { $0.median != nil })
    }

    @Test func anInterruptionStopsTheRunsWithACancellation() throws {
        let (units, records) = inputs
        let checks = InterruptionChecks()
        #expect(throws: CancellationError.self) {
            try Simulation(runs: 10_000, seed: 1, spread: 0.1).run(
                units: units, records: records, plan: plan, interrupted: { checks.next() > 5 })
        }
    }
}
