import Foundation

/// One concrete improvement of one leaf, as a scenario override.
public struct Improvement: Sendable {
    /// The leaf.
    public var leaf: CriterionNode
    /// The change, as a scenario override.
    public var override: Override
    /// Points gained on the leaf.
    public var gain: Double
    /// How big the change is, 0…1 of the leaf's span (to prefer the smallest).
    public var cost: Double
    /// The step in words: `raise dossiers.on_time_rate from 91.2% to ≥ 98%`.
    public var text: String
}

/// What `goal` aims at.
public enum GoalTarget: Sendable, Equatable {
    /// A band (by code) at least.
    case band(String)
    /// A rank at least (1 is best).
    case rank(Int)
}

/// The result of a goal search.
public struct GoalResult: Sendable {
    /// The steps, in criterion order; empty when already there or unreachable.
    public var steps: [Improvement]
    /// True when the target is met after the steps.
    public var reached: Bool
    /// True when it was met before any step.
    public var alreadyThere: Bool
    /// The unit's score before and after.
    public var before: UnitScore
    /// The score after the steps (or with every improvement, when unreachable).
    public var after: UnitScore
    /// The rank after the steps, among the other units unchanged.
    public var rankAfter: Int?
}

/// Finds the smallest set of improvements that reaches a band or a rank: the fewest changed
/// leaves first, then the smallest changes; it honours gates, caps and not-applicable leaves by
/// checking every candidate with the real scorer.
public struct GoalSeek {
    let world: ScenarioWorld
    let unit: EvaluatedUnit
    let set: CriteriaSet
    let others: [UnitScore]

    /// Prepares a search for `unit` in `world` (`others`: the other units' scores, for ranks).
    /// - Throws: ``EvaluationError/unknownSet(_:suggestion:known:)`` when the world lacks the unit's set.
    public init(world: ScenarioWorld, unit: EvaluatedUnit, others: [UnitScore]) throws {
        guard let set = world.sets[unit.setID] else { throw EvaluationError.unknownSet(unit.setID, suggestion: nil) }
        self.world = world
        self.unit = unit
        self.set = set
        self.others = others.filter { $0.unit.id != unit.id }
    }

    private func score(_ overrides: [Override]) -> UnitScore {
        var world = self.world
        for override in overrides { try? world.apply(override, scenario: "goal") }
        return Scoring.score(unit, record: world.dataset.record(for: unit.id), set: world.sets[unit.setID] ?? set)
    }

    /// The rank `score` would have among the others of its ranking group, under its set's
    /// policy; nil when the policy would not rank it.
    public func rank(of score: UnitScore) -> Int? {
        let policy = set.ranking
        let marked = policy.marked(score)
        guard marked.unrankedReason == nil, let index = marked.indexPct.map(policy.key) else { return nil }
        return 1 + rivals(of: marked).filter { $0 > index }.count
    }

    /// The other units of `score`'s group ranked at the same index, at the policy's precision:
    /// those it would share its place with (none when the policy breaks ties).
    public func sharing(_ score: UnitScore) -> [EvaluatedUnit] {
        let policy = set.ranking
        let marked = policy.marked(score)
        guard marked.unrankedReason == nil, let index = marked.indexPct.map(policy.key) else { return [] }
        return others.compactMap { other in
            let other = policy.marked(other)
            guard other.unit.id != score.unit.id, other.group == marked.group, other.unrankedReason == nil,
                other.indexPct.map(policy.key) == index
            else { return nil }
            return other.unit
        }
    }

    /// The ranked indices of the other units of `score`'s group, at the policy's precision.
    private func rivals(of score: UnitScore) -> [Double] {
        let policy = set.ranking
        return others.compactMap { other in
            let other = policy.marked(other)
            guard other.group == score.group, other.unrankedReason == nil else { return nil }
            return other.indexPct.map(policy.key)
        }
    }

    private func meets(_ score: UnitScore, _ target: GoalTarget) -> Bool {
        switch target {
        case .band(let code):
            guard let band = score.band, let wanted = set.bands.band(code) else { return false }
            return band.minIndex >= wanted.minIndex
        case .rank(let wanted):
            return (rank(of: score) ?? Int.max) <= wanted
        }
    }

