import CCHCCore
import CCHCModuleKit
import CCHCREPL
import CCHCTesting
import DossierEvidence
import Foundation
import PostgresEvidence
import Testing

let postgresURL = ProcessInfo.processInfo.environment["CCHC_TEST_POSTGRES_URL"]

/// The PostgreSQL collector against a real server: `.ci/run` starts one and sets
/// CCHC_TEST_POSTGRES_URL; without it these tests are skipped.
@Suite(.serialized, .enabled(if: postgresURL != nil, "CCHC_TEST_POSTGRES_URL is not set"))
struct PostgresTests {
    static let url = postgresURL
    let folder: URL
    let scratch: TemporaryFolder
    let table = "dossiers_\(UInt32.random(in: 0...UInt32.max))"

    init() throws {
        scratch = try TemporaryFolder("cchc-pg")
        folder = scratch.url
    }

    /// Runs psql with the statements, stopping at the first error.
    func psql(_ statements: [String]) throws {
        let process = Process()
        process.executableURL = URL(fileURLWithPath: "/usr/bin/psql")
        process.arguments = [Self.url!, "-q", "-v", "ON_ERROR_STOP=1"] + statements.flatMap { ["-c", $0] }
        process.standardOutput = FileHandle.nullDevice
        try process.run()
        process.waitUntilExit()
        #expect(process.terminationStatus == 0, "psql failed: \(statements)")
    }

    func request(_ path: String, context: CommandContext, options: [String: String] = [:]) throws -> CollectionRequest {
        CollectionRequest(
            path: path, fileName: "source",
            units: Dictionary(uniqueKeysWithValues: try context.evaluation.units().map { ($0.id, $0) }),
            year: nil, defaultYear: 2024, asOf: Transcript.clock(), options: options)
    }

    func sorted(_ values: [CollectedEvidence.Value]) -> [String] {
        values.map { "\($0.unitID) \($0.year) \($0.key) \($0.value.display)" }.sorted()
    }

    @Test func thePushedDownQueryGivesWhatTheCSVCollectorGives() throws {
        let csv = folder.appendingPathComponent("d.csv")
        _ = FileManager.default.createFile(atPath: csv.path, contents: nil)
        let handle = try FileHandle(forWritingTo: csv)
        try DossierGenerator(
            units: ["tu-ha", "huong-van", "binh-tien", "hai-duong"], rows: 4000, seed: 5, year: 2024
        ).write(to: handle)
        try handle.close()
        try psql([
            "CREATE TABLE \(table) (dossier_id text PRIMARY KEY, unit_id text, procedure_code text, received_at timestamp, due_at date, resolved_at timestamp, channel text, digitized int, entered_in_software int, apology_issued int)",
            "\\copy \(table) FROM '\(csv.path)' CSV HEADER",
            // The office's own names, Vietnamese, with yes/no as booleans: the mapping reads them.
            "CREATE VIEW \(table)_vi AS SELECT unit_id AS ma_don_vi, received_at AS ngay_tiep_nhan, due_at AS ngay_hen_tra, resolved_at AS ngay_tra, channel, digitized = 1 AS so_hoa, entered_in_software = 1 AS cap_nhat, apology_issued = 1 AS xin_loi FROM \(table)",
        ])
        defer { try? psql(["DROP TABLE \(table) CASCADE"]) }
        let context = try Workbench.makeContext(data: .sample, actor: "tester", clock: Transcript.clock)
        let fromCSV = try DossierCollector().collect(try request(csv.path, context: context))
        let fromServer = try PostgresDossierCollector().collect(
            try request(Self.url!, context: context, options: ["table": table]))
        #expect(fromServer.problemCount == 0, "\(fromServer.problems)")
        #expect(fromServer.rows == 4000)
        #expect(sorted(fromServer.values) == sorted(fromCSV.values))

        let mapped = try PostgresDossierCollector().collect(
            try request(
                Self.url!, context: context,
                options: [
                    "table": "\(table)_vi", "column.unit_id": "ma_don_vi", "column.received_at": "ngay_tiep_nhan",
                    "column.due_at": "ngay_hen_tra", "column.resolved_at": "ngay_tra", "column.digitized": "so_hoa",
                    "column.entered_in_software": "cap_nhat", "column.apology_issued": "xin_loi",
                ]))
        #expect(sorted(mapped.values) == sorted(fromCSV.values))
    }

    @Test func pullStoresTheValuesWithTheirSourceAndBadRequestsGetOneLine() throws {
        try psql([
            "CREATE TABLE \(table) (dossier_id text, unit_id text, received_at timestamp, due_at timestamp, resolved_at timestamp, channel text, digitized boolean, entered_in_software boolean, apology_issued boolean)",
            "INSERT INTO \(table) VALUES ('A', 'tu-ha', '2024-03-01 08:00', '2024-03-05 11:00', '2024-03-05 10:00', 'Trực tuyến', true, true, false), ('B', 'tu-ha', '2024-03-01', '2024-03-05 11:00', '2024-03-05 12:00', 'Trực tiếp', false, true, true)",
        ])
        defer { try? psql(["DROP TABLE \(table) CASCADE"]) }
        let engine = try makeSampleEngine()
        let pulled = engine.execute("evidence pull postgres --url \(Self.url!) --table \(table)")
        #expect(pulled.succeeded, "\(pulled.output)")
        let records = try engine.context.evaluation.workspace().evidence(unit: "tu-ha", year: 2024)
        let onTime = try #require(records.first { $0.key == "dossiers.on_time_rate" })
        #expect(onTime.value.display == "1/2")
        #expect(onTime.collector == "postgres")
        #expect(onTime.source?.hasSuffix(" \(table)") == true)
        #expect(records.first { $0.key == "dossiers.overdue_apology_rate" }?.value.display == "1/1")
        #expect(records.first { $0.key == "dossiers.online_rate" }?.value.display == "1/2")

        for (line, message) in [
            ("evidence pull postgres --url \(Self.url!) --table no_such_table", "PostgreSQL at"),
            ("evidence pull postgres --url http://example.org --table t", "is not a PostgreSQL URL"),
            ("evidence pull postgres --url \(Self.url!) --table \(table) --map unit=x", "Unknown column key 'unit'"),
            ("evidence pull mysql --url \(Self.url!) --table \(table)", "Cannot pull from 'mysql'"),
        ] {
            let result = engine.execute(line)
            let text = result.text
            #expect(!result.succeeded)
            #expect(text.contains(message), "\(line): \(text)")
            #expect(!text.contains("\n"), "\(line): one line")
        }
    }
}
