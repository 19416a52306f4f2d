import ArgumentParser
import CCHCCore
import CCHCModuleKit
import Foundation

struct FeedbackAdd: WorkbenchCommand {
    static let configuration = CommandConfiguration(
        commandName: "add",
        abstract: "Record a unit's feedback on a criterion or on the scoring method.",
        discussion: """
            The item is tied to the criteria set the unit is evaluated against (its id, version \
            and content hash), with who recorded it and when.

            Examples:
              feedback add --unit huong-van --criterion 3.2.4 "Không có hồ sơ quá hạn vẫn bị trừ điểm"
              feedback add --unit p-tuphap --method "Cách tính điểm khảo sát" "…" --proposal "…"
            """)

    @Option(name: .long, help: "The unit (id or name) the feedback comes from.")
    var unit: String

    @Option(name: .long, help: "The criterion id the feedback is about.")
    var criterion: String?

    @Option(name: .long, help: "Or: the scoring method the feedback is about, in words.")
    var method: String?

    @Argument(help: "What is unreasonable, in the unit's words.")
    var text: String

    @Option(name: .long, help: "The change the unit proposes.")
    var proposal: String?

    @OptionGroup var actor: ActorOption

    func run(in context: CommandContext) throws {
        guard (criterion == nil) != (method == nil) else { throw FeedbackError.needsSubject }
        let store = actor.store(context)
        let unit = try UnitMatcher.match(self.unit, in: try context.evaluation.units())
        try Roles.check(.submit, unit: unit.id, store: store)
        let set = try context.evaluation.criteriaSet(unit.setID)
        if let criterion, set.node(criterion) == nil {
            let hint =
                Suggestions.hint(for: criterion, in: set.allNodes.map(\.id))
            throw UserError("Unknown criterion '\(criterion)' in set '\(set.id)'\(hint)")
        }
        guard !text.trimmingWhitespace.isEmpty else { throw UserError("The feedback text is empty") }
        let id = try store.add(
            FeedbackItem(
                id: 0, unitID: unit.id, setID: set.id, setVersion: set.version, setHash: set.contentHash,
                criterionID: criterion, method: method, text: VietnameseText.nfc(text),
                proposal: proposal.map(VietnameseText.nfc), status: .submitted, actor: store.actor,
                createdAt: context.evaluation.author().timestamp, year: try context.evaluation.year()))
        context.write(
            "Recorded feedback #\(id) from \(unit.id) on \(criterion.map { id in set.node(id).map { "\(id) '\($0.title)'" } ?? id } ?? "the method") (set '\(set.id)' \(set.version), sha256 \(set.contentHash.prefix(12)))"
        )
    }
}
