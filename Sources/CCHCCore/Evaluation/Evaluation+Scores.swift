import Foundation

extension Evaluation {
    /// The ranked scores of every unit evaluated against set `setID` in scenario `scenario`,
    /// without per-leaf detail (``scorecard(unitID:scenario:)`` has one unit's leaves).
    /// - Throws: as ``criteriaSet(_:)``; ``EvaluationError`` for an unknown scenario or a set
    ///   the scenario does not have; ``ScenarioError`` for an override that no longer applies.
    public func ranking(setID: String, scenario: String = Scenario.baseline) throws -> [UnitScore] {
        _ = try validCache()
        if scenario == Scenario.baseline {
            if let cached = cache.rankings[setID] { return cached }
            let (ranking, revision) = try storedOrComputedRanking(set: try criteriaSet(setID))
            if cache.rankingRevision != revision { cache.rankings = [:] }
            cache.rankings[setID] = ranking
            cache.rankingRevision = revision
            return ranking
        }
        let key = ScenarioSet(scenario: scenario, setID: setID)
        if let cached = cache.scenarioRankings[key] { return cached }
        if let derived = try derivedRanking(scenario, setID: setID) {
            cache.scenarioRankings[key] = derived
            return derived
        }
        let world = try world(scenario)
        guard let set = world.sets[setID] else { throw EvaluationError.unknownSet(setID, suggestion: nil) }
        let ranking = Self.rank(world.dataset, set: set)
        cache.scenarioRankings[key] = ranking
        return ranking
    }

    /// The baseline ranking of `set` in `year` (nil: the evaluation year), as kept or computed
    /// (``storedOrComputed(_:year:)``).
    func storedOrComputedRanking(set: CriteriaSet, year: Int? = nil) throws -> ([UnitScore], revision: Int64) {
        try storedOrComputed(.ranking(set), year: year)
    }

    /// Every leaf of every unit of `plan`'s set resolved in the baseline of `year` (nil: the
    /// evaluation year), as kept or computed (``storedOrComputed(_:year:)``).
    private func storedOrComputedMatrix(plan: ScoringPlan, year: Int? = nil) throws -> ScoreMatrix {
        try storedOrComputed(.matrix(plan), year: year).0
    }

    /// A result over every unit of a set in the baseline of `year` (nil: the evaluation year):
    /// as stored in the workspace when it was computed from the data as it is now and this
    /// content of the set; else one stored before only some units' rows changed, brought up to
    /// date from those units' rows (``updatedKeptResult(_:year:)``, while the year is not loaded
    /// here: computing from it is as quick then); else computed from the year's data, and stored
    /// for the next command (best effort: a read-only or busy workspace just does not keep it).
    /// - Returns: the result and the revision of the data it is of.
    /// - Throws: ``WorkspaceError`` when the workspace cannot be read.
    func storedOrComputed<Result>(_ coding: KeptResultCoding<Result>, year other: Int?) throws -> (
        Result, revision: Int64
    ) {
        let workspace = try validCache()
        let evaluationYear = try year()
        let year = other ?? evaluationYear
        let set = coding.set
        // The year's revision of the data loaded in this process, else the one read before the
        // data: data that moves on meanwhile is then kept under the older revision, which
        // storeResult refuses, so it is never read.
        let loaded = year == evaluationYear ? cache.datasetRevision : nil
        let revision = try loaded ?? workspace.revision(year: year)
        if let payload = try workspace.storedResult(
            coding.kind, year: year, setID: set.id, contentHash: set.contentHash, revision: revision),
            let result = coding.decode(payload, try unitsByID())
        {
            return (result, revision)
        }
        if loaded == nil, let updated = try updatedKeptResult(coding, year: year) { return updated }
        let result: Result
        var computedAt = revision
        if year == evaluationYear {
            result = coding.compute(try dataset())
            computedAt = cache.datasetRevision ?? revision
        } else {
            result = coding.compute(try workspace.dataset(year: year, syntheticLabel: syntheticLabel()))
        }
        try? workspace.storeResult(
            coding.kind, coding.encode(result), year: year, setID: set.id, contentHash: set.contentHash,
            revision: computedAt)
        return (result, computedAt)
    }

