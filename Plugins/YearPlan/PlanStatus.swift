import ArgumentParser
import CCHCCore
import CCHCModuleKit

/// A plan measured against the year's current evidence.
struct PlanMeasure {
    let plan: Plan
    let units: [PlanUnit]
    let tasks: [PlanTask]
    let progress: PlanProgress
    let names: [String: String]
    let sets: PlanSets
    let unitOrder: [String]

    init(_ name: String?, in context: CommandContext) throws {
        let store = PlanStore(context: context, actor: context.evaluation.actor)
        plan = try store.plan(name)
        units = try store.units(of: plan.name)
        tasks = try store.tasks(of: plan.name)
        names = try PlanText.unitNames(context)
        sets = try PlanSets(context)
        unitOrder = PlanSets.ordered(units.map(\.unitID), names: names)
        let held = Set(units.map(\.unitID) + tasks.map(\.unitID))
        progress = PlanProgress(
            basis: try PlanBasis(context: context, year: plan.year, holding: held), units: units, tasks: tasks,
            today: PlanText.today(context))
    }

    /// The title of a task's criterion, which its step stands beside.
    func title(of task: PlanTask) -> String? { sets.set(task.setID)?.node(task.criterionID)?.title }

    /// Each unit: its target, at the start, now, and if the open tasks are done.
    /// Units already at their target when the plan was made are listed only when they have
    /// slipped below it since.
    func unitTable() -> ReportTable {
        let rows = unitOrder.compactMap { id -> [Cell]? in
            guard let entry = units.first(where: { $0.unitID == id }) else { return nil }
            let set = sets.set(ofUnit: id)
            let now = progress.basis.scores[id]
            if entry.state == .already, PlanProgress.meets(now, target: entry.target, set: set) != false { return nil }
            let after = progress.projected[id]
            let own = progress.tasks.filter { $0.task.unitID == id }
            func band(_ score: UnitScore?) -> [Cell] {
                [PlanText.text(score?.band?.name), PlanText.text(score?.band?.code)]
            }
            func meets(_ score: UnitScore?) -> Cell {
                PlanProgress.meets(score, target: entry.target, set: set).map(Cell.bool) ?? .null
            }
            return [
                .text(id), PlanText.text(names[id]), PlanText.text(set?.id),
                .text(PlanText.target(entry.target, set: set)), .text(entry.target),
            ]
                + [PlanText.index(entry.indexAtStart), PlanText.index(now?.indexPct)] + band(now)
                + [PlanText.rank(now?.rank), PlanText.index(after?.indexPct)] + band(after)
                + [
                    PlanText.rank(after?.rank), meets(now), meets(after), .integer(own.count),
                    .integer(own.filter { $0.state == .met }.count), .integer(own.filter(\.overdue).count),
                ]
        }
        return ReportTable(
            key: "units", title: "Units: now and if the open tasks are done",
            columns: [
                Column("unit_id", "Unit id"), Column("unit", "Unit"), Column("set", "Set"),
                Column("target_name", "Target"), Column("target", "Target", shownToPeople: false),
                Column("index_at_start", "Index at start %"),
                Column("index_now", "Index now %"), Column("band_now_name", "Band now"),
                Column("band_now", "Band now", shownToPeople: false), Column("rank_now", "Rank now"),
                Column("index_projected", "Projected index %"),
                Column("band_projected_name", "Projected band"),
                Column("band_projected", "Projected band", shownToPeople: false),
                Column("rank_projected", "Projected rank"), Column("meets_now", "Meets target now"),
                Column("meets_projected", "Meets target if done"), Column("tasks", "Tasks"), Column("met", "Met"),
                Column("overdue", "Overdue"),
            ], rows: rows)
    }

    /// A task's progress as people read it.
    static func label(_ item: TaskProgress) -> String {
        switch item.state {
        case .met where item.pointsFollow != nil: "met in the evidence; the points follow at the next assessment"
        case .met: "met"
        case .doneUnconfirmed: "done, not shown in the evidence yet"
        case .open: "open"
        case .doing: "doing"
        case .dropped: "dropped"
        }
    }

