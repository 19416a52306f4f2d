import ArgumentParser
import CCHCCore
import CCHCModuleKit

/// `plan show [NAME]`: the plan as made and edited — each unit's target and tasks.
struct PlanShow: WorkbenchCommand {
    static let configuration = CommandConfiguration(
        commandName: "show",
        abstract: "A plan: each unit's target and its tasks (owner, due date, status), and points to gain by field.",
        discussion: "Examples:\n  plan show nang-hang-2024\n  export plan nang-hang-2024 xlsx ke-hoach.xlsx")

    @Argument(help: "The plan (optional when there is one).")
    var name: String?

    func run(in context: CommandContext) throws {
        let store = PlanStore(context: context, actor: context.evaluation.actor)
        let plan = try store.plan(name)
        let units = try store.units(of: plan.name)
        let tasks = try store.tasks(of: plan.name)
        let names = try PlanText.unitNames(context)
        let sets = try PlanSets(context)
        let unitOrder = PlanSets.ordered(units.map(\.unitID), names: names)
        let byUnit = Dictionary(grouping: tasks, by: \.unitID)
        // Units already at their target carry no tasks: counted, not listed ('plan status' watches them).
        let unitRows = unitOrder.compactMap { id -> [Cell]? in
            guard let entry = units.first(where: { $0.unitID == id }), entry.state != .already else { return nil }
            let set = sets.set(ofUnit: id)
            let own = byUnit[id] ?? []
            return [
                .text(id), PlanText.text(names[id]), PlanText.text(set?.id),
                .text(PlanText.target(entry.target, set: set)),
                .text(entry.target), .text(entry.state.rawValue), PlanText.index(entry.indexAtStart),
                PlanText.text(entry.bandAtStart.map { set?.bands.band($0)?.name ?? $0 }),
                PlanText.text(entry.bandAtStart), PlanText.rank(entry.rankAtStart), .integer(own.count),
                .number(own.filter { $0.status != .dropped }.reduce(0) { $0 + $1.atStake }), PlanText.text(entry.note),
                PlanText.text(entry.note),
            ]
        }
        var taskRows: [[Cell]] = []
        var sections: [TableSection] = []
        for id in unitOrder {
            let own = byUnit[id] ?? []
            guard !own.isEmpty else { continue }
            sections.append(TableSection(title: "\(names[id] ?? id) (\(id))", count: own.count))
            for task in own {
                let title = sets.set(task.setID)?.node(task.criterionID)?.title
                taskRows.append(
                    [
                        .integer(Int(task.id)), .text(task.unitID), PlanText.text(names[task.unitID]),
                        .text(task.criterionID),
                        PlanText.text(title),
                        .text(task.step), PlanText.text(task.change?.text), .number(task.atStake),
                    ] + PlanText.inCharge(task, names: names) + [
                        PlanText.text(task.due), .text(task.status.rawValue),
                        task.feedbackID.map { .integer(Int($0)) } ?? .null, PlanText.text(task.note),
                    ])
            }
        }
        let stake = tasks.filter { $0.status != .dropped }.reduce(0) { $0 + $1.atStake }
        try context.emit(
            PlanText.scoped(
                Report(
                    title: PlanText.title(of: plan, .plan),
                    facts: [
                        Fact("plan", "Plan", .text(plan.name), shownToPeople: false),
                        Fact("title", "Title", PlanText.text(plan.title), shownToPeople: false),
                        Fact(
                            "target_name", "Target",
                            .text(
                                PlanText.target(
                                    plan.target ?? "next",
                                    set: PlanText.set(naming: plan.target ?? "", in: Array(sets.sets.values))))),
                        Fact("target", "", PlanText.text(plan.target), shownToPeople: false),
                        Fact("made", "Made", .text(plan.createdAt), shownToScripts: false),
                        Fact("made_by", "Made by", .text(plan.createdBy), shownToScripts: false),
                        Fact("created_by", "", .text(plan.createdBy), shownToPeople: false),
                        Fact("created_at", "", .text(plan.createdAt), shownToPeople: false),
                        Fact("unit_count", "Units", .integer(units.count)),
                        Fact(
                            "units_already", "Already at the target",
                            .integer(units.filter(\.metTargetWhenMade).count)),
                        Fact("task_count", "Tasks", .integer(tasks.count)),
                        Fact("at_stake", "Points to gain", .number(stake)),
                    ],
                    tables: [
                        ReportTable(
                            key: "units", title: "Units and targets", columns: PlanColumns.units, rows: unitRows),
                        ReportTable(
                            key: "tasks", title: "Tasks by unit", columns: PlanColumns.tasks(tasks), rows: taskRows,
                            sections: sections, sectionColumn: "unit"),
                        PlanColumns.byField(tasks, sets: sets, progress: nil),
                    ],
                    notes: try sets.notes(context)),
                plan: plan))
    }
}

