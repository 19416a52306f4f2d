import Foundation
import GRDB

/// One kind of output line.
public enum OutputKind: Sendable, Equatable {
    /// Normal output (standard output in scripts).
    case output
    /// An error (standard error in scripts).
    case error
}

/// A piece of output produced by a command.
public struct OutputChunk: Sendable, Equatable {
    /// Output or error.
    public var kind: OutputKind
    /// The text, without a final newline.
    public var text: String
    /// Creates a chunk.
    public init(kind: OutputKind, text: String) {
        self.kind = kind
        self.text = text
    }
}

/// The state a command runs against: the registry, the workspace, the current set and output
/// mode, and the output it writes.
///
/// Commands never print: they write to the session, so the REPL, scripts and transcripts all see
/// the same output. The workspace is opened on first use, so commands that need no data (and
/// `cchc -c quit`) never touch the disk.
public final class Session {
    /// The composed modules.
    public let registry: ModuleRegistry
    /// The output format of query commands (an exporter id).
    public var format: String
    /// Set when `quit` runs.
    public var quitRequested = false
    /// Output written since the last ``takeOutput()``.
    public private(set) var output: [OutputChunk] = []
    /// Who changes are recorded as (`--as`, else the OS user).
    public let actor: String
    /// The clock (fixed in transcripts).
    public let clock: @Sendable () -> Date

    /// How to open the workspace, and whether a new one gets the sample year.
    public struct WorkspaceSource: Sendable {
        /// Opens (or creates) the workspace.
        public var open: @Sendable () throws -> Workspace
        /// Fills a newly created workspace (e.g. with the sample year); `nil` leaves it empty.
        public var seed: (@Sendable (Session, Workspace) throws -> Void)?
        /// Creates a source.
        public init(
            open: @escaping @Sendable () throws -> Workspace,
            seed: (@Sendable (Session, Workspace) throws -> Void)? = nil
        ) {
            self.open = open
            self.seed = seed
        }

        /// The workspace file at `path`, named `name` in errors.
        public static func file(
            _ path: String, name: String? = nil, seed: (@Sendable (Session, Workspace) throws -> Void)? = nil
        ) -> Self {
            WorkspaceSource(
                open: { try Workspace.open(path: path, name: name) },
                seed: seed)
        }

        /// A workspace in memory.
        public static func memory(seed: (@Sendable (Session, Workspace) throws -> Void)? = nil) -> Self {
            WorkspaceSource(open: { try Workspace.inMemory() }, seed: seed)
        }
    }

    private var source: WorkspaceSource
    private var openedWorkspace: Workspace?
    private var loadedSets: [String: CriteriaSet] = [:]
    private var loadedProviders: Set<String> = []
    private var storedSetIDs: [String]?
    private var cachedDataset: Dataset?
    private var scoreCache: [String: [UnitScore]] = [:]
    private var chosenSetID: String?
    private var worlds: [String: ScenarioWorld] = [:]
    private var scenarioScores: [String: [UnitScore]] = [:]

    /// Shows the progress of long work (set only on a terminal; scripts stay quiet).
    public var progress: (@Sendable (String) -> Void)?

    /// The scenario scoring commands work on (`scenario use`); `baseline` is the data as loaded.
    public var currentScenario = Scenario.baseline

    /// Creates a session; nothing is opened yet.
    public init(
        registry: ModuleRegistry, source: WorkspaceSource, actor: String = "cchc",
        clock: @escaping @Sendable () -> Date = { Date() }
    ) {
        self.registry = registry
        self.source = source
        self.actor = actor
        self.clock = clock
        self.format = "table"
    }

    // MARK: Output

    /// Writes normal output (one or more lines).
    public func write(_ text: String) { output.append(OutputChunk(kind: .output, text: text)) }

    /// Writes an error line.
    public func writeError(_ text: String) { output.append(OutputChunk(kind: .error, text: text)) }

    /// While set, ``emit(_:)`` collects reports here instead of writing them.
    private var capturedReports: [Report]?

    /// Runs `body` and returns the reports it emitted, which are not written (used by `export`).
    public func capturingReports(_ body: () throws -> Void) rethrows -> [Report] {
        let previous = capturedReports
        capturedReports = []
        defer { capturedReports = previous }
        try body()
        return capturedReports ?? []
    }

