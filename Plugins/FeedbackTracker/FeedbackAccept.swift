import ArgumentParser
import CCHCCore
import CCHCModuleKit
import Foundation

struct FeedbackAccept: WorkbenchCommand {
    static let configuration = CommandConfiguration(
        commandName: "accept",
        abstract: "Accept an item under review (office only), with a proposed amendment of a town-owned criterion.",
        discussion:
            "Examples:\n  feedback accept 2\n  feedback accept 2 --amend \"3.3.2 max 3\"\n  feedback accept 2 --amend \"3.3.2 threshold 90=2,70=1\""
    )
    @Argument(help: "The feedback number.")
    var id: Int64
    @Option(name: .long, help: "A proposed amendment: CRITERION max N | CRITERION threshold … | CRITERION rule ….")
    var amend: String?
    @OptionGroup var actor: ActorOption

    func run(in context: CommandContext) throws {
        let store = actor.store(context)
        let item = try store.item(id)
        var amendment: String?
        if let amend {
            let set = try context.evaluation.criteriaSet(item.setID)
            guard set.owner == "town" else { throw FeedbackError.amendmentNeedsTown(set: set.id, owner: set.owner) }
            let words = amend.split(whereSeparator: \.isWhitespace).map(String.init)
            guard let criterion = words.first else { throw UserError("The amendment is empty") }
            let override = try Override.parse(["amend", "\(set.id):\(criterion)"] + words.dropFirst())
            var world = try context.evaluation.world(Scenario.baseline)
            try world.apply(override, scenario: "check")
            amendment = override.text
        }
        try Roles.check(.accept, unit: item.unitID, store: store)
        _ = try store.transition(
            id, .accept, to: .accepted, detail: amendment.map { "amendment: \($0)" }, set: ["amendment": amendment])
        context.write(
            "Feedback #\(id): \(item.status.label) → accepted" + (amendment.map { " with the amendment '\($0)'" } ?? "")
        )
    }
}
