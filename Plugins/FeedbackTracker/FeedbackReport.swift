import ArgumentParser
import CCHCCore
import CCHCModuleKit
import Foundation
import GRDB

struct FeedbackReport: WorkbenchCommand {
    static let configuration = CommandConfiguration(
        commandName: "report",
        abstract: "The summary the office writes up: by status, by criterion, by unit, escalations pending.",
        discussion: "Examples:\n  feedback report\n  feedback report --year 2024\n  mode markdown\n  feedback report")
    @Option(name: .long, help: "Only feedback of this evaluation year.")
    var year: Int?

    func run(in context: CommandContext) throws {
        let store = FeedbackStore(context: context, actor: context.evaluation.actor)
        var items = try store.items()
        if let year { items = items.filter { $0.year == year } }
        let open: Set<FeedbackStatus> = [.submitted, .underReview, .accepted, .escalated]
        let names = try FeedbackCells.unitNames(context)
        let statuses = FeedbackStatus.allCases.map { status in
            [Cell.text(status.rawValue), .text(status.label), .integer(items.filter { $0.status == status }.count)]
        }
        /// What feedback is about: a criterion (or the method) of a set.
        struct Subject: Hashable {
            var setID: String
            var criterionID: String?
            var method: String?
            var subject: String
        }
        var byCriterion: [Subject: [FeedbackItem]] = [:]
        for item in items {
            let key = Subject(
                setID: item.setID, criterionID: item.criterionID, method: item.method, subject: item.subject)
            byCriterion[key, default: []].append(item)
        }
        let criteria = byCriterion.sorted { a, b in
            if a.value.count != b.value.count { return a.value.count > b.value.count }
            if a.key.setID != b.key.setID { return a.key.setID < b.key.setID }
            return CriterionID(a.key.subject) < CriterionID(b.key.subject)
        }.map { key, group -> [Cell] in
            let title = key.criterionID.flatMap { try? context.evaluation.criteriaSet(key.setID).node($0)?.title }
            let criterion: Cell = key.criterionID.map(Cell.text) ?? .null
            let method: Cell = key.method.map(Cell.text) ?? .null
            let titleCell: Cell = title.map(Cell.text) ?? .null
            let openCount = group.filter { open.contains($0.status) }.count
            return [
                .text(key.setID), criterion, method, .text(key.subject), titleCell, .integer(group.count),
                .integer(openCount),
            ]
        }
        var byUnit: [String: [FeedbackItem]] = [:]
        for item in items { byUnit[item.unitID ?? "", default: []].append(item) }
        let units = byUnit.sorted { a, b in
            a.value.count != b.value.count ? a.value.count > b.value.count : a.key < b.key
        }
        .map { key, group -> [Cell] in
            let id: Cell = key.isEmpty ? .null : .text(key)
            let name: Cell = names[key].map(Cell.text) ?? .null
            let openCount = group.filter { open.contains($0.status) }.count
            return [id, name, .integer(group.count), .integer(openCount)]
        }
        let answers = try store.answers()
        let listed = items.map { item -> [Cell] in
            [.integer(Int(item.id))] + FeedbackCells.unit(item, names: names) + [.text(item.setID)]
                + FeedbackCells.subject(item) + [
                    .text(FeedbackCells.line(item.text)), .text(item.text), item.proposal.map(Cell.text) ?? .null,
                ] + FeedbackCells.status(item) + [
                    answers[item.id].map(Cell.text) ?? .null,
                    FeedbackCells.answer(answers[item.id], of: item, in: context).map(Cell.text) ?? .null,
                    .text(item.createdAt),
                    .text(Cell.day(of: item.createdAt)),
                ]
        }
        let pending = items.filter { $0.status == .escalated }.map { item -> [Cell] in
            let addressee: Cell = item.addressee.map(Cell.text) ?? .null
            let since: Cell = .text(item.updatedAt ?? item.createdAt)
            let head: [Cell] = [.integer(Int(item.id))] + FeedbackCells.unit(item, names: names)
            return head + FeedbackCells.subject(item) + [addressee, since]
        }
        let years = Set(items.compactMap(\.year)).sorted().map(String.init).joined(separator: ", ")
        try context.emit(
            Report(
                title: "Feedback report" + (year.map { ", \($0)" } ?? ", every year"),
                facts: [
                    // The years the report covers, so a report without --year still says which.
                    Fact("years", "Years", years.isEmpty ? .null : .text(years), shownToPeople: year == nil),
                    Fact("total", "Items", .integer(items.count)),
                    Fact("open", "Open", .integer(items.filter { open.contains($0.status) }.count)),
                ],
                tables: [
                    ReportTable(
                        key: "by_status", title: "By status",
                        columns: FeedbackCells.status + [Column("count", "Items")], rows: statuses),
                    ReportTable(
                        key: "by_criterion", title: "By criterion, most contested first",
                        columns: [
                            Column("set", "Set")
                        ] + FeedbackCells.subject + [
                            Column("title", "Title"), Column("count", "Items"), Column("open", "Open"),
                        ],
                        rows: criteria),
                    ReportTable(
                        key: "by_unit", title: "By unit",
                        columns: FeedbackCells.unit + [Column("count", "Items"), Column("open", "Open")],
                        rows: units),
                    ReportTable(
                        key: "items", title: "Feedback received",
                        // For people, what a page has room for: the unit by name, the day recorded.
                        columns: [
                            Column("id", "No."), Column("unit_id", "Unit id", shownToPeople: false),
                            Column("unit", "Unit"), Column("set", "Set", shownToPeople: false),
                        ]
                            + FeedbackCells.subject + FeedbackCells.text + [Column("proposal", "Proposal")]
                            + FeedbackCells.status + [
                                // Scripts read the answer as recorded; people, an amendment in words.
                                Column("answer", "Office's answer", shownToPeople: false),
                                Column("answer_words", "Office's answer", shownToScripts: false),
                                Column("created_at", "Recorded", shownToPeople: false),
                                Column("recorded_on", "Recorded", shownToScripts: false),
                            ],
                        rows: listed),
                    ReportTable(
                        key: "escalations_pending", title: "Escalations pending",
                        columns: [
                            Column("id", "No.")
                        ] + FeedbackCells.unit + FeedbackCells.subject + [
                            Column("addressee", "Escalated to"), Column("since", "Since"),
                        ],
                        rows: pending),
                    ReportTable(
                        key: "plan_tasks_waiting", title: "Plan tasks waiting on open feedback",
                        columns: [
                            Column("task", "Task"), Column("plan", "Plan"), Column("unit_id", "Unit id"),
                            Column("unit", "Unit"), Column("criterion", "Criterion"), Column("feedback", "Feedback"),
                            Column("feedback_status", "Feedback status", shownToPeople: false),
                            Column("feedback_status_text", "Feedback status", shownToScripts: false),
                            Column("task_status", "Task status"),
                        ],
                        rows: try waitingTasks(
                            items.filter { open.contains($0.status) }, names: names, context: context)),
                ]))
    }

