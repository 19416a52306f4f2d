import ArgumentParser
import CCHCCore
import CCHCModuleKit
import Foundation

struct FeedbackList: WorkbenchCommand {
    static let configuration = CommandConfiguration(
        commandName: "list",
        abstract: "List feedback, filtered by status, unit, criterion, set, field, text or date.",
        discussion:
            "Examples:\n  feedback\n  feedback list --status under_review\n  feedback list --text \"xin loi\" --set commune"
    )

    @Option(name: .long, help: "submitted, under_review, accepted, rejected, escalated or resolved.")
    var status: String?
    @Option(name: .long, help: "A unit id or name.")
    var unit: String?
    @Option(name: .long, help: "A criterion id.")
    var criterion: String?
    @Option(name: .long, help: "A criteria set id.")
    var set: String?
    @Option(name: .long, help: "A field (top-level criterion) id, e.g. 3.")
    var field: String?
    @Option(name: .long, help: "Words in the text or proposal (case and diacritics ignored).")
    var text: String?
    @Option(name: .long, help: "Recorded on or after this day (YYYY-MM-DD).")
    var since: String?

    func run(in context: CommandContext) throws {
        var items = try FeedbackStore(context: context, actor: context.evaluation.actor).items()
        if let status {
            guard let value = FeedbackStatus(rawValue: status) else {
                throw UserError(
                    "Unknown status '\(status)'; expected \(FeedbackStatus.allCases.map(\.rawValue).joined(separator: ", "))"
                )
            }
            items = items.filter { $0.status == value }
        }
        if let unit {
            let id = try UnitMatcher.match(unit, in: try context.evaluation.units()).id
            items = items.filter { $0.unitID == id }
        }
        if let criterion { items = items.filter { $0.criterionID == criterion } }
        if let set { items = items.filter { $0.setID == set } }
        if let field {
            items = items.filter { $0.criterionID == field || ($0.criterionID ?? "").hasPrefix(field + ".") }
        }
        if let text {
            let key = VietnameseText.fold(text)
            items = items.filter { item in
                [item.text, item.proposal ?? "", item.method ?? ""].contains { VietnameseText.fold($0).contains(key) }
            }
        }
        if let since { items = items.filter { $0.createdAt >= since } }
        let names = try FeedbackCells.unitNames(context)
        try context.emit(
            Report(
                tables: [
                    ReportTable(
                        key: "feedback",
                        columns: [
                            Column("id", "No.")
                        ] + FeedbackCells.status + FeedbackCells.unit + [Column("set", "Set")] + FeedbackCells.subject
                            + FeedbackCells.text + [Column("actor", "By"), Column("created_at", "Recorded")],
                        rows: items.map { item in
                            [.integer(Int(item.id))] + FeedbackCells.status(item)
                                + FeedbackCells.unit(item, names: names) + [.text(item.setID)]
                                + FeedbackCells.subject(item) + [
                                    .text(FeedbackCells.line(item.text)), .text(item.text), .text(item.actor),
                                    .text(item.createdAt),
                                ]
                        },
                        // Without a filter nothing has been recorded: "matches" would read as a search.
                        whenEmpty: [status, unit, criterion, set, field, text, since].allSatisfy { $0 == nil }
                            ? "No feedback yet; 'feedback add --unit U --criterion ID TEXT' records a unit's"
                            : "No feedback matches.")
                ]))
    }
}
