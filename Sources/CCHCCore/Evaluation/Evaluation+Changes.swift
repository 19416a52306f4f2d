import Foundation

/// The evaluation's typed changes. Each is one transaction of the workspace with its audit rows,
/// made as `actor` (default: the evaluation's ``Evaluation/actor``), and each clears what the
/// evaluation computed when it commits.
extension Evaluation {
    /// Replaces the label of the synthetic data the workspace holds (the bundled sample's, shown
    /// under every score view), auditing the change: when real data comes in beside the
    /// sample's, the label says which values are not real.
    /// - Throws: a write error.
    public func relabelSyntheticData(_ label: String, as actor: String? = nil) throws {
        let old = try syntheticLabel()
        try change(as: actor, changing: .settings) { workspace, change in
            try workspace.setSetting("synthetic_label", label, in: change.db)
            try workspace.audit("label", target: "synthetic data", before: old, after: label, in: change)
        }
    }

    /// Sets the evaluation year, auditing a change of it.
    /// - Throws: a write error.
    public func setYear(_ year: Int, as actor: String? = nil) throws {
        try Limits.check(year: year)
        let old = try self.year()
        try change(as: actor, changing: .settings) { workspace, change in
            try workspace.setSetting("year", String(year), in: change.db)
            if old != year {
                try workspace.audit(
                    "year", target: "evaluation year", before: String(old), after: String(year), in: change)
            }
        }
    }

    /// Adds a unit.
    /// - Throws: ``WorkspaceError/duplicateUnit(_:)`` when the id is taken; a write error.
    public func addUnit(_ unit: EvaluatedUnit, as actor: String? = nil) throws {
        if try units().contains(where: { $0.id == unit.id }) { throw WorkspaceError.duplicateUnit(unit.id) }
        try change(as: actor) { workspace, change in try workspace.upsert(unit, action: "units add", in: change) }
    }

    /// Renames a unit.
    /// - Throws: ``WorkspaceError/unknownUnit(_:)``; a write error.
    public func renameUnit(_ id: String, to name: String, as actor: String? = nil) throws {
        try workspace().renameUnit(id, to: name, by: author(actor))
    }

    /// Removes a unit; with its recorded values only when `force` is set.
    /// - Throws: ``WorkspaceError/unknownUnit(_:)``, ``WorkspaceError/unitHasRecords(unit:count:)``;
    ///   a write error.
    public func removeUnit(_ id: String, force: Bool, as actor: String? = nil) throws {
        try workspace().removeUnit(id, force: force, by: author(actor))
    }

    /// Locks or unlocks a stage of the evaluation year; false when it already was.
    /// - Throws: a write error.
    @discardableResult
    public func setStage(_ stage: Stage, locked: Bool, as actor: String? = nil) throws -> Bool {
        try workspace().setStage(stage, locked: locked, year: try year(), by: author(actor))
    }

    /// Adds a scenario over `parent` (`baseline` or another scenario) with `overrides`.
    /// - Throws: ``EvaluationError/unknownScenario(_:suggestion:)`` for an unknown parent; a write
    ///   error (a scenario of that name exists).
    public func createScenario(
        _ name: String, from parent: String, overrides: [Override] = [], as actor: String? = nil
    ) throws {
        if parent != Scenario.baseline { _ = try scenario(parent) }
        try workspace().createScenario(name: name, parent: parent, overrides: overrides, by: author(actor))
    }

    /// Drops a scenario.
    /// - Throws: a write error.
    public func dropScenario(_ name: String, as actor: String? = nil) throws {
        try workspace().dropScenario(name, by: author(actor))
    }
}
