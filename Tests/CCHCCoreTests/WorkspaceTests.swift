import CCHCTesting
import Foundation
import GRDB
import Testing

@testable import CCHCCore

@Suite struct WorkspaceTests {
    let folder: URL
    let scratch: TemporaryFolder

    init() throws {
        scratch = try TemporaryFolder("cchc-ws")
        folder = scratch.url
    }

    func path(_ name: String) -> String { folder.appendingPathComponent(name).path }

    let tester = Author(name: "tester", date: Date(timeIntervalSince1970: 1_729_411_200))

    @Test func aNewWorkspaceIsCreatedInWALModeWithForeignKeys() throws {
        let workspace = try Workspace.open(path: path("a/b/new.cchc"))
        #expect(workspace.isNew)
        let (mode, keys, id) = try workspace.read { db in
            (
                try String.fetchOne(db, sql: "PRAGMA journal_mode"), try Int.fetchOne(db, sql: "PRAGMA foreign_keys"),
                try Int32.fetchOne(db, sql: "PRAGMA application_id")
            )
        }
        #expect(mode == "wal")
        #expect(keys == 1)
        #expect(id == 0x4343_4843)
        #expect(try !Workspace.open(path: path("a/b/new.cchc")).isNew)
    }

    @Test func aTextFileIsNotAWorkspace() throws {
        try "unit_id,name\n".write(toFile: path("units.csv"), atomically: true, encoding: .utf8)
        #expect(throws: WorkspaceError.notAWorkspace(path: "units.csv")) {
            try Workspace.open(path: path("units.csv"), name: "units.csv")
        }
    }

    @Test func anotherApplicationsDatabaseIsNotAWorkspace() throws {
        let other = try DatabaseQueue(path: path("other.db"))
        try other.write { db in try db.execute(sql: "CREATE TABLE t (x)") }
        try other.close()
        #expect(throws: WorkspaceError.notAWorkspace(path: path("other.db"))) {
            try Workspace.open(path: path("other.db"))
        }
    }

    @Test func aTruncatedWorkspaceIsCalledDamagedWithWhatToDo() throws {
        let workspace = try Workspace.open(path: path("full.cchc"))
        try workspace.write(by: tester) { change in
            for index in 0..<3000 {
                try workspace.upsert(
                    EvaluatedUnit(id: "u\(index)", name: "Xã \(index)", kind: .commune, setID: "commune"),
                    action: "test", in: change)
            }
        }
        // A copy made while nothing writes has everything (the WAL is checkpointed on close).
        try workspace.backup(to: path("copy.cchc"), shownAs: "copy.cchc")
        let data = try Data(contentsOf: URL(fileURLWithPath: path("copy.cchc")))
        try data.prefix(data.count / 3).write(to: URL(fileURLWithPath: path("cut.cchc")))
        do {
            let cut = try Workspace.open(path: path("cut.cchc"))
            _ = try cut.units()
            Issue.record("a truncated workspace is refused")
        } catch let error as WorkspaceError {
            #expect(error == .damaged(path: path("cut.cchc")))
            #expect(error.description.contains("PRAGMA integrity_check"))
        }
    }

    @Test func aFullDiskIsSaidSoAndNothingIsWritten() {
        let full = DatabaseError(resultCode: .SQLITE_FULL, message: "database or disk is full")
        let error = Workspace.map(full, path: "w.cchc") as? WorkspaceError
        #expect(error == .diskFull(path: "w.cchc"))
        #expect(error?.description.hasPrefix("The disk is full: nothing was written") == true)
    }

    @Test func anOlderWorkspaceIsBroughtToTheSchemaOfANewOneWithItsRowsKept() throws {
        // A workspace as the first versions left it (its core migrations up to the first one),
        // with a unit and its scores.
        let old = try DatabaseQueue(path: path("old.cchc"))
        try Schema.migrator().migrate(old, upTo: "v1-workspace")
        try old.write { db in
            try db.execute(
                sql: """
                    INSERT INTO units (id, name, kind, set_id, seq) VALUES ('tu-ha', 'Tứ Hạ', 'ward', 'commune', 1);
                    INSERT INTO assessments (unit_id, year, criterion_id, stage, points) VALUES ('tu-ha', 2024, '1.1', 'self', 1);
                    """)
        }
        try old.close()
        let upgraded = try Workspace.open(path: path("old.cchc"))
        let fresh = try Workspace.open(path: path("new.cchc"))
        let schema = "SELECT type, name, sql FROM sqlite_master WHERE name NOT LIKE 'sqlite_%' ORDER BY type, name"
        let upgradedSchema = try upgraded.read { db in try Row.fetchAll(db, sql: schema) }
        #expect(upgradedSchema == (try fresh.read { db in try Row.fetchAll(db, sql: schema) }))
        #expect(try upgraded.read { db in try Row.fetchAll(db, sql: "PRAGMA foreign_key_check") }.isEmpty)
        #expect(try upgraded.read { db in try Int.fetchOne(db, sql: "SELECT count(*) FROM assessments") } == 1)
    }

    @Test func aWorkspaceFromANewerVersionIsRefused() throws {
        _ = try Workspace.open(path: path("newer.cchc"))
        let database = try DatabaseQueue(path: path("newer.cchc"))
        try database.write { db in
            try db.execute(sql: "INSERT INTO grdb_migrations (identifier) VALUES ('v9-from-the-future')")
        }
        try database.close()
        #expect(
            throws: WorkspaceError.newerVersion(path: path("newer.cchc"), unknownMigrations: ["v9-from-the-future"])
        ) {
            try Workspace.open(path: path("newer.cchc"))
        }
    }

    @Test func aReadOnlyWorkspaceIsRefused() throws {
        let file = path("readonly.cchc")
        _ = try Workspace.open(path: file)
        try ReadOnly.make(file)
        defer { ReadOnly.undo(file) }
        #expect(throws: WorkspaceError.readOnly(path: file)) { try Workspace.open(path: file) }
    }

    @Test func theAuditLogIsAppendOnly() throws {
        let workspace = try Workspace.inMemory()
        try workspace.write(by: tester) { change in try workspace.audit("test", target: "x", after: "1", in: change) }
        #expect(throws: (any Error).self) {
            try workspace.write(by: tester) { change in try change.db.execute(sql: "UPDATE audit SET after = '2'") }
        }
        #expect(throws: (any Error).self) {
            try workspace.write(by: tester) { change in try change.db.execute(sql: "DELETE FROM audit") }
        }
        #expect(throws: (any Error).self) {
            try workspace.write(by: tester) { change in
                try change.db.execute(
                    sql:
                        "INSERT OR REPLACE INTO audit (id, at, actor, action, after) SELECT id, at, 'x', 'forged', '2' FROM audit"
                )
            }
        }
        #expect(try workspace.auditLog().map(\.after) == ["1"])
    }

    @Test func aFailedChangeLeavesNothingBehind() throws {
        let workspace = try Workspace.inMemory()
        let unit = EvaluatedUnit(id: "u1", name: "Xã Một", kind: .commune, setID: "commune")
        #expect(throws: (any Error).self) {
            try workspace.write(by: tester) { change in
                try workspace.upsert(unit, action: "test", in: change)
                throw CancellationError()
            }
        }
        #expect(try workspace.units().isEmpty)
        #expect(try workspace.auditLog().isEmpty)
    }

    @Test func stagesLockAndUnlockWithAudit() throws {
        let workspace = try Workspace.inMemory()
        let office = Author(name: "phong-noi-vu", date: Date(timeIntervalSince1970: 0))
        #expect(try workspace.setStage(.selfAssessment, locked: true, year: 2024, by: office))
        #expect(try !workspace.setStage(.selfAssessment, locked: true, year: 2024, by: office))
        #expect(try workspace.stageLocks(year: 2024)[.selfAssessment]?.by == "phong-noi-vu")
        #expect(try workspace.stageLocks(year: 2025).isEmpty)
        #expect(try workspace.setStage(.selfAssessment, locked: false, year: 2024, by: tester))
        #expect(try workspace.auditLog().map(\.action) == ["stage lock", "stage unlock"])
    }

    @Test func aLargeYearReadInStretchesOfUnitsOnSeveralConnectionsIsReadWhole() throws {
        // 2,600 units: above two stretches of 1,000, so a file workspace reads the year on more
        // than one connection (on a machine with more than one core). Ids in three scripts, so
        // the stretches' bounds (byte order) are not the order the units were added in.
        let workspace = try Workspace.open(path: path("large.cchc"))
        var expected: [String: UnitRecord] = [:]
        try workspace.write(by: tester) { change in
            for number in 0..<2_600 {
                let id = ["Ư", "u", "U"][number % 3] + String(number)
                try change.db.execute(
                    sql: "INSERT INTO units (id, name, kind, set_id, seq) VALUES (?, ?, 'commune', 'bench', ?)",
                    arguments: [id, "Xã số \(number)", number])
                func row(_ year: Int, _ leaf: String, _ stage: String, _ points: Double?, note: String? = nil) throws {
                    try change.db.execute(
                        sql: """
                            INSERT INTO assessments (unit_id, year, criterion_id, stage, points, note, evidence_ref)
                            VALUES (?, ?, ?, ?, ?, ?, ?)
                            """,
                        arguments: [
                            id, year, leaf, stage, points, note, stage == "self" && number % 2 == 0 ? "ev" : nil,
                        ])
                }
                var record = UnitRecord()
                for leaf in 1...3 {
                    let points = Double((number + leaf) % 5) / 4
                    try row(2024, "1.\(leaf)", "self", 1)
                    try row(
                        2024, "1.\(leaf)", "appraisal1", leaf == 3 ? nil : points, note: leaf == 2 ? "ghi chú" : nil)
                    try row(2023, "1.\(leaf)", "appraisal1", 0)
                    record.leaves["1.\(leaf)"] = LeafAssessment(
                        stages: [
                            .selfAssessment: .points(1), .appraisal1: leaf == 3 ? .notApplicable : .points(points),
                        ],
                        notes: leaf == 2 ? [.appraisal1: "ghi chú"] : [:])
                    if number % 2 == 0 { record.selfReferenced.insert("1.\(leaf)") }
                }
                if number % 7 == 0 {
                    // The latest stage's bonus wins, whatever order the rows come in.
                    try row(2024, "bonus", "self", 3)
                    try row(2024, "bonus", "appraisal1", 2)
                    record.bonus = 2
                }
                expected[id] = record
            }
        }
        let dataset = try workspace.dataset(year: 2024, syntheticLabel: nil)
        #expect(dataset.units.count == 2_600)
        #expect(dataset.records.count == expected.count)
        #expect(dataset.records == expected)
        // One unit read alone (one connection, its own rows) gives the same record.
        for id in ["Ư0", "u1", "U2", "U1001", "Ư2598"] {
            #expect(try workspace.dataset(year: 2024, syntheticLabel: nil, unit: id).records[id] == expected[id])
        }
        #expect(try workspace.dataset(year: 2023, syntheticLabel: nil).records.count == 2_600)
    }
}

