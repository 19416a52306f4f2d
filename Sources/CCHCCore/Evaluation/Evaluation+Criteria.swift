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

    /// The set with `id` as the evaluation year is scored with it: the content its scores were
    /// recorded against (``criteriaSet(_:asRecordedIn:)``), else the set as loaded now.
    /// - Throws: as ``latestCriteriaSet(_:)``; ``WorkspaceError`` when the workspace cannot be read.
    public func criteriaSet(_ id: String) throws -> CriteriaSet { try criteriaSet(id, year: year()) }

    /// The set with `id` as `year` is scored with it.
    /// - Throws: as ``criteriaSet(_:asRecordedIn:)``.
    public func criteriaSet(_ id: String, year: Int) throws -> CriteriaSet {
        try criteriaSet(id, asRecordedIn: year).set
    }

    /// The set with `id` as loaded now (its latest content), parsed on first use.
    /// - Throws: ``EvaluationError`` for an unknown id (with a suggestion); a provider's or a
    ///   stored file's parse error (``CriteriaFileError``).
    public func latestCriteriaSet(_ id: String) throws -> CriteriaSet {
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
        throw EvaluationError.unknownSet(id, suggestion: Suggestions.closest(to: id, in: known), known: known.sorted())
    }

    /// Every set in order.
    /// - Throws: as ``criteriaSet(_:)``.
    public func allCriteriaSets() throws -> [CriteriaSet] { try setIDs().map { try criteriaSet($0) } }

    /// The id of the set `use` chose (kept in the workspace, opened for it when it is not yet),
    /// else the first set.
    public var currentSetID: String {
        if let chosenSetID { return chosenSetID }
        let stored = (try? workspace().setting("current_set")) ?? nil
        return stored ?? providers.first?.value.setIDs.first ?? ""
    }

    /// The set `use` selected.
    /// - Throws: as ``criteriaSet(_:)``.
    public func currentSet() throws -> CriteriaSet { try criteriaSet(currentSetID) }

    /// Chooses the current set and remembers it in the workspace, with an audit row when it
    /// changes (as `year` has).
    /// - Throws: as ``criteriaSet(_:)``; a write error.
    public func use(setID: String) throws {
        _ = try latestCriteriaSet(setID)
        let old = currentSetID
        try change(changing: .settings) { workspace, change in
            try workspace.setSetting("current_set", setID, in: change.db)
            if old != setID {
                try workspace.audit("use", target: "set in use", before: old, after: setID, in: change)
            }
        }
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

    /// Set `id` as `year`'s scores were recorded against it (``Workspace/tieYear(_:to:in:)``):
    /// the set as loaded now when that is the same content or the year has no scores yet, else
    /// the earlier content kept in the workspace; with a note when that content is not kept.
    /// - Throws: as ``criteriaSet(_:)``; ``CriteriaFileError`` for a kept content that no
    ///   longer reads.
    public func criteriaSet(_ id: String, asRecordedIn year: Int) throws -> (set: CriteriaSet, note: String?) {
        let current = try latestCriteriaSet(id)
        let workspace = try validCache()
        if cache.yearSets[year] == nil { cache.yearSets[year] = try workspace.yearSets(year) }
        guard let recorded = cache.yearSets[year]?[id], recorded != current.contentHash else {
            return (current, nil)
        }
        if let set = cache.setVersions["\(id)@\(recorded)"] { return (set, nil) }
        if let stored = try workspace.storedCriteriaVersions(of: id).first(where: { $0.hash == recorded }),
            let set = try CriteriaFile.parse(yaml: stored.content, file: stored.fileName).first(where: { $0.id == id })
        {
            cache.setVersions["\(id)@\(recorded)"] = set
            return (set, nil)
        }
        return (
            current,
            "Scores of \(year) were recorded against set '\(id)' \(recorded.prefix(12)), which this workspace does not keep; \(year) is scored with the set as loaded now (\(current.contentHash.prefix(12)))"
        )
    }

    /// How the leaves of `old` become those of `new` (two versions of one set): by id when they
    /// are the same version; else through the new version's `predecessor` crosswalk or one
    /// loaded from its own file; by id, with a note saying so, when there is none.
    /// - Throws: ``CriteriaFileError`` when the crosswalk does not fit the two versions (ids it
    ///   names that are not leaves, a leaf mapped twice); ``WorkspaceError`` when the workspace
    ///   cannot be read.
    public func crosswalk(from old: CriteriaSet, to new: CriteriaSet) throws -> (
        groups: [CriteriaCrosswalk.Group], crosswalk: CriteriaCrosswalk?, note: String?
    ) {
        guard old.version != new.version else { return (CriteriaCrosswalk.byID(old: old, new: new), nil, nil) }
        let found: CriteriaCrosswalk?
        if let own = new.predecessor, own.fromVersion == old.version {
            found = own
        } else {
            found = try validCache().storedCrosswalk(set: new.id, from: old.version, to: new.version)
        }
        guard let found else {
            return (
                CriteriaCrosswalk.byID(old: old, new: new), nil,
                "No crosswalk from version '\(old.version)' to '\(new.version)' of set '\(new.id)': leaves are paired by id, which may pair different criteria (docs/criteria-format.md, \"Crosswalks\")"
            )
        }
        let check = found.check(old: old, new: new)
        guard check.problems.isEmpty else { throw CriteriaFileError(problems: check.problems) }
        return (check.groups, found, nil)
    }

    /// The content of set `id` whose `version` is `version`: the set as loaded now, else the
    /// latest such content kept in the workspace; nil when there is none (or no such set).
    /// - Throws: ``WorkspaceError`` when the workspace cannot be read.
    public func criteriaSet(_ id: String, version: String) throws -> CriteriaSet? {
        if let current = try? latestCriteriaSet(id), current.version == version { return current }
        for stored in try validCache().storedCriteriaVersions(of: id).reversed() {
            if let set = try? CriteriaFile.parse(yaml: stored.content, file: stored.fileName).first(where: {
                $0.id == id && $0.version == version
            }) {
                return set
            }
        }
        return nil
    }
}
