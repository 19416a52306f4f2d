import Foundation

extension Evaluation {
    /// Every set id: the modules' in composition order, then the workspace's own.
    /// - Throws: ``WorkspaceError`` when the workspace cannot be read.
    public func setIDs() throws -> [String] {
        let workspace = try validCache()
        let moduleSetIDs = providers.flatMap { $0.value.setIDs }
        if cache.storedSetIDs == nil { cache.storedSetIDs = try workspace.storedCriteriaFiles().map(\.id) }
        return moduleSetIDs + (cache.storedSetIDs ?? []).filter { !moduleSetIDs.contains($0) }
    }

    /// The set with `id`, parsed on first use.
    /// - Throws: ``EvaluationError`` for an unknown id (with a suggestion); a provider's or a
    ///   stored file's parse error (``CriteriaFileError``).
    public func criteriaSet(_ id: String) throws -> CriteriaSet {
        if let set = loadedSets[id] { return set }
        if let owned = providers.first(where: { $0.value.setIDs.contains(id) }) {
            for set in try owned.value.loadCriteriaSets() where loadedSets[set.id] == nil { loadedSets[set.id] = set }
            guard let set = loadedSets[id] else {
                throw EvaluationError.providerMissingSet(provider: owned.value.id, set: id)
            }
            return set
        }
        if let stored = try workspace().storedCriteriaFiles().first(where: { $0.id == id }) {
            for set in try CriteriaFile.parse(yaml: stored.content, file: stored.fileName) { loadedSets[set.id] = set }
            if let set = loadedSets[id] { return set }
        }
        let known = (try? setIDs()) ?? providers.flatMap { $0.value.setIDs }
        throw EvaluationError.unknownSet(id, suggestion: Suggestions.closest(to: id, in: known))
    }

    /// Every set in order.
    /// - Throws: as ``criteriaSet(_:)``.
    public func allCriteriaSets() throws -> [CriteriaSet] { try setIDs().map(criteriaSet) }

    /// The id of the set `use` chose (kept in the workspace), else the first set.
    public var currentSetID: String {
        if let chosenSetID { return chosenSetID }
        let stored = (try? openedWorkspace?.setting("current_set")) ?? nil
        return stored ?? providers.first?.value.setIDs.first ?? ""
    }

    /// The set `use` selected.
    /// - Throws: as ``criteriaSet(_:)``.
    public func currentSet() throws -> CriteriaSet { try criteriaSet(currentSetID) }

    /// Chooses the current set and remembers it in the workspace.
    /// - Throws: as ``criteriaSet(_:)``; a write error.
    public func use(setID: String) throws {
        _ = try criteriaSet(setID)
        try change { workspace, change in try workspace.setSetting("current_set", setID, in: change.db) }
        chosenSetID = setID
    }

    /// The module that provides set `id`, if a module does.
    public func module(providingSet id: String) -> String? {
        providers.first { $0.value.setIDs.contains(id) }?.moduleID
    }

    /// Drops a parsed set so the next use reads it again (after `criteria load` changed it).
    public func forgetCriteriaSet(_ id: String) { loadedSets[id] = nil }

    /// A note when the year's scores of set `id` were recorded against other content of the set.
    /// - Throws: as ``criteriaSet(_:)``.
    public func setDriftNote(setID id: String) throws -> String? {
        let set = try criteriaSet(id)
        let year = try year()
        guard let recorded = try workspace().yearSets(year)[id], recorded != set.contentHash else { return nil }
        return
            "Scores of \(year) were recorded against set '\(id)' \(recorded.prefix(12)); the set is now \(set.contentHash.prefix(12))."
    }
}
