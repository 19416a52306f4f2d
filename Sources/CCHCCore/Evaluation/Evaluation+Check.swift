import Foundation

/// What `check` found of one result kept in the workspace.
public struct KeptResultCheck: Sendable, Equatable {
    /// How a kept result compares with a full recompute.
    public enum State: String, Sendable {
        /// The same bytes as a full recompute from the data as it is now.
        case matches
        /// Not what a full recompute gives: dropped, so the next command computes it.
        case differed
        /// Kept for an earlier revision of the data or another content of the set: never read
        /// again, so dropped; the next command that needs it computes it.
        case outOfDate = "out of date"
    }

    /// What was kept: `ranking`, `matrix` (every leaf resolved), `inflation` or `counts`.
    public var kind: String
    public var year: Int
    public var setID: String
    public var state: State
}

extension Evaluation {
    /// Checks every result kept in the workspace for the next command against a full recompute
    /// from the year's data with the content of the set it was kept for: a current one that
    /// differs is dropped, so it is never read again; one out of date is dropped too (it never
    /// would be read).
    /// - Returns: one check per kept result, by year, set and kind.
    /// - Throws: ``WorkspaceError`` when the workspace cannot be read or written; as
    ///   ``criteriaSet(_:year:)`` for a set no longer known.
    public func checkKeptResults() throws -> [KeptResultCheck] {
        let workspace = try validCache()
        // The set each kept result is for, as its year is scored with it (nil: no longer known),
        // found before the one read below (which cannot read anything else meanwhile).
        var sets: [String: CriteriaSet] = [:]
        for (year, setID) in try workspace.storedResultKeys() {
            sets["\(year)/\(setID)"] = try? criteriaSet(setID, year: year)
        }
        func set(of row: StoredResultRow) -> CriteriaSet? { sets["\(row.year)/\(row.setID)"] }
        // What was kept before some units' rows changed is brought up to date first, as the next
        // command would bring it (best effort: else it is out of date below).
        for (year, setID) in try workspace.storedResultKeys() {
            // A year's counts are counted again, as the first prompt would.
            if setID.isEmpty { _ = try? workspace.counts(year: year) }
            guard let set = sets["\(year)/\(setID)"] else { continue }
            let plan = ScoringPlan(set)
            _ = try? updatedKeptResult(.ranking(set), year: year)
            _ = try? updatedKeptResult(.matrix(plan), year: year)
            _ = try? updatedKeptResult(.inflation(plan), year: year)
        }
        func isCurrent(_ row: StoredResultRow, _ revisions: [Int: Int64]) -> Bool {
            row.revision == revisions[row.year]
                && (row.kind == .counts || set(of: row)?.contentHash == row.contentHash)
        }
        // The rows, the years' revisions and the data compared with them, read at once: a write
        // by another process meanwhile cannot make a result kept for the earlier data look wrong.
        let (rows, revisions, datasets, counts) = try workspace.storedResults(syntheticLabel: syntheticLabel()) {
            rows, revisions in Set(rows.filter { $0.kind != .counts && isCurrent($0, revisions) }.map(\.year))
        }
        var checks: [KeptResultCheck] = []
        for row in rows {
            var check = KeptResultCheck(kind: row.kind.rawValue, year: row.year, setID: row.setID, state: .outOfDate)
            defer { checks.append(check) }
            // Never read again when not current: dropped, so it takes no room.
            let recomputed: Data
            if row.kind == .counts {
                guard isCurrent(row, revisions), let counted = counts[row.year] else {
                    try workspace.dropStoredResult(row.kind, year: row.year, setID: row.setID, revision: row.revision)
                    continue
                }
                recomputed = counted
            } else {
                guard isCurrent(row, revisions), let set = set(of: row), let dataset = datasets[row.year] else {
                    try workspace.dropStoredResult(row.kind, year: row.year, setID: row.setID, revision: row.revision)
                    continue
                }
                let plan = ScoringPlan(set)
                func recompute<Result>(_ coding: KeptResultCoding<Result>) -> Data {
                    coding.encode(coding.compute(dataset))
                }
                recomputed =
                    switch row.kind {
                    case .ranking: recompute(.ranking(set))
                    case .matrix: recompute(.matrix(plan))
                    case .inflation, .counts:  // counts: above
                        recompute(.inflation(plan))
                    }
            }
            if recomputed == row.payload {
                check.state = .matches
            } else {
                check.state = .differed
                try workspace.dropStoredResult(row.kind, year: row.year, setID: row.setID, revision: row.revision)
            }
        }
        // What this session read may be what was dropped.
        if checks.contains(where: { $0.state == .differed }) { cache = Cache(commits: workspace.commits) }
        return checks
    }
}