    /// Counts and points over the tasks, as facts.
    func summaryFacts() -> [Fact] {
        let counted = progress.tasks.filter { $0.state != .dropped }
        let stake = counted.reduce(0) { $0 + $1.task.atStake }
        let secured = counted.filter { $0.state == .met }.reduce(0) { $0 + $1.task.atStake }
        func count(_ state: TaskProgress.State) -> Int { progress.tasks.filter { $0.state == state }.count }
        let reachingNow = units.filter {
            PlanProgress.meets(progress.basis.scores[$0.unitID], target: $0.target, set: sets.set(ofUnit: $0.unitID))
                == true
        }.count
        let reachingAfter = units.filter {
            PlanProgress.meets(progress.projected[$0.unitID], target: $0.target, set: sets.set(ofUnit: $0.unitID))
                == true
        }.count
        return [
            Fact("plan", "Plan", .text(plan.name), shownToPeople: false),
            Fact("as_of", "As of", .text(progress.today)),
            Fact("task_count", "Tasks", .integer(tasks.count)), Fact("met", "Met", .integer(count(.met))),
            Fact("done_unconfirmed", "Done, not shown in the evidence yet", .integer(count(.doneUnconfirmed))),
            Fact("open", "Open", .integer(count(.open))), Fact("doing", "Doing", .integer(count(.doing))),
            Fact("dropped", "Dropped", .integer(count(.dropped))),
            Fact("overdue", "Overdue", .integer(progress.tasks.filter(\.overdue).count)),
            Fact("at_stake", "Points to gain", .number(stake)), Fact("secured", "Points secured", .number(secured)),
            Fact("unit_count", "Units", .integer(units.count)),
            Fact("units_meeting_now", "Units meeting the target now", .integer(reachingNow)),
            Fact("units_meeting_projected", "Units meeting it if the open tasks are done", .integer(reachingAfter)),
        ]
    }

    func notes(_ context: CommandContext) throws -> [String] {
        var notes = [
            "A task is met when the unit's current evidence or points reach what it aims at, whatever its status says",
            "Evidence that meets a task counts in the projection before a stage re-assesses the leaf",
            "Projected: the year's current data with every task of the plan not met and not dropped done, for all its units at once (units of one set compete for the same ranks)",
            "Units that met their target when the plan was made are listed only if they have fallen below it since",
        ]
        notes += progress.skipped.map { "Task \($0) no longer applies and is left out of the projection" }
        return notes + (try sets.notes(context))
    }
}

struct PlanStatus: WorkbenchCommand {
    static let configuration = CommandConfiguration(
        commandName: "status",
        abstract: "Each task against the year's current evidence (met, open, overdue) and each unit now and projected.",
        discussion: """
            A task whose evidence or points now reach its target is shown as met, whatever its \
            status says; a task marked done that the evidence does not show yet is said so. \
            Projected: each unit's index, band and rank if the tasks not yet met are done.

            Examples:
              plan status nang-hang-2024
              mode json
              plan status nang-hang-2024
            """)

    @Argument(help: "The plan (optional when there is one).")
    var name: String?

    func run(in context: CommandContext) throws {
        let measure = try PlanMeasure(name, in: context)
        var rows: [[Cell]] = []
        var sections: [TableSection] = []
        for id in measure.unitOrder {
            let own = measure.progress.tasks.filter { $0.task.unitID == id }
            guard !own.isEmpty else { continue }
            sections.append(TableSection(title: "\(measure.names[id] ?? id) (\(id))", count: own.count))
            for item in own {
                let task = item.task
                rows.append(
                    [
                        .integer(Int(task.id)), .text(task.unitID), PlanText.text(measure.names[task.unitID]),
                        .text(task.criterionID), PlanText.text(measure.title(of: task)), .text(task.step),
                    ] + PlanText.inCharge(task, names: measure.names) + [
                        PlanText.text(task.due), .text(task.status.rawValue), PlanText.text(item.valueNow),
                        item.pointsNow.map { .number($0) } ?? .null,
                        .number(task.pointsTarget), .text(PlanMeasure.label(item)), .text(item.state.rawValue),
                        .bool(item.pointsFollow != nil), .bool(item.overdue),
                        task.feedbackID.map { .integer(Int($0)) } ?? .null, PlanText.text(task.note),
                    ])
            }
        }
        let plan = measure.plan
        try context.emit(
            PlanText.scoped(
                Report(
                    title: PlanText.title(of: plan, .status),
                    facts: measure.summaryFacts(),
                    tables: [
                        measure.unitTable(),
                        ReportTable(
                            key: "tasks", title: "Tasks by unit",
                            columns: [
                                Column("id", "No."), Column("unit_id", "Unit id", shownToPeople: false),
                                Column("unit", "Unit", shownToPeople: false), Column("criterion", "Criterion"),
                                Column("title", "Title", shownToScripts: false), Column("step", "Step"),
                            ] + PlanColumns.owner(of: measure.progress.tasks.map(\.task)) + [
                                Column("due", "Due"), Column("status", "Status"), Column("now", "Now"),
                                Column("points_now", "Points now"), Column("points_target", "Points aimed at"),
                                Column("progress_text", "Progress", shownToScripts: false),
                                Column("progress", "Progress", shownToPeople: false),
                                Column("points_follow", "Points follow", shownToPeople: false),
                                Column("overdue", "Overdue"), Column("feedback", "Feedback"), Column("note", "Note"),
                            ], rows: rows, sections: sections, sectionColumn: "unit"),
                    ],
                    notes: try measure.notes(context)),
                plan: plan))
    }
}

