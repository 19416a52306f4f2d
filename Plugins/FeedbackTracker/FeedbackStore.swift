import CCHCCore
import CCHCModuleKit
import Foundation
import GRDB

/// Feedback kept in the workspace: items, their history, actors. Every change is one transaction
/// with its history row and its audit row.
struct FeedbackStore {
    let context: CommandContext
    /// Who acts (`--as`, else the context's actor).
    let actor: String
    var workspace: Workspace {
        get throws { try context.evaluation.workspace() }
    }

    /// The acting person at the context clock's time now: the author of a change made now.
    func author() -> Author { context.evaluation.author(actor) }

    // MARK: Actors

    func actors() throws -> [Actor] {
        try workspace.read { db in
            try Row.fetchAll(db, sql: "SELECT * FROM actors ORDER BY name").map { row in
                Actor(name: row["name"], role: Actor.Role(rawValue: row["role"]) ?? .unit, unitID: row["unit_id"])
            }
        }
    }

    func actor(_ name: String) throws -> Actor? { try actors().first { $0.name == name } }

    func addActor(_ actor: Actor) throws {
        let workspace = try workspace
        try workspace.write(by: author(), changing: .nothing) { change in
            let db = change.db
            try db.execute(
                sql: """
                    INSERT INTO actors (name, role, unit_id, added_at) VALUES (?, ?, ?, ?)
                    ON CONFLICT(name) DO UPDATE SET role = excluded.role, unit_id = excluded.unit_id
                    """,
                arguments: [actor.name, actor.role.rawValue, actor.unitID, change.author.timestamp])
            try workspace.audit(
                "feedback actor", unit: actor.unitID, target: actor.name,
                after: actor.role.rawValue + (actor.unitID.map { " of \($0)" } ?? ""), in: change)
        }
    }

    // MARK: Items

    private static func item(_ row: Row) -> FeedbackItem {
        FeedbackItem(
            id: row["id"], unitID: row["unit_id"], setID: row["set_id"], setVersion: row["set_version"],
            setHash: row["set_hash"], criterionID: row["criterion_id"], method: row["method"], text: row["text"],
            proposal: row["proposal"], status: FeedbackStatus(rawValue: row["status"]) ?? .submitted,
            actor: row["actor"], createdAt: row["created_at"], updatedAt: row["updated_at"], year: row["year"],
            addressee: row["addressee"], amendment: row["amendment"])
    }

    func items() throws -> [FeedbackItem] {
        try workspace.read { db in try Row.fetchAll(db, sql: "SELECT * FROM feedback ORDER BY id").map(Self.item) }
    }

    func item(_ id: Int64) throws -> FeedbackItem {
        guard
            let item = try workspace.read({ db in
                try Row.fetchOne(db, sql: "SELECT * FROM feedback WHERE id = ?", arguments: [id]).map(Self.item)
            })
        else { throw FeedbackError.unknownItem(id) }
        return item
    }

    func events(_ id: Int64) throws -> [FeedbackEvent] {
        try workspace.read { db in
            try Row.fetchAll(
                db, sql: "SELECT * FROM feedback_events WHERE feedback_id = ? ORDER BY id", arguments: [id]
            )
            .map { FeedbackEvent(at: $0["at"], actor: $0["actor"], action: $0["action"], detail: $0["detail"]) }
        }
    }

    /// The office's answer to each item that has one, by item number: the amendment an
    /// acceptance carries, the reason of a rejection or the note of a resolution, whichever came
    /// last (an item reopened by neither keeps it).
    func answers() throws -> [Int64: String] {
        try workspace.read { db in
            var answers: [Int64: String] = [:]
            let rows = try Row.fetchCursor(
                db,
                sql: """
                    SELECT feedback_id, action, detail FROM feedback_events
                    WHERE action IN ('accept', 'reject', 'resolve') AND detail IS NOT NULL ORDER BY id
                    """)
            while let row = try rows.next() {
                let detail: String = row["detail"]
                let action: String = row["action"]
                let prefix = FeedbackReject.reasonPrefix
                answers[row["feedback_id"]] =
                    action == FeedbackAction.reject.rawValue && detail.hasPrefix(prefix)
                    ? String(detail.dropFirst(prefix.count)) : detail
            }
            return answers
        }
    }