    /// The language of exported titles and headers: `en` or `vi` (`lang`).
    public var language = "en"

    /// Renders `report` in the current format and writes it.
    public func emit(_ report: Report) throws {
        if capturedReports != nil {
            capturedReports?.append(report)
            return
        }
        guard let exporter = registry.exporter(format) else { throw UserError("Unknown output format '\(format)'") }
        var text = String(decoding: try exporter.export(report), as: UTF8.self)
        if text.hasSuffix("\n") { text.removeLast() }
        write(text)
    }

    /// Returns and clears the output written so far.
    public func takeOutput() -> [OutputChunk] {
        defer { output.removeAll() }
        return output
    }

    // MARK: Workspace

    /// The workspace, opened (and, when new, seeded) on first use.
    public func workspace() throws -> Workspace {
        if let openedWorkspace { return openedWorkspace }
        let workspace = try source.open()
        openedWorkspace = workspace
        if workspace.isNew, let seed = source.seed {
            do {
                try seed(self, workspace)
            } catch {
                openedWorkspace = nil
                throw error
            }
        }
        return workspace
    }

    /// Closes the current workspace and uses `source` from now on (`open PATH`).
    public func switchWorkspace(to source: WorkspaceSource) throws {
        let previous = (self.source, openedWorkspace)
        self.source = source
        openedWorkspace = nil
        invalidate()
        do {
            _ = try workspace()
        } catch {
            (self.source, openedWorkspace) = previous
            invalidate()
            throw error
        }
        chosenSetID = nil
    }

    /// Forgets cached data and scores; call after every change to the workspace.
    public func invalidate() {
        cachedDataset = nil
        scoreCache.removeAll()
        storedSetIDs = nil
        worlds.removeAll()
        scenarioScores.removeAll()
    }

    /// The session's actor at the clock's time now: the author of a change made now.
    public func author() -> Author { Author(name: actor, date: clock()) }

    /// Runs `body` in one write transaction of the workspace, as `actor` (default: the session's),
    /// then forgets cached data.
    /// - Throws: a write error, or whatever `body` throws (nothing is written then).
    @discardableResult
    public func change<T>(as actor: String? = nil, _ body: (Workspace, Change) throws -> T) throws -> T {
        let workspace = try workspace()
        defer { invalidate() }
        return try workspace.write(by: Author(name: actor ?? self.actor, date: clock())) { change in
            try body(workspace, change)
        }
    }

    /// The folder relative paths are resolved against (the transcript's folder in replays).
    public var baseDirectory: String?

    /// `path` resolved against ``baseDirectory`` (absolute paths and `~` are kept).
    public func resolvePath(_ path: String) -> String {
        let expanded = (path as NSString).expandingTildeInPath
        guard let baseDirectory, !expanded.hasPrefix("/") else { return expanded }
        return (baseDirectory as NSString).appendingPathComponent(expanded)
    }

    // MARK: Year and set

    /// The evaluation year (`year` sets it; default: the clock's year).
    public func year() throws -> Int {
        if let text = try workspace().setting("year"), let year = Int(text) { return year }
        return Calendar(identifier: .gregorian).dateComponents(in: TimeZone(identifier: "UTC")!, from: clock()).year
            ?? 2024
    }

    /// The id of the set `use` chose (kept in the workspace), else the first set.
    public var currentSetID: String {
        get {
            if let chosenSetID { return chosenSetID }
            let stored = (try? openedWorkspace?.setting("current_set")) ?? nil
            return stored ?? registry.setIDs.first ?? ""
        }
        set { chosenSetID = newValue }
    }

    /// Chooses the current set and remembers it in the workspace.
    public func use(setID: String) throws {
        _ = try criteriaSet(setID)
        try change { workspace, change in try workspace.setSetting("current_set", setID, in: change.db) }
        chosenSetID = setID
    }

    // MARK: Criteria

    /// Every set id: the modules' in composition order, then the workspace's own.
    public func setIDs() throws -> [String] {
        if storedSetIDs == nil { storedSetIDs = try workspace().storedCriteriaFiles().map(\.id) }
        return registry.setIDs + (storedSetIDs ?? []).filter { !registry.setIDs.contains($0) }
    }

