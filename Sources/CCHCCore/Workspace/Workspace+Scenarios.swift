import Foundation
import GRDB

extension Workspace {
    /// Every scenario, in creation order.
    public func scenarios() throws -> [Scenario] {
        try read { db in
            try Row.fetchAll(db, sql: "SELECT * FROM scenarios ORDER BY id").map { row in
                Scenario(
                    name: row["name"], parent: row["parent"] ?? Scenario.baseline,
                    overrides: try Self.decodeOverrides(row["overrides"]), createdBy: row["created_by"],
                    createdAt: row["created_at"])
            }
        }
    }

    /// Adds a scenario.
    public func createScenario(_ scenario: Scenario) throws {
        try write { db in
            try db.execute(
                sql: "INSERT INTO scenarios (name, parent, created_at, created_by, overrides) VALUES (?, ?, ?, ?, ?)",
                arguments: [
                    scenario.name, scenario.parent, scenario.createdAt, scenario.createdBy,
                    try Self.encodeOverrides(scenario.overrides),
                ])
            try audit("scenario new", target: scenario.name, after: "from \(scenario.parent)", in: db)
        }
    }

    /// Replaces a scenario's overrides, auditing the change.
    public func updateScenario(_ name: String, overrides: [Override], action: String, before: String?, after: String?)
        throws
    {
        try write { db in
            try db.execute(
                sql: "UPDATE scenarios SET overrides = ? WHERE name = ?",
                arguments: [try Self.encodeOverrides(overrides), name])
            try audit(action, target: "scenario \(name)", before: before, after: after, in: db)
        }
    }

    /// Removes a scenario.
    public func dropScenario(_ name: String) throws {
        try write { db in
            try db.execute(sql: "DELETE FROM scenarios WHERE name = ?", arguments: [name])
            try audit("scenario drop", target: name, in: db)
        }
    }

    static func encodeOverrides(_ overrides: [Override]) throws -> String {
        String(decoding: try JSONEncoder().encode(overrides.map(\.words)), as: UTF8.self)
    }

    static func decodeOverrides(_ text: String) throws -> [Override] {
        try JSONDecoder().decode([[String]].self, from: Data(text.utf8)).map(Override.parse)
    }
}
