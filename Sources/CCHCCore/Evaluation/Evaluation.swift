import Foundation

/// The evaluation service: one year's evaluation kept in a workspace, with the criteria sets it
/// is scored against, the scores, and the what-if scenarios layered on it.
///
/// Commands ask it questions (``ranking(setID:scenario:)``, ``scorecard(unitID:scenario:)``,
/// ``world(_:)``) and make changes through the workspace, each carrying its ``Author``. What it
/// computes is cached until the workspace commits a change (``Workspace/commits``), so no caller
/// has to say when the data changed. It knows nothing of terminals, output or output modes.
///
/// The workspace is opened on first use, so work that needs no data never touches the disk.
public final class Evaluation {
    /// Who changes are recorded as when a command names nobody else (`--as`, else the OS user).
    public var actor: String
    /// The clock (fixed in transcripts).
    public let clock: @Sendable () -> Date
    /// The criteria providers of the composed modules, each with its module's id, in composition
    /// order.
    public let providers: [Owned<any CriteriaProvider>]
    /// Migrations the composed modules add to the workspace's own, in composition order.
    public let migrations: [WorkspaceMigration]

    /// How to open the workspace, and whether a new one gets the sample year.
    public struct WorkspaceSource: Sendable {
        /// Opens (or creates) the workspace with the given module migrations.
        public var open: @Sendable (_ migrations: [WorkspaceMigration]) throws -> Workspace
        /// Fills a newly created workspace (e.g. with the sample year); `nil` leaves it empty.
        public var seed: (@Sendable (Evaluation, Workspace) throws -> Void)?
        /// For a workspace file: its path and how errors name it. A missing file is created
        /// whole (see ``Workspace/createWhole(path:name:migrations:fill:)``).
        var file: (path: String, name: String?)?
        /// Creates a source.
        public init(
            open: @escaping @Sendable (_ migrations: [WorkspaceMigration]) throws -> Workspace,
            seed: (@Sendable (Evaluation, Workspace) throws -> Void)? = nil
        ) {
            self.open = open
            self.seed = seed
        }

        /// The workspace file at `path`, named `name` in errors.
        public static func file(
            _ path: String, name: String? = nil, seed: (@Sendable (Evaluation, Workspace) throws -> Void)? = nil
        ) -> Self {
            var source = WorkspaceSource(
                open: { try Workspace.open(path: path, name: name, migrations: $0) }, seed: seed)
            source.file = (path, name)
            return source
        }

        /// A workspace in memory.
        public static func memory(seed: (@Sendable (Evaluation, Workspace) throws -> Void)? = nil) -> Self {
            WorkspaceSource(open: { try Workspace.inMemory(migrations: $0) }, seed: seed)
        }
    }

    private var source: WorkspaceSource
    var openedWorkspace: Workspace?
    /// Sets parsed so far; they depend on the providers and files, not on the workspace's data.
    var loadedSets: [String: CriteriaSet] = [:]
    var chosenSetID: String?
    /// What is computed from the workspace's content, valid while ``Workspace/commits`` is
    /// ``Cache/commits``.
    var cache = Cache()

    struct Cache {
        var commits = -1
        var year: Int?
        var storedSetIDs: [String]?
        /// Earlier contents of sets, by "id@hash" (``criteriaSet(_:asRecordedIn:)``).
        var setVersions: [String: CriteriaSet] = [:]
        /// Each year's recorded content hash per set (``Workspace/yearSets(_:)``).
        var yearSets: [Int: [String: String]] = [:]
        var dataset: Dataset?
        /// The year's revision (``Workspace/revision(year:)``) read just before ``dataset`` was loaded.
        var datasetRevision: Int64?
        /// The units, read alone when the year's data is not loaded.
        var units: [EvaluatedUnit]?
        var rankings: [String: [UnitScore]] = [:]
        /// Baseline score matrices by set id (``scoreMatrix(set:scenario:)``).
        var matrices: [String: ScoreMatrix] = [:]
        /// The year's revision the baseline rankings were read or computed at.
        var rankingRevision: Int64?
        /// The workspace's revision when ``noticeChangesElsewhere()`` last looked.
        var seenRevision: Int64?
        /// The scenarios' revision when ``noticeChangesElsewhere()`` last looked.
        var seenScenariosRevision: Int?
        var worlds: [String: ScenarioWorld] = [:]
        var scenarioRankings: [ScenarioSet: [UnitScore]] = [:]
    }

    /// A set seen in a scenario.
    struct ScenarioSet: Hashable {
        var scenario: String
        var setID: String
    }

    /// Creates an evaluation; nothing is opened yet.
    public init(
        source: WorkspaceSource, providers: [Owned<any CriteriaProvider>] = [],
        migrations: [WorkspaceMigration] = [], actor: String = "cchc",
        clock: @escaping @Sendable () -> Date = { Date() }
    ) {
        self.source = source
        self.providers = providers
        self.migrations = migrations
        self.actor = actor
        self.clock = clock
    }

    // MARK: Workspace

