import ArgumentParser
import CCHCCore
import CCHCModuleKit

extension WorkbenchModule {
    /// The yearly plan to raise the ranking (kế hoạch nâng hạng): targets and tasks built from the
    /// goal-seek, owned, dated and tracked against the year's evidence.
    public static let plan = WorkbenchModule(
        id: "plan",
        summary: "The yearly plan to raise the ranking: targets and tasks from the goal-seek, tracked through the year"
    ) { registrar in
        registrar.add(command: PlanCommand.self)
        registrar.add(migration: PlanSchema.migrationID, PlanSchema.migrate)
        registrar.add(migration: PlanSchema.titleMigrationID, PlanSchema.addTitles)
    }
}