    /// The result kept for `coding`'s set in `year` before only some units' rows changed (at most
    /// ``derivedRankingLimit`` units), brought up to date from those units' rows and stored in
    /// its place (``Workspace/keptResultAndChanges(_:year:setID:contentHash:limit:syntheticLabel:)``);
    /// nil when none is kept, it is current, or more than that changed since.
    /// - Returns: the result and the revision of the data it is of.
    /// - Throws: ``WorkspaceError`` when the workspace cannot be read.
    func updatedKeptResult<Result>(_ coding: KeptResultCoding<Result>, year: Int) throws -> (
        Result, revision: Int64
    )? {
        let workspace = try validCache()
        let set = coding.set
        guard
            let (payload, changed, now) = try workspace.keptResultAndChanges(
                coding.kind, year: year, setID: set.id, contentHash: set.contentHash,
                limit: Self.derivedRankingLimit, syntheticLabel: syntheticLabel()),
            let kept = coding.decode(payload, try unitsByID())
        else { return nil }
        let result = coding.update(kept, changed)
        try? workspace.storeResult(
            coding.kind, coding.encode(result), year: year, setID: set.id, contentHash: set.contentHash, revision: now)
        return (result, now)
    }

    /// Every unit by id (the first of a repeated id).
    /// - Throws: ``WorkspaceError`` when the workspace cannot be read.
    private func unitsByID() throws -> [String: EvaluatedUnit] {
        Dictionary(try units().map { ($0.id, $0) }, uniquingKeysWith: { first, _ in first })
    }

    /// The baseline ranking of `set` in `year` and every leaf of its units resolved, each as
    /// kept in the workspace or computed (``storedOrComputed(_:year:)``).
    /// - Throws: ``WorkspaceError`` when the workspace cannot be read.
    func rankingAndMatrix(of set: CriteriaSet, in year: Int) throws -> ([UnitScore], ScoreMatrix) {
        (
            try storedOrComputedRanking(set: set, year: year).0,
            try storedOrComputedMatrix(plan: ScoringPlan(set), year: year)
        )
    }

    /// Every leaf of every unit of `set` resolved to its final points in scenario `scenario`
    /// (the ground of `simulate`); in the baseline, as stored or computed
    /// (``storedOrComputed(_:year:)``).
    /// - Throws: as ``world(_:)``; ``WorkspaceError`` when the workspace cannot be read.
    public func scoreMatrix(set: CriteriaSet, scenario: String = Scenario.baseline) throws -> ScoreMatrix {
        _ = try validCache()
        let plan = ScoringPlan(set)
        guard scenario == Scenario.baseline else {
            let world = try world(scenario)
            return ScoreMatrix(units: world.dataset.units, records: world.dataset.records, plan: plan)
        }
        if let cached = cache.matrices[set.id], cached.set.contentHash == set.contentHash { return cached }
        let matrix = try storedOrComputedMatrix(plan: plan)
        cache.matrices[set.id] = matrix
        return matrix
    }

    /// Each unit of `set` with its self-assessment flags in scenario `scenario` (`inflation`
    /// over every unit), in the order of the units; in the baseline, as stored or computed
    /// (``storedOrComputed(_:year:)``).
    /// - Throws: as ``world(_:)``; ``WorkspaceError`` when the workspace cannot be read.
    public func inflationTallies(set: CriteriaSet, scenario: String = Scenario.baseline) throws -> [(
        unit: EvaluatedUnit, tally: InflationTally
    )] {
        _ = try validCache()
        let plan = ScoringPlan(set)
        guard scenario == Scenario.baseline else {
            return InflationTally.tallies(try world(scenario).dataset, plan: plan)
        }
        return try storedOrComputed(.inflation(plan), year: nil).0
    }

