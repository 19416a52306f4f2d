import Foundation
import GRDB

extension Workspace {
    /// Every scenario, in creation order.
    /// - Throws: ``WorkspaceError`` when the workspace cannot be read (busy, locked, not a workspace).
    /// A stored override that no longer parses throws ``ScenarioError``.
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

    /// Adds a scenario named `name` over `parent`, created by `author`.
    /// - Throws: a write error (a scenario of that name exists).
    public func createScenario(name: String, parent: String, overrides: [Override] = [], by author: Author) throws {
        try scenarioWrite(by: author) { change in
            try change.db.execute(
                sql: "INSERT INTO scenarios (name, parent, created_at, created_by, overrides) VALUES (?, ?, ?, ?, ?)",
                arguments: [name, parent, author.timestamp, author.name, try Self.encodeOverrides(overrides)])
            try audit("scenario new", target: name, after: "from \(parent)", in: change)
        }
    }

    /// Puts `new` in the place of scenario `name`'s override with `target` (nil: takes that
    /// override back), auditing the change. The overrides are read inside the write, so two
    /// processes changing one scenario at once both keep their change.
    /// - Parameter unit: the unit the change is about (a unit's points, evidence or exclusion),
    ///   so `audit UNIT` lists it.
    /// - Returns: the override replaced or taken back (nil: none had `target`; nothing is written
    ///   when `new` is nil too) and the scenarios' revision after the change.
    /// - Throws: a write error; ``EvaluationError/unknownScenario(_:suggestion:known:)`` when the
    ///   scenario is gone (dropped by another process).
    public func editScenario(
        _ name: String, target: String, to new: Override?, action: String, unit: String? = nil, by author: Author
    ) throws -> (before: Override?, scenariosRevision: Int) {
        try scenarioWrite(by: author) { change in
            guard
                let text = try String.fetchOne(
                    change.db, sql: "SELECT overrides FROM scenarios WHERE name = ?", arguments: [name])
            else { throw EvaluationError.unknownScenario(name, suggestion: nil, known: []) }
            var overrides = try Self.decodeOverrides(text)
            let before = overrides.first { $0.target == target }
            guard before != nil || new != nil else { return nil }
            overrides.removeAll { $0.target == target }
            if let new { overrides.append(new) }
            try change.db.execute(
                sql: "UPDATE scenarios SET overrides = ? WHERE name = ?",
                arguments: [try Self.encodeOverrides(overrides), name])
            try audit(
                action, unit: unit, target: "scenario \(name)", before: before?.text, after: new?.text, in: change)
            return before
        }
    }

    /// Removes a scenario.
    /// - Throws: a write error.
    public func dropScenario(_ name: String, by author: Author) throws {
        try scenarioWrite(by: author) { change in
            try change.db.execute(sql: "DELETE FROM scenarios WHERE name = ?", arguments: [name])
            try audit("scenario drop", target: name, in: change)
        }
    }

    /// A change to scenarios alone. Nothing an import or the baseline reads changes, so the
    /// workspace revision stays (the baseline's kept ranking stays valid, and a scenario's ranking
    /// is derived from it); the scenarios' own revision rises, so a session elsewhere notices
    /// (``scenariosRevision()``).
    /// - Returns: what `body` returned, and the scenarios' revision after the change.
    @discardableResult
    private func scenarioWrite<T>(by author: Author, _ body: (Change) throws -> T) throws -> (T, scenariosRevision: Int)
    {
        try write(by: author, changing: .nothing) { change in
            let result = try body(change)
            try change.db.execute(
                sql: """
                    INSERT INTO settings (key, value) VALUES ('scenarios_revision', '1')
                    ON CONFLICT(key) DO UPDATE SET value = CAST(value AS INTEGER) + 1
                    """)
            let revision = try Int.fetchOne(
                change.db, sql: "SELECT CAST(value AS INTEGER) FROM settings WHERE key = 'scenarios_revision'")
            return (result, revision ?? 0)
        }
    }

    /// A number every committed change to the scenarios raises (0 before the first).
    /// - Throws: ``WorkspaceError`` when the workspace cannot be read.
    public func scenariosRevision() throws -> Int { Int(try setting("scenarios_revision") ?? "0") ?? 0 }

    static func encodeOverrides(_ overrides: [Override]) throws -> String {
        String(decoding: try JSONEncoder().encode(overrides.map(\.words)), as: UTF8.self)
    }

    static func decodeOverrides(_ text: String) throws -> [Override] {
        try JSONDecoder().decode([[String]].self, from: Data(text.utf8)).map(Override.parse)
    }
}
