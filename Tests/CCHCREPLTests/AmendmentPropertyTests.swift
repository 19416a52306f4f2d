import CCHCCore
import CCHCTesting
import Testing

/// What-if identities over the sample year: a scenario that changes nothing equals its parent.
@Suite struct AmendmentPropertyTests {
    /// Every unit's total, index, band and rank in a set, as text to compare exactly.
    func snapshot(_ evaluation: Evaluation, _ setID: String, _ scenario: String) throws -> [String] {
        try evaluation.ranking(setID: setID, scenario: scenario).map {
            "\($0.unit.id) \($0.total) \($0.indexPct ?? -1) \($0.band?.code ?? "-") \($0.rank ?? -1)"
        }
    }

    @Test(arguments: ["commune", "department"])
    func aNoOpAmendmentOfAnyLeafMovesNobody(setID: String) throws {
        let evaluation = try makeSampleEngine().context.evaluation
        let baseline = try snapshot(evaluation, setID, Scenario.baseline)
        try evaluation.createScenario("empty", from: Scenario.baseline)
        #expect(try snapshot(evaluation, setID, "empty") == baseline, "a scenario with no overrides")
        for leaf in try evaluation.criteriaSet(setID).leaves {
            let name = "noop-\(leaf.id)"
            try evaluation.createScenario(
                name, from: Scenario.baseline,
                overrides: [.amendMax(criterion: "\(setID):\(leaf.id)", max: leaf.maxPoints)])
            #expect(try snapshot(evaluation, setID, name) == baseline, "amend \(leaf.id) max \(leaf.maxPoints)")
        }
    }

    @Test func randomScenariosKeepTheIdentities() throws {
        let evaluation = try makeSampleEngine().context.evaluation
        var random = SplitMix64Generator(seed: 2026)
        let setID = "commune"
        let set = try evaluation.criteriaSet(setID)
        let units = try evaluation.units().filter { $0.setID == setID }.map(\.id)
        let keys = Array(Set(set.leaves.compactMap { $0.rule?.evidenceKey })).sorted()
        let baseline = try snapshot(evaluation, setID, Scenario.baseline)
        for round in 0..<25 {
            var overrides: [Override] = []
            for _ in 0..<Int.random(in: 1...5, using: &random) {
                let leaf = set.leaves.randomElement(using: &random)!
                let unit = units.randomElement(using: &random)!
                switch Int.random(in: 0..<3, using: &random) {
                case 0:
                    let points = (Double.random(in: 0...leaf.maxPoints, using: &random) * 4).rounded(.down) / 4
                    overrides.append(.points(unit: unit, criterion: leaf.id, value: .points(points)))
                case 1:
                    let key = keys.randomElement(using: &random)!
                    overrides.append(
                        .evidence(
                            unit: unit, key: key, value: .percent(Double(Int.random(in: 0...100, using: &random)))))
                default:
                    let max = leaf.maxPoints * [0.5, 1.5, 2].randomElement(using: &random)!
                    overrides.append(.amendMax(criterion: "\(setID):\(leaf.id)", max: max))
                }
            }
            // Later overrides of the same target replace earlier ones, as 'set' and 'amend' do.
            var unique: [Override] = []
            for override in overrides {
                unique.removeAll { $0.target == override.target }
                unique.append(override)
            }
            let name = "r\(round)"
            try evaluation.createScenario(name, from: Scenario.baseline, overrides: unique)
            let scenario = try snapshot(evaluation, setID, name)
            // A child with a no-op amendment of any leaf equals its parent.
            let leaf = set.leaves.randomElement(using: &random)!
            let current = try evaluation.world(name).sets[setID]!.node(leaf.id)!.maxPoints
            try evaluation.createScenario(
                "\(name)-noop", from: name, overrides: [.amendMax(criterion: "\(setID):\(leaf.id)", max: current)])
            #expect(try snapshot(evaluation, setID, "\(name)-noop") == scenario, "\(unique.map(\.text)) + noop")
            // Taking every override back gives the baseline exactly.
            for override in unique {
                try evaluation.removeOverride(override, from: try evaluation.scenario(name))
            }
            #expect(try snapshot(evaluation, setID, name) == baseline, "\(unique.map(\.text)) taken back")
        }
    }
}
