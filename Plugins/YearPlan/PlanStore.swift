import CCHCCore
import CCHCModuleKit
import Foundation
import GRDB

/// Plans kept in the workspace. Every change is one transaction with its audit row.
struct PlanStore {
    let context: CommandContext
    /// Who acts (`--as`, else the context's actor).
    let actor: String

    var workspace: Workspace {
        get throws { try context.evaluation.workspace() }
    }

    private func author() -> Author { context.evaluation.author(actor) }

    // MARK: Reading

    func plans() throws -> [Plan] {
        try workspace.read { db in
            try Row.fetchAll(db, sql: "SELECT * FROM plans ORDER BY year, name").map { row in
                Plan(
                    name: row["name"], year: row["year"], target: row["target"], createdBy: row["created_by"],
                    createdAt: row["created_at"], title: row["title"])
            }
        }
    }

    /// The plan named `name`; with nil, the only plan there is.
    /// - Throws: ``UserError`` for an unknown name (with the closest) or when several plans exist.
    func plan(_ name: String?) throws -> Plan {
        let all = try plans()
        guard let name else {
            if all.count == 1 { return all[0] }
            if all.isEmpty { throw UserError("There is no plan yet; make one with 'plan new NAME'") }
            throw UserError("Name a plan: \(all.map(\.name).joined(separator: ", "))")
        }
        guard let plan = all.first(where: { $0.name == name }) else {
            let hint = Suggestions.hint(
                for: name, in: all.map(\.name),
                otherwise: all.isEmpty
                    ? "; make one with 'plan new NAME'" : "; plans: \(all.map(\.name).joined(separator: ", "))")
            throw UserError("Unknown plan '\(name)'\(hint)")
        }
        return plan
    }

    func units(of plan: String) throws -> [PlanUnit] {
        try workspace.read { db in
            try Row.fetchAll(db, sql: "SELECT * FROM plan_units WHERE plan = ?", arguments: [plan]).map { row in
                PlanUnit(
                    unitID: row["unit_id"], target: row["target"],
                    state: PlanUnit.State(rawValue: row["state"]) ?? .planned, indexAtStart: row["index_at_start"],
                    bandAtStart: row["band_at_start"], rankAtStart: row["rank_at_start"], note: row["note"])
            }
        }
    }

    private static func task(_ row: Row) -> PlanTask {
        let words = (row["change"] as String?).flatMap { try? JSONDecoder().decode([String].self, from: Data($0.utf8)) }
        return PlanTask(
            id: row["id"], plan: row["plan"], unitID: row["unit_id"], setID: row["set_id"],
            criterionID: row["criterion_id"], change: words.flatMap { try? Override.parse($0) }, step: row["step"],
            pointsBefore: row["points_before"], pointsTarget: row["points_target"], maxPoints: row["max_points"],
            owner: row["owner"], due: row["due"], status: TaskStatus(rawValue: row["status"]) ?? .open,
            feedbackID: row["feedback_id"], note: row["note"], createdBy: row["created_by"],
            createdAt: row["created_at"], updatedAt: row["updated_at"])
    }

    func tasks(of plan: String) throws -> [PlanTask] {
        try workspace.read { db in
            try Row.fetchAll(db, sql: "SELECT * FROM plan_tasks WHERE plan = ? ORDER BY id", arguments: [plan])
                .map(Self.task)
        }
    }

    /// Task number `id`.
    /// - Throws: ``UserError`` when there is none.
    func task(_ id: Int64) throws -> PlanTask {
        guard
            let task = try workspace.read({ db in
                try Row.fetchOne(db, sql: "SELECT * FROM plan_tasks WHERE id = ?", arguments: [id]).map(Self.task)
            })
        else { throw UserError("There is no plan task #\(id); 'plan show' lists them") }
        return task
    }

    /// The feedback item `id`'s unit, criterion (nil for the method) and status, when the
    /// feedback tracker keeps it.
    func feedback(_ id: Int64) throws -> (unitID: String?, criterionID: String?, status: String)? {
        try workspace.read { db in
            guard try db.tableExists("feedback") else { return nil }
            return try Row.fetchOne(
                db, sql: "SELECT unit_id, criterion_id, status FROM feedback WHERE id = ?", arguments: [id]
            ).map { (unitID: $0["unit_id"], criterionID: $0["criterion_id"], status: $0["status"]) }
        }
    }

    // MARK: Writing

