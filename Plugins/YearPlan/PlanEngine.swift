import CCHCCore
import CCHCModuleKit
import Foundation

/// A year's baseline as a plan sees it: the sets in force, each set's ranking, and the plan's
/// units scored with every leaf — read for those units alone (``Evaluation/baseline(year:holding:)``),
/// so a plan of a few units costs the same at 10,000 units as at 30.
struct PlanBasis {
    let year: Int
    /// The sets as the year scores them, and the records of the units held.
    let world: ScenarioWorld
    /// Each ranking of a set with units held, by set id (scores without leaves).
    let rankings: [String: [UnitScore]]
    /// Each unit held scored with its leaves, in its place in its set's ranking, by unit id.
    let scores: [String: UnitScore]

    /// The baseline of `year` for the units `unitIDs` (every unit when nil).
    /// - Throws: a workspace or criteria error.
    init(context: CommandContext, year: Int, holding unitIDs: Set<String>?) throws {
        let baseline = try context.evaluation.baseline(year: year, holding: unitIDs)
        self.year = year
        world = baseline.world
        rankings = baseline.rankings
        let units = baseline.world.dataset.units
        let held = unitIDs.map { ids in units.filter { ids.contains($0.id) } } ?? units
        scores = Self.scored(held, in: baseline.world, placedBy: baseline.rankings)
    }

    /// `units` scored with every leaf in `world`, each taking its place from its set's ranking in
    /// `rankings`, by unit id (a unit whose set is not ranked there is left out).
    static func scored(_ units: [EvaluatedUnit], in world: ScenarioWorld, placedBy rankings: [String: [UnitScore]])
        -> [String: UnitScore]
    {
        var places: [String: UnitScore] = [:]
        for setID in Set(units.map(\.setID)) {
            for ranked in rankings[setID] ?? [] { places[ranked.unit.id] = ranked }
        }
        var result: [String: UnitScore] = [:]
        for unit in units {
            guard let set = world.sets[unit.setID], let place = places[unit.id] else { continue }
            var score = Scoring.score(unit, record: world.dataset.record(for: unit.id), set: set)
            score.takePlace(of: place)
            result[unit.id] = score
        }
        return result
    }

    /// The ranked scores of the units of set `setID` (without leaves).
    func ranking(_ setID: String) -> [UnitScore] { rankings[setID] ?? [] }

    /// The day a task is due by default: the set's self-assessment deadline in the plan's year
    /// (the evidence must be in before the unit assesses itself), else its earliest deadline.
    func defaultDue(setID: String) -> String? {
        guard let set = world.sets[setID] else { return nil }
        let dated = set.deadlines.filter { $0.by.split(separator: "-").count == 2 }
        let chosen =
            dated.first { $0.step.contains("self_assessment") } ?? dated.min { $0.by < $1.by }
        return chosen.map { "\(year)-\($0.by)" }
    }
}

/// Builds a unit's part of a plan from the goal-seek.
struct PlanBuilder {
    let basis: PlanBasis
    let plan: String
    let actor: String
    let timestamp: String
    let owner: String?
    /// Ctrl-C at the terminal: the goal-seek of the unit being planned stops, nothing is saved.
    var interrupted: (@Sendable () -> Bool)? = nil

    /// The target resolved for `score`'s unit (`next` becomes a band), or nil at the top band.
    /// - Throws: ``UserError`` for a band the unit's set does not have, or a rank beyond its units.
    func resolve(_ target: PlanTarget, for score: UnitScore, set: CriteriaSet) throws -> PlanTarget? {
        switch target {
        case .nextBand:
            let bands = set.bands.bands
            guard let band = score.band, let position = bands.firstIndex(where: { $0.code == band.code }) else {
                // Nothing recorded: no band to go on from (the unit gets no task).
                return score.indexPct == nil ? .nextBand : bands.last.map { .band($0.code) }
            }
            return position == 0 ? nil : .band(bands[position - 1].code)
        case .band(let text):
            guard let band = set.bands.band(written: text)
            else {
                let known = set.bands.bands.map { "\($0.code) (\($0.name))" }.joined(separator: ", ")
                throw UserError("Unknown band '\(text)' in set '\(set.id)'; expected one of \(known)")
            }
            return .band(band.code)
        case .rank(let rank):
            let units = basis.ranking(set.id).count
            guard rank <= units else {
                throw UserError("Target rank \(rank) is beyond the \(units) units of set '\(set.id)'")
            }
            return target
        case .leafFloor: return target
        }
    }

