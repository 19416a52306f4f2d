import ArgumentParser
import CCHCCore
import CCHCModuleKit
import Foundation

/// The office's moves: shared by review, reject, resolve.
enum Transition {
    static func run(
        _ id: Int64, _ action: FeedbackAction, to status: FeedbackStatus, detail: String?, actor: ActorOption,
        in context: CommandContext
    ) throws {
        let store = actor.store(context)
        let item = try store.item(id)
        try Roles.check(action, unit: item.unitID, store: store)
        _ = try store.transition(id, action, to: status, detail: detail)
        context.write("Feedback #\(id): \(item.status.label) → \(status.label)")
    }
}
