import ArgumentParser
import CCHCCore
import CCHCModuleKit
import Foundation

struct FeedbackReject: WorkbenchCommand {
    static let configuration = CommandConfiguration(
        commandName: "reject", abstract: "Reject an item under review, with a reason (office only).")
    /// How the history row of a rejection begins, before the reason.
    static let reasonPrefix = "reason: "
    @Argument(help: "The feedback number.")
    var id: Int64
    @Option(name: .long, help: "Why the feedback is rejected (required).")
    var reason: String?
    @OptionGroup var actor: ActorOption

    func run(in context: CommandContext) throws {
        // An item that does not exist is named first: a reason for nothing would not help.
        _ = try actor.store(context).item(id)
        guard let reason, !reason.trimmingWhitespace.isEmpty else { throw FeedbackError.reasonRequired }
        try Transition.run(
            id, .reject, to: .rejected, detail: Self.reasonPrefix + VietnameseText.nfc(reason), actor: actor,
            in: context)
    }
}
