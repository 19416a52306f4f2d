import ArgumentParser
import CCHCCore
import CCHCModuleKit

struct PlanNew: WorkbenchCommand {
    static let configuration = CommandConfiguration(
        commandName: "new",
        abstract: "Build a plan from the goal-seek: each unit's target and the tasks that reach it.",
        discussion: """
            For every unit of the year (or those given with --unit, or of --set), the goal-seek \
            finds the fewest, smallest improvements that reach the target; each becomes a task \
            owned by the unit (or --owner) and due by the set's self-assessment deadline. A unit \
            already at its target gets no tasks; one that cannot reach it is listed with why.

            TARGET is a band (tot, 'Tốt', band:tot), rank:N, leaf:N% (no applicable leaf below \
            N % of its maximum) or next (one band up, the default).

            Examples:
              plan new nang-hang-2024 --target tot
              plan new tu-ha-top10 --unit tu-ha --target rank:10
              plan new khong-duoi-50 --target leaf:50% --set commune
              plan new nang-hang-2025 --target tot --title "Kế hoạch nâng cao Chỉ số CCHC năm 2025"
            """)

    @Argument(help: "The plan's name (letters, digits, '-', '_' or '.').")
    var name: String

    @Option(name: .long, help: "The evaluation year (default: the workspace's year).")
    var year: Int?

    @Option(name: .long, help: "The target: a band, rank:N, leaf:N% or next.")
    var target: String = "next"

    @Option(name: .long, help: "A unit (id or name) to plan for; repeat for several (default: every unit).")
    var unit: [String] = []

    @Option(name: .long, help: "Only the units evaluated against this set.")
    var set: String?

    @Option(name: .long, help: "Who owns every task (default: the unit itself).")
    var owner: String?

    @Option(name: .long, help: "The title documents give the plan (default: its name and year).")
    var title: String?

    @OptionGroup var actor: PlanActorOption