struct PlanReport: WorkbenchCommand {
    static let configuration = CommandConfiguration(
        commandName: "report",
        abstract: "The mid-year review: units against their targets, points secured by field, overdue tasks.",
        discussion: "Examples:\n  plan report nang-hang-2024\n  export plan report nang-hang-2024 docx ra-soat.docx")

    @Argument(help: "The plan (optional when there is one).")
    var name: String?

    func run(in context: CommandContext) throws {
        let measure = try PlanMeasure(name, in: context)
        let today = measure.progress.today
        let late = measure.progress.tasks.filter(\.overdue).sorted {
            ($0.task.due ?? "", $0.task.id) < ($1.task.due ?? "", $1.task.id)
        }
        let overdue = late.map { item -> [Cell] in
            let task = item.task
            return [
                .integer(Int(task.id)), .text(task.unitID), PlanText.text(measure.names[task.unitID]),
                .text(task.criterionID), PlanText.text(measure.title(of: task)), .text(task.step),
            ] + PlanText.inCharge(task, names: measure.names) + [
                PlanText.text(task.due), .integer(PlanText.days(from: task.due ?? today, to: today)),
                .text(task.status.rawValue),
            ]
        }
        let plan = measure.plan
        try context.emit(
            PlanText.scoped(
                Report(
                    title: PlanText.title(of: plan, .review),
                    facts: measure.summaryFacts(),
                    tables: [
                        measure.unitTable(),
                        PlanColumns.byField(measure.tasks, sets: measure.sets, progress: measure.progress),
                        ReportTable(
                            key: "overdue_tasks", title: "Overdue tasks",
                            columns: [
                                Column("id", "No."), Column("unit_id", "Unit id"), Column("unit", "Unit"),
                                Column("criterion", "Criterion"), Column("title", "Title", shownToScripts: false),
                                Column("step", "Step"),
                            ] + PlanColumns.owner(of: late.map(\.task)) + [
                                Column("due", "Due"), Column("days_late", "Days late"), Column("status", "Status"),
                            ], rows: overdue),
                    ],
                    notes: try measure.notes(context)),
                plan: plan))
    }
}

struct PlanScenario: WorkbenchCommand {
    static let configuration = CommandConfiguration(
        commandName: "scenario",
        abstract: "Make scenario plan-NAME holding the plan's targets, for 'diff baseline plan-NAME'.",
        discussion: """
            The scenario holds one change per task not met and not dropped (the evidence or \
            points the task aims at), from the baseline. Run again after the plan or the data \
            change: it replaces the scenario it made before.

            Examples:
              plan scenario nang-hang-2024
              diff baseline plan-nang-hang-2024
            """)

    @Argument(help: "The plan (optional when there is one).")
    var name: String?

    @OptionGroup var actor: PlanActorOption

    func run(in context: CommandContext) throws {
        let measure = try PlanMeasure(name, in: context)
        let plan = measure.plan
        let year = try context.evaluation.year()
        guard plan.year == year else {
            throw UserError(
                "Plan '\(plan.name)' is for \(plan.year) and scenarios follow the workspace's year \(year); 'year \(plan.year)' switches"
            )
        }
        let scenario = "plan-\(plan.name)"
        let actorName = actor.name.map(VietnameseText.nfc)
        let existed = try context.evaluation.workspace().scenarios().contains { $0.name == scenario }
        if existed { try context.evaluation.dropScenario(scenario, as: actorName) }
        let overrides = measure.progress.overrides
        try context.evaluation.createScenario(
            scenario, from: Scenario.baseline, overrides: overrides, as: actorName)
        let changes = overrides.count == 1 ? "1 change" : "\(overrides.count) changes"
        // A task met in the evidence whose points have not followed yet is in the scenario too.
        let following = measure.progress.tasks.filter { $0.pointsFollow != nil }.count
        let which =
            following == 0
            ? "the tasks not met and not dropped"
            : "the tasks not met and not dropped, and \(following) met in the evidence whose points follow at the next assessment"
        context.write(
            "\(existed ? "Replaced" : "Made") scenario '\(scenario)' with \(changes) (\(which)); 'diff baseline \(scenario)' shows who moves"
        )
    }
}