    /// The total (in points) the target needs, before gates.
    private func neededTotal(_ target: GoalTarget, base: UnitScore) -> Double? {
        switch target {
        case .band(let code):
            guard let band = set.bands.band(code) else { return nil }
            return (band.minIndex - 0.005) / 100 * base.applicableMax
        case .rank(let wanted):
            let sorted = rivals(of: set.ranking.marked(base)).sorted(by: >)
            guard wanted >= 1 else { return nil }
            guard wanted <= sorted.count else { return 0 }
            return (sorted[wanted - 1] - 0.005) / 100 * base.applicableMax
        }
    }

    /// A step that sets a leaf's evidence to `target`, in the words goal-seek's steps use (and
    /// exports put in Vietnamese beside the criterion's title): `make web.updated_regularly yes
    /// (now no)`, `raise dossiers.on_time_rate from 92.5% to ≥ 98%`, `reduce
    /// discipline.violation_count from 2 to 0`, `raise survey.sipas.access from 80 to 85`; nil
    /// when the rule reads no evidence or the value is not one it raises (a yes/no set to no).
    public static func stepText(rule: Rule, now evidence: EvidenceValue?, to target: EvidenceValue) -> String? {
        switch rule {
        case .boolean(let key) where target.truth:
            return "make \(key) yes (now \(evidence?.display ?? "missing"))"
        case .ratio(let ratio):
            guard let percent = target.percentage else { return nil }
            let from = evidence.map { Format.number(Format.round($0.percentage ?? 0)) + "%" } ?? "missing"
            return "raise \(ratio.evidence) from \(from) to ≥ \(Format.number(percent))%"
        case .deduction(let key, _, _):
            guard let count = target.number else { return nil }
            let from = evidence.map { String(Int(($0.number ?? 0).rounded())) } ?? "missing"
            return "reduce \(key) from \(from) to \(Format.number(count))"
        case .survey(let key):
            guard let index = target.number else { return nil }
            return
                "raise \(key) from \(evidence.map { Format.number($0.number ?? 0) } ?? "missing") to \(Format.number(index))"
        case .boolean, .manual: return nil
        }
    }

