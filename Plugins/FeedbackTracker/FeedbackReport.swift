import ArgumentParser
import CCHCCore
import CCHCModuleKit
import Foundation

struct FeedbackReport: WorkbenchCommand {
    static let configuration = CommandConfiguration(
        commandName: "report",
        abstract: "The summary the office writes up: by status, by criterion, by unit, escalations pending.",
        discussion: "Examples:\n  feedback report\n  feedback report --year 2024\n  mode markdown\n  feedback report")
    @Option(name: .long, help: "Only feedback of this evaluation year.")
    var year: Int?

    func run(in context: CommandContext) throws {
        var items = try FeedbackStore(context: context, actor: context.evaluation.actor).items()
        if let year { items = items.filter { $0.year == year } }
        let open: Set<FeedbackStatus> = [.submitted, .underReview, .accepted, .escalated]
        let statuses = FeedbackStatus.allCases.map { status in
            [Cell.text(status.label), .integer(items.filter { $0.status == status }.count)]
        }
        /// What feedback is about: a criterion (or the method) of a set.
        struct Subject: Hashable {
            var setID: String
            var subject: String
        }
        var byCriterion: [Subject: [FeedbackItem]] = [:]
        for item in items { byCriterion[Subject(setID: item.setID, subject: item.subject), default: []].append(item) }
        let criteria = byCriterion.sorted { a, b in
            if a.value.count != b.value.count { return a.value.count > b.value.count }
            if a.key.setID != b.key.setID { return a.key.setID < b.key.setID }
            return CriterionID(a.key.subject) < CriterionID(b.key.subject)
        }.map { key, group -> [Cell] in
            let title =
                group.first?.criterionID.flatMap { try? context.evaluation.criteriaSet(key.setID).node($0)?.title }
                ?? "—"
            return [
                .text(key.setID), .text(key.subject), .text(title), .integer(group.count),
                .integer(group.filter { open.contains($0.status) }.count),
            ]
        }
        var byUnit: [String: [FeedbackItem]] = [:]
        for item in items { byUnit[item.unitID ?? "—", default: []].append(item) }
        let units = byUnit.sorted { a, b in
            a.value.count != b.value.count ? a.value.count > b.value.count : a.key < b.key
        }
        .map { key, group -> [Cell] in
            [.text(key), .integer(group.count), .integer(group.filter { open.contains($0.status) }.count)]
        }
        let pending = items.filter { $0.status == .escalated }.map { item -> [Cell] in
            [
                .integer(Int(item.id)), .text(item.unitID ?? "—"), .text(item.subject), .text(item.addressee ?? "—"),
                .text(item.updatedAt ?? item.createdAt),
            ]
        }
        try context.emit(
            Report(
                title: "Feedback report" + (year.map { ", \($0)" } ?? ""),
                facts: [
                    Fact("total", "Items", .integer(items.count)),
                    Fact("open", "Open", .integer(items.filter { open.contains($0.status) }.count)),
                ],
                tables: [
                    ReportTable(
                        key: "by_status", title: "By status",
                        columns: [Column("status", "Status"), Column("count", "Items")], rows: statuses),
                    ReportTable(
                        key: "by_criterion", title: "By criterion, most contested first",
                        columns: [
                            Column("set", "Set"), Column("criterion", "About"), Column("title", "Title"),
                            Column("count", "Items"), Column("open", "Open"),
                        ],
                        rows: criteria),
                    ReportTable(
                        key: "by_unit", title: "By unit",
                        columns: [Column("unit_id", "Unit"), Column("count", "Items"), Column("open", "Open")],
                        rows: units),
                    ReportTable(
                        key: "escalations_pending", title: "Escalations pending",
                        columns: [
                            Column("id", "No."), Column("unit_id", "Unit"), Column("subject", "About"),
                            Column("addressee", "Escalated to"), Column("since", "Since"),
                        ],
                        rows: pending),
                ]))
    }
}
