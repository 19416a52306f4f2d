import CCHCCore
import Foundation
import Logging
import PostgresNIO

/// Derives the `dossiers.*` evidence inside PostgreSQL: one `SELECT … GROUP BY unit, year` over
/// the table of dossiers, so only a row per unit and year crosses the wire. The query is plain
/// SQL (no extensions, no functions of ours), so it runs unchanged on a distributed PostgreSQL
/// such as Citus, where the GROUP BY is pushed to the shards.
///
/// It follows the dossier CSV collector: on time is by the minute when the due date has a time
/// of day, else by the day; overdue is resolved late or pending past the due date at the time of
/// the pull. Unlike the CSV collector it keeps no dossier ids (they would be row-level traffic).
public struct PostgresDossierCollector: EvidenceCollector {
    public let id = "postgres"
    public let summary = "dossiers aggregated inside a PostgreSQL database (evidence pull postgres)"
    public let keys = DossierTally.keys
    /// The dossiers a unit's rates stand on.
    public let volumeKey: String? = "dossiers.total"
    public let readsFiles = false

    /// Creates the collector.
    public init() {}

    static let columns = [
        "unit_id", "received_at", "due_at", "resolved_at", "channel", "digitized", "entered_in_software",
        "apology_issued",
    ]

    /// `"name"`, with quotes doubled: a safe SQL identifier, optionally schema-qualified.
    static func identifier(_ name: String) -> String {
        name.split(separator: ".", maxSplits: 1).map { "\"" + $0.replacingOccurrences(of: "\"", with: "\"\"") + "\"" }
            .joined(separator: ".")
    }

    /// The one query: a row per unit and year with the ten counts of ``DossierTally``. As the
    /// CSV collector does, rows that cannot be right (due or resolved before received, by the
    /// minute when both carry a time, else by the day; a dossier id seen before, in order of
    /// receipt) are anomalies: counted apart and in no other count.
    static func query(table: String, columns: [String: String], year: Int?, asOf: String, ids: Bool = true) -> String {
        func c(_ key: String) -> String { identifier(columns["column." + key] ?? key) }
        let received = "received"
        let due = "due"
        let resolved = "resolved"
        func before(_ later: String) -> String {
            "CASE WHEN \(later)::time = time '00:00' OR \(received)::time = time '00:00' THEN \(later)::date < \(received)::date ELSE \(later) < \(received) END"
        }
        func yes(_ key: String) -> String {
            "lower(coalesce((\(key))::text, '')) IN ('1', 't', 'true', 'x', 'yes', 'y', 'có', 'co')"
        }
        let onTime =
            "(\(resolved) IS NOT NULL AND CASE WHEN \(due)::time = time '00:00' THEN \(resolved)::date <= \(due)::date ELSE \(resolved) <= \(due) END)"
        let overdue =
            "((\(resolved) IS NOT NULL AND NOT \(onTime)) OR (\(resolved) IS NULL AND \(due)::date < date '\(asOf)'))"
        let channel = "lower(coalesce((channel)::text, ''))"
        let online =
            "(\(channel) LIKE '%online%' OR \(channel) LIKE '%trực tuyến%' OR \(channel) LIKE '%truc tuyen%' OR \(channel) LIKE 'dvc%' OR \(channel) LIKE '%dịch vụ công%')"
        let received0 = "(\(c("received_at")))::timestamp"
        return """
            WITH rows AS (
              SELECT (\(c("unit_id")))::text AS unit_id, \(received0) AS received, (\(c("due_at")))::timestamp AS due,
                (\(c("resolved_at")))::timestamp AS resolved, \(c("channel")) AS channel, \(c("digitized")) AS digitized,
                \(c("entered_in_software")) AS entered_in_software, \(c("apology_issued")) AS apology_issued,
                \(ids ? "row_number() OVER (PARTITION BY (\(c("dossier_id")))::text ORDER BY \(received0))" : "1") AS seen
              FROM \(identifier(table))
              \(year.map { "WHERE extract(year FROM \(received0)) = \($0)" } ?? "")
            ), marked AS (
              SELECT *, (seen > 1 OR \(before(due)) OR (\(resolved) IS NOT NULL AND \(before(resolved)))) AS anomaly FROM rows
            )
            SELECT unit_id, extract(year FROM \(received))::int AS year,
              count(*) FILTER (WHERE NOT anomaly)::int8, count(\(resolved)) FILTER (WHERE NOT anomaly)::int8,
              count(*) FILTER (WHERE NOT anomaly AND \(onTime))::int8,
              count(*) FILTER (WHERE NOT anomaly AND \(resolved) IS NOT NULL AND \(resolved)::date < \(due)::date)::int8,
              count(*) FILTER (WHERE NOT anomaly AND \(overdue))::int8,
              count(*) FILTER (WHERE NOT anomaly AND \(overdue) AND \(yes("apology_issued")))::int8,
              count(*) FILTER (WHERE NOT anomaly AND \(yes("digitized")))::int8,
              count(*) FILTER (WHERE NOT anomaly AND \(online))::int8,
              count(*) FILTER (WHERE NOT anomaly AND \(yes("entered_in_software")))::int8,
              count(*) FILTER (WHERE anomaly)::int8
            FROM marked
            GROUP BY 1, 2 ORDER BY 1, 2
            """
    }

