import ArgumentParser
import CCHCCore
import CCHCModuleKit
import Foundation

struct FeedbackReview: WorkbenchCommand {
    static let configuration = CommandConfiguration(
        commandName: "review", abstract: "Take a submitted item under review (office only).")
    @Argument(help: "The feedback number.")
    var id: Int64
    @OptionGroup var actor: ActorOption
    func run(in context: CommandContext) throws {
        try Transition.run(id, .review, to: .underReview, detail: nil, actor: actor, in: context)
    }
}