    /// Records a new plan with its units and tasks; returns the tasks' numbers.
    func create(_ plan: Plan, units: [PlanUnit], tasks: [PlanTask]) throws {
        let workspace = try workspace
        try workspace.write(by: author(), changing: .nothing) { change in
            let db = change.db
            if try Bool.fetchOne(db, sql: "SELECT 1 FROM plans WHERE name = ?", arguments: [plan.name]) == true {
                throw UserError("A plan named '\(plan.name)' already exists; 'plan drop \(plan.name)' removes it")
            }
            try db.execute(
                sql: "INSERT INTO plans (name, year, target, created_by, created_at, title) VALUES (?, ?, ?, ?, ?, ?)",
                arguments: [plan.name, plan.year, plan.target, plan.createdBy, plan.createdAt, plan.title])
            for unit in units {
                try db.execute(
                    sql: """
                        INSERT INTO plan_units (plan, unit_id, target, state, index_at_start, band_at_start,
                            rank_at_start, note) VALUES (?, ?, ?, ?, ?, ?, ?, ?)
                        """,
                    arguments: [
                        plan.name, unit.unitID, unit.target, unit.state.rawValue, unit.indexAtStart, unit.bandAtStart,
                        unit.rankAtStart, unit.note,
                    ])
            }
            for task in tasks { try insert(task, db: db) }
            try workspace.audit(
                "plan new", year: plan.year, target: plan.name,
                after: "\(units.count) units, \(tasks.count) tasks" + (plan.target.map { ", target \($0)" } ?? ""),
                in: change)
        }
    }

    @discardableResult
    private func insert(_ task: PlanTask, db: Database) throws -> Int64 {
        let change = try task.change.map { String(decoding: try JSONEncoder().encode($0.words), as: UTF8.self) }
        try db.execute(
            sql: """
                INSERT INTO plan_tasks (plan, unit_id, set_id, criterion_id, change, step, points_before,
                    points_target, max_points, owner, due, status, feedback_id, note, created_by, created_at)
                VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)
                """,
            arguments: [
                task.plan, task.unitID, task.setID, task.criterionID, change, task.step, task.pointsBefore,
                task.pointsTarget, task.maxPoints, task.owner, task.due, task.status.rawValue, task.feedbackID,
                task.note, task.createdBy, task.createdAt,
            ])
        return db.lastInsertedRowID
    }

    /// Adds one task; returns its number. A unit not in the plan yet joins it as `unit` says.
    func add(_ task: PlanTask, joining unit: PlanUnit) throws -> Int64 {
        let workspace = try workspace
        return try workspace.write(by: author(), changing: .nothing) { change in
            // A unit that was already at the target when the plan was made is planned once the
            // office gives it a task (it shows among the plan's units with its tasks).
            try change.db.execute(
                sql: """
                    INSERT INTO plan_units (plan, unit_id, target, state, index_at_start, band_at_start,
                        rank_at_start, note) VALUES (?, ?, ?, ?, ?, ?, ?, ?)
                    ON CONFLICT (plan, unit_id) DO UPDATE SET state = 'planned' WHERE state = 'already'
                    """,
                arguments: [
                    task.plan, unit.unitID, unit.target, unit.state.rawValue, unit.indexAtStart, unit.bandAtStart,
                    unit.rankAtStart, unit.note,
                ])
            let id = try insert(task, db: change.db)
            try workspace.audit(
                "plan task add", unit: task.unitID, year: try year(of: task, db: change.db),
                target: "\(task.plan) #\(id) \(task.criterionID)", after: task.step,
                in: change)
            return id
        }
    }

    /// One field of a task changed from `before` to `after`, audited.
    struct Edit {
        var column: String
        var field: String
        var value: DatabaseValueConvertible?
        var before: String
        var after: String
    }

    /// Applies `edits` to task `task` in one transaction, one audit row each.
    func update(_ task: PlanTask, _ edits: [Edit]) throws {
        guard !edits.isEmpty else { return }
        let workspace = try workspace
        try workspace.write(by: author(), changing: .nothing) { change in
            let year = try year(of: task, db: change.db)
            for edit in edits {
                try change.db.execute(
                    sql: "UPDATE plan_tasks SET \(edit.column) = ?, updated_at = ? WHERE id = ?",
                    arguments: [edit.value, change.author.timestamp, task.id])
                try workspace.audit(
                    "plan task \(edit.field)", unit: task.unitID, year: year,
                    target: "\(task.plan) #\(task.id) \(task.criterionID)",
                    before: edit.before, after: edit.after, in: change)
            }
        }
    }

    private func year(of task: PlanTask, db: Database) throws -> Int? {
        try Int.fetchOne(db, sql: "SELECT year FROM plans WHERE name = ?", arguments: [task.plan])
    }

    /// Gives plan `plan` the title `title` (nil: none, documents name it by its name).
    func retitle(_ plan: Plan, to title: String?) throws {
        let workspace = try workspace
        try workspace.write(by: author(), changing: .nothing) { change in
            try change.db.execute(sql: "UPDATE plans SET title = ? WHERE name = ?", arguments: [title, plan.name])
            try workspace.audit(
                "plan title", year: plan.year, target: plan.name, before: plan.title, after: title, in: change)
        }
    }

    /// Removes plan `plan` with its units and tasks.
    func drop(_ plan: Plan) throws {
        let workspace = try workspace
        try workspace.write(by: author(), changing: .nothing) { change in
            let tasks =
                try Int.fetchOne(
                    change.db, sql: "SELECT count(*) FROM plan_tasks WHERE plan = ?", arguments: [plan.name])
                ?? 0
            try change.db.execute(sql: "DELETE FROM plans WHERE name = ?", arguments: [plan.name])
            try workspace.audit(
                "plan drop", year: plan.year, target: plan.name, before: "\(tasks) tasks", in: change)
        }
    }
}