    /// Every improvement of every applicable leaf below its maximum.
    public func improvements(for base: UnitScore) -> [[Improvement]] {
        let record = world.dataset.record(for: unit.id)
        var options: [[Improvement]] = []
        for leaf in base.leaves where leaf.isApplicable && leaf.node.maxPoints - leaf.points > Scoring.tolerance {
            var choices: [Improvement] = []
            let node = leaf.node
            let current = leaf.points
            func add(_ override: Override, points: Double, cost: Double, text: String? = nil) {
                // An evidence change is worded as every evidence step is (``stepText``).
                guard
                    let text = text
                        ?? {
                            guard case .evidence(_, _, let value) = override, let rule = node.rule else { return nil }
                            return Self.stepText(rule: rule, now: evidence, to: value)
                        }()
                else { return }
                var points = points
                if case .evidence(_, _, let value) = override {
                    // What the scenario will make of the value: towards the rule's outcome, never
                    // against the change (``ScenarioWorld/effect(onLeaf:assessment:evidenceBefore:after:)``).
                    switch ScenarioWorld.effect(
                        onLeaf: node, assessment: record.leaves[node.id], evidenceBefore: evidence, after: value)
                    {
                    case .follows(.points(let after), _, _)?: points = after
                    default: return
                    }
                }
                let gain = min(node.maxPoints, points) - current
                if gain > Scoring.tolerance {
                    choices.append(Improvement(leaf: node, override: override, gain: gain, cost: cost, text: text))
                }
            }
            let evidence = (node.rule?.evidenceKey).flatMap { record.evidence[$0]?.value }
            switch node.rule ?? .manual {
            case .manual:
                var points = (current * 4).rounded(.down) / 4 + 0.25
                while points <= node.maxPoints + Scoring.tolerance {
                    add(
                        .points(unit: unit.id, criterion: node.id, value: .points(points)), points: points,
                        cost: (points - current) / node.maxPoints,
                        text: "raise the points of \(node.id) from \(Format.fixed(current)) to \(Format.fixed(points))")
                    points += 0.25
                }
            case .boolean(let key):
                add(.evidence(unit: unit.id, key: key, value: .bool(true)), points: node.maxPoints, cost: 1)
            case .ratio(let ratio):
                let percent = evidence?.percentage ?? 0
                for threshold in ratio.thresholds where threshold.min > percent + Scoring.tolerance {
                    add(
                        .evidence(unit: unit.id, key: ratio.evidence, value: .percent(threshold.min)),
                        points: threshold.points, cost: (threshold.min - percent) / 100)
                }
            case .deduction(let key, _, _) where evidence == nil:
                // Nothing recorded: the count is the office's to record (none gives full points).
                add(
                    .evidence(unit: unit.id, key: key, value: .number(0)), points: node.maxPoints, cost: 1,
                    text: "record \(key) (now missing): none gives full points")
            case .deduction(let key, let perCount, let floor):
                let count = Int((evidence?.number ?? 0).rounded())
                for target in stride(from: count - 1, through: 0, by: -1) {
                    add(
                        .evidence(unit: unit.id, key: key, value: .number(Double(target))),
                        points: max(floor, node.maxPoints - perCount * Double(target)),
                        cost: Double(count - target) / Double(max(count, 1)))
                }
            case .survey(let key):
                let index = evidence?.number ?? 0
                var target = (index / 5).rounded(.down) * 5 + 5
                while target <= 100 {
                    add(
                        .evidence(unit: unit.id, key: key, value: .number(target)),
                        points: target / 100 * node.maxPoints,
                        cost: (target - index) / 100)
                    target += 5
                }
            }
            if !choices.isEmpty { options.append(choices) }
        }
        return options
    }

    /// Searches for the fewest, smallest steps that reach `target`: first what the target's gates
    /// demand (a weak field lifted, an evidence count brought down), then the cheapest plan with
    /// the fewest other leaves that covers the remaining points.
    ///
    /// - Parameters:
    ///   - progress: told which plan size is being searched (on a terminal).
    ///   - interrupted: checked before each plan size and each plan tried.
    /// - Throws: `CancellationError` when `interrupted` answered true.
    public func run(
        _ target: GoalTarget, progress: (@Sendable (String) -> Void)? = nil,
        interrupted: (@Sendable () -> Bool)? = nil
    ) throws(CancellationError) -> GoalResult {
        let base = score([])
        if meets(base, target) {
            return GoalResult(
                steps: [], reached: true, alreadyThere: true, before: base, after: base, rankAfter: rank(of: base))
        }
        let mandatory = gateFixes(for: [], target: target)
        let options = improvements(for: base)
        let everything = options.compactMap { $0.max { $0.gain < $1.gain } }
        let best = score((everything + mandatory).map(\.override))
        guard let needed = neededTotal(target, base: base), meets(best, target) else {
            return GoalResult(
                steps: [], reached: false, alreadyThere: false, before: base, after: best, rankAfter: rank(of: best))
        }
        let fixed = Set(mandatory.map(\.leaf.id))
        let start = score(mandatory.map(\.override))
        let remaining = options.filter { !fixed.contains($0[0].leaf.id) }
        let deficit = max(0, needed - start.total)
        // The plan with the fewest leaves first: each count is searched once, and only while no
        // plan has passed (each search is a dynamic programme over leaves × points).
        func passing(_ plan: [Improvement]) -> GoalResult? {
            var steps = mandatory + plan + gateFixes(for: mandatory + plan, target: target)
            guard meets(score(steps.map(\.override)), target) else { return nil }
            steps = tightened(steps, target)
            let after = score(steps.map(\.override))
            let ordered = steps.sorted { CriterionID($0.leaf.id) < CriterionID($1.leaf.id) }
            return GoalResult(
                steps: ordered, reached: true, alreadyThere: false, before: base, after: after,
                rankAfter: rank(of: after))
        }
        if deficit <= Scoring.tolerance {
            if let result = passing([]) { return result }
        } else {
            let gains = remaining.compactMap { $0.map(\.gain).max() }.sorted(by: >)
            var minimum = 1
            var sum = 0.0
            for gain in gains {
                sum += gain
                if sum + Scoring.tolerance >= deficit { break }
                minimum += 1
            }
            var searched = 0
            for count in minimum...max(minimum, remaining.count) where searched < Self.planLimit {
                if interrupted?() == true { throw CancellationError() }
                progress?("goal: plans of \(count) leaves, \(searched) of at most \(Self.planLimit) tried")
                for plan in cheapestPlans(remaining, count: count, deficit: deficit) {
                    if interrupted?() == true { throw CancellationError() }
                    searched += 1
                    if let result = passing(plan) { return result }
                }
            }
        }
        // No smaller plan passed the gates: every improvement at its best does (checked above).
        let ordered = (everything + mandatory).sorted { CriterionID($0.leaf.id) < CriterionID($1.leaf.id) }
        return GoalResult(
            steps: ordered, reached: true, alreadyThere: false, before: base, after: best, rankAfter: rank(of: best))
    }

