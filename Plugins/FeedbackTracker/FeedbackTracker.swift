import ArgumentParser
import CCHCCore
import CCHCModuleKit

extension WorkbenchModule {
    /// Units' feedback on unreasonable criteria, reviewed by the Internal Affairs Office.
    public static let feedback = WorkbenchModule(
        id: "feedback",
        summary:
            "Feedback on criteria from units, reviewed by the Internal Affairs Office and escalated to the Sở Nội vụ"
    ) { registrar in
        registrar.add(command: FeedbackCommand.self)
        registrar.add(migration: FeedbackSchema.migrationID, FeedbackSchema.migrate)
    }
}