    /// The workspace, opened (and, when new, seeded) on first use.
    /// - Throws: ``WorkspaceError`` when it cannot be opened; the seed's error.
    public func workspace() throws -> Workspace {
        if let openedWorkspace { return openedWorkspace }
        if let file = source.file, !FileManager.default.fileExists(atPath: file.path) {
            let seed = source.seed
            let created = try Workspace.createWhole(path: file.path, name: file.name, migrations: migrations) {
                workspace in
                guard let seed else { return }
                openedWorkspace = workspace
                defer {
                    openedWorkspace = nil
                    cache = Cache()
                }
                try seed(self, workspace)
            }
            let workspace = try Workspace.open(
                path: file.path, name: file.name, migrations: migrations, created: created)
            openedWorkspace = workspace
            return workspace
        }
        let workspace = try source.open(migrations)
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

    /// Commits to the open workspace so far (another workspace opened counts apart); 0 before
    /// one is open.
    public var commitCount: Int { openedWorkspace?.commits ?? 0 }

    /// Copies the write-ahead log into the workspace file (see ``Workspace/checkpoint()``).
    public func checkpoint() { openedWorkspace?.checkpoint() }

    /// Where the workspace lives, once it is open.
    public var location: Workspace.Location? { openedWorkspace?.location }

    /// Closes the current workspace and uses `source` from now on (`open PATH`).
    /// - Throws: the new workspace's open error (the current one stays open then).
    public func switchWorkspace(to source: WorkspaceSource) throws {
        let previous = (self.source, openedWorkspace)
        self.source = source
        openedWorkspace = nil
        cache = Cache()
        do {
            _ = try workspace()
        } catch {
            (self.source, openedWorkspace) = previous
            cache = Cache()
            throw error
        }
        chosenSetID = nil
    }

    /// The cache, emptied first when the workspace committed a change since it was filled.
    /// Drops what was computed when another process changed the workspace's data since this
    /// one last looked (its own changes drop it as they commit), so a session does not show
    /// another process's new points beside ranks computed before them. Called before each
    /// command; costs a read of the revision and of the scenarios' revision (a change to
    /// scenarios alone drops only what was computed for scenarios), and nothing before the
    /// workspace is open.
    /// - Throws: ``WorkspaceError`` when the workspace cannot be read.
    public func noticeChangesElsewhere() throws {
        guard let workspace = openedWorkspace else { return }
        let current = try workspace.revision()
        let scenarios = try workspace.scenariosRevision()
        if let seen = cache.seenRevision, seen != current {
            cache = Cache()
        } else if let seen = cache.seenScenariosRevision, seen != scenarios {
            // Only the scenarios changed elsewhere: what the baseline computed stays.
            cache.worlds = cache.worlds.filter { $0.key == Scenario.baseline }
            cache.scenarioRankings.removeAll()
        }
        cache.seenRevision = current
        cache.seenScenariosRevision = scenarios
    }

    func validCache() throws -> Workspace {
        let workspace = try workspace()
        if cache.commits != workspace.commits { cache = Cache(commits: workspace.commits) }
        return workspace
    }

    /// The actor at the clock's time now: the author of a change made now.
    /// - Parameter name: who acts, when not the evaluation's ``actor`` (`--as`).
    public func author(_ name: String? = nil) -> Author { Author(name: name ?? actor, date: clock()) }

    /// Runs `body` in one write transaction of the workspace, as `actor` (default: ``actor``),
    /// raising the revisions of what it is `changing` (default: every year's data; read when
    /// `body` has run).
    /// - Throws: a write error, or whatever `body` throws (nothing is written then).
    @discardableResult
    public func change<T>(
        as actor: String? = nil, changing: @autoclosure () -> ChangedData = .everyYear,
        _ body: (Workspace, Change) throws -> T
    ) throws -> T {
        let workspace = try workspace()
        return try workspace.write(by: author(actor), changing: changing()) { change in try body(workspace, change) }
    }

    // MARK: Year

    /// The evaluation year (`year` sets it; default: the clock's year).
    /// - Throws: ``WorkspaceError`` when the workspace cannot be read.
    public func year() throws -> Int {
        let workspace = try validCache()
        if let year = cache.year { return year }
        let year: Int
        if let text = try workspace.setting("year"), let stored = Int(text) {
            year = stored
        } else {
            year = OfficeDay.year(of: clock())
        }
        cache.year = year
        return year
    }

    // MARK: Data

    /// The current year's data.
    /// - Throws: ``WorkspaceError`` when the workspace cannot be read.
    public func dataset() throws -> Dataset {
        let workspace = try validCache()
        if let dataset = cache.dataset { return dataset }
        // Read first: a change committed meanwhile makes the number older than the data, never
        // newer, so nothing derived from the data is stored as newer than it is.
        let year = try year()
        let revision = try workspace.revision(year: year)
        let dataset = try workspace.dataset(year: year, syntheticLabel: try workspace.setting("synthetic_label"))
        cache.dataset = dataset
        cache.datasetRevision = revision
        return dataset
    }

    /// The units (without the year's data when it is not loaded yet).
    /// - Throws: ``WorkspaceError`` when the workspace cannot be read.
    public func units() throws -> [EvaluatedUnit] {
        let workspace = try validCache()
        if let dataset = cache.dataset { return dataset.units }
        if let units = cache.units { return units }
        let units = try workspace.units()
        cache.units = units
        return units
    }

    /// The label of synthetic data (the bundled sample's), if the workspace holds such data.
    /// - Throws: ``WorkspaceError`` when the workspace cannot be read.
    public func syntheticLabel() throws -> String? {
        let workspace = try validCache()
        return try cache.dataset.map(\.syntheticLabel) ?? workspace.setting("synthetic_label")
    }
}