    /// The set with `id`, parsed on first use.
    /// - Throws: ``UserError`` for an unknown id (with a suggestion) or a provider's parse error.
    public func criteriaSet(_ id: String) throws -> CriteriaSet {
        if let set = loadedSets[id] { return set }
        if let owned = registry.providers.first(where: { $0.value.setIDs.contains(id) }) {
            try load(owned.value)
            guard let set = loadedSets[id] else {
                throw UserError("Criteria provider '\(owned.value.id)' did not provide the set '\(id)'")
            }
            return set
        }
        if let stored = try workspace().storedCriteriaFiles().first(where: { $0.id == id }) {
            for set in try CriteriaFile.parse(yaml: stored.content, file: stored.fileName) { loadedSets[set.id] = set }
            if let set = loadedSets[id] { return set }
        }
        let hint =
            Suggestions.closest(to: id, in: (try? setIDs()) ?? registry.setIDs).map { ". Did you mean '\($0)'?" } ?? ""
        throw UserError("Unknown criteria set '\(id)'\(hint)")
    }

    /// Every set in order.
    public func allCriteriaSets() throws -> [CriteriaSet] { try setIDs().map(criteriaSet) }

    /// The set `use` selected.
    public func currentSet() throws -> CriteriaSet { try criteriaSet(currentSetID) }

    /// The module that provides set `id`, if a module does.
    public func module(providingSet id: String) -> String? {
        registry.providers.first { $0.value.setIDs.contains(id) }?.moduleID
    }

    private func load(_ provider: any CriteriaProvider) throws {
        guard loadedProviders.insert(provider.id).inserted else { return }
        for set in try provider.loadCriteriaSets() { loadedSets[set.id] = set }
    }

    /// Drops a parsed set so the next use reads it again (after `criteria load`).
    public func forgetCriteriaSet(_ id: String) {
        loadedSets[id] = nil
        invalidate()
    }

    // MARK: Data

    /// The current year's data.
    public func dataset() throws -> Dataset {
        if let cachedDataset { return cachedDataset }
        let workspace = try workspace()
        let dataset = try workspace.dataset(year: try year(), syntheticLabel: try workspace.setting("synthetic_label"))
        cachedDataset = dataset
        return dataset
    }

    /// The units.
    public func units() throws -> [EvaluatedUnit] { try dataset().units }

    /// Ranked scores of every unit evaluated against set `id`, without per-leaf detail (cached
    /// until the data changes); ``detailedScore(unitID:)`` has the leaves of one unit.
    public func scores(setID id: String) throws -> [UnitScore] {
        if let cached = scoreCache[id] { return cached }
        let plan = ScoringPlan(try criteriaSet(id))
        let dataset = try dataset()
        let scores = Scoring.rank(
            dataset.units.filter { $0.setID == id }.map {
                Scoring.score($0, record: dataset.record(for: $0.id), plan: plan, keepingLeaves: false)
            })
        scoreCache[id] = scores
        return scores
    }

    /// One unit's score with every leaf, ranked among its set.
    public func detailedScore(unitID: String) throws -> UnitScore {
        let dataset = try dataset()
        guard let unit = dataset.units.first(where: { $0.id == unitID }) else {
            throw WorkspaceError.unknownUnit(unitID)
        }
        var score = Scoring.score(unit, record: dataset.record(for: unit.id), set: try criteriaSet(unit.setID))
        score.rank = try scores(setID: unit.setID).first { $0.unit.id == unitID }?.rank
        return score
    }

    /// A note when the year's scores of set `id` were recorded against other content of the set.
    public func setDriftNote(setID id: String) throws -> String? {
        let set = try criteriaSet(id)
        let year = try year()
        guard let recorded = try workspace().yearSets(year)[id], recorded != set.contentHash else { return nil }
        return
            "Scores of \(year) were recorded against set '\(id)' \(recorded.prefix(12)); the set is now \(set.contentHash.prefix(12))."
    }

    // MARK: Scenarios

    /// The scenario named `name` (not `baseline`).
    public func scenario(_ name: String) throws -> Scenario {
        let all = try workspace().scenarios()
        guard let scenario = all.first(where: { $0.name == name }) else {
            let hint =
                Suggestions.closest(to: name, in: all.map(\.name) + [Scenario.baseline])
                .map { ". Did you mean '\($0)'?" } ?? ""
            throw UserError("Unknown scenario '\(name)'\(hint)")
        }
        return scenario
    }