    /// The unit's entry and tasks for `target` (already resolved).
    func build(unit: EvaluatedUnit, target: PlanTarget?, set: CriteriaSet) throws -> (PlanUnit, [PlanTask]) {
        guard let base = basis.scores[unit.id] else {
            throw UserError("Unit '\(unit.id)' has no score in \(basis.year)")
        }
        var entry = PlanUnit(
            unitID: unit.id, target: target?.stored ?? "next", state: .planned, indexAtStart: base.indexPct,
            bandAtStart: base.band?.code, rankAtStart: base.rank, note: nil)
        // Nothing recorded: no index to raise, and no band to go on from.
        guard base.indexPct != nil else {
            entry.state = .unreachable
            entry.note =
                "nothing recorded for \(basis.year): no index to plan from; import its scores or evidence first"
            return (entry, [])
        }
        guard let target else {
            entry.state = .already
            entry.note = "already in the top band"
            return (entry, [])
        }
        let seek = try GoalSeek(world: basis.world, unit: unit, others: basis.ranking(unit.setID))
        let steps: [Improvement]
        switch target {
        case .band(let code):
            (entry, steps) = try goal(.band(code), seek: seek, entry: entry)
        case .rank(let rank):
            (entry, steps) = try goal(.rank(rank), seek: seek, entry: entry)
        case .leafFloor(let percent):
            (entry, steps) = floor(percent, seek: seek, base: base, entry: entry)
        case .nextBand:
            steps = []
        }
        let points = Dictionary(uniqueKeysWithValues: base.leaves.map { ($0.node.id, $0.points) })
        let due = basis.defaultDue(setID: set.id)
        let tasks = steps.map { step in
            let before = points[step.leaf.id] ?? 0
            return PlanTask(
                id: 0, plan: plan, unitID: unit.id, setID: set.id, criterionID: step.leaf.id, change: step.override,
                step: step.text, pointsBefore: before, pointsTarget: min(step.leaf.maxPoints, before + step.gain),
                maxPoints: step.leaf.maxPoints, owner: owner ?? unit.id, due: due, status: .open, feedbackID: nil,
                note: nil, createdBy: actor, createdAt: timestamp, updatedAt: nil)
        }
        return (entry, tasks)
    }

    private func goal(_ target: GoalTarget, seek: GoalSeek, entry: PlanUnit) throws -> (PlanUnit, [Improvement]) {
        var entry = entry
        let result = try seek.run(target, interrupted: interrupted)
        if result.alreadyThere {
            entry.state = .already
            entry.note = PlanUnit.alreadyNote
        } else if !result.reached {
            entry.state = .unreachable
            let best = result.after.indexPct.map { Format.fixed($0) + "%" } ?? "—"
            let gates = result.after.gatesApplied.map { "gate \($0.id) demotes it" }
            entry.note = (["cannot reach it: with every improvable leaf at its best, index \(best)"] + gates)
                .joined(separator: "; ")
        }
        return (entry, result.reached && !result.alreadyThere ? result.steps : [])
    }

    /// For "no leaf below N %": each applicable leaf under N % of its maximum gets its smallest
    /// improvement that reaches N % (or its biggest, when none does).
    private func floor(_ percent: Double, seek: GoalSeek, base: UnitScore, entry: PlanUnit) -> (PlanUnit, [Improvement])
    {
        var entry = entry
        let options = Dictionary(
            seek.improvements(for: base).map { ($0[0].leaf.id, $0) }, uniquingKeysWith: { first, _ in first })
        var steps: [Improvement] = []
        var short: [String] = []
        for leaf in base.leaves where leaf.isApplicable {
            let floor = percent / 100 * leaf.node.maxPoints
            guard leaf.points + Scoring.tolerance < floor else { continue }
            let choices = options[leaf.node.id] ?? []
            if let enough = choices.filter({ leaf.points + $0.gain + Scoring.tolerance >= floor }).min(by: {
                $0.cost < $1.cost
            }) {
                steps.append(enough)
            } else if let best = choices.max(by: { $0.gain < $1.gain }) {
                steps.append(best)
                short.append(leaf.node.id)
            } else {
                short.append(leaf.node.id)
            }
        }
        if steps.isEmpty && short.isEmpty {
            entry.state = .already
            entry.note = PlanUnit.alreadyNote
        } else if !short.isEmpty {
            entry.note =
                "\(short.joined(separator: ", ")) cannot reach \(Format.number(percent))% by evidence or points"
        }
        return (entry, steps.sorted { CriterionID($0.leaf.id) < CriterionID($1.leaf.id) })
    }
}

/// Where a task stands now, from the year's current evidence and scores.
struct TaskProgress {
    enum State: String {
        /// The evidence or points now reach the task's target, whatever its status says.
        case met
        /// Marked done, but the evidence does not show it yet.
        case doneUnconfirmed = "done_unconfirmed"
        case open, doing, dropped
    }
    let task: PlanTask
    /// The leaf's points now (nil when the unit or leaf is gone).
    let pointsNow: Double?
    /// The value the task changes, now: the evidence value, else the points.
    let valueNow: String?
    let state: State
    let overdue: Bool
    /// For a task met in today's evidence whose recorded points have not followed yet: the
    /// points the rule gives for today's evidence, which the leaf has once a stage re-assesses
    /// it (as points: setting the evidence a unit already has changes nothing in a scenario).
    let pointsFollow: Override?