    /// `steps` with each survey step lowered to the least index, to a tenth, with which the
    /// steps still meet `target`: the search tries indexes in steps of 5 (`80.8` → 85, 90, 95,
    /// 100), and the need is rarely one of them (`95.3` is enough where the search took 100).
    private func tightened(_ steps: [Improvement], _ target: GoalTarget) -> [Improvement] {
        var steps = steps
        let record = world.dataset.record(for: unit.id)
        for index in steps.indices {
            guard case .survey(let key)? = steps[index].leaf.rule,
                case .evidence(let unitID, key, let value) = steps[index].override, let high = value.number
            else { continue }
            let current = record.evidence[key]?.value.number ?? 0
            let step = steps[index]
            func lowered(to tenths: Int) -> Improvement {
                let index = Double(tenths) / 10
                var lower = step
                lower.override = .evidence(unit: unitID, key: key, value: .number(index))
                lower.gain = step.gain - (high - index) / 100 * step.leaf.maxPoints
                lower.cost = (index - current) / 100
                lower.text =
                    "raise \(key) from \(record.evidence[key] == nil ? "missing" : Format.number(current)) to \(Format.number(index))"
                return lower
            }
            // The least tenth that passes: `low` fails (the index now), `high` passes.
            var low = Int((current * 10).rounded(.down))
            var passes = Int((high * 10).rounded())
            while passes - low > 1 {
                let middle = (low + passes) / 2
                var trial = steps
                trial[index] = lowered(to: middle)
                if meets(score(trial.map(\.override)), target) { passes = middle } else { low = middle }
            }
            if Double(passes) / 10 < high - 1e-9 { steps[index] = lowered(to: passes) }
        }
        return steps
    }

    /// The most plans tried before every improvement at its best is taken instead.
    static let planLimit = 64