/// Makes a file read-only even for root (who ignores permission bits): `chattr +i` when root.
enum ReadOnly {
    static func make(_ path: String) throws {
        if getuid() == 0 {
            try run("/usr/bin/chattr", ["+i", path])
        } else {
            try FileManager.default.setAttributes([.posixPermissions: 0o444], ofItemAtPath: path)
        }
    }

    static func undo(_ path: String) {
        if getuid() == 0 { try? run("/usr/bin/chattr", ["-i", path]) }
        try? FileManager.default.setAttributes([.posixPermissions: 0o644], ofItemAtPath: path)
    }

    private static func run(_ tool: String, _ arguments: [String]) throws {
        let process = Process()
        process.executableURL = URL(fileURLWithPath: tool)
        process.arguments = arguments
        try process.run()
        process.waitUntilExit()
    }
}

@Suite struct EvaluationCacheTests {
    @Test func aCommittedChangeIsSeenWithoutBeingToldTheDataChanged() throws {
        let evaluation = Evaluation(source: .memory(), actor: "tester")
        let workspace = try evaluation.workspace()
        #expect(try evaluation.units().isEmpty)
        let commits = workspace.commits
        try evaluation.change { workspace, change in
            try workspace.upsert(
                EvaluatedUnit(id: "u1", name: "Xã Một", kind: .commune, setID: "commune"), action: "test", in: change)
        }
        #expect(workspace.commits == commits + 1)
        #expect(try evaluation.units().map(\.id) == ["u1"])
        // A write straight to the workspace, bypassing the evaluation, is seen too.
        try workspace.renameUnit("u1", to: "Xã Hai", by: Author(name: "x", date: Date()))
        #expect(try evaluation.units().map(\.name) == ["Xã Hai"])
    }

    @Test func aFailedChangeKeepsWhatWasComputed() throws {
        let evaluation = Evaluation(source: .memory(), actor: "tester")
        let workspace = try evaluation.workspace()
        _ = try evaluation.units()
        let commits = workspace.commits
        #expect(throws: CancellationError.self) {
            try evaluation.change { _, _ in throw CancellationError() }
        }
        #expect(workspace.commits == commits)
    }
}
