import Foundation

/// A year's baseline as work on some of its units needs it (a plan's): every set as the year
/// scores it, each set's ranking, and the records of the units held
/// (``Evaluation/baseline(year:holding:)``).
public struct YearBaseline: Sendable {
    /// The evaluation year the baseline is of.
    public let year: Int
    /// Every set as the year scores it (``Evaluation/criteriaSet(_:year:)``), and the records of
    /// the units held (every unit's when the year was read whole).
    public let world: ScenarioWorld
    /// The ranking of each set with units held, by set id: every unit of the set ranked, with
    /// points, index, band and place but without leaves.
    public let rankings: [String: [UnitScore]]
}

extension Evaluation {
    /// The baseline of `year` for work on the units `unitIDs` (every unit when nil): every set as
    /// the year scores it, the ranking of each set those units are in (kept or computed), and
    /// those units' records, read through the tables' keys — or the whole year, for more than
    /// ``derivedRankingLimit`` units or when it is loaded already. The records and the rankings
    /// are of one revision of the year's data (read again when a write came between them; after
    /// three tries, everything from one read of the whole year).
    /// - Throws: as ``criteriaSet(_:year:)``; ``WorkspaceError`` when the workspace cannot be read.
    public func baseline(year: Int, holding unitIDs: Set<String>?) throws -> YearBaseline {
        let workspace = try validCache()
        let evaluationYear = try self.year()
        var sets: [String: CriteriaSet] = [:]
        for id in try setIDs() { sets[id] = try criteriaSet(id, year: year) }
        let label = try syntheticLabel()
        let units = try self.units()
        let held = unitIDs.map { ids in units.filter { ids.contains($0.id) } } ?? units
        let rankedSets = Set(held.map(\.setID)).compactMap { sets[$0] }.sorted { $0.id < $1.id }
        // The units alone, unless they are many or the year is loaded already.
        let whole =
            unitIDs == nil || held.count > Self.derivedRankingLimit
            || (year == evaluationYear && cache.dataset != nil)
        for _ in 1...3 {
            let dataset: Dataset
            let read: Int64?
            if !whole {
                (dataset, read) = try workspace.unitsDataset(
                    year: year, syntheticLabel: label, units: held.map(\.id))
            } else if year == evaluationYear {
                dataset = try self.dataset()
                read = cache.datasetRevision
            } else {
                read = try workspace.revision(year: year)
                dataset = try workspace.dataset(year: year, syntheticLabel: label)
            }
            // Rankings this session computed from older data are not those of the records read.
            if year == evaluationYear, cache.rankingRevision != read { cache.rankings = [:] }
            var rankings: [String: [UnitScore]] = [:]
            var consistent = true
            for set in rankedSets {
                if year == evaluationYear {
                    rankings[set.id] = try ranking(setID: set.id)
                    consistent = consistent && cache.rankingRevision == read
                } else {
                    let (ranking, revision) = try storedOrComputedRanking(set: set, year: year)
                    rankings[set.id] = ranking
                    consistent = consistent && revision == read
                }
            }
            if consistent {
                return YearBaseline(year: year, world: ScenarioWorld(sets: sets, dataset: dataset), rankings: rankings)
            }
        }
        // The data kept changing between the reads: everything from one read of the whole year.
        let dataset = try workspace.dataset(year: year, syntheticLabel: label)
        var rankings: [String: [UnitScore]] = [:]
        for set in rankedSets { rankings[set.id] = Self.rank(dataset, set: set) }
        return YearBaseline(year: year, world: ScenarioWorld(sets: sets, dataset: dataset), rankings: rankings)
    }
}