    /// Counts towards the projection: neither dropped nor met yet, or met in the evidence with
    /// the points still to follow.
    var projected: Bool { (state != .dropped && state != .met) || pointsFollow != nil }

    /// The override that stands for the task done.
    var override: Override {
        pointsFollow ?? task.change
            ?? .points(unit: task.unitID, criterion: task.criterionID, value: .points(task.pointsTarget))
    }
}

/// A plan measured against the year's evidence: each task's progress and each unit now and
/// projected (with the open tasks done).
struct PlanProgress {
    let basis: PlanBasis
    let units: [PlanUnit]
    let tasks: [TaskProgress]
    /// Each unit's score if the tasks not yet met (and not dropped) are done, by unit id.
    let projected: [String: UnitScore]
    /// Tasks whose change no longer applies (a criterion gone from the set), in words.
    let skipped: [String]
    /// Today, `yyyy-mm-dd`.
    let today: String
    /// The changes behind the projection (the tasks not met and not dropped that still apply):
    /// the plan's scenario.
    let overrides: [Override]

    init(basis: PlanBasis, units: [PlanUnit], tasks: [PlanTask], today: String) {
        self.basis = basis
        self.units = units
        self.today = today
        var progress: [TaskProgress] = []
        for task in tasks {
            let score = basis.scores[task.unitID]
            let leaf = score?.leaves.first { $0.node.id == task.criterionID }
            let reached = leaf.map { $0.points + Scoring.tolerance >= task.pointsTarget } ?? false
            var valueNow = leaf.map { Format.fixed($0.points) }
            // An evidence task is met when the rule, reading today's evidence, gives the points it
            // aims at, even before a stage re-assesses the leaf.
            var evidenceNow: Override?
            if case .evidence(let unit, let key, _) = task.change {
                let value = basis.world.dataset.record(for: task.unitID).evidence[key]?.value
                valueNow = value?.display ?? "missing"
                if !reached, value != nil, let leaf, let points = leaf.ruleOutcome.points,
                    points + Scoring.tolerance >= task.pointsTarget
                {
                    evidenceNow = .points(unit: unit, criterion: task.criterionID, value: .points(points))
                }
            }
            let met = reached || evidenceNow != nil
            let state: TaskProgress.State =
                switch task.status {
                case .dropped: .dropped
                case _ where met: .met
                case .done: .doneUnconfirmed
                case .open: .open
                case .doing: .doing
                }
            let overdue = (task.due.map { $0 < today } ?? false) && (state == .open || state == .doing)
            progress.append(
                TaskProgress(
                    task: task, pointsNow: leaf?.points, valueNow: valueNow, state: state, overdue: overdue,
                    pointsFollow: state == .met ? evidenceNow : nil))
        }
        self.tasks = progress
        var world = basis.world
        var skipped: [String] = []
        var applied: [Override] = []
        for item in progress where item.projected {
            do {
                try world.apply(item.override, scenario: "plan")
                applied.append(item.override)
            } catch {
                skipped.append("#\(item.task.id) (\(item.override.text)): \(error)")
            }
        }
        self.skipped = skipped
        self.overrides = applied
        // The units the changes touch are scored again and ranked among the others as they are.
        let changed = Set(applied.compactMap(\.unit))
        var projected = basis.scores
        for (setID, ranking) in basis.rankings {
            guard let set = world.sets[setID] else { continue }
            let units = world.dataset.units.filter { $0.setID == setID && changed.contains($0.id) }
            guard !units.isEmpty else { continue }
            let scores = units.map { Scoring.score($0, record: world.dataset.record(for: $0.id), set: set) }
            for score in scores { projected[score.unit.id] = score }
            let reranked = Scoring.rank(ranking.filter { !changed.contains($0.unit.id) } + scores, policy: set.ranking)
            for place in reranked where projected[place.unit.id] != nil {
                projected[place.unit.id]?.takePlace(of: place)
            }
        }
        self.projected = projected
    }

    /// Whether `score` meets the stored target `target` (nil when it cannot be told).
    static func meets(_ score: UnitScore?, target: String, set: CriteriaSet?) -> Bool? {
        guard let score, let set, let parsed = try? PlanTarget(parsing: target) else { return nil }
        switch parsed {
        case .band(let code):
            guard let wanted = set.bands.band(code) else { return nil }
            return (score.band?.minIndex ?? -1) >= wanted.minIndex
        case .rank(let rank):
            return score.rank.map { $0 <= rank } ?? false
        case .leafFloor(let percent):
            return score.leaves.allSatisfy {
                !$0.isApplicable || $0.points + Scoring.tolerance >= percent / 100 * $0.node.maxPoints
            }
        case .nextBand: return nil
        }
    }
}
