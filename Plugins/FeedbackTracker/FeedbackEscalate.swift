import ArgumentParser
import CCHCCore
import CCHCModuleKit
import Foundation

struct FeedbackEscalate: WorkbenchCommand {
    static let configuration = CommandConfiguration(
        commandName: "escalate",
        abstract: "Forward feedback on a province-owned criterion to the Sở Nội vụ (office only).")
    @Argument(help: "The feedback number.")
    var id: Int64
    @Option(name: .long, help: "The addressee.")
    var to: String = "Sở Nội vụ"
    @OptionGroup var actor: ActorOption

    func run(in context: CommandContext) throws {
        let store = actor.store(context)
        let item = try store.item(id)
        let set = try context.evaluation.criteriaSet(item.setID)
        guard set.owner == "province" else {
            throw FeedbackError.escalationNeedsProvince(criterion: item.subject, set: set.id, owner: set.owner)
        }
        try Roles.check(.escalate, unit: item.unitID, store: store)
        let addressee = VietnameseText.nfc(to)
        _ = try store.transition(
            id, .escalate, to: .escalated, detail: "to \(addressee)", set: ["addressee": addressee])
        context.write("Feedback #\(id): \(item.status.label) → escalated to \(addressee)")
    }
}
