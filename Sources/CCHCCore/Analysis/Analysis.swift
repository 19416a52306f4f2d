import Foundation

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

/// One unit's self-assessment flags, counted (``Analysis/inflation(record:plan:)``).
public struct InflationTally: Sendable, Equatable {
    /// Leaves self-assessed above what the unit's evidence supports, and the points above it.
    public var above = 0
    public var abovePoints = 0.0
    /// Leaves self-assessed with no evidence, and their points.
    public var unsupported = 0
    public var unsupportedPoints = 0.0
    /// Every point at stake.
    public var atStake: Double { abovePoints + unsupportedPoints }

    /// The tally of `flagged`.
    public init(_ flagged: [InflatedLeaf]) {
        for item in flagged {
            switch item.kind {
            case .aboveEvidence:
                above += 1
                abovePoints += item.atStake
            case .noEvidence:
                unsupported += 1
                unsupportedPoints += item.atStake
            }
        }
    }

    /// Every unit of `plan`'s set in `dataset`, in the units' order, with its tally; the units
    /// are checked apart, on every core.
    public static func tallies(_ dataset: Dataset, plan: ScoringPlan) -> [(unit: EvaluatedUnit, tally: InflationTally)]
    {
        let units = dataset.units.filter { $0.setID == plan.set.id }
        let tallies = SharedSlots(count: units.count, repeating: InflationTally([]))
        SharedSlots<InflationTally>.forEachConcurrently(units.count) { row in
            tallies[row] = Analysis.inflationTally(record: dataset.record(for: units[row].id), plan: plan)
        }
        return zip(units, tallies.values(count: units.count)).map { ($0, $1) }
    }

    /// `tallies` as bytes, to keep in the workspace: each unit's id and its four figures.
    static func encode(_ tallies: [(unit: EvaluatedUnit, tally: InflationTally)]) -> Data {
        var writer = StoredBytesWriter()
        writer.bytes.append(storedVersion)
        writer.int(tallies.count)
        for (unit, tally) in tallies {
            writer.text(unit.id)
            writer.int(tally.above)
            writer.double(tally.abovePoints)
            writer.int(tally.unsupported)
            writer.double(tally.unsupportedPoints)
        }
        return Data(writer.bytes)
    }

    /// The tallies kept as `data`, their units taken from `units`; nil when they do not fit
    /// (a unit gone or now of another set than `setID`, another format).
    static func decode(_ data: Data, setID: String, units: [String: EvaluatedUnit]) -> [(
        unit: EvaluatedUnit, tally: InflationTally
    )]? {
        var reader = StoredBytesReader(bytes: [UInt8](data))
        guard reader.byte() == storedVersion, let count = reader.int(), count >= 0 else { return nil }
        var tallies: [(unit: EvaluatedUnit, tally: InflationTally)] = []
        tallies.reserveCapacity(count)
        for _ in 0..<count {
            guard let id = reader.text(), let unit = units[id], unit.setID == setID, let above = reader.int(),
                let abovePoints = reader.double(), let unsupported = reader.int(),
                let unsupportedPoints = reader.double()
            else { return nil }
            var tally = InflationTally([])
            tally.above = above
            tally.abovePoints = abovePoints
            tally.unsupported = unsupported
            tally.unsupportedPoints = unsupportedPoints
            tallies.append((unit, tally))
        }
        return reader.atEnd ? tallies : nil
    }

    /// The stored form's version, first in every payload: another one is not read.
    static let storedVersion: UInt8 = 1
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

    /// Points lost per leaf over the units of one set, most points first, from every leaf of
    /// every unit resolved (``ScoreMatrix``, kept in the workspace for the baseline): units with
    /// an index, leaves that apply, summed in the matrix's order of units.
    public static func gapsByCriterion(_ matrix: ScoreMatrix, plan: ScoringPlan) -> [CriterionGap] {
        var gaps = plan.leaves.map { CriterionGap(node: $0, applicable: 0, losing: 0, lost: 0) }
        let width = matrix.width
        for row in matrix.units.indices where matrix.recorded[row] && matrix.applicableMaxima[row] > 0 {
            for column in 0..<width {
                let points = matrix.points[row * width + column]
                guard !points.isNaN else { continue }
                gaps[column].applicable += 1
                let lost = plan.leaves[column].maxPoints - points
                if lost > Scoring.tolerance {
                    gaps[column].losing += 1
                    gaps[column].lost += lost
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
        for index in plan.leaves.indices {
            guard let flag = inflationFlag(plan.leaves[index], record: record) else { continue }
            flagged.append(
                InflatedLeaf(
                    node: plan.leaves[index], kind: flag.kind, selfPoints: flag.claimed, supported: flag.supported,
                    evidence: flag.evidence))
            places.append(plan.idOrder[index])
        }
        return flagged.indices.sorted {
            mostAtStakeFirst(flagged[$0].atStake, places[$0], flagged[$1].atStake, places[$1])
        }
        .map { flagged[$0] }
    }

    /// The tally of ``inflation(record:plan:)``, summed in the order it lists the leaves (so the
    /// sums are the same to the last bit), without making the list.
    static func inflationTally(record: UnitRecord, plan: ScoringPlan) -> InflationTally {
        var flagged: [(kind: InflatedLeaf.Kind, atStake: Double, place: Int)] = []
        for index in plan.leaves.indices {
            guard let flag = inflationFlag(plan.leaves[index], record: record) else { continue }
            flagged.append((flag.kind, flag.claimed - (flag.supported ?? 0), plan.idOrder[index]))
        }
        flagged.sort { mostAtStakeFirst($0.atStake, $0.place, $1.atStake, $1.place) }
        var tally = InflationTally([])
        for item in flagged {
            switch item.kind {
            case .aboveEvidence:
                tally.above += 1
                tally.abovePoints += item.atStake
            case .noEvidence:
                tally.unsupported += 1
                tally.unsupportedPoints += item.atStake
            }
        }
        return tally
    }

    /// The order flagged leaves are listed in: most at stake first, then by id (two integers, not
    /// two ids parsed in every comparison).
    private static func mostAtStakeFirst(_ x: Double, _ xPlace: Int, _ y: Double, _ yPlace: Int) -> Bool {
        x != y ? x > y : xPlace < yPlace
    }

    /// Why `node`'s self-assessment is flagged, with the points claimed, what the evidence
    /// supports and that evidence; nil when it is not.
    private static func inflationFlag(_ node: CriterionNode, record: UnitRecord) -> (
        kind: InflatedLeaf.Kind, claimed: Double, supported: Double?, evidence: Evidence?
    )? {
        guard case .points(let claimed) = record.leaves[node.id]?.stages[.selfAssessment], claimed > Scoring.tolerance
        else { return nil }
        let rule = node.rule ?? .manual
        if let key = rule.evidenceKey {
            guard let evidence = record.evidence[key] else { return (.noEvidence, claimed, nil, nil) }
            let outcome = RuleEvaluator.evaluate(
                rule, maxPoints: node.maxPoints, evidence: evidence.value, explain: false)
            if let supported = outcome.points, claimed > supported + Scoring.tolerance {
                return (.aboveEvidence, claimed, supported, evidence)
            }
        } else if case .manual = rule, !record.selfReferenced.contains(node.id) {
            return (.noEvidence, claimed, nil, nil)
        }
        return nil
    }
}