    func run(in context: CommandContext) throws {
        guard Values.isPlainID(name) else {
            throw UserError("Plan name '\(name)' must be ASCII letters, digits, '-', '_' or '.'")
        }
        let target = try PlanTarget(parsing: target)
        let store = actor.store(context)
        let year = try self.year ?? context.evaluation.year()
        guard try context.evaluation.workspace().hasData(year: year) else {
            throw UserError(
                "There are no scores or evidence for \(year) to plan from; import them first, or give --year a year with data"
            )
        }
        // Units in the order people read them, so task numbers follow 'plan show'.
        let every = try context.evaluation.units()
        var units = VietnameseText.sorted(every, by: \.name)
        if let set {
            let known = try context.evaluation.setIDs()
            guard known.contains(set) else {
                throw UserError("Unknown set '\(set)'\(Suggestions.hint(for: set, in: known))")
            }
            units = units.filter { $0.setID == set }
        }
        if !unit.isEmpty {
            let chosen = try Set(unit.map { try UnitMatcher.match($0, in: every).id })
            units = units.filter { chosen.contains($0.id) }
        }
        guard !units.isEmpty else { throw UserError("No units to plan for in \(year)") }
        // The chosen units' records alone when they are few (every unit's when all are planned).
        let basis = try PlanBasis(
            context: context, year: year, holding: units.count == every.count ? nil : Set(units.map(\.id)))
        let builder = PlanBuilder(
            basis: basis, plan: name, actor: store.actor, timestamp: context.evaluation.author(store.actor).timestamp,
            owner: owner.map(VietnameseText.nfc), interrupted: context.interrupted)
        // Each unit's target, then the units' goal-seeks on every core (each reads the basis
        // alone), kept in the units' order.
        var chosen: [(unit: EvaluatedUnit, target: PlanTarget?, set: CriteriaSet)] = []
        var resolvedTargets: Set<String> = []
        for unit in units {
            guard let set = basis.world.sets[unit.setID], let score = basis.scores[unit.id] else { continue }
            let resolved = try builder.resolve(target, for: score, set: set)
            if let resolved, target != .nextBand { resolvedTargets.insert(resolved.stored) }
            chosen.append((unit, resolved, set))
        }
        var done: (@Sendable (Int) -> Void)?
        if let progress = context.progress, chosen.count > 1 {
            let total = chosen.count
            done = { finished in progress("plan: \(finished)/\(total) units") }
        }
        let built = Concurrently.map(chosen.count, done: done) { [chosen] index in
            Result {
                try builder.build(unit: chosen[index].unit, target: chosen[index].target, set: chosen[index].set)
            }
        }
        var entries: [PlanUnit] = []
        var tasks: [PlanTask] = []
        for result in built {
            let (entry, unitTasks) = try result.get()
            entries.append(entry)
            tasks += unitTasks
        }
        // The plan's target as its units read it ('band:xuat_sac' for 'Xuất sắc').
        let stored = resolvedTargets.count == 1 ? resolvedTargets.first ?? target.stored : target.stored
        let plan = Plan(
            name: name, year: year, target: stored, createdBy: store.actor,
            createdAt: context.evaluation.author(store.actor).timestamp, title: PlanText.title(title))
        try store.create(plan, units: entries, tasks: tasks)
        let planned = entries.filter { $0.state == .planned }.count
        let already = entries.filter { $0.state == .already }.count
        let unrecorded = entries.filter { $0.state == .unreachable && $0.indexAtStart == nil }.count
        let unreachable = entries.filter { $0.state == .unreachable }.count - unrecorded
        let stake = tasks.reduce(0) { $0 + $1.atStake }
        var parts = [
            "\(planned) unit\(planned == 1 ? "" : "s") with \(tasks.count) task\(tasks.count == 1 ? "" : "s") (\(Format.fixed(stake)) points to gain)"
        ]
        if already > 0 { parts.append("\(already) already there") }
        if unreachable > 0 { parts.append("\(unreachable) cannot reach it") }
        if unrecorded > 0 {
            parts.append("\(unrecorded) with nothing recorded for \(year) (import their scores or evidence first)")
        }
        // Each unit's steps reach its target with the others as they are; all at once, units
        // of one set compete for the same ranks: say how many reach it if every task is done.
        let progress = PlanProgress(basis: basis, units: entries, tasks: tasks, today: PlanText.today(context))
        let setOfUnit = Dictionary(uniqueKeysWithValues: units.map { ($0.id, $0.setID) })
        let reaching = entries.filter { entry in
            let set = setOfUnit[entry.unitID].flatMap { basis.world.sets[$0] }
            return PlanProgress.meets(progress.projected[entry.unitID], target: entry.target, set: set) == true
        }.count
        parts.append("if every task is done, \(reaching) of \(entries.count) meet the target")
        let named = PlanText.target(stored, set: PlanText.set(naming: stored, in: Array(basis.world.sets.values)))
        // Tasks are due by the set's self-assessment deadline of the plan's year: a plan made
        // after it starts overdue, and says so.
        let today = PlanText.today(context)
        let passed = Set(tasks.compactMap(\.due).filter { $0 < today }).sorted()
        if !passed.isEmpty {
            let days = passed.map { Cell.printedDate($0) ?? $0 }.joined(separator: ", ")
            // The next year is offered only when it has data to plan from (else that plan is refused).
            let next =
                try context.evaluation.workspace().hasData(year: year + 1)
                ? ", or 'plan new … --year \(year + 1)' plans for the next year" : ""
            context.write(
                "Warning: the tasks are due by the self-assessment deadline of \(year) (\(days)), which is past: they show as overdue; 'plan task set N --due DATE' gives a task its date\(next)"
            )
        }
        context.write(
            "Made plan '\(name)' for \(year), target \(named): \(parts.joined(separator: "; ")); 'plan show \(name)' lists it"
        )
    }
}