    /// The yearly plan's tasks (module `plan`, when the workspace has its tables) that cite one
    /// of `items`: work that depends on feedback not settled yet.
    private func waitingTasks(_ items: [FeedbackItem], names: [String: String], context: CommandContext) throws
        -> [[Cell]]
    {
        let byID = Dictionary(uniqueKeysWithValues: items.map { ($0.id, $0) })
        return try context.evaluation.workspace().read { db in
            guard try db.tableExists("plan_tasks") else { return [] }
            return try Row.fetchAll(
                db,
                sql: """
                    SELECT id, plan, unit_id, criterion_id, feedback_id, status FROM plan_tasks
                    WHERE feedback_id IS NOT NULL AND status != 'dropped' ORDER BY feedback_id, id
                    """
            ).compactMap { row -> [Cell]? in
                let feedback: Int64 = row["feedback_id"]
                let id: Int64 = row["id"]
                guard let item = byID[feedback] else { return nil }
                return [
                    .integer(Int(id)), .text(row["plan"]), .text(row["unit_id"]),
                    names[row["unit_id"]].map(Cell.text) ?? .null, .text(row["criterion_id"]),
                    .integer(Int(item.id)), .text(item.status.rawValue), .text(item.status.label), .text(row["status"]),
                ]
            }
        }
    }
}
