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
        var facts = [
            Fact("id", "Feedback", .text("#\(item.id)")), Fact("status", "Status", .text(item.status.label)),
            Fact("unit_id", "Unit", .text(item.unitID ?? "—")),
            Fact(
                "set", "Set",
                .text("\(item.setID) \(item.setVersion ?? "") (sha256 \(item.setHash?.prefix(12) ?? "—"))")),
            Fact("subject", "About", .text(item.subject)), Fact("text", "Text", .text(item.text)),
        ]
        if let proposal = item.proposal { facts.append(Fact("proposal", "Proposal", .text(proposal))) }
        if let amendment = item.amendment { facts.append(Fact("amendment", "Amendment", .text(amendment))) }
        if let addressee = item.addressee { facts.append(Fact("addressee", "Escalated to", .text(addressee))) }
        facts.append(Fact("recorded", "Recorded", .text("\(item.createdAt) by \(item.actor)")))
        let allowed = item.status.next.map { "\($0.action.rawValue) → \($0.to.label)" }
        facts.append(Fact("next", "Next", .text(allowed.isEmpty ? "closed" : allowed.joined(separator: ", "))))
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
