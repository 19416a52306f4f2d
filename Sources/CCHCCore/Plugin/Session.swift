import Foundation

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

/// The state a command runs against: the registry, the data, the current set and output mode,
/// and the output it writes.
///
/// Commands never print: they write to the session, so the REPL, scripts and transcripts all see
/// the same output.
public final class Session {
    /// The composed modules.
    public let registry: ModuleRegistry
    /// The output format of query commands (an exporter id).
    public var format: String
    /// The id of the set `use` selected.
    public var currentSetID: String
    /// Set when `quit` runs.
    public var quitRequested = false
    /// Output written since the last ``takeOutput()``.
    public private(set) var output: [OutputChunk] = []
    /// What was loaded, for the startup line (e.g. "sample year 2024 (synthetic)").
    public var dataDescription: String

    private var loadedSets: [String: CriteriaSet] = [:]
    private var loadedProviders: Set<String> = []
    private var data: Dataset
    private var recordsLoader: (@Sendable ([CriteriaSet]) throws -> [String: UnitRecord])?
    private var scoreCache: [String: [UnitScore]] = [:]

    /// Creates a session.
    /// - Parameters:
    ///   - registry: the composed modules.
    ///   - dataset: units and any records already known.
    ///   - dataDescription: what was loaded, in a few words.
    ///   - recordsLoader: builds the records once criteria sets are needed (lazy sample data).
    public init(
        registry: ModuleRegistry, dataset: Dataset, dataDescription: String,
        recordsLoader: (@Sendable ([CriteriaSet]) throws -> [String: UnitRecord])? = nil
    ) {
        self.registry = registry
        self.data = dataset
        self.dataDescription = dataDescription
        self.recordsLoader = recordsLoader
        self.format = "table"
        self.currentSetID = registry.setIDs.first ?? ""
    }

    // MARK: Output

    /// Writes normal output (one or more lines).
    public func write(_ text: String) { output.append(OutputChunk(kind: .output, text: text)) }

    /// Writes an error line.
    public func writeError(_ text: String) { output.append(OutputChunk(kind: .error, text: text)) }

    /// Renders `report` in the current format and writes it.
    public func emit(_ report: Report) throws {
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

    // MARK: Criteria

    /// The set with `id`, parsed on first use.
    /// - Throws: ``UserError`` for an unknown id (with a suggestion) or a provider's parse error.
    public func criteriaSet(_ id: String) throws -> CriteriaSet {
        if let set = loadedSets[id] { return set }
        guard let owned = registry.providers.first(where: { $0.value.setIDs.contains(id) }) else {
            let hint = Suggestions.closest(to: id, in: registry.setIDs).map { ". Did you mean '\($0)'?" } ?? ""
            throw UserError("Unknown criteria set '\(id)'\(hint)")
        }
        try load(owned.value)
        guard let set = loadedSets[id] else {
            throw UserError("Criteria provider '\(owned.value.id)' did not provide the set '\(id)'")
        }
        return set
    }

    /// Every set in composition order.
    public func allCriteriaSets() throws -> [CriteriaSet] { try registry.setIDs.map(criteriaSet) }

    /// The set `use` selected.
    public func currentSet() throws -> CriteriaSet { try criteriaSet(currentSetID) }

    private func load(_ provider: any CriteriaProvider) throws {
        guard loadedProviders.insert(provider.id).inserted else { return }
        for set in try provider.loadCriteriaSets() { loadedSets[set.id] = set }
    }

    // MARK: Data

    /// The data, with lazily built records filled in.
    public func dataset() throws -> Dataset {
        if let loader = recordsLoader {
            recordsLoader = nil
            data.records = try loader(try allCriteriaSets())
        }
        return data
    }

    /// The units without building any records (cheap).
    public var units: [EvaluatedUnit] { data.units }

    /// The evaluation year.
    public var year: Int { data.year }

    /// Replaces the data.
    public func replaceDataset(_ dataset: Dataset, description: String) {
        data = dataset
        recordsLoader = nil
        dataDescription = description
        scoreCache.removeAll()
    }

    /// Ranked scores of every unit evaluated against set `id` (cached until the data changes).
    public func scores(setID id: String) throws -> [UnitScore] {
        if let cached = scoreCache[id] { return cached }
        let set = try criteriaSet(id)
        let dataset = try dataset()
        let scores = Scoring.rank(
            dataset.units.filter { $0.setID == id }.map {
                Scoring.score($0, record: dataset.record(for: $0.id), set: set)
            })
        scoreCache[id] = scores
        return scores
    }
}
