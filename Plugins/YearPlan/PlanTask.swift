import ArgumentParser
import CCHCCore
import CCHCModuleKit

/// `plan task …`: edit a plan's tasks.
struct PlanTaskCommand: WorkbenchCommand {
    static let configuration = CommandConfiguration(
        commandName: "task",
        abstract: "Add, edit, finish or drop a plan's tasks (every change audited with who made it).",
        subcommands: [PlanTaskAdd.self, PlanTaskSet.self, PlanTaskDone.self, PlanTaskDrop.self])

    func run(in context: CommandContext) throws {}
}

/// Checks a feedback number a task cites: it must exist, come from the task's unit and be about
/// the task's criterion (the leaf or a criterion above it) or the scoring method.
private func checkedFeedback(_ id: Int64, unit: String, criterion: String, store: PlanStore) throws -> Int64 {
    guard let item = try store.feedback(id) else {
        throw UserError("There is no feedback #\(id); 'feedback list' shows the items")
    }
    if let from = item.unitID, from != unit {
        throw UserError("Feedback #\(id) comes from \(from), not \(unit); a task cites its own unit's feedback")
    }
    if let about = item.criterionID, about != criterion, !criterion.hasPrefix(about + ".") {
        throw UserError(
            "Feedback #\(id) is about criterion \(about), not \(criterion); a task cites feedback on its own criterion")
    }
    return id
}

/// A task's step on evidence in the words goal-seek's steps use (``GoalSeek/stepText(rule:now:to:)``),
/// else `make KEY VALUE (now X)`.
private func evidenceStep(rule: Rule?, key: String, now: EvidenceValue?, target: EvidenceValue) -> String {
    rule.flatMap { GoalSeek.stepText(rule: $0, now: now, to: target) }
        ?? "make \(key) \(target.display) (now \(now?.display ?? "missing"))"
}

/// A due date typed for a plan of `year`: in that year or the next.
/// - Throws: ``UserError`` for a date that is not one, or one outside those years.
private func checkedDue(_ text: String, year: Int) throws -> String {
    let date = try PlanText.date(text)
    guard let due = Int(date.prefix(4)), due == year || due == year + 1 else {
        throw UserError("Due date '\(text)' is outside the plan's year \(year) (and the next)")
    }
    return date
}

struct PlanTaskAdd: WorkbenchCommand {
    static let configuration = CommandConfiguration(
        commandName: "add",
        abstract: "Add a task to a plan: a unit's criterion, what must change, owner and due date.",
        discussion: """
            The change is an evidence value (--evidence KEY=VALUE) or the criterion's points \
            (--points N); without either the task aims at the criterion's maximum. The points to \
            gain are what the change gains on the year's current data.

            Examples:
              plan task add nang-hang-2024 --unit tu-ha --criterion 3.2.1 --evidence dossiers.software_entry_rate=95
              plan task add nang-hang-2024 --unit tu-ha --criterion 1.4 --owner "Văn phòng" --due 15/09/2024
              plan task add nang-hang-2024 --unit huong-van --criterion 3.2.4 --feedback 2
            """)

    @Argument(help: "The plan.")
    var plan: String

    @Option(name: .long, help: "The unit (id or name).")
    var unit: String

    @Option(name: .long, help: "The leaf criterion to improve.")
    var criterion: String

    @Option(name: .long, help: "The evidence value to reach, KEY=VALUE.")
    var evidence: String?

    @Option(name: .long, help: "Or the points to reach on the criterion.")
    var points: String?

    @Option(name: .long, help: "Who owns the task (default: the unit).")
    var owner: String?

    @Option(name: .long, help: "Due date, yyyy-mm-dd or dd/mm/yyyy (default: the set's self-assessment deadline).")
    var due: String?

    @Option(name: .long, help: "A feedback item (number) the task depends on.")
    var feedback: Int64?

    @Option(name: .long, help: "A note.")
    var note: String?

    @OptionGroup var actor: PlanActorOption

