/// The sets and data a scenario sees: the baseline with every layer's overrides applied in order.
public struct ScenarioWorld: Sendable {
    /// Criteria sets by id, with amendments.
    public var sets: [String: CriteriaSet]
    /// The year's data, with overrides and exclusions.
    public var dataset: Dataset

    /// A world over the given sets and data.
    public init(sets: [String: CriteriaSet], dataset: Dataset) {
        self.sets = sets
        self.dataset = dataset
    }

    /// Applies `override` (made in scenario `scenario`).
    /// - Throws: ``ScenarioError`` when it does not fit the data (unknown unit or criterion, points
    ///   above the maximum, an amendment of a non-leaf, …).
    public mutating func apply(_ override: Override, scenario: String) throws {
        switch override {
        case .points(let unitID, let criterion, let value):
            let (unit, set) = try unitAndSet(unitID)
            let leaf = try self.leaf(criterion, in: set)
            if case .points(let points) = value, points > leaf.maxPoints + Scoring.tolerance {
                throw ScenarioError.pointsAboveMaximum(points: points, maximum: leaf.maxPoints, leaf: leaf.id)
            }
            dataset.records[unit.id, default: UnitRecord()].leaves[leaf.id, default: LeafAssessment()].scenarioValue =
                value
        case .evidence(let unitID, let key, let value):
            let (unit, set) = try unitAndSet(unitID)
            dataset.records[unit.id, default: UnitRecord()].evidence[key] = Evidence(
                key: key, value: value, source: "scenario \(scenario)")
            for leaf in set.leaves where leaf.rule?.evidenceKey == key { rescore(leaf, unit: unit.id) }
        case .exclude(let unitID):
            let (unit, _) = try unitAndSet(unitID)
            dataset.units.removeAll { $0.id == unit.id }
        case .amendMax(let qualified, let max):
            let (setID, id) = try locate(qualified)
            guard var set = sets[setID] else { return }
            let old = try leaf(id, in: set)
            let scale = old.maxPoints > 0 ? max / old.maxPoints : 0
            set.amendLeaf(id) { node in
                node.maxPoints = max
                if case .ratio(var ratio) = node.rule {
                    ratio.thresholds = ratio.thresholds.map { .init(min: $0.min, points: $0.points * scale) }
                    ratio.otherwise *= scale
                    if case .points(let points) = ratio.ifNoCases { ratio.ifNoCases = .points(points * scale) }
                    node.rule = .ratio(ratio)
                } else if case .deduction(let key, let per, let floor) = node.rule {
                    node.rule = .deduction(evidence: key, perCount: per * scale, floor: floor * scale)
                }
            }
            sets[setID] = set
            rescoreEverywhere(id, set: set, scale: scale)
        case .amendThresholds(let qualified, let thresholds):
            let (setID, id) = try locate(qualified)
            guard var set = sets[setID] else { return }
            let node = try leaf(id, in: set)
            guard case .ratio(var ratio) = node.rule else {
                throw ScenarioError.notARatioRule(leaf: id, kind: node.rule?.kind ?? "manual")
            }
            if let high = thresholds.first(where: { $0.points > node.maxPoints + Scoring.tolerance }) {
                throw ScenarioError.thresholdAboveMaximum(points: high.points, maximum: node.maxPoints, leaf: id)
            }
            ratio.thresholds = thresholds
            set.amendLeaf(id) { $0.rule = .ratio(ratio) }
            sets[setID] = set
            rescoreEverywhere(id, set: set, scale: 1)
        case .amendRule(let qualified, let rule):
            let (setID, id) = try locate(qualified)
            guard var set = sets[setID] else { return }
            let node = try leaf(id, in: set)
            if case .ratio(let ratio) = rule, let high = ratio.thresholds.first(where: { $0.points > node.maxPoints }) {
                throw ScenarioError.thresholdAboveMaximum(points: high.points, maximum: node.maxPoints, leaf: id)
            }
            set.amendLeaf(id) { $0.rule = rule }
            sets[setID] = set
            rescoreEverywhere(id, set: set, scale: 1)
        }
    }

    /// `commune:3.2.4` → (commune, 3.2.4).
    private func locate(_ qualified: String) throws -> (String, String) {
        let parts = qualified.split(separator: ":", maxSplits: 1).map(String.init)
        guard parts.count == 2, sets[parts[0]] != nil else {
            throw ScenarioError.unqualifiedCriterion(qualified)
        }
        return (parts[0], parts[1])
    }

    private func unitAndSet(_ id: String) throws -> (EvaluatedUnit, CriteriaSet) {
        guard let unit = dataset.units.first(where: { $0.id == id }) else {
            throw ScenarioError.unknownUnit(id)
        }
        guard let set = sets[unit.setID] else { throw ScenarioError.unknownSet(unit.setID) }
        return (unit, set)
    }

    private func leaf(_ id: String, in set: CriteriaSet) throws -> CriterionNode {
        guard let node = set.node(id) else {
            let hint = Suggestions.hint(for: id, in: set.leaves.map(\.id))
            throw ScenarioError.unknownCriterion(id, set: set.id, hint: hint)
        }
        guard node.isLeaf else {
            throw ScenarioError.notALeaf(id, components: node.leaves.prefix(3).map(\.id))
        }
        return node
    }

    /// Re-derives a unit's points on a leaf from its evidence under the leaf's (amended) rule.
    private mutating func rescore(_ leaf: CriterionNode, unit: String) {
        guard let key = leaf.rule?.evidenceKey, let evidence = dataset.records[unit]?.evidence[key] else { return }
        let value: StageValue
        switch RuleEvaluator.evaluate(
            leaf.rule ?? .manual, maxPoints: leaf.maxPoints, evidence: evidence.value, explain: false)
        {
        case .points(let points, _): value = .points(points)
        case .notApplicable: value = .notApplicable
        case .noData: return
        }
        dataset.records[unit, default: UnitRecord()].leaves[leaf.id, default: LeafAssessment()].scenarioValue = value
    }

    /// After an amendment: every unit of the set is re-scored on the leaf from its evidence, or
    /// its recorded points are scaled to the new maximum when it has no evidence for the leaf.
    private mutating func rescoreEverywhere(_ id: String, set: CriteriaSet, scale: Double) {
        guard let node = set.node(id) else { return }
        for unit in dataset.units where unit.setID == set.id {
            let record = dataset.records[unit.id] ?? UnitRecord()
            if let key = node.rule?.evidenceKey, record.evidence[key] != nil {
                rescore(node, unit: unit.id)
            } else if scale != 1, let assessment = record.leaves[id] {
                let current = assessment.scenarioValue ?? assessment.latest?.value
                if case .points(let points) = current {
                    dataset.records[unit.id]?.leaves[id]?.scenarioValue = .points(points * scale)
                }
            }
        }
    }
}

extension CriteriaSet {
    /// Changes the leaf `id` and makes every parent's maximum the sum of its children again.
    mutating func amendLeaf(_ id: String, _ change: (inout CriterionNode) -> Void) {
        func visit(_ node: inout CriterionNode) {
            if node.id == id {
                change(&node)
                return
            }
            guard !node.children.isEmpty else { return }
            for index in node.children.indices { visit(&node.children[index]) }
            node.maxPoints = node.children.reduce(0) { $0 + $1.maxPoints }
        }
        for index in fields.indices { visit(&fields[index]) }
    }
}
