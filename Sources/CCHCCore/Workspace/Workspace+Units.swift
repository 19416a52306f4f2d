import Foundation
import GRDB

extension Workspace {
    /// The units in the order they were added.
    /// - Throws: ``WorkspaceError`` when the workspace cannot be read (busy, locked, not a workspace).
    public func units() throws -> [EvaluatedUnit] {
        try read { db in try Self.units(db) }
    }

    /// Every unit, or the unit `only` alone (by its key).
    static func units(_ db: Database, only: String? = nil) throws -> [EvaluatedUnit] {
        let columns = "SELECT id, name, kind, set_id, ranking_group FROM units"
        return try Row.fetchAll(
            db, sql: only == nil ? "\(columns) ORDER BY seq, id" : "\(columns) WHERE id = ?",
            arguments: only.map { [$0] } ?? []
        ).map { row in
            // By position: a column looked up by name is matched without case, for every row.
            EvaluatedUnit(
                id: row[0], name: row[1], kind: UnitKind(rawValue: row[2]) ?? .commune, setID: row[3], group: row[4])
        }
    }

    /// Adds or updates a unit inside `change`, auditing what changed; returns true when something
    /// changed.
    /// - Throws: a database error.
    @discardableResult
    public func upsert(_ unit: EvaluatedUnit, action: String, in change: Change) throws -> Bool {
        let db = change.db
        if let row = try Row.fetchOne(
            try db.cachedStatement(sql: "SELECT name, kind, set_id, ranking_group FROM units WHERE id = ?"),
            arguments: [unit.id])
        {
            var changed = false
            for (column, old, new) in [
                ("name", row["name"] as String?, unit.name), ("kind", row["kind"] as String?, unit.kind.rawValue),
                ("set_id", row["set_id"] as String?, unit.setID),
                ("ranking_group", row["ranking_group"] as String?, unit.group),
            ] where old != new {
                try db.execute(sql: "UPDATE units SET \(column) = ? WHERE id = ?", arguments: [new, unit.id])
                let target = ["set_id": "set", "ranking_group": "group"][column] ?? column
                try audit(action, unit: unit.id, target: target, before: old, after: new, in: change)
                changed = true
            }
            return changed
        }
        try db.cachedStatement(
            sql: """
                INSERT INTO units (id, name, kind, set_id, ranking_group, seq)
                VALUES (?, ?, ?, ?, ?, (SELECT coalesce(max(seq), 0) + 1 FROM units))
                """
        ).execute(arguments: [unit.id, unit.name, unit.kind.rawValue, unit.setID, unit.group])
        try audit(
            action, unit: unit.id, target: "unit",
            after: "\(unit.name) (\(unit.kind.rawValue), set \(unit.setID)\(unit.group.map { ", group \($0)" } ?? ""))",
            in: change)
        return true
    }

    /// Renames a unit.
    /// - Throws: ``WorkspaceError/unknownUnit(_:)``, or a write error.
    public func renameUnit(_ id: String, to name: String, by author: Author) throws {
        try write(by: author) { change in
            let db = change.db
            guard let old = try String.fetchOne(db, sql: "SELECT name FROM units WHERE id = ?", arguments: [id]) else {
                throw WorkspaceError.unknownUnit(id)
            }
            try db.execute(sql: "UPDATE units SET name = ? WHERE id = ?", arguments: [VietnameseText.nfc(name), id])
            try audit(
                "units rename", unit: id, target: "name", before: old, after: VietnameseText.nfc(name), in: change)
        }
    }

    /// Removes a unit; with records (assessments, evidence) only when `force` is set.
    /// - Throws: ``WorkspaceError/unknownUnit(_:)``, ``WorkspaceError/unitHasRecords(unit:count:)``,
    ///   or a write error.
    public func removeUnit(_ id: String, force: Bool, by author: Author) throws {
        try write(by: author) { change in
            let db = change.db
            guard let name = try String.fetchOne(db, sql: "SELECT name FROM units WHERE id = ?", arguments: [id]) else {
                throw WorkspaceError.unknownUnit(id)
            }
            let count =
                try Int.fetchOne(
                    db,
                    sql:
                        "SELECT (SELECT count(*) FROM assessments WHERE unit_id = ?) + (SELECT count(*) FROM evidence WHERE unit_id = ?)",
                    arguments: [id, id]) ?? 0
            if count > 0 && !force { throw WorkspaceError.unitHasRecords(unit: id, count: count) }
            // What goes with the unit besides its values: its place in the units' history and a
            // yearly plan's tasks (tables of the plan module, when it is there). Said, not silent.
            var linked: [String] = []
            let history =
                try Int.fetchOne(
                    db, sql: "SELECT count(*) FROM unit_history WHERE unit_id = ? OR successor_id = ?",
                    arguments: [id, id]) ?? 0
            if history > 0 { linked.append("\(history) step\(history == 1 ? "" : "s") of the units' history") }
            if try db.tableExists("plan_tasks") {
                let tasks =
                    try Int.fetchOne(db, sql: "SELECT count(*) FROM plan_tasks WHERE unit_id = ?", arguments: [id]) ?? 0
                if tasks > 0 { linked.append("\(tasks) plan task\(tasks == 1 ? "" : "s")") }
            }
            if !linked.isEmpty && !force {
                throw WorkspaceError.unitIsLinked(unit: id, what: linked.joined(separator: " and "))
            }
            try db.execute(sql: "DELETE FROM units WHERE id = ?", arguments: [id])
            try audit(
                "units remove", unit: id, target: "unit",
                before: "\(name) with \(count) recorded values"
                    + (linked.isEmpty ? "" : ", " + linked.joined(separator: ", ")),
                in: change)
        }
    }
}