    func run(in context: CommandContext) throws {
        guard evidence == nil || points == nil else { throw UserError("Give --evidence or --points, not both") }
        let store = actor.store(context)
        let plan = try store.plan(self.plan)
        let unit = try UnitMatcher.match(self.unit, in: context.evaluation.units())
        let basis = try PlanBasis(context: context, year: plan.year, holding: [unit.id])
        guard let set = basis.world.sets[unit.setID], let score = basis.scores[unit.id] else {
            throw UserError("Unit '\(unit.id)' has no score in \(plan.year)")
        }
        guard let leaf = score.leaves.first(where: { $0.node.id == criterion }) else {
            let hint = Suggestions.hint(for: criterion, in: set.leaves.map(\.id))
            let what = set.node(criterion) == nil ? "Unknown criterion" : "Criterion '\(criterion)' is not a leaf;"
            throw UserError(
                set.node(criterion) == nil
                    ? "\(what) '\(criterion)' in set '\(set.id)'\(hint)"
                    : "\(what) a task improves one leaf below it")
        }
        if leaf.points + Scoring.tolerance >= leaf.node.maxPoints, leaf.isApplicable {
            throw UserError(
                "\(unit.id) already has the maximum \(Format.fixed(leaf.node.maxPoints)) on \(criterion): a task raises a criterion that lost points; 'gaps \(unit.id)' lists them"
            )
        }
        var change: Override?
        var step: String
        if let evidence {
            let parts = evidence.split(separator: "=", maxSplits: 1).map { String($0).trimmingWhitespace }
            guard parts.count == 2, !parts[0].isEmpty, !parts[1].isEmpty else {
                throw UserError("--evidence '\(evidence)' must be KEY=VALUE, e.g. dossiers.on_time_rate=98")
            }
            // The leaf's points follow the key its rule reads; another key cannot raise them.
            guard let key = leaf.node.rule?.evidenceKey else {
                throw UserError(
                    "\(criterion) is scored by hand, not from evidence: give the points to reach with --points N")
            }
            if parts[0] != key {
                throw UserError(
                    "\(criterion)'s rule reads \(key), not \(parts[0]): --evidence \(key)=VALUE")
            }
            let typed = try Override.parse(["set", unit.id, "evidence", parts[0], parts[1]])
            change = typed
            let now = basis.world.dataset.record(for: unit.id).evidence[key]?.value
            guard case .evidence(_, _, let target) = typed else { throw UserError("--evidence needs KEY=VALUE") }
            step = evidenceStep(rule: leaf.node.rule, key: key, now: now, target: target)
        } else if let points {
            change = try Override.parse(["set", unit.id, criterion, points])
            step = ""  // below, from the points the change gives
        } else {
            step =
                "bring \(criterion) to its maximum \(Format.fixed(leaf.node.maxPoints)) (now \(Format.fixed(leaf.points)))"
        }
        var world = basis.world
        let applied =
            change ?? .points(unit: unit.id, criterion: criterion, value: .points(leaf.node.maxPoints))
        try world.apply(applied, scenario: "plan")
        let after = Scoring.score(unit, record: world.dataset.record(for: unit.id), set: world.sets[unit.setID] ?? set)
        let target = after.leaves.first { $0.node.id == criterion }?.points ?? leaf.points
        if points != nil {
            step = "raise the points of \(criterion) from \(Format.fixed(leaf.points)) to \(Format.fixed(target))"
        }
        if target + Scoring.tolerance < leaf.points {
            throw UserError(
                "That change would lower \(criterion) from \(Format.fixed(leaf.points)) to \(Format.fixed(target)) points; a task raises its criterion"
            )
        }
        if let open = try store.tasks(of: plan.name).first(where: {
            $0.unitID == unit.id && $0.criterionID == criterion && $0.status != .dropped
        }) {
            throw UserError(
                "Task #\(open.id) already covers \(unit.id) \(criterion) in plan '\(plan.name)'; 'plan task set \(open.id)' changes it"
            )
        }
        let task = PlanTask(
            id: 0, plan: plan.name, unitID: unit.id, setID: set.id, criterionID: criterion, change: change,
            step: step, pointsBefore: leaf.points, pointsTarget: target, maxPoints: leaf.node.maxPoints,
            owner: owner.map(VietnameseText.nfc) ?? unit.id,
            due: try due.map { try checkedDue($0, year: plan.year) } ?? basis.defaultDue(setID: set.id), status: .open,
            feedbackID: try feedback.map { try checkedFeedback($0, unit: unit.id, criterion: criterion, store: store) },
            note: note.map(VietnameseText.nfc), createdBy: store.actor,
            createdAt: context.evaluation.author(store.actor).timestamp, updatedAt: nil)
        let id = try store.add(
            task,
            joining: PlanUnit(
                unitID: unit.id, target: plan.target ?? "next", state: .planned, indexAtStart: score.indexPct,
                bandAtStart: score.band?.code, rankAtStart: score.rank, note: nil))
        let gain = task.atStake
        let stake =
            gain > Scoring.tolerance
            ? "\(Format.fixed(gain)) points to gain"
            : "it gains no points on today's data: \(criterion) is at \(Format.fixed(leaf.points)) of \(Format.fixed(leaf.node.maxPoints))"
        context.write("Added task #\(id) to plan '\(plan.name)': \(unit.id) \(criterion), \(step) (\(stake))")
    }
}

struct PlanTaskSet: WorkbenchCommand {
    static let configuration = CommandConfiguration(
        commandName: "set",
        abstract: "Change a task's owner, due date, status, feedback or note.",
        discussion: """
            Examples:
              plan task set 3 --owner "Nguyễn Văn An" --due 2024-09-15
              plan task set 3 --status doing
              plan task set 3 --feedback 2
              plan task set 3 --feedback none
            """)

    @Argument(help: "The task's number.")
    var id: Int64

    @Option(name: .long, help: "Who owns the task.")
    var owner: String?

    @Option(name: .long, help: "Due date, yyyy-mm-dd or dd/mm/yyyy.")
    var due: String?

