import Foundation
import GRDB

/// What a baseline computation keeps in the workspace for the next command, one per (year, set):
/// derived data, valid while the year's revision (``Workspace/revision(year:)``) and the set's
/// content are those it was computed at, and dropping every row loses nothing.
/// Kept in `stored_results`, by kind.
enum StoredResult: String, Sendable {
    /// The baseline ranking (``StoredRanking``): `rank` without scoring the year.
    case ranking
    /// Every leaf of every unit resolved (``ScoreMatrix``): `simulate` without reading the year.
    case matrix
    /// Each unit's self-assessment flags (``InflationTally``): `inflation` without reading it.
    case inflation
    /// The numbers of units, assessments (by stage) and evidence values of a large year
    /// (``YearCounts``), for the first prompt, `year` and `stage` (set and content hash empty:
    /// they depend on no set).
    case counts
}

extension Workspace {
    /// The stored `kind` of result for set `setID` in `year`, if it was computed from the year's
    /// data at `revision` (``revision(year:)``) with the set's content `contentHash` (else nil:
    /// it is out of date).
    /// - Throws: ``WorkspaceError`` when the workspace cannot be read.
    func storedResult(_ kind: StoredResult, year: Int, setID: String, contentHash: String, revision: Int64) throws
        -> Data?
    {
        try read { db in
            try Self.storedResult(db, kind, year: year, setID: setID, contentHash: contentHash, revision: revision)
        }
    }

    /// ``storedResult(_:year:setID:contentHash:revision:)`` on `db`.
    /// - Throws: a database error.
    static func storedResult(
        _ db: Database, _ kind: StoredResult, year: Int, setID: String, contentHash: String, revision: Int64
    ) throws -> Data? {
        try Data.fetchOne(
            db,
            sql: """
                SELECT payload FROM stored_results
                WHERE kind = ? AND year = ? AND set_id = ? AND content_hash = ? AND revision = ?
                """,
            arguments: [kind.rawValue, year, setID, contentHash, revision])
    }

    /// Keeps a result computed from the year's data at `revision` (``revision(year:)``), unless
    /// the year's data has moved on since (then it would be out of date at once). Derived data: no audit row, the revision stays,
    /// and ``commits`` does not count it, so nothing computed is dropped. Best effort and
    /// without waiting: while another process writes (a long import), the result is not kept
    /// rather than the reader kept waiting for a result that would be out of date anyway.
    /// - Throws: ``WorkspaceError`` when the file is read-only or busy.
    func storeResult(
        _ kind: StoredResult, _ payload: Data, year: Int, setID: String, contentHash: String, revision: Int64
    ) throws {
        do {
            try commitCounter.quietly {
                try database.writeWithoutTransaction { db in
                    try withoutWaiting {
                        try db.inTransaction(.immediate) {
                            guard try Self.revision(db, year: year) == revision else { return .commit }
                            try db.execute(
                                sql: """
                                    INSERT INTO stored_results (kind, year, set_id, content_hash, revision, payload)
                                    VALUES (?, ?, ?, ?, ?, ?)
                                    ON CONFLICT(kind, year, set_id) DO UPDATE SET content_hash = excluded.content_hash,
                                        revision = excluded.revision, payload = excluded.payload
                                    """,
                                arguments: [kind.rawValue, year, setID, contentHash, revision, payload])
                            return .commit
                        }
                    }
                }
            }
        } catch {
            throw Self.map(error, path: location.display)
        }
    }
}