    /// The sets and data scenario `name` sees (cached until the workspace changes).
    public func world(_ name: String) throws -> ScenarioWorld {
        if let world = worlds[name] { return world }
        var world: ScenarioWorld
        if name == Scenario.baseline {
            var sets: [String: CriteriaSet] = [:]
            for set in try allCriteriaSets() { sets[set.id] = set }
            world = ScenarioWorld(sets: sets, dataset: try dataset())
        } else {
            let scenario = try scenario(name)
            var chain = [scenario]
            while let parent = chain.last?.parent, parent != Scenario.baseline {
                guard !chain.contains(where: { $0.name == parent }) else { break }
                chain.append(try self.scenario(parent))
            }
            world = try self.world(Scenario.baseline)
            for layer in chain.reversed() {
                for override in layer.overrides { try world.apply(override, scenario: layer.name) }
            }
        }
        worlds[name] = world
        return world
    }

    /// Replaces scenario `name`'s overrides (persisted and audited). When the change only adds or
    /// replaces one unit's points or evidence and the scenario's scores are in memory, only that
    /// unit is re-scored and moved in the ranking; anything else recomputes on next use.
    public func updateScenario(_ name: String, overrides: [Override], changed: Override, before: String?) throws {
        try workspace().updateScenario(
            name, overrides: overrides, action: changed.words[0], before: before, after: changed.text, by: author())
        let unitID: String? =
            switch changed {
            case .points(let unit, _, _), .evidence(let unit, _, _): unit
            default: nil
            }
        let keep = worlds[name]
        let keptScores = scenarioScores.filter { $0.key.hasPrefix(name + "\u{0}") }
        worlds.removeAll()
        scenarioScores.removeAll()
        guard let unitID, before == nil, var world = keep,
            let unit = world.dataset.units.first(where: { $0.id == unitID })
        else { return }
        try world.apply(changed, scenario: name)
        worlds[name] = world
        let key = "\(name)\u{0}\(unit.setID)"
        if let ranked = keptScores[key], let set = world.sets[unit.setID] {
            let score = Scoring.score(
                unit, record: world.dataset.record(for: unitID), plan: ScoringPlan(set), keepingLeaves: false)
            scenarioScores[key] = Scoring.rerank(ranked, replacing: score)
        }
    }

    /// Ranked scores of set `id` in scenario `name`, without per-leaf detail.
    public func scores(setID id: String, scenario name: String) throws -> [UnitScore] {
        if name == Scenario.baseline { return try scores(setID: id) }
        if let cached = scenarioScores["\(name)\u{0}\(id)"] { return cached }
        let world = try world(name)
        guard let set = world.sets[id] else { throw UserError("Unknown criteria set '\(id)'") }
        let plan = ScoringPlan(set)
        let scores = Scoring.rank(
            world.dataset.units.filter { $0.setID == id }.map {
                Scoring.score($0, record: world.dataset.record(for: $0.id), plan: plan, keepingLeaves: false)
            })
        scenarioScores["\(name)\u{0}\(id)"] = scores
        return scores
    }

    /// One unit's score with every leaf in scenario `name`, ranked among its set there.
    public func detailedScore(unitID: String, scenario name: String) throws -> UnitScore {
        if name == Scenario.baseline { return try detailedScore(unitID: unitID) }
        let world = try world(name)
        guard let unit = world.dataset.units.first(where: { $0.id == unitID }), let set = world.sets[unit.setID] else {
            throw UserError("Unit '\(unitID)' is excluded from scenario '\(name)'")
        }
        var score = Scoring.score(unit, record: world.dataset.record(for: unit.id), set: set)
        score.rank = try scores(setID: unit.setID, scenario: name).first { $0.unit.id == unitID }?.rank
        return score
    }

    /// What the session works on, for the startup line.
    public var dataDescription: String {
        switch openedWorkspace?.location {
        case .file(let path): "workspace \(path)"
        case .memory: "an in-memory workspace (nothing is saved)"
        case nil: "workspace not opened yet"
        }
    }
}
