import ArgumentParser
import CCHCCore
import CCHCModuleKit
import Foundation

struct FeedbackResolve: WorkbenchCommand {
    static let configuration = CommandConfiguration(
        commandName: "resolve", abstract: "Close an accepted or escalated item (office only).")
    @Argument(help: "The feedback number.")
    var id: Int64
    @Option(name: .long, help: "How it was resolved.")
    var note: String?
    @OptionGroup var actor: ActorOption
    func run(in context: CommandContext) throws {
        try Transition.run(id, .resolve, to: .resolved, detail: note.map(VietnameseText.nfc), actor: actor, in: context)
    }
}