extension Workspace {
    /// A result of `kind` kept for set `setID` (content `contentHash`) in `year` that only some
    /// units' rows have moved on from since: its payload, those units' records (the units whose
    /// set is not `setID` too) and the year's revision now, read in one transaction. Nil when
    /// nothing is kept, when it is current, when what changed since is more than some units'
    /// rows (units, criteria, a large import: ``ChangedData``), or more than `limit` units.
    /// - Throws: ``WorkspaceError`` when the workspace cannot be read.
    func keptResultAndChanges(
        _ kind: StoredResult, year: Int, setID: String, contentHash: String, limit: Int, syntheticLabel: String?
    ) throws -> (payload: Data, changed: Dataset, revision: Int64)? {
        try read { db in
            guard
                let kept = try Row.fetchOne(
                    db,
                    sql: """
                        SELECT payload, revision FROM stored_results
                        WHERE kind = ? AND year = ? AND set_id = ? AND content_hash = ?
                        """,
                    arguments: [kind.rawValue, year, setID, contentHash])
            else { return nil }
            let (payload, keptAt): (Data, Int64) = (kept[0], kept[1])
            // Nothing but some units' rows since: no write to every year, nor to the year as a whole.
            let wholeSince =
                try Int64.fetchOne(
                    db,
                    sql: """
                        SELECT max(every_year, coalesce((SELECT whole_year FROM year_revisions WHERE year = ?), 0))
                        FROM revision WHERE id = 1
                        """,
                    arguments: [year]) ?? .max
            let now = try Self.revision(db, year: year)
            guard wholeSince <= keptAt, keptAt != now else { return nil }
            let units = try String.fetchAll(
                db, sql: "SELECT unit_id FROM unit_revisions WHERE year = ? AND value > ? ORDER BY unit_id LIMIT ?",
                arguments: [year, keptAt, limit + 1])
            guard units.count <= limit else { return nil }
            let changed = try Self.unitsDataset(db, year: year, syntheticLabel: syntheticLabel, units: units)
            return (payload, changed, now)
        }
    }
}

/// One result kept in `stored_results`, as ``Workspace/storedResults()`` lists them.
struct StoredResultRow: Sendable {
    var kind: StoredResult
    var year: Int
    var setID: String
    var contentHash: String
    var revision: Int64
    var payload: Data
}

extension Workspace {
    /// The (year, set) of every result kept.
    /// - Throws: ``WorkspaceError`` when the workspace cannot be read.
    func storedResultKeys() throws -> [(year: Int, setID: String)] {
        try read { db in
            try Row.fetchAll(db, sql: "SELECT DISTINCT year, set_id FROM stored_results").map { ($0[0], $0[1]) }
        }
    }

    /// Every result kept, by year, set and kind (rows of a kind this build does not know are
    /// left out), with the revision of each of their years (``revision(year:)``) and the data of
    /// each year `current` asks for (given the rows and those revisions), all read in one
    /// transaction: what is compared was all true at once.
    /// - Throws: ``WorkspaceError`` when the workspace cannot be read.
    func storedResults(syntheticLabel: String?, years current: ([StoredResultRow], [Int: Int64]) -> Set<Int>) throws
        -> (rows: [StoredResultRow], revisions: [Int: Int64], datasets: [Int: Dataset], counts: [Int: Data])
    {
        try read { db in
            let rows: [StoredResultRow] = try Row.fetchAll(
                db,
                sql: """
                    SELECT kind, year, set_id, content_hash, revision, payload FROM stored_results
                    ORDER BY year, set_id, kind
                    """
            ).compactMap { row in
                guard let kind = StoredResult(rawValue: row[0]) else { return nil }
                return StoredResultRow(
                    kind: kind, year: row[1], setID: row[2], contentHash: row[3], revision: row[4], payload: row[5])
            }
            var revisions: [Int: Int64] = [:]
            for year in Set(rows.map(\.year)) { revisions[year] = try Self.revision(db, year: year) }
            var datasets: [Int: Dataset] = [:]
            for year in current(rows, revisions) {
                datasets[year] = try Self.dataset(
                    db, year: year, syntheticLabel: syntheticLabel, unit: nil, location: location)
            }
            var counts: [Int: Data] = [:]
            for row in rows where row.kind == .counts && row.revision == revisions[row.year] {
                counts[row.year] = try Self.counts(db, year: row.year).encoded()
            }
            return (rows, revisions, datasets, counts)
        }
    }

    /// Drops a kept result, unless another was kept in its place since `revision` (derived
    /// data: quietly, as it was written).
    /// - Throws: ``WorkspaceError`` when the file is read-only or busy.
    func dropStoredResult(_ kind: StoredResult, year: Int, setID: String, revision: Int64) throws {
        do {
            try commitCounter.quietly {
                try database.write { db in
                    try db.execute(
                        sql: "DELETE FROM stored_results WHERE kind = ? AND year = ? AND set_id = ? AND revision = ?",
                        arguments: [kind.rawValue, year, setID, revision])
                }
            }
        } catch {
            throw Self.map(error, path: location.display)
        }
    }
}