    /// One unit's baseline record, and the baseline ranking of its set, of the same revision of
    /// the data: a write by another process between the two reads (or since this session read
    /// the ranking) must not show new points beside an old rank. The year's data when it is
    /// loaded; else the unit's rows, with the ranking read again or computed when it is of
    /// another revision, and the whole year when even that moved on meanwhile.
    func consistentUnitRecord(_ unitID: String, setID: String) throws -> (Dataset, ranking: [UnitScore]) {
        let workspace = try validCache()
        if let dataset = cache.dataset { return (dataset, try ranking(setID: setID)) }
        let (one, revision) = try workspace.unitDataset(year: year(), syntheticLabel: syntheticLabel(), unit: unitID)
        if cache.rankingRevision != revision { cache.rankings = [:] }
        let ranking = try ranking(setID: setID)
        if cache.rankingRevision == revision { return (one, ranking) }
        return (try dataset(), ranking)
    }

    static func rank(_ dataset: Dataset, set: CriteriaSet) -> [UnitScore] {
        let plan = ScoringPlan(set)
        let units = dataset.units.filter { $0.setID == set.id }
        // Units are scored apart, so the cores share them.
        let scores = SharedSlots<UnitScore?>(count: units.count, repeating: nil)
        SharedSlots<UnitScore?>.forEachConcurrently(units.count) { row in
            scores[row] = Scoring.score(
                units[row], record: dataset.record(for: units[row].id), plan: plan, keepingLeaves: false)
        }
        return Scoring.rank(scores.values(count: units.count).map { $0! }, policy: set.ranking)
    }

    /// One unit's score with every leaf in scenario `scenario`, ranked among its set there.
    /// - Throws: ``WorkspaceError/unknownUnit(_:)``; ``EvaluationError/unitExcluded(unit:scenario:)``;
    ///   as ``ranking(setID:scenario:)``.
    public func scorecard(unitID: String, scenario: String = Scenario.baseline) throws -> UnitScore {
        var score: UnitScore
        if scenario == Scenario.baseline {
            // The baseline needs only the unit's own set, not a world of every set, and only the
            // unit's own rows when the year is not loaded anyway.
            guard let known = try units().first(where: { $0.id == unitID }) else {
                throw WorkspaceError.unknownUnit(unitID)
            }
            let (dataset, _) = try consistentUnitRecord(unitID, setID: known.setID)
            guard let unit = dataset.units.first(where: { $0.id == unitID }) else {
                throw WorkspaceError.unknownUnit(unitID)
            }
            score = Scoring.score(unit, record: dataset.record(for: unit.id), set: try criteriaSet(unit.setID))
        } else {
            let world = try world(scenario, forUnit: unitID)
            guard let unit = world.dataset.units.first(where: { $0.id == unitID }), let set = world.sets[unit.setID]
            else { throw EvaluationError.unitExcluded(unit: unitID, scenario: world.excluded[unitID] ?? scenario) }
            score = Scoring.score(unit, record: world.dataset.record(for: unit.id), set: set)
        }
        if let ranked = try ranking(setID: score.unit.setID, scenario: scenario).first(where: { $0.unit.id == unitID })
        {
            score.takePlace(of: ranked)
        }
        return score
    }

    // MARK: Scenarios

    /// The scenario named `name` (not `baseline`).
    /// - Throws: ``EvaluationError/unknownScenario(_:suggestion:)``, with the closest name.
    public func scenario(_ name: String) throws -> Scenario {
        let all = try workspace().scenarios()
        guard let scenario = all.first(where: { $0.name == name }) else {
            let names = [Scenario.baseline] + all.map(\.name)
            throw EvaluationError.unknownScenario(
                name, suggestion: Suggestions.closest(to: name, in: names), known: names)
        }
        return scenario
    }

    /// The ids of the sets scenario `name` changes, through its own overrides and its parents',
    /// in set order: a unit's set for points, evidence and exclusions, the amended set for
    /// amendments. Empty for the baseline.
    /// - Throws: as ``scenario(_:)``.
    public func changedSets(_ name: String) throws -> [String] {
        var changed: Set<String> = []
        var next: String? = name
        var seen: Set<String> = []
        let units = Dictionary(uniqueKeysWithValues: try self.units().map { ($0.id, $0.setID) })
        while let current = next, current != Scenario.baseline, seen.insert(current).inserted {
            let scenario = try scenario(current)
            for override in scenario.overrides {
                switch override {
                case .points(let unit, _, _), .evidence(let unit, _, _), .exclude(let unit):
                    if let setID = units[unit] { changed.insert(setID) }
                case .amendMax(let criterion, _), .amendThresholds(let criterion, _), .amendRule(let criterion, _):
                    if let setID = criterion.split(separator: ":").first { changed.insert(String(setID)) }
                }
            }
            next = scenario.parent
        }
        return try setIDs().filter(changed.contains)
    }

