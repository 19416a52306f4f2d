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
        for plan in try store.plans() {
            let tasks = try store.tasks(of: plan.name)
            let units = try store.units(of: plan.name)
            rows.append([
                .text(plan.name), .integer(plan.year), .text(PlanText.target(plan.target ?? "next", set: nil)),
                PlanText.text(plan.target), .integer(units.count), .integer(tasks.count),
                .integer(tasks.filter { $0.status == .done }.count), .text(plan.createdBy), .text(plan.createdAt),
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
                        ], rows: rows)
                ],
                notes: rows.isEmpty ? ["No plan yet; 'plan new NAME --target tot' makes one"] : []))
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
