import Foundation
import GRDB

/// What a baseline computation keeps in the workspace for the next command, one per (year, set):
/// derived data, valid while the workspace's revision and the set's content are those it was
/// computed at, and dropping every row loses nothing.
/// Kept in `stored_results`, by kind.
enum StoredResult: String, Sendable {
    /// The baseline ranking (``StoredRanking``): `rank` without scoring the year.
    case ranking
    /// Every leaf of every unit resolved (``ScoreMatrix``): `simulate` without reading the year.
    case matrix
    /// Each unit's self-assessment flags (``InflationTally``): `inflation` without reading it.
    case inflation
}

extension Workspace {
    /// The stored `kind` of result for set `setID` in `year`, if it was computed from the data
    /// at `revision` with the set's content `contentHash` (else nil: it is out of date).
    /// - Throws: ``WorkspaceError`` when the workspace cannot be read.
    func storedResult(_ kind: StoredResult, year: Int, setID: String, contentHash: String, revision: Int64) throws
        -> Data?
    {
        try read { db in
            try Data.fetchOne(
                db,
                sql: """
                    SELECT payload FROM stored_results
                    WHERE kind = ? AND year = ? AND set_id = ? AND content_hash = ? AND revision = ?
                    """,
                arguments: [kind.rawValue, year, setID, contentHash, revision])
        }
    }

    /// Keeps a result computed from the data at `revision`, unless the data has moved on since
    /// (then it would be out of date at once). Derived data: no audit row, the revision stays,
    /// and ``commits`` does not count it, so nothing computed is dropped.
    /// - Throws: ``WorkspaceError`` when the file is read-only or busy.
    func storeResult(
        _ kind: StoredResult, _ payload: Data, year: Int, setID: String, contentHash: String, revision: Int64
    ) throws {
        do {
            try commitCounter.quietly {
                try database.write { db in
                    let current = try Int64.fetchOne(db, sql: "SELECT value FROM revision WHERE id = 1") ?? 0
                    guard current == revision else { return }
                    try db.execute(
                        sql: """
                            INSERT INTO stored_results (kind, year, set_id, content_hash, revision, payload)
                            VALUES (?, ?, ?, ?, ?, ?)
                            ON CONFLICT(kind, year, set_id) DO UPDATE SET content_hash = excluded.content_hash,
                                revision = excluded.revision, payload = excluded.payload
                            """,
                        arguments: [kind.rawValue, year, setID, contentHash, revision, payload])
                }
            }
        } catch {
            throw Self.map(error, path: location.display)
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
    /// Every result kept, by year, set and kind (rows of a kind this build does not know are
    /// left out).
    /// - Throws: ``WorkspaceError`` when the workspace cannot be read.
    func storedResults() throws -> [StoredResultRow] {
        try read { db in
            try Row.fetchAll(
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
