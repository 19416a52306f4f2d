/// The sets and data a scenario sees: the baseline with every layer's overrides applied in order.
public struct ScenarioWorld: Sendable {
    /// Criteria sets by id, with amendments.
    public var sets: [String: CriteriaSet]
    /// The year's data, with overrides and exclusions.
    public var dataset: Dataset
    /// The units left out, each with the scenario that excluded it.
    public var excluded: [String: String] = [:]

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
        case .points(let unitID, let criterion, let value) where criterion == "bonus" || criterion == "penalty":
            // The adjustments as a what-if: a bonus earned, a penalty incurred (within the caps).
            let (unit, set) = try unitAndSet(unitID)
            let points: Double = if case .points(let p) = value { p } else { 0 }
            let cap = criterion == "bonus" ? set.adjustments.bonusCap : set.adjustments.penaltyCap
            if points > cap + Scoring.tolerance {
                throw ScenarioError.pointsAboveMaximum(points: points, maximum: cap, leaf: criterion)
            }
            if criterion == "bonus" {
                dataset.records[unit.id, default: UnitRecord()].bonus = points
            } else {
                dataset.records[unit.id, default: UnitRecord()].penalty = points
            }
        case .points(let unitID, let criterion, let value):
            let (unit, set) = try unitAndSet(unitID)
            let leaf = try self.leaf(criterion, in: set)
            if case .points(let points) = value, points > leaf.maxPoints + Scoring.tolerance {
                throw ScenarioError.pointsAboveMaximum(points: points, maximum: leaf.maxPoints, leaf: leaf.id)
            }
            var assessment = dataset.records[unit.id, default: UnitRecord()].leaves[leaf.id] ?? LeafAssessment()
            assessment.scenarioValue = value
            assessment.scenarioNote = nil
            assessment.scenarioFollowsRule = false
            // Points typed win: nothing an earlier evidence value measured from is kept.
            assessment.scenarioDecision = nil
            assessment.scenarioEvidenceBefore = nil
            dataset.records[unit.id, default: UnitRecord()].leaves[leaf.id] = assessment
        case .evidence(let unitID, let key, let value):
            let (unit, set) = try unitAndSet(unitID)
            let read = set.evidenceKeys
            guard read.contains(key) else {
                throw ScenarioError.unreadEvidenceKey(
                    key, set: set.id, hint: Suggestions.hint(for: key, in: read.sorted(), style: .clause))
            }
            let before = dataset.records[unit.id]?.evidence[key]?.value
            dataset.records[unit.id, default: UnitRecord()].evidence[key] = Evidence(
                key: key, value: value, source: "scenario \(scenario)")
            for leaf in set.leaves where leaf.rule?.evidenceKey == key {
                follow(leaf, unit: unit.id, evidenceBefore: before)
            }
        case .exclude(let unitID):
            let (unit, _) = try unitAndSet(unitID)
            dataset.units.removeAll { $0.id == unit.id }
            excluded[unit.id] = scenario
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
            rescoreEverywhere(id, set: set, scale: scale, oldMax: old.maxPoints)
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
            rescoreEverywhere(id, set: set, scale: 1, oldMax: node.maxPoints)
        case .amendRule(let qualified, let rule):
            let (setID, id) = try locate(qualified)
            guard var set = sets[setID] else { return }
            let node = try leaf(id, in: set)
            if case .ratio(let ratio) = rule, let high = ratio.thresholds.first(where: { $0.points > node.maxPoints }) {
                throw ScenarioError.thresholdAboveMaximum(points: high.points, maximum: node.maxPoints, leaf: id)
            }
            set.amendLeaf(id) { $0.rule = rule }
            sets[setID] = set
            rescoreEverywhere(id, set: set, scale: 1, oldMax: node.maxPoints)
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
            if let scenario = excluded[id] { throw ScenarioError.excludedUnit(id, scenario: scenario) }
            throw ScenarioError.unknownUnit(id)
        }
        guard let set = sets[unit.setID] else { throw ScenarioError.unknownSet(unit.setID) }
        return (unit, set)
    }

    private func leaf(_ id: String, in set: CriteriaSet) throws -> CriterionNode {
        guard let node = set.node(id) else {
            let hint = set.suggestion(for: id, among: set.leaves.map(\.id)).map { Suggestions.didYouMean($0) } ?? ""
            throw ScenarioError.unknownCriterion(id, set: set.id, hint: hint)
        }
        guard node.isLeaf else {
            throw ScenarioError.notALeaf(id, components: node.leaves.prefix(3).map(\.id))
        }
        return node
    }

    /// What a leaf's points become when a scenario sets the evidence its rule reads.
    public enum EvidenceEffect: Equatable, Sendable {
        /// The decision on the leaf stands: the rule's outcome did not change, the decision
        /// already gives what the change would, or it is not applicable. `decision` and
        /// `evidenceBefore` are what it was measured from, when there was a measure (kept so an
        /// amendment of the rule, or another value, measures from the same place).
        case unchanged(decision: Double?, evidenceBefore: EvidenceValue?)
        /// The leaf's points become `value`; `decision` and `evidenceBefore` are what they were
        /// measured from (kept so an amendment of the rule can measure again).
        case follows(value: StageValue, decision: Double?, evidenceBefore: EvidenceValue?)
    }

    /// A unit's points on `leaf` when the scenario sets the evidence its rule reads from `before`
    /// to `after`. A what-if on evidence changes the effect of that value and nothing else: the
    /// points move towards the rule's outcome at the new value, never against the change.
    ///
    /// - Points from the rule (no stage recorded, or no evidence before) follow it to the new
    ///   value.
    /// - A decision (a recorded stage, or points the scenario set) stands when the rule gives the
    ///   same for both values (setting the value a unit has changes nothing); when the new value
    ///   raises the rule's outcome, the points are the better of the decision and that outcome,
    ///   and when it lowers it, the lesser. Appraisal2's 1.00 on 3.2.4 where the rule gave 0 for
    ///   0/2 stays 1.00 at 1/2 (still 0) and becomes 2.00 at 2/2 (the rule's 2); a better value
    ///   never lowers the points, a worse one never raises them.
    /// - A decision of not applicable stands.
    ///
    /// `GoalSeek` prices its evidence steps with this, so a plan gains what its scenario shows.
    ///
    /// - Returns: `nil` when the rule has no outcome for `after`.
    public static func effect(
        onLeaf leaf: CriterionNode, assessment: LeafAssessment?, evidenceBefore before: EvidenceValue?,
        after: EvidenceValue
    ) -> EvidenceEffect? {
        let assessment = assessment ?? LeafAssessment()
        if assessment.scenarioFollowsRule {
            // Measured from the decision the first evidence change replaced, as that change was.
            return measure(
                leaf, decision: assessment.scenarioDecision, before: assessment.scenarioEvidenceBefore, after: after)
        }
        if let decision = assessment.scenarioDecision, let first = assessment.scenarioEvidenceBefore {
            // An earlier value left the decision standing: measured from the same place, so the
            // order of changes (a value, then an amendment) does not matter.
            return standing(measure(leaf, decision: decision, before: first, after: after), decision: decision)
        }
        let decided = assessment.scenarioValue ?? assessment.latest?.value
        guard let decided else { return measure(leaf, decision: nil, before: nil, after: after) }
        guard case .points(let points) = decided else { return .unchanged(decision: nil, evidenceBefore: nil) }
        return standing(measure(leaf, decision: points, before: before, after: after), decision: points)
    }

    /// `effect`, as ``EvidenceEffect/unchanged(decision:evidenceBefore:)`` when it gives the
    /// decision's own points.
    private static func standing(_ effect: EvidenceEffect?, decision: Double) -> EvidenceEffect? {
        if case .follows(.points(let value), _, let before)? = effect, abs(value - decision) <= Scoring.tolerance {
            return .unchanged(decision: decision, evidenceBefore: before)
        }
        return effect
    }

    /// The points towards the rule's outcome at `after` from `decision`, never against the change
    /// from `before` (see ``effect(onLeaf:assessment:evidenceBefore:after:)``).
    private static func measure(
        _ leaf: CriterionNode, decision: Double?, before: EvidenceValue?, after: EvidenceValue
    ) -> EvidenceEffect? {
        guard let outcome = outcome(leaf, evidence: after) else { return nil }
        guard let decision, let before, case .points(let ruleBefore) = Self.outcome(leaf, evidence: before),
            case .points(let ruleAfter) = outcome
        else { return .follows(value: outcome, decision: decision, evidenceBefore: before) }
        let value =
            ruleAfter > ruleBefore + Scoring.tolerance
            ? max(decision, ruleAfter)
            : ruleAfter < ruleBefore - Scoring.tolerance ? min(decision, ruleAfter) : decision
        return .follows(value: .points(value), decision: decision, evidenceBefore: before)
    }

    /// Applies ``effect(onLeaf:assessment:evidenceBefore:after:)`` to a unit's leaf.
    private mutating func follow(_ leaf: CriterionNode, unit: String, evidenceBefore: EvidenceValue?) {
        guard let key = leaf.rule?.evidenceKey, let after = dataset.records[unit]?.evidence[key]?.value,
            let effect = Self.effect(
                onLeaf: leaf, assessment: dataset.records[unit]?.leaves[leaf.id], evidenceBefore: evidenceBefore,
                after: after)
        else { return }
        var assessment = dataset.records[unit, default: UnitRecord()].leaves[leaf.id] ?? LeafAssessment()
        switch effect {
        case .follows(let value, let decision, let before):
            assessment.scenarioValue = value
            assessment.scenarioNote = nil
            assessment.scenarioFollowsRule = true
            assessment.scenarioDecision = decision
            assessment.scenarioEvidenceBefore = before
        case .unchanged(let decision, let before):
            // The decision stands (no scenario value); what it was measured from is kept.
            guard let decision, let before else { return }
            if assessment.scenarioFollowsRule {
                assessment.scenarioValue = nil
                assessment.scenarioFollowsRule = false
            }
            assessment.scenarioDecision = decision
            assessment.scenarioEvidenceBefore = before
        }
        dataset.records[unit, default: UnitRecord()].leaves[leaf.id] = assessment
    }

    /// The leaf's rule outcome for `evidence`; `nil` when the rule has none (no data).
    private static func outcome(_ leaf: CriterionNode, evidence: EvidenceValue) -> StageValue? {
        switch RuleEvaluator.evaluate(
            leaf.rule ?? .manual, maxPoints: leaf.maxPoints, evidence: evidence, explain: false)
        {
        case .points(let points, _): .points(points)
        case .notApplicable: .notApplicable
        case .noData: nil
        }
    }

    /// After an amendment, each unit of the set keeps what decided its points on the leaf:
    ///
    /// - a decision (a recorded stage, or points the scenario set) is kept, scaled in proportion
    ///   when the maximum changed (1 of 2 → 1.5 of 3), with a note saying so;
    /// - a rule outcome (no stage recorded) follows the amended rule: the scorer evaluates it
    ///   again, and thresholds and deductions were scaled with a new maximum;
    /// - an outcome of evidence the scenario set is evaluated again under the amended rule, a
    ///   decision it replaced scaled with a new maximum.
    ///
    /// So an amendment that changes nothing moves nobody.
    private mutating func rescoreEverywhere(_ id: String, set: CriteriaSet, scale: Double, oldMax: Double) {
        guard let node = set.node(id) else { return }
        for unit in dataset.units where unit.setID == set.id {
            guard let assessment = dataset.records[unit.id]?.leaves[id] else { continue }
            if assessment.scenarioFollowsRule || assessment.scenarioEvidenceBefore != nil {
                // Evidence the scenario set: measured again under the amended rule, from the
                // decision scaled with the maximum; a decision still standing is scaled below.
                dataset.records[unit.id]?.leaves[id]?.scenarioDecision = assessment.scenarioDecision.map { $0 * scale }
                follow(node, unit: unit.id, evidenceBefore: nil)
                if dataset.records[unit.id]?.leaves[id]?.scenarioFollowsRule == true { continue }
            }
            guard scale != 1 else { continue }
            let decided: (value: StageValue, from: String)? =
                if let value = assessment.scenarioValue {
                    (value, "scenario")
                } else if let latest = assessment.latest {
                    (latest.value, latest.stage.rawValue)
                } else {
                    nil
                }
            guard let decided, case .points(let points) = decided.value else { continue }
            dataset.records[unit.id]?.leaves[id]?.scenarioValue = .points(points * scale)
            dataset.records[unit.id]?.leaves[id]?.scenarioNote =
                "scaled from \(Format.fixed(points))/\(Format.number(oldMax)) (\(decided.from))"
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
