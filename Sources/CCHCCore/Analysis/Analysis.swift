/// Where a unit lost points on one leaf.
public struct Gap: Sendable {
    /// The leaf's score (node, points, source, evidence).
    public var leaf: LeafScore
    /// Maximum − achieved.
    public var lost: Double { leaf.node.maxPoints - leaf.points }
}

/// Points lost on one criterion across the units of a set.
public struct CriterionGap: Sendable {
    /// The leaf.
    public var node: CriterionNode
    /// Units to which the leaf applies.
    public var applicable: Int
    /// Units that lost points on it.
    public var losing: Int
    /// Points lost in all.
    public var lost: Double
    /// The share of the possible points lost, in %.
    public var lostPct: Double { applicable > 0 ? lost / (node.maxPoints * Double(applicable)) * 100 : 0 }
}

/// A self-assessed leaf its own evidence does not back.
public struct InflatedLeaf: Sendable {
    /// Why it is flagged.
    public enum Kind: String, Sendable {
        /// The self-assessed points exceed what the rule gives for the unit's evidence.
        case aboveEvidence = "above evidence"
        /// Points were self-assessed with no evidence: none recorded for a rule that reads
        /// evidence, or no evidence document cited for a manual leaf.
        case noEvidence = "no evidence"
    }

    /// The leaf.
    public var node: CriterionNode
    /// Why it is flagged.
    public var kind: Kind
    /// The self-assessed points.
    public var selfPoints: Double
    /// What the evidence supports (`nil` when there is none).
    public var supported: Double?
    /// Points at stake: self − supported (all of them without evidence).
    public var atStake: Double { selfPoints - (supported ?? 0) }
    /// The evidence the rule read, if any.
    public var evidence: Evidence?
}

/// Analyses over scores: points lost and self-assessment honesty.
public enum Analysis {
    /// The leaves where `score` (with leaves) lost points, most points first.
    public static func gaps(_ score: UnitScore) -> [Gap] {
        score.leaves.filter { $0.isApplicable && $0.node.maxPoints - $0.points > Scoring.tolerance }
            .map { Gap(leaf: $0) }
            .sorted { a, b in
                a.lost != b.lost ? a.lost > b.lost : CriterionID(a.leaf.node.id) < CriterionID(b.leaf.node.id)
            }
    }

    /// Points lost per leaf over `scores` (with leaves) of one set, most points first.
    public static func gapsByCriterion(_ scores: [UnitScore], plan: ScoringPlan) -> [CriterionGap] {
        var gaps = plan.leaves.map { CriterionGap(node: $0, applicable: 0, losing: 0, lost: 0) }
        for score in scores where score.indexPct != nil {
            for (index, leaf) in score.leaves.enumerated() where leaf.isApplicable {
                gaps[index].applicable += 1
                let lost = leaf.node.maxPoints - leaf.points
                if lost > Scoring.tolerance {
                    gaps[index].losing += 1
                    gaps[index].lost += lost
                }
            }
        }
        return gaps.filter { $0.lost > Scoring.tolerance }
            .sorted { a, b in a.lost != b.lost ? a.lost > b.lost : CriterionID(a.node.id) < CriterionID(b.node.id) }
    }

    /// The self-assessed leaves of a unit its evidence does not back, most points at stake first.
    public static func inflation(record: UnitRecord, plan: ScoringPlan) -> [InflatedLeaf] {
        var flagged: [InflatedLeaf] = []
        var places: [Int] = []  // each flagged leaf's place in id order
        for (index, node) in plan.leaves.enumerated() {
            defer { while places.count < flagged.count { places.append(plan.idOrder[index]) } }
            guard case .points(let claimed) = record.leaves[node.id]?.stages[.selfAssessment],
                claimed > Scoring.tolerance
            else { continue }
            let rule = node.rule ?? .manual
            if let key = rule.evidenceKey {
                guard let evidence = record.evidence[key] else {
                    flagged.append(InflatedLeaf(node: node, kind: .noEvidence, selfPoints: claimed, supported: nil))
                    continue
                }
                let outcome = RuleEvaluator.evaluate(
                    rule, maxPoints: node.maxPoints, evidence: evidence.value, explain: false)
                if let supported = outcome.points, claimed > supported + Scoring.tolerance {
                    flagged.append(
                        InflatedLeaf(
                            node: node, kind: .aboveEvidence, selfPoints: claimed, supported: supported,
                            evidence: evidence))
                }
            } else if case .manual = rule, !record.selfReferenced.contains(node.id) {
                flagged.append(InflatedLeaf(node: node, kind: .noEvidence, selfPoints: claimed, supported: nil))
            }
        }
        // Most at stake first, then by id (two integers, not two ids parsed in every comparison).
        return flagged.indices.sorted { a, b in
            let (x, y) = (flagged[a].atStake, flagged[b].atStake)
            return x != y ? x > y : places[a] < places[b]
        }.map { flagged[$0] }
    }
}
