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
            "Recorded feedback #\(id) from \(unit.id) on \(criterion ?? "the method") (set '\(set.id)' \(set.version), sha256 \(set.contentHash.prefix(12)))"
        )
    }
}

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
        try context.emit(
            Report(
                tables: [
                    ReportTable(
                        key: "feedback",
                        columns: [
                            Column("id", "No."), Column("status", "Status"), Column("unit_id", "Unit"),
                            Column("set", "Set"),
                            Column("subject", "About"), Column("text", "Text"), Column("actor", "By"),
                            Column("created_at", "Recorded"),
                        ],
                        rows: items.map { item in
                            [
                                .integer(Int(item.id)), .text(item.status.label), .text(item.unitID ?? "—"),
                                .text(item.setID), .text(item.subject),
                                .text(item.text.replacingOccurrences(of: "\n", with: " ⏎ ")),
                                .text(item.actor), .text(item.createdAt),
                            ]
                        })
                ],
                notes: items.isEmpty ? ["No feedback matches."] : []))
    }
}

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

struct FeedbackComment: WorkbenchCommand {
    static let configuration = CommandConfiguration(
        commandName: "comment", abstract: "Add a comment to a feedback item, whatever its status.")
    @Argument(help: "The feedback number.")
    var id: Int64
    @Argument(help: "The comment.")
    var text: String
    @OptionGroup var actor: ActorOption

    func run(in context: CommandContext) throws {
        let store = actor.store(context)
        let item = try store.item(id)
        try Roles.check(.comment, unit: item.unitID, store: store)
        try store.comment(id, text: VietnameseText.nfc(text))
        context.write("Commented on feedback #\(id)")
    }
}

/// The office's moves: shared by review, reject, resolve.
enum Transition {
    static func run(
        _ id: Int64, _ action: FeedbackAction, to status: FeedbackStatus, detail: String?, actor: ActorOption,
        in context: CommandContext
    ) throws {
        let store = actor.store(context)
        let item = try store.item(id)
        try Roles.check(action, unit: item.unitID, store: store)
        _ = try store.transition(id, action, to: status, detail: detail)
        context.write("Feedback #\(id): \(item.status.label) → \(status.label)")
    }
}

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

struct FeedbackReject: WorkbenchCommand {
    static let configuration = CommandConfiguration(
        commandName: "reject", abstract: "Reject an item under review, with a reason (office only).")
    @Argument(help: "The feedback number.")
    var id: Int64
    @Option(name: .long, help: "Why the feedback is rejected (required).")
    var reason: String?
    @OptionGroup var actor: ActorOption

    func run(in context: CommandContext) throws {
        guard let reason, !reason.trimmingWhitespace.isEmpty else { throw FeedbackError.reasonRequired }
        try Transition.run(
            id, .reject, to: .rejected, detail: "reason: \(VietnameseText.nfc(reason))", actor: actor, in: context)
    }
}

struct FeedbackEscalate: WorkbenchCommand {
    static let configuration = CommandConfiguration(
        commandName: "escalate",
        abstract: "Forward feedback on a province-owned criterion to the Sở Nội vụ (office only).")
    @Argument(help: "The feedback number.")
    var id: Int64
    @Option(name: .long, help: "The addressee.")
    var to: String = "Sở Nội vụ"
    @OptionGroup var actor: ActorOption

    func run(in context: CommandContext) throws {
        let store = actor.store(context)
        let item = try store.item(id)
        let set = try context.evaluation.criteriaSet(item.setID)
        guard set.owner == "province" else {
            throw FeedbackError.escalationNeedsProvince(criterion: item.subject, set: set.id, owner: set.owner)
        }
        try Roles.check(.escalate, unit: item.unitID, store: store)
        let addressee = VietnameseText.nfc(to)
        _ = try store.transition(
            id, .escalate, to: .escalated, detail: "to \(addressee)", set: ["addressee": addressee])
        context.write("Feedback #\(id): \(item.status.label) → escalated to \(addressee)")
    }
}

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
        try store.workspace.createScenario(
            name: scenario, parent: Scenario.baseline, overrides: [override], by: store.author())
        try store.recordAmendmentScenario(id, scenario: scenario)
        context.write(
            "Scenario '\(scenario)' holds feedback #\(id)'s amendment '\(text)'; 'diff baseline \(scenario)' shows who moves"
        )
    }
}

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

struct FeedbackActors: WorkbenchCommand {
    static let configuration = CommandConfiguration(
        commandName: "actor",
        abstract: "List or register the people who work with feedback and their role.",
        discussion: """
            Roles: 'office' (the Internal Affairs Office: reviews, accepts, rejects, escalates, \
            resolves) and 'unit' (a unit's staff: adds and comments on its own unit's items). \
            The first office actor may be registered by anyone; after that only an office actor \
            registers actors.

            Examples:
              feedback actor
              feedback actor add nguyen.van.a --role office
              feedback actor add tran.thi.b --role unit --unit huong-van
            """,
        subcommands: [List.self, Add.self],
        defaultSubcommand: List.self)

    func run(in context: CommandContext) throws {}

    struct List: WorkbenchCommand {
        static let configuration = CommandConfiguration(commandName: "list", abstract: "List the actors.")
        func run(in context: CommandContext) throws {
            let actors = try FeedbackStore(context: context, actor: context.evaluation.actor).actors()
            try context.emit(
                Report(
                    tables: [
                        ReportTable(
                            key: "actors",
                            columns: [Column("name", "Name"), Column("role", "Role"), Column("unit_id", "Unit")],
                            rows: actors.map {
                                [.text($0.name), .text($0.role.rawValue), $0.unitID.map { .text($0) } ?? .null]
                            })
                    ],
                    notes: actors.isEmpty ? ["No actors yet: anyone may add and comment; nobody may review."] : []))
        }
    }

    struct Add: WorkbenchCommand {
        static let configuration = CommandConfiguration(commandName: "add", abstract: "Register an actor with a role.")
        @Argument(help: "The actor's name, as recorded with --as or the OS user.")
        var name: String
        @Option(name: .long, help: "office or unit.")
        var role: String
        @Option(name: .long, help: "For a unit actor: the unit (id or name).")
        var unit: String?
        @OptionGroup var actor: ActorOption

        func run(in context: CommandContext) throws {
            guard let role = Actor.Role(rawValue: role) else {
                throw UserError("Unknown role '\(role)'; expected office or unit")
            }
            let store = actor.store(context)
            let actors = try store.actors()
            if actors.contains(where: { $0.role == .office }), try store.actor(store.actor)?.role != .office {
                throw FeedbackError.actorsNeedOffice(actor: store.actor)
            }
            var unitID: String?
            if role == .unit {
                guard let unit else { throw UserError("A unit actor needs --unit") }
                unitID = try UnitMatcher.match(unit, in: try context.evaluation.units()).id
            }
            try store.addActor(Actor(name: name, role: role, unitID: unitID))
            context.write("Registered '\(name)' as \(role.rawValue)" + (unitID.map { " of \($0)" } ?? ""))
        }
    }
}