    /// The world of scenario `name` for work on one unit (`goal`): in the baseline, while the
    /// year is not loaded, a world of that unit's record alone (the others are in
    /// ``ranking(setID:scenario:)``); else ``world(_:)``.
    /// - Throws: as ``world(_:)``.
    public func world(_ name: String, forUnit unitID: String) throws -> ScenarioWorld {
        _ = try validCache()
        guard cache.dataset == nil, cache.worlds[name] == nil, let unit = try units().first(where: { $0.id == unitID })
        else { return try world(name) }
        if name != Scenario.baseline {
            // The unit and those the scenario changes, of the revision the baseline ranking is
            // of (the scenario's ranking is derived from it); the whole year if that moved on.
            _ = try ranking(setID: unit.setID)
            if cache.dataset != nil { return try world(name) }  // computing the ranking loaded the year
            let (world, revision) = try partialWorld(name, holding: [unitID])
            return revision == cache.rankingRevision ? world : try self.world(name)
        }
        let (dataset, _) = try consistentUnitRecord(unitID, setID: unit.setID)
        if dataset.units.count > 1 { return try world(name) }
        return ScenarioWorld(sets: try setsByID(), dataset: dataset)
    }

    /// The sets and data scenario `name` sees (cached until the workspace changes).
    /// - Throws: as ``scenario(_:)``; ``ScenarioError`` for an override that no longer applies.
    public func world(_ name: String) throws -> ScenarioWorld {
        _ = try validCache()
        if let world = cache.worlds[name] { return world }
        var world: ScenarioWorld
        if name == Scenario.baseline {
            world = ScenarioWorld(sets: try setsByID(), dataset: try dataset())
        } else {
            world = try self.world(Scenario.baseline)
            for layer in try scenarioChain(name).reversed() {
                for override in layer.overrides { try world.apply(override, scenario: layer.name) }
            }
        }
        cache.worlds[name] = world
        return world
    }

    /// The sets scenario `name` scores with (amended there), without reading any unit's data.
    /// - Throws: as ``scenario(_:)``; ``ScenarioError`` for an override that no longer applies.
    public func sets(inScenario name: String) throws -> [String: CriteriaSet] {
        _ = try validCache()
        if let world = cache.worlds[name] { return world.sets }
        return try partialWorld(name, holding: [], strictly: true).world.sets
    }

    /// Scenario `name`'s world holding the units `unitIDs` alone, with the overrides of the
    /// scenario and its parents that change them or amend a criterion (what checking one more
    /// override of those units needs), read through the tables' keys.
    /// - Throws: as ``scenario(_:)``; ``ScenarioError`` for an override that no longer applies.
    public func world(_ name: String, only unitIDs: Set<String>) throws -> ScenarioWorld {
        _ = try validCache()
        if cache.dataset != nil || cache.worlds[name] != nil { return try world(name) }
        return try partialWorld(name, holding: unitIDs, strictly: true).world
    }

    /// Every set the workspace knows, by id (a scenario world's sets before amendments).
    /// - Throws: as ``allCriteriaSets()``.
    private func setsByID() throws -> [String: CriteriaSet] {
        Dictionary(try allCriteriaSets().map { ($0.id, $0) }, uniquingKeysWith: { _, last in last })
    }

    /// The scenario `name` and its parents up to the baseline, the scenario first.
    /// - Throws: as ``scenario(_:)``.
    func scenarioChain(_ name: String) throws -> [Scenario] {
        guard name != Scenario.baseline else { return [] }
        var chain = [try scenario(name)]
        while let parent = chain.last?.parent, parent != Scenario.baseline {
            guard !chain.contains(where: { $0.name == parent }) else { break }
            chain.append(try self.scenario(parent))
        }
        return chain
    }

