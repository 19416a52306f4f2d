import ArgumentParser
import CCHCCore
import CCHCModuleKit
import Foundation

struct FeedbackShow: WorkbenchCommand {
    static let configuration = CommandConfiguration(
        commandName: "show", abstract: "Show one feedback item with its whole history.")

    @Argument(help: "The feedback number.")
    var id: Int64

    func run(in context: CommandContext) throws {
        let store = FeedbackStore(context: context, actor: context.evaluation.actor)
        let item = try store.item(id)
        let names = try FeedbackCells.unitNames(context)
        // People read phrases; scripts read each field typed (null when it does not apply).
        func pair(_ columns: [Column], _ cells: [Cell]) -> [Fact] {
            zip(columns, cells).map {
                Fact($0.key, $0.header, $1, shownToPeople: $0.isShownToPeople, shownToScripts: $0.isShownToScripts)
            }
        }
        func optional(_ key: String, _ label: String, _ value: String?) -> Fact {
            Fact(key, label, value.map(Cell.text) ?? .null, shownToPeople: value != nil)
        }
        var facts =
            [Fact("id", "Feedback", .integer(Int(item.id)))] + pair(FeedbackCells.status, FeedbackCells.status(item))
            + pair(FeedbackCells.unit, FeedbackCells.unit(item, names: names)) + [
                Fact(
                    "set_text", "Set",
                    .text("\(item.setID) \(item.setVersion ?? "") (sha256 \(item.setHash?.prefix(12) ?? "—"))"),
                    shownToScripts: false),
                Fact("set", "Set", .text(item.setID), shownToPeople: false),
                Fact("set_version", "Set version", item.setVersion.map(Cell.text) ?? .null, shownToPeople: false),
                Fact("set_sha256", "Set SHA-256", item.setHash.map(Cell.text) ?? .null, shownToPeople: false),
            ] + pair(FeedbackCells.subject, FeedbackCells.subject(item)) + [Fact("text", "Text", .text(item.text))]
        facts.append(optional("proposal", "Proposal", item.proposal))
        facts.append(optional("amendment", "Amendment", item.amendment))
        facts.append(optional("addressee", "Escalated to", item.addressee))
        // When in Vietnam's time, as the screen shows times (scripts read created_at, UTC).
        let when = Cell.localTime(item.createdAt) ?? item.createdAt
        facts.append(Fact("recorded", "Recorded", .text("\(when) by \(item.actor)"), shownToScripts: false))
        facts.append(Fact("created_at", "Recorded at", .text(item.createdAt), shownToPeople: false))
        facts.append(Fact("actor", "Recorded by", .text(item.actor), shownToPeople: false))
        let allowed = item.status.next.map { "\($0.action.rawValue) → \($0.to.label)" }
        facts.append(
            Fact(
                "next", "Next", .text(allowed.isEmpty ? "closed" : allowed.joined(separator: ", ")),
                shownToScripts: false))
        try context.emit(
            Report(
                facts: facts,
                tables: [
                    ReportTable(
                        key: "history",
                        columns: [
                            Column("at", "At"), Column("actor", "By"), Column("action", "Action"),
                            Column("detail", "Detail"),
                        ],
                        rows: try store.events(id).map { event in
                            [
                                .text(event.at), .text(event.actor), .text(event.action),
                                event.detail.map { .text($0) } ?? .null,
                            ]
                        })
                ]))
    }
}
