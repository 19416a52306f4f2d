import ArgumentParser
import CCHCCore
import CCHCModuleKit

struct PlanList: WorkbenchCommand {
    static let configuration = CommandConfiguration(
        commandName: "list",
        abstract: "The plans, with their year, target, units, tasks and how many tasks are marked done.")

    func run(in context: CommandContext) throws {
        let store = PlanStore(context: context, actor: context.evaluation.actor)
        var rows: [[Cell]] = []
        let plans = try store.plans()
        // A band by its name (`band Tốt`), as 'plan show' says it.
        let sets = (try? context.evaluation.allCriteriaSets()) ?? []
        for plan in plans {
            let tasks = try store.tasks(of: plan.name)
            let units = try store.units(of: plan.name)
            rows.append([
                .text(plan.name), .integer(plan.year),
                .text(PlanText.target(plan.target ?? "next", set: PlanText.set(naming: plan.target ?? "", in: sets))),
                PlanText.text(plan.target), .integer(units.count), .integer(tasks.count),
                .integer(tasks.filter { $0.status == .done }.count), .text(plan.createdBy), .text(plan.createdAt),
                PlanText.text(plan.title),
            ])
        }
        try context.emit(
            Report(
                title: "Plans",
                tables: [
                    ReportTable(
                        key: "plans",
                        columns: [
                            Column("name", "Plan"), Column("year", "Year"),
                            Column("target_name", "Target"),
                            Column("target", "Target", shownToPeople: false), Column("units", "Units"),
                            Column("tasks", "Tasks"), Column("done", "Done"), Column("created_by", "Made by"),
                            Column("created_at", "Made"),
                            Column("title", "Title", shownToPeople: plans.contains { $0.title != nil }),
                        ], rows: rows, whenEmpty: "No plan yet; 'plan new NAME --target tot' makes one")
                ]))
    }
}

struct PlanTitle: WorkbenchCommand {
    static let configuration = CommandConfiguration(
        commandName: "title",
        abstract: "Give a plan the title its documents carry ('' for none: its name and year).",
        discussion: """
            Examples:
              plan title nang-hang-2024 "Kế hoạch nâng cao Chỉ số cải cách hành chính năm 2024"
              plan title nang-hang-2024 ""
            """)

    @Argument(help: "The plan.")
    var name: String

    @Argument(help: "The title, in quotes; '' removes it.")
    var title: String

    @OptionGroup var actor: PlanActorOption

    func run(in context: CommandContext) throws {
        let store = actor.store(context)
        let plan = try store.plan(name)
        let title = PlanText.title(title)
        guard title != plan.title else {
            context.write("Plan '\(plan.name)' already has \(title.map { "the title '\($0)'" } ?? "no title")")
            return
        }
        try store.retitle(plan, to: title)
        context.write(
            title.map { "Plan '\(plan.name)' is titled '\($0)'" }
                ?? "Plan '\(plan.name)' has no title now; its documents name it '\(plan.name)', \(plan.year)")
    }
}

struct PlanDrop: WorkbenchCommand {
    static let configuration = CommandConfiguration(
        commandName: "drop", abstract: "Remove a plan with its tasks (the audit log keeps the history).")

    @Argument(help: "The plan.")
    var name: String

    @OptionGroup var actor: PlanActorOption

    func run(in context: CommandContext) throws {
        let store = actor.store(context)
        let plan = try store.plan(name)
        try store.drop(plan)
        let scenario = "plan-\(plan.name)"
        let kept =
            try context.evaluation.workspace().scenarios().contains { $0.name == scenario }
            ? "; scenario '\(scenario)' is kept ('scenario drop \(scenario)' removes it)" : ""
        context.write("Dropped plan '\(plan.name)'\(kept)")
    }
}
