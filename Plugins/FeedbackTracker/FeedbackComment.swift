import ArgumentParser
import CCHCCore
import CCHCModuleKit
import Foundation

struct FeedbackComment: WorkbenchCommand {
    static let configuration = CommandConfiguration(
        commandName: "comment", abstract: "Add a comment to a feedback item, whatever its status.")
    @Argument(help: "The feedback number.")
    var id: Int64
    @Argument(help: "The comment.")
    var text: String
    @OptionGroup var actor: ActorOption

    func run(in context: CommandContext) throws {
        let store = actor.store(context)
        let item = try store.item(id)
        try Roles.check(.comment, unit: item.unitID, store: store)
        try store.comment(id, text: VietnameseText.nfc(text))
        context.write("Commented on feedback #\(id)")
    }
}
