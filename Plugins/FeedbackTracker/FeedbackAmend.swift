import ArgumentParser
import CCHCCore
import CCHCModuleKit
import Foundation

struct FeedbackAmend: WorkbenchCommand {
    static let configuration = CommandConfiguration(
        commandName: "amend",
        abstract: "Turn an accepted item's proposed amendment into a what-if scenario.",
        discussion: "Example:\n  feedback amend 2 --scenario proposal-2\n  diff baseline proposal-2")
    @Argument(help: "The feedback number.")
    var id: Int64
    @Option(name: .long, help: "The name of the new scenario.")
    var scenario: String
    @OptionGroup var actor: ActorOption

    func run(in context: CommandContext) throws {
        let store = actor.store(context)
        let item = try store.item(id)
        guard item.status == .accepted || item.status == .resolved, let text = item.amendment else {
            throw FeedbackError.noAmendment(id)
        }
        guard Values.isPlainID(scenario), scenario != Scenario.baseline else {
            throw UserError("Scenario name '\(scenario)' must be ASCII letters, digits, '-', '_' or '.'")
        }
        if try store.workspace.scenarios().contains(where: { $0.name == scenario }) {
            throw UserError("A scenario named '\(scenario)' already exists")
        }
        let override = try Override.parse(text.split(whereSeparator: \.isWhitespace).map(String.init))
        try context.evaluation.createScenario(
            scenario, from: Scenario.baseline, overrides: [override], as: store.actor)
        try store.recordAmendmentScenario(id, scenario: scenario)
        context.write(
            "Scenario '\(scenario)' holds feedback #\(id)'s amendment '\(text)'; 'diff baseline \(scenario)' shows who moves"
        )
    }
}