    /// Scenario `name`'s world holding the units `unitIDs` and the units its overrides (and its
    /// parents') change, read through the tables' keys — what scoring those units and deriving
    /// the scenario's ranking need, without the year's data; `strictly`, the units `unitIDs`
    /// alone (``world(_:only:)``). Read afresh — never cached: it is not the whole world — with
    /// the revision of the data it read.
    private func partialWorld(
        _ name: String, holding unitIDs: Set<String>, strictly: Bool = false, chain known: [Scenario]? = nil
    ) throws -> (world: ScenarioWorld, revision: Int64) {
        var chain = try known ?? scenarioChain(name)
        var holding = unitIDs
        if strictly {
            for index in chain.indices {
                chain[index].overrides.removeAll { $0.unit.map { !holding.contains($0) } ?? false }
            }
        } else {
            for layer in chain { holding.formUnion(layer.overrides.compactMap(\.unit)) }
        }
        let (dataset, revision) = try workspace().unitsDataset(
            year: year(), syntheticLabel: syntheticLabel(), units: holding.sorted())
        var world = ScenarioWorld(sets: try setsByID(), dataset: dataset)
        for layer in chain.reversed() {
            for override in layer.overrides { try world.apply(override, scenario: layer.name) }
        }
        return (world, revision)
    }

    /// Most units a scenario may change one by one for its ranking to be derived from the
    /// baseline's (``derivedRanking(_:setID:)``) rather than computed over the whole year.
    static let derivedRankingLimit = 500

    /// Scenario `name`'s ranking of `setID` derived from the baseline's: when the scenario and
    /// its parents change units one by one (points, evidence, exclusion; no amendment, which
    /// moves every unit of a set) and name at most ``derivedRankingLimit`` units, those units are
    /// scored again from their own rows with the scenario's changes and put in their places;
    /// the others keep the baseline's scores. Nil when the scenario amends a criterion or the
    /// data moved on between the reads.
    private func derivedRanking(_ name: String, setID: String) throws -> [UnitScore]? {
        var changed: Set<String> = []
        let chain = try scenarioChain(name)
        for layer in chain {
            for override in layer.overrides {
                guard let unit = override.unit else { return nil }
                changed.insert(unit)
            }
        }
        guard changed.count <= Self.derivedRankingLimit else { return nil }
        let baseline = try ranking(setID: setID)
        let (world, revision) = try partialWorld(name, holding: [], chain: chain)
        guard revision == cache.rankingRevision, let set = world.sets[setID] else { return nil }
        return Scoring.rerank(baseline, rescoring: world.dataset, removing: changed, set: set)
    }

    /// Puts `changed` in scenario `name` in the place of its override with the same target
    /// (persisted and audited; the scenario's overrides are read inside the write). When the
    /// change adds one unit's points or evidence and the scenario's scores are in memory, only
    /// that unit is re-scored and moved in the ranking; anything else recomputes on next use.
    /// - Throws: a write error; ``ScenarioError`` for an override that does not apply.
    public func updateScenario(_ name: String, setting changed: Override) throws {
        _ = try validCache()
        let keep = cache.worlds[name]
        let keptRankings = cache.scenarioRankings.filter { $0.key.scenario == name }
        let workspace = try workspace()
        let (before, revision) = try workspace.editScenario(
            name, target: changed.target, to: changed, action: changed.words[0], unit: changed.unit, by: author())
        scenariosChanged(by: workspace, to: revision)
        let unitID: String? =
            switch changed {
            case .points(let unit, _, _), .evidence(let unit, _, _): unit
            default: nil
            }
        guard let unitID, before == nil, var world = keep,
            let unit = world.dataset.units.first(where: { $0.id == unitID })
        else { return }
        try world.apply(changed, scenario: name)
        cache.worlds[name] = world
        let key = ScenarioSet(scenario: name, setID: unit.setID)
        if let ranked = keptRankings[key], let set = world.sets[unit.setID] {
            let score = Scoring.score(
                unit, record: world.dataset.record(for: unitID), plan: ScoringPlan(set), keepingLeaves: false)
            cache.scenarioRankings[key] = Scoring.rerank(ranked, replacing: score, policy: set.ranking)
        }
    }