/// The sets behind a plan's units, and their notes.
struct PlanSets {
    let sets: [String: CriteriaSet]
    let unitSets: [String: String]

    init(_ context: CommandContext) throws {
        var sets: [String: CriteriaSet] = [:]
        for set in try context.evaluation.allCriteriaSets() { sets[set.id] = set }
        self.sets = sets
        unitSets = Dictionary(
            try context.evaluation.units().map { ($0.id, $0.setID) }, uniquingKeysWith: { first, _ in first })
    }

    func set(_ id: String) -> CriteriaSet? { sets[id] }
    func set(ofUnit id: String) -> CriteriaSet? { unitSets[id].flatMap { sets[$0] } }

    /// Unit ids in Vietnamese order of their names.
    static func ordered(_ ids: [String], names: [String: String]) -> [String] {
        VietnameseText.sorted(ids, by: { names[$0] ?? $0 })
    }

    /// What readers must know: point values are inferred, data may be synthetic.
    func notes(_ context: CommandContext) throws -> [String] {
        var notes: [String] = []
        if let label = try context.evaluation.syntheticLabel() { notes.append(label) }
        notes.append("Points to gain follow the criteria sets as loaded; most point values are inferred, not confirmed")
        return notes
    }
}

/// The columns shared by the plan's reports.
enum PlanColumns {
    /// Who is in charge of `tasks`: the stored owner for scripts (a unit's id when the unit
    /// itself owns it), and for people the unit's name in its place, shown only when some task
    /// has an owner other than its unit (else it repeats the unit the task is listed under).
    static func owner(of tasks: [PlanTask]) -> [Column] {
        [
            Column("owner", "In charge", shownToPeople: false),
            Column(
                "in_charge", "In charge", shownToPeople: tasks.contains { $0.owner != $0.unitID },
                shownToScripts: false),
        ]
    }

    static let units = [
        Column("unit_id", "Unit id"), Column("unit", "Unit"), Column("set", "Set"), Column("target_name", "Target"),
        Column("target", "Target", shownToPeople: false), Column("state", "State"),
        Column("index_at_start", "Index at start %"), Column("band_at_start_name", "Band at start"),
        Column("band_at_start", "Band at start", shownToPeople: false), Column("rank_at_start", "Rank at start"),
        Column("tasks", "Tasks"), Column("at_stake", "Points to gain"),
        // The planner's words on a unit (why it has no task): scripts read them as `note`,
        // documents in the reader's language.
        Column("note", "Note", shownToPeople: false), Column("why", "Note", shownToScripts: false),
    ]

    /// The columns of `tasks` listed under their units.
    static func tasks(_ tasks: [PlanTask]) -> [Column] {
        [
            Column("id", "No."), Column("unit_id", "Unit id", shownToPeople: false),
            Column("unit", "Unit", shownToPeople: false), Column("criterion", "Criterion"),
            Column("title", "Title"), Column("step", "Step"), Column("change", "Change", shownToPeople: false),
            Column("at_stake", "Points to gain"),
        ] + owner(of: tasks) + [
            Column("due", "Due"),
            Column("status", "Status"),
            Column("feedback", "Feedback"), Column("note", "Note"),
        ]
    }

    /// Points to gain by field over the tasks not dropped; with progress, what is secured
    /// (tasks met) and what remains.
    static func byField(_ tasks: [PlanTask], sets: PlanSets, progress: PlanProgress?) -> ReportTable {
        struct Key: Hashable {
            var set: String
            var field: String
        }
        let met = Set(progress?.tasks.filter { $0.state == .met }.map(\.task.id) ?? [])
        var groups: [Key: [PlanTask]] = [:]
        var titles: [Key: String] = [:]
        for task in tasks where task.status != .dropped {
            let field = PlanText.field(of: task.criterionID, in: sets.set(task.setID))
            let key = Key(set: task.setID, field: field?.id ?? task.criterionID)
            groups[key, default: []].append(task)
            titles[key] = field?.title
        }
        let rows = groups.sorted { a, b in
            a.key.set != b.key.set ? a.key.set < b.key.set : CriterionID(a.key.field) < CriterionID(b.key.field)
        }.map { key, group -> [Cell] in
            let stake = group.reduce(0) { $0 + $1.atStake }
            let secured = group.filter { met.contains($0.id) }.reduce(0) { $0 + $1.atStake }
            var row: [Cell] = [
                .text(key.set), .text(key.field), PlanText.text(titles[key]), .integer(group.count), .number(stake),
            ]
            if progress != nil { row += [.number(secured), .number(stake - secured)] }
            return row
        }
        var columns = [
            Column("set", "Set"), Column("field", "Field"), Column("title", "Title"), Column("tasks", "Tasks"),
            Column("at_stake", "Points to gain"),
        ]
        if progress != nil { columns += [Column("secured", "Secured"), Column("remaining", "Remaining")] }
        return ReportTable(key: "by_field", title: "Points to gain by field", columns: columns, rows: rows)
    }
}