    /// The cheapest choice of exactly `count` leaves (one improvement each) whose gains cover
    /// `deficit`, by dynamic programming over (leaves used, points gained in hundredths).
    func cheapestPlans(_ options: [[Improvement]], count: Int, deficit: Double) -> [[Improvement]] {
        let goal = Int((deficit * 100).rounded(.up))
        let width = goal + 1
        let infinity = Double.infinity
        // cost[c * width + g]: the cheapest way to gain ≥ g (capped at goal) with c leaves so far.
        // Updated in place, rows from the last down, so a leaf is used at most once; each leaf
        // records only the slots it improved (slot, option + 1, the slot it came from) — a full
        // table per leaf cost hundreds of megabytes at 100 leaves.
        var cost = [Double](repeating: infinity, count: (count + 1) * width)
        cost[0] = 0
        var changes = [[(slot: Int32, option: Int16, from: Int32)]](repeating: [], count: options.count)
        // Gains in hundredths and costs, read once: the loops below run millions of times for a
        // national plan, and reading them through the improvements retained and released each.
        let gains = options.map { $0.map { Int(($0.gain * 100 + 1e-6).rounded(.down)) } }
        let costs = options.map { $0.map(\.cost) }
        cost.withUnsafeMutableBufferPointer { cost in
            for leaf in options.indices {
                let (leafGains, leafCosts) = (gains[leaf], costs[leaf])
                var improved: [(slot: Int32, option: Int16, from: Int32)] = []
                for c in stride(from: count - 1, through: 0, by: -1) {
                    for g in 0..<width where cost[c * width + g] < infinity {
                        let here = cost[c * width + g]
                        for index in leafGains.indices {
                            let slot = (c + 1) * width + min(goal, g + leafGains[index])
                            let candidate = here + leafCosts[index]
                            if candidate < cost[slot] - 1e-12 {
                                cost[slot] = candidate
                                improved.append((Int32(slot), Int16(index + 1), Int32(c * width + g)))
                            }
                        }
                    }
                }
                changes[leaf] = improved
            }
        }
        var slot = count * width + goal
        guard cost[slot] < infinity else { return [] }
        var plan: [Improvement] = []
        for leaf in stride(from: options.count - 1, through: 0, by: -1) where slot > 0 {
            // The last improvement of the slot by this leaf, if it made one.
            guard let last = changes[leaf].last(where: { Int($0.slot) == slot }) else { continue }
            plan.append(options[leaf][Int(last.option) - 1])
            slot = Int(last.from)
        }
        return plan.count == count ? [plan] : []
    }

    /// Extra steps for gates that would still demote: lift a weak field with its cheapest
    /// improvements; for a gate on an evidence count, the improvement of a leaf reading that count
    /// that brings it low enough (with no such leaf, the gate cannot be lifted).
    private func gateFixes(for plan: [Improvement], target: GoalTarget) -> [Improvement] {
        guard case .band(let code) = target else { return [] }
        let after = score(plan.map(\.override))
        let record = world.dataset.record(for: unit.id)
        var fixes: [Improvement] = []
        let chosen = Set(plan.map(\.leaf.id))
        for gate in set.bands.gates where gate.appliesTo == code {
            switch gate.condition {
            case .evidenceGreaterThan(let key, let value):
                var current = record.evidence[key]?.value.number ?? 0
                for step in plan {
                    if case .evidence(_, key, let set) = step.override { current = set.number ?? current }
                }
                guard current > value + Scoring.tolerance else { continue }
                let lifting = improvements(for: score([])).joined().filter { option in
                    if case .evidence(_, key, let set) = option.override, (set.number ?? .infinity) <= value {
                        return true
                    }
                    return false
                }
                if let cheapest = lifting.min(by: { $0.cost < $1.cost }), !chosen.contains(cheapest.leaf.id) {
                    fixes.append(cheapest)
                }
            case .anyFieldBelow(let percent):
                for field in set.fields {
                    guard let node = after.nodes[field.id], let index = node.indexPct,
                        index + Scoring.tolerance < percent
                    else { continue }
                    var missing = percent / 100 * node.applicableMax - node.achieved
                    let fieldLeaves = Set(field.leaves.map(\.id))
                    let candidates = improvements(for: score([]))
                        .filter { fieldLeaves.contains($0[0].leaf.id) && !chosen.contains($0[0].leaf.id) }
                        .compactMap { options in
                            // The smallest change that lifts the field alone, else the biggest gain.
                            options.filter { $0.gain + Scoring.tolerance >= missing }.min { $0.cost < $1.cost }
                                ?? options.max { $0.gain < $1.gain }
                        }
                        .sorted { a, b in
                            let (fa, fb) = (
                                a.gain + Scoring.tolerance >= missing, b.gain + Scoring.tolerance >= missing
                            )
                            if fa != fb { return fa }
                            return fa ? a.cost < b.cost : a.gain > b.gain
                        }
                    for candidate in candidates where missing > Scoring.tolerance {
                        fixes.append(candidate)
                        missing -= candidate.gain
                    }
                }
            }
        }
        return fixes
    }
}