    /// Takes an override back out of a scenario, auditing what it was.
    /// - Returns: false when the scenario no longer had it (another process took it back).
    /// - Throws: a write error.
    @discardableResult
    public func removeOverride(_ removed: Override, from scenario: Scenario, as actor: String? = nil) throws -> Bool {
        _ = try validCache()
        let workspace = try workspace()
        let (before, revision) = try workspace.editScenario(
            scenario.name, target: removed.target, to: nil, action: "unset", unit: removed.unit, by: author(actor))
        scenariosChanged(by: workspace, to: revision)
        return before != nil
    }

    /// After this session changed a scenario: only what was computed for scenarios goes, and the
    /// change is not taken for one made elsewhere unless another process's came in between.
    private func scenariosChanged(by workspace: Workspace, to revision: Int) {
        // Only the scenarios changed: what the baseline computed stays valid.
        cache.commits = workspace.commits
        cache.worlds = cache.worlds.filter { $0.key == Scenario.baseline }
        cache.scenarioRankings.removeAll()
        if cache.seenScenariosRevision == revision - 1 { cache.seenScenariosRevision = revision }
    }
}

extension Evaluation {
    /// Set `id` as scenario `scenario` scores it (amended there, or the set as the year uses it);
    /// the baseline's needs no world of every unit.
    /// - Throws: as ``criteriaSet(_:)`` and ``world(_:)``.
    public func criteriaSet(_ id: String, scenario: String) throws -> CriteriaSet {
        if scenario == Scenario.baseline { return try criteriaSet(id) }
        return try sets(inScenario: scenario)[id] ?? criteriaSet(id)
    }
}

/// How one kind of result kept for a (year, set) is read and written, computed from the year's
/// data, and brought up to date from some units' records.
struct KeptResultCoding<Result> {
    let kind: StoredResult
    let set: CriteriaSet
    /// The result from its stored bytes and the units by id; nil when they do not fit.
    let decode: (Data, [String: EvaluatedUnit]) -> Result?
    let encode: (Result) -> Data
    let compute: (Dataset) -> Result
    /// The kept result with the changed units' records (those units' data alone) taken in.
    let update: (Result, Dataset) -> Result
}

extension KeptResultCoding where Result == [UnitScore] {
    /// The baseline ranking (``StoredRanking``): the units whose rows changed are scored again
    /// and put in their places.
    static func ranking(_ set: CriteriaSet) -> Self {
        Self(
            kind: .ranking, set: set, decode: { StoredRanking.decode($0, set: set, units: $1) },
            encode: { StoredRanking.encode($0, set: set) }, compute: { Evaluation.rank($0, set: set) },
            update: { kept, changed in Scoring.rerank(kept, rescoring: changed, set: set) })
    }
}

extension KeptResultCoding where Result == ScoreMatrix {
    /// Every leaf of every unit resolved (``ScoreMatrix``): the changed units' rows resolved again.
    static func matrix(_ plan: ScoringPlan) -> Self {
        Self(
            kind: .matrix, set: plan.set, decode: { ScoreMatrix(stored: $0, plan: plan, units: $1) },
            encode: { $0.encoded() }, compute: { ScoreMatrix(units: $0.units, records: $0.records, plan: plan) },
            update: { kept, changed in kept.updating(changed, plan: plan) })
    }
}

extension KeptResultCoding where Result == [(unit: EvaluatedUnit, tally: InflationTally)] {
    /// Each unit's self-assessment flags (``InflationTally``): the changed units' tallied again.
    static func inflation(_ plan: ScoringPlan) -> Self {
        Self(
            kind: .inflation, set: plan.set, decode: { InflationTally.decode($0, setID: plan.set.id, units: $1) },
            encode: InflationTally.encode, compute: { InflationTally.tallies($0, plan: plan) },
            update: { kept, changed in
                let fresh = Dictionary(
                    InflationTally.tallies(changed, plan: plan).map { ($0.unit.id, $0.tally) },
                    uniquingKeysWith: { first, _ in first })
                return kept.map { ($0.unit, fresh[$0.unit.id] ?? $0.tally) }
            })
    }
}