    @Option(name: .long, help: "open, doing, done or dropped.")
    var status: String?

    @Option(name: .long, help: "A feedback item (number) the task depends on, or none.")
    var feedback: String?

    @Option(name: .long, help: "A note (empty to clear).")
    var note: String?

    @OptionGroup var actor: PlanActorOption

    func run(in context: CommandContext) throws {
        let store = actor.store(context)
        let task = try store.task(id)
        var edits: [PlanStore.Edit] = []
        if let owner {
            let owner = VietnameseText.nfc(owner.trimmingWhitespace)
            guard !owner.isEmpty else { throw UserError("The owner is empty") }
            edits.append(.init(column: "owner", field: "owner", value: owner, before: task.owner, after: owner))
        }
        if let due {
            let date = try checkedDue(due, year: try store.plan(task.plan).year)
            edits.append(.init(column: "due", field: "due", value: date, before: task.due ?? "", after: date))
        }
        if let status {
            guard let value = TaskStatus(rawValue: status.lowercased()) else {
                let names = TaskStatus.allCases.map(\.rawValue)
                throw UserError(
                    "Unknown status '\(status)'\(Suggestions.hint(for: status, in: names, otherwise: "; expected \(names.joined(separator: ", "))"))"
                )
            }
            edits.append(
                .init(
                    column: "status", field: "status", value: value.rawValue, before: task.status.rawValue,
                    after: value.rawValue))
        }
        if let feedback {
            let value: Int64?
            if feedback.lowercased() == "none" {
                value = nil
            } else {
                guard let number = Int64(feedback.hasPrefix("#") ? String(feedback.dropFirst()) : feedback) else {
                    throw UserError("--feedback '\(feedback)' must be a feedback number or none")
                }
                value = try checkedFeedback(number, unit: task.unitID, criterion: task.criterionID, store: store)
            }
            edits.append(
                .init(
                    column: "feedback_id", field: "feedback", value: value,
                    before: task.feedbackID.map { "#\($0)" } ?? "", after: value.map { "#\($0)" } ?? ""))
        }
        if let note {
            let text = VietnameseText.nfc(note.trimmingWhitespace)
            edits.append(
                .init(
                    column: "note", field: "note", value: text.isEmpty ? nil : text, before: task.note ?? "",
                    after: text))
        }
        guard !edits.isEmpty else {
            throw UserError("Say what to change: --owner, --due, --status, --feedback or --note")
        }
        try store.update(task, edits)
        context.write(
            "Task #\(task.id) (\(task.unitID) \(task.criterionID)): "
                + edits.map {
                    "\($0.field) \($0.before.isEmpty ? "—" : $0.before) → \($0.after.isEmpty ? "—" : $0.after)"
                }
                .joined(separator: ", "))
    }
}

/// `plan task done|drop ID`: a status change with an optional note.
private func changeStatus(
    _ id: Int64, to status: TaskStatus, note: String?, actor: PlanActorOption, context: CommandContext
) throws {
    let store = actor.store(context)
    let task = try store.task(id)
    guard task.status != status else {
        context.write("Task #\(task.id) is already \(status.rawValue)")
        return
    }
    var edits = [
        PlanStore.Edit(
            column: "status", field: "status", value: status.rawValue, before: task.status.rawValue,
            after: status.rawValue)
    ]
    if let note = note.map({ VietnameseText.nfc($0.trimmingWhitespace) }), !note.isEmpty {
        edits.append(.init(column: "note", field: "note", value: note, before: task.note ?? "", after: note))
    }
    try store.update(task, edits)
    context.write("Task #\(task.id) (\(task.unitID) \(task.criterionID)) is \(status.rawValue)")
}

struct PlanTaskDone: WorkbenchCommand {
    static let configuration = CommandConfiguration(
        commandName: "done",
        abstract: "Mark a task done ('plan status' says whether the evidence shows it).",
        discussion: "Examples:\n  plan task done 3\n  plan task done 3 --note \"Đã cập nhật phần mềm một cửa\"")

    @Argument(help: "The task's number.")
    var id: Int64

    @Option(name: .long, help: "A note.")
    var note: String?

    @OptionGroup var actor: PlanActorOption

    func run(in context: CommandContext) throws {
        try changeStatus(id, to: .done, note: note, actor: actor, context: context)
    }
}

struct PlanTaskDrop: WorkbenchCommand {
    static let configuration = CommandConfiguration(
        commandName: "drop",
        abstract: "Drop a task (kept, shown as dropped, out of the projection).",
        discussion: "Examples:\n  plan task drop 4 --reason \"Tiêu chí đã kiến nghị điều chỉnh\"")

    @Argument(help: "The task's number.")
    var id: Int64

    @Option(name: .long, help: "Why it is dropped.")
    var reason: String?

    @OptionGroup var actor: PlanActorOption

    func run(in context: CommandContext) throws {
        try changeStatus(id, to: .dropped, note: reason, actor: actor, context: context)
    }
}
