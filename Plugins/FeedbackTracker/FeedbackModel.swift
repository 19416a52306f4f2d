import CCHCCore
import CCHCModuleKit

/// Where a feedback item stands.
enum FeedbackStatus: String, CaseIterable, Sendable {
    case submitted
    case underReview = "under_review"
    case accepted
    case rejected
    case escalated
    case resolved

    /// The actions that move an item on from this status, with where they lead.
    var next: [(action: FeedbackAction, to: FeedbackStatus)] {
        switch self {
        case .submitted: [(.review, .underReview)]
        case .underReview: [(.accept, .accepted), (.reject, .rejected), (.escalate, .escalated)]
        case .accepted, .escalated: [(.resolve, .resolved)]
        case .rejected, .resolved: []
        }
    }

    /// The words shown to users.
    var label: String { rawValue.replacingOccurrences(of: "_", with: " ") }
}

/// What can be done to a feedback item.
enum FeedbackAction: String, Sendable {
    case submit, review, accept, reject, escalate, resolve, comment, amend

    /// Only the Internal Affairs Office may do these.
    var needsOffice: Bool {
        switch self {
        case .review, .accept, .reject, .escalate, .resolve: true
        case .submit, .comment, .amend: false
        }
    }
}

/// Who works with feedback: a unit's staff or the Internal Affairs Office (Phòng Nội vụ).
struct Actor: Sendable, Equatable {
    enum Role: String, Sendable { case unit, office }
    var name: String
    var role: Role
    var unitID: String?
}

/// A unit's feedback on a criterion or on the scoring method as a whole.
struct FeedbackItem: Sendable {
    var id: Int64
    var unitID: String?
    var setID: String
    var setVersion: String?
    var setHash: String?
    var criterionID: String?
    var method: String?
    var text: String
    var proposal: String?
    var status: FeedbackStatus
    var actor: String
    var createdAt: String
    var updatedAt: String?
    var year: Int?
    var addressee: String?
    var amendment: String?

    /// `3.2.4` or `method: …`.
    var subject: String { criterionID ?? "method: \(method ?? "")" }
}

/// One step in an item's history.
struct FeedbackEvent: Sendable {
    var at: String
    var actor: String
    var action: String
    var detail: String?
}

/// Errors of the feedback tracker; each names the item, the value and the way out.
enum FeedbackError: WorkbenchError, Equatable {
    case unknownItem(Int64)
    case illegalTransition(id: Int64, status: String, action: String, allowed: [String])
    case notOffice(actor: String, action: String, offices: [String])
    case notOwnUnit(actor: String, unit: String)
    case escalationNeedsProvince(criterion: String, set: String, owner: String)
    case amendmentNeedsTown(set: String, owner: String)
    case reasonRequired
    case noAmendment(Int64)
    case needsSubject
    case actorsNeedOffice(actor: String)

    var description: String {
        switch self {
        case .unknownItem(let id):
            "No feedback #\(id)"
        case .illegalTransition(let id, let status, let action, let allowed):
            "Feedback #\(id) is \(status) and cannot be '\(action)'; "
                + (allowed.isEmpty ? "it is closed" : "it can go on with: \(allowed.joined(separator: ", "))")
        case .notOffice(let actor, let action, let offices):
            "Only the Internal Affairs Office may \(action) feedback; '\(actor)' is not an office actor. "
                + (offices.isEmpty
                    ? "Nobody is one yet: 'feedback actor add \"\(actor)\" --role office' makes '\(actor)' one"
                    : "Act as one with 'as NAME' (or --as NAME): \(ListText.abbreviated(offices.map { "'\($0)'" }))")
        case .notOwnUnit(let actor, let unit):
            "'\(actor)' speaks for another unit and cannot act on feedback of '\(unit)'; act as that unit's actor with 'as NAME' (or --as NAME)"
        case .escalationNeedsProvince(let criterion, let set, let owner):
            "Criterion '\(criterion)' of set '\(set)' is owned by the \(owner); only province-owned criteria are escalated to the Sở Nội vụ"
        case .amendmentNeedsTown(let set, let owner):
            "Set '\(set)' is owned by the \(owner); the town can only propose amendments to its own criteria (escalate instead)"
        case .reasonRequired:
            "Rejecting feedback needs a reason: --reason \"…\""
        case .noAmendment(let id):
            "Feedback #\(id) carries no proposed amendment; accept it with --amend \"CRITERION max N\" first"
        case .needsSubject:
            "Give the criterion (--criterion ID) or the scoring method (--method \"…\") the feedback is about"
        case .actorsNeedOffice(let actor):
            "Only an office actor may register actors; '\(actor)' is not one. Act as one with 'as NAME' (or --as NAME)"
        }
    }
}

/// An item's fields as every feedback view writes them: the status as a code for scripts and
/// words for people; the unit's id and name; what it is about as a criterion id or the method's
/// words for scripts, and as one phrase for people.
enum FeedbackCells {
    /// The office's answer as people read it: an accepted amendment in words (`maximum points
    /// set to 1 for every unit`, as `diff` words it), not the command that makes it; a reason or
    /// a note as written.
    static func answer(_ detail: String?, of item: FeedbackItem, in context: CommandContext) -> String? {
        guard let detail, let amendment = item.amendment, detail == "amendment: \(amendment)",
            let override = try? Override.parse(amendment.split(whereSeparator: \.isWhitespace).map(String.init)),
            let set = try? context.evaluation.criteriaSet(item.setID)
        else { return detail }
        return override.described(unitSet: nil, sets: [set.id: set]).change
    }

    static let status = [
        Column("status", "Status code", shownToPeople: false), Column("status_text", "Status", shownToScripts: false),
    ]
    static let unit = [Column("unit_id", "Unit id"), Column("unit", "Unit")]
    static let subject = [
        Column("criterion", "Criterion", shownToPeople: false), Column("method", "Method", shownToPeople: false),
        Column("subject", "About", shownToScripts: false),
    ]

    /// The item's words: on one line for people (a line break shown as ⏎), whole for scripts.
    static let text = [
        Column("text_line", "Text", shownToScripts: false), Column("text", "Text", shownToPeople: false),
    ]

    /// `text` on one line, each line break shown as ` ⏎ `.
    static func line(_ text: String) -> String { text.replacingOccurrences(of: "\n", with: " ⏎ ") }

    static func status(_ item: FeedbackItem) -> [Cell] { [.text(item.status.rawValue), .text(item.status.label)] }

    static func unit(_ item: FeedbackItem, names: [String: String]) -> [Cell] {
        [item.unitID.map(Cell.text) ?? .null, item.unitID.flatMap { names[$0] }.map(Cell.text) ?? .null]
    }

    static func subject(_ item: FeedbackItem) -> [Cell] {
        [item.criterionID.map(Cell.text) ?? .null, item.method.map(Cell.text) ?? .null, .text(item.subject)]
    }

    /// Unit id → name, for the units the workspace has.
    static func unitNames(_ context: CommandContext) throws -> [String: String] {
        Dictionary(try context.evaluation.units().map { ($0.id, $0.name) }, uniquingKeysWith: { first, _ in first })
    }
}