    public func collect(_ request: CollectionRequest) throws -> CollectedEvidence {
        guard let table = request.options["table"], !table.isEmpty else {
            throw UserError("Name the table with --table")
        }
        for key in request.options.keys where key.hasPrefix("column.") {
            let name = String(key.dropFirst("column.".count))
            guard Self.columns.contains(name) || name == "dossier_id" else {
                throw UserError(
                    "Unknown column key '\(name)' in --map; expected \(Self.columns.joined(separator: ", "))")
            }
        }
        let configuration = try Self.configuration(request.path)
        let asOf = ISO8601DateFormatter().string(from: request.asOf).prefix(10)
        var warnings: [String] = []
        var rows: [Row]
        do {
            let sql = Self.query(table: table, columns: request.options, year: request.year, asOf: String(asOf))
            rows = try Self.run(sql, configuration: configuration, source: request.fileName)
        } catch
            where request.options["column.dossier_id"] == nil && "\(error)".contains("\"dossier_id\" does not exist")
        {
            // A table or view without dossier ids: everything but repeated ids can still be found.
            let sql = Self.query(
                table: table, columns: request.options, year: request.year, asOf: String(asOf), ids: false)
            rows = try Self.run(sql, configuration: configuration, source: request.fileName)
            warnings.append(
                "\(table) has no dossier_id column, so dossiers listed twice cannot be found; --map dossier_id=COLUMN names it"
            )
        }
        var values: [CollectedEvidence.Value] = []
        var problems: [InputProblem] = []
        var total = 0
        for row in rows {
            let n = row.counts
            total += n[0] + n[9]
            guard request.units[row.unit] != nil else {
                let hint =
                    Suggestions.hint(for: row.unit, in: request.units.keys.sorted(), style: .clause)
                problems.append(
                    InputProblem(
                        file: request.fileName, line: 0, column: 0,
                        message: "Unknown unit '\(row.unit)' (\(n[0]) dossiers in \(row.year))\(hint)"))
                continue
            }
            var tally = DossierTally()
            (tally.total, tally.resolved, tally.onTime, tally.early, tally.overdue) = (n[0], n[1], n[2], n[3], n[4])
            (tally.overdueApologised, tally.digitized, tally.online, tally.entered) = (n[5], n[6], n[7], n[8])
            tally.anomalies = n[9]
            values += tally.values(unitID: row.unit, year: row.year)
        }
        return CollectedEvidence(values: values, rows: total, problems: problems, warnings: warnings)
    }

    struct Row: Sendable {
        var unit: String
        var year: Int
        var counts: [Int]
    }

    static func configuration(_ url: String) throws -> PostgresConnection.Configuration {
        guard let parts = URLComponents(string: url), ["postgres", "postgresql"].contains(parts.scheme ?? ""),
            let host = parts.host, !host.isEmpty
        else {
            throw UserError(
                "'\(URLText.withoutSecrets(url))' is not a PostgreSQL URL like postgres://user@host:5432/database")
        }
        let database = String(parts.path.drop { $0 == "/" })
        // The password: in the URL (never shown or stored), else PGPASSWORD as libpq reads it.
        let password = parts.password ?? ProcessInfo.processInfo.environment["PGPASSWORD"]
        var configuration = PostgresConnection.Configuration(
            host: host, port: parts.port ?? 5432, username: parts.user ?? "postgres", password: password,
            database: database.isEmpty ? nil : database, tls: .disable)
        configuration.options.connectTimeout = .seconds(10)
        return configuration
    }

    /// Runs `sql` on one connection (no pool, no retries: a server that is not there is said at
    /// once) and waits for its rows.
    static func run(_ sql: String, configuration: PostgresConnection.Configuration, source: String) throws -> [Row] {
        let box = ResultBox()
        let semaphore = DispatchSemaphore(value: 0)
        Task {
            let logger = Logger(label: "cchc.postgres", factory: { _ in SwiftLogNoOpLogHandler() })
            do {
                let connection = try await PostgresConnection.connect(
                    configuration: configuration, id: 1, logger: logger)
                do {
                    var rows: [Row] = []
                    let sequence = try await connection.query(PostgresQuery(unsafeSQL: sql), logger: logger)
                    for try await row in sequence {
                        let cells = try row.decode(
                            (String, Int, Int, Int, Int, Int, Int, Int, Int, Int, Int, Int).self)
                        rows.append(
                            Row(
                                unit: cells.0, year: cells.1,
                                counts: [
                                    cells.2, cells.3, cells.4, cells.5, cells.6, cells.7, cells.8, cells.9, cells.10,
                                    cells.11,
                                ]))
                    }
                    try await connection.close()
                    box.set(.success(rows))
                } catch {
                    try? await connection.close()
                    throw error
                }
            } catch {
                box.set(.failure(error))
            }
            semaphore.signal()
        }
        semaphore.wait()
        switch box.get() {
        case .success(let rows): return rows
        case .failure(let error as PSQLError):
            if let message = error.serverInfo?[.message] { throw UserError("PostgreSQL at \(source): \(message)") }
            let underlying = error.underlying.map { "\($0)" } ?? "\(error.code)"
            if underlying.contains("Connection refused") {
                throw UserError("PostgreSQL at \(source): cannot connect (connection refused)")
            }
            throw UserError("PostgreSQL at \(source): \(underlying.split(separator: "\n").first ?? "")")
        case .failure(let error): throw UserError("PostgreSQL at \(source): \(error)")
        case nil: throw UserError("PostgreSQL at \(source): no answer")
        }
    }

    final class ResultBox: @unchecked Sendable {
        private let lock = NSLock()
        private var value: Result<[Row], Error>?
        func set(_ result: Result<[Row], Error>) { lock.withLock { value = result } }
        func get() -> Result<[Row], Error>? { lock.withLock { value } }
    }
}