    /// Records a new item with its first history row; returns its number.
    func add(_ item: FeedbackItem) throws -> Int64 {
        let workspace = try workspace
        return try workspace.write(by: author(), changing: .nothing) { change in
            let db = change.db
            try db.execute(
                sql: """
                    INSERT INTO feedback (unit_id, set_id, set_hash, set_version, criterion_id, method, text, proposal,
                                          status, actor, created_at, updated_at, year)
                    VALUES (?, ?, ?, ?, ?, ?, ?, ?, 'submitted', ?, ?, ?, ?)
                    """,
                arguments: [
                    item.unitID, item.setID, item.setHash, item.setVersion, item.criterionID, item.method, item.text,
                    item.proposal, item.actor, item.createdAt, item.createdAt, item.year,
                ])
            let id = db.lastInsertedRowID
            try event(
                id, action: .submit, detail: item.proposal.map { "proposal: \($0)" }, in: change)
            try workspace.audit(
                "feedback add", unit: item.unitID, year: item.year, target: "#\(id) \(item.subject)", after: item.text,
                in: change)
            return id
        }
    }

    /// Moves an item to `status` (checked against where it stands now, inside the transaction).
    func transition(
        _ id: Int64, _ action: FeedbackAction, to status: FeedbackStatus, detail: String?,
        set columns: [String: (any DatabaseValueConvertible)?] = [:]
    ) throws -> FeedbackItem {
        let workspace = try workspace
        return try workspace.write(by: author(), changing: .nothing) { change in
            let db = change.db
            guard let row = try Row.fetchOne(db, sql: "SELECT * FROM feedback WHERE id = ?", arguments: [id]) else {
                throw FeedbackError.unknownItem(id)
            }
            let item = Self.item(row)
            guard item.status.next.contains(where: { $0.action == action && $0.to == status }) else {
                throw FeedbackError.illegalTransition(
                    id: id, status: item.status.label, action: action.rawValue,
                    allowed: item.status.next.map { "\($0.action.rawValue) → \($0.to.label)" })
            }
            var assignments = ["status = ?", "updated_at = ?"]
            var arguments: [(any DatabaseValueConvertible)?] = [status.rawValue, change.author.timestamp]
            for (column, value) in columns.sorted(by: { $0.key < $1.key }) {
                assignments.append("\(column) = ?")
                arguments.append(value)
            }
            arguments.append(id)
            try db.execute(
                sql: "UPDATE feedback SET \(assignments.joined(separator: ", ")) WHERE id = ?",
                arguments: StatementArguments(arguments))
            try event(id, action: action, detail: detail, in: change)
            try workspace.audit(
                "feedback \(action.rawValue)", unit: item.unitID, year: item.year, target: "#\(id) \(item.subject)",
                before: item.status.label, after: status.label + (detail.map { ": \($0)" } ?? ""), in: change)
            var changed = item
            changed.status = status
            return changed
        }
    }

    func comment(_ id: Int64, text: String) throws {
        let workspace = try workspace
        try workspace.write(by: author(), changing: .nothing) { change in
            let db = change.db
            guard let row = try Row.fetchOne(db, sql: "SELECT * FROM feedback WHERE id = ?", arguments: [id]) else {
                throw FeedbackError.unknownItem(id)
            }
            let item = Self.item(row)
            try event(id, action: .comment, detail: text, in: change)
            try workspace.audit(
                "feedback comment", unit: item.unitID, year: item.year, target: "#\(id) \(item.subject)", after: text,
                in: change)
        }
    }

    func recordAmendmentScenario(_ id: Int64, scenario: String) throws {
        let workspace = try workspace
        try workspace.write(by: author(), changing: .nothing) { change in
            try event(id, action: .amend, detail: "scenario \(scenario)", in: change)
        }
    }

    private func event(_ id: Int64, action: FeedbackAction, detail: String?, in change: Change) throws {
        try change.db.execute(
            sql: "INSERT INTO feedback_events (feedback_id, at, actor, action, detail) VALUES (?, ?, ?, ?, ?)",
            arguments: [id, change.author.timestamp, change.author.name, action.rawValue, detail])
    }
}
