import CCHCCore
import CCHCModuleKit
import CCHCREPL
import CCHCTesting
import FeedbackTracker
import Foundation
import GRDB
import Testing

@Suite struct FeedbackTests {
    @Test func freeTextIsStoredAndShownExactly() throws {
        let engine = try makeSampleEngine()
        let text = "x'; DROP TABLE feedback; -- \"trích dẫn\"\nxuống dòng\tvà tab: Ưu tiên ĐỔI MỚI ỹ"
        let escaped = text.replacingOccurrences(of: "\\", with: "\\\\").replacingOccurrences(of: "\"", with: "\\\"")
            .replacingOccurrences(of: "\n", with: "\\n").replacingOccurrences(of: "\t", with: "\\t")
        let result = engine.execute("feedback add --unit tu-ha --criterion 3.2.4 \"\(escaped)\"")
        #expect(result.succeeded, "\(result.output)")
        _ = engine.execute("mode json")
        let json = engine.handle("feedback show 1")
        let object = try #require(try JSONSerialization.jsonObject(with: Data(json.utf8)) as? [String: Any])
        #expect(object["text"] as? String == text)
        let stored = try engine.context.evaluation.workspace().read { db in
            try String.fetchOne(db, sql: "SELECT text FROM feedback")
        }
        #expect(stored == text)
    }

    /// The office's answer in a report people read: an accepted amendment in words (in
    /// Vietnamese with `lang vi`), a reason as typed (its `2.5` kept); scripts read it as recorded.
    @Test func theReportGivesTheOfficesAnswerInWords() throws {
        let engine = try makeSampleEngine()
        let scratch = try TemporaryFolder("cchc-fb-answer")
        for line in [
            "feedback actor add tester --role office", "as tester", "use department",
            "feedback add --unit p-tckh --criterion 3.3.2 \"Ngưỡng cao\"",
            "feedback add --unit p-tckh --criterion 3.3.1 \"Cao\"", "feedback review 1",
            "feedback accept 1 --amend \"3.3.2 max 1\"", "feedback review 2",
            "feedback reject 2 --reason \"Giữ 2.5 điểm theo quy định\"",
        ] {
            let result = engine.execute(line)
            #expect(result.succeeded, "\(line): \(result.output)")
        }
        #expect(engine.handle("feedback report").contains("maximum points set to 1 for every unit"))
        let page = scratch.url.appendingPathComponent("f.html").path
        _ = engine.execute("lang vi")
        #expect(engine.execute("export feedback report html \(page)").succeeded)
        let html = try String(contentsOfFile: page, encoding: .utf8)
        #expect(html.contains("<td>điểm tối đa là 1 với mọi đơn vị</td>"))
        #expect(html.contains("<td>Giữ 2.5 điểm theo quy định</td>"))
        _ = engine.execute("mode json")
        #expect(engine.handle("feedback report").contains("\"answer\": \"amendment: amend department:3.3.2 max 1\""))
    }

    /// A rejection of an item that does not exist says so first, not that a reason is missing.
    @Test func aRejectionOfNoItemNamesTheMissingItem() throws {
        let engine = try makeSampleEngine()
        #expect(engine.handle("feedback reject 4") == "Error: [feedback] No feedback #4")
    }

    @Test func theModuleBringsItsTablesToNewAndOlderWorkspaces() throws {
        let registry = try ModuleRegistry(modules: [.feedback])
        let columns = ["addressee", "amendment", "set_version", "updated_at", "year"]
        // A new workspace gets the tables whole.
        let new = try Workspace.inMemory(migrations: registry.migrations)
        #expect(try new.read { db in try db.columns(in: "feedback").map(\.name) }.contains(columns[0]))
        #expect(try new.read { db in try db.tableExists("actors") })
        // One whose core schema created the first form of the tables (before the module had them)
        // gets them completed.
        let scratch = try TemporaryFolder("cchc-fb")
        let path = scratch.appendingPathComponent("old.cchc").path
        let old = try Workspace.open(path: path)
        try old.write(by: Author(name: "t", date: Date())) { change in
            try change.db.execute(
                sql: """
                    CREATE TABLE feedback (id INTEGER PRIMARY KEY, unit_id TEXT, set_id TEXT NOT NULL, set_hash TEXT,
                        criterion_id TEXT, method TEXT, text TEXT NOT NULL, proposal TEXT, status TEXT NOT NULL,
                        actor TEXT NOT NULL, created_at TEXT NOT NULL);
                    CREATE TABLE feedback_events (id INTEGER PRIMARY KEY, feedback_id INTEGER NOT NULL,
                        at TEXT NOT NULL, actor TEXT NOT NULL, action TEXT NOT NULL, detail TEXT);
                    INSERT INTO feedback (set_id, text, status, actor, created_at)
                        VALUES ('commune', 'giữ lại', 'submitted', 't', '2024');
                    """)
        }
        let reopened = try Workspace.open(path: path, migrations: registry.migrations)
        let names = try reopened.read { db in try db.columns(in: "feedback").map(\.name) }
        #expect(columns.allSatisfy(names.contains))
        #expect(try reopened.read { db in try String.fetchOne(db, sql: "SELECT text FROM feedback") } == "giữ lại")
    }

    @Test func aReviewBeforeAnyOfficeActorSaysHowToMakeOne() throws {
        let engine = try makeSampleEngine()
        #expect(engine.execute("feedback add --unit tu-ha --criterion 3.2.4 \"x\"").succeeded)
        #expect(
            engine.handle("feedback review 1")
                == "Error: [feedback] Only the Internal Affairs Office may review feedback; 'tester' is not an office "
                + "actor. Nobody is one yet: 'feedback actor add \"tester\" --role office' makes 'tester' one")
    }

    @Test func actingAsSomeoneElseLastsOneCommand() throws {
        let engine = try makeSampleEngine()
        for line in [
            "feedback actor add tester --role office", "feedback actor add le.thi.hoa --role unit --unit p-tuphap",
            "feedback add --unit p-tuphap --criterion 3.3.2 \"x\" --as le.thi.hoa", "stage lock self",
            "units rename p-tuphap \"Phòng Tư pháp\"",
        ] {
            #expect(engine.execute(line).succeeded, "\(line)")
        }
        let log = try engine.context.evaluation.workspace().auditLog().suffix(3).map { "\($0.actor) \($0.action)" }
        #expect(log == ["le.thi.hoa feedback add", "tester stage lock", "tester units rename"])
        let locks = try engine.context.evaluation.workspace().stageLocks(year: 2024)
        #expect(locks[.selfAssessment]?.by == "tester")
    }

    @Test func everyChangeIsAuditedAndInTheHistory() throws {
        let engine = try makeSampleEngine()
        for line in [
            "feedback actor add tester --role office", "feedback add --unit tu-ha --criterion 3.2.4 \"x\"",
            "feedback review 1", "feedback comment 1 \"y\"", "feedback escalate 1", "feedback resolve 1",
        ] {
            #expect(engine.execute(line).succeeded, "\(line)")
        }
        let actions = try engine.context.evaluation.workspace().auditLog().map(\.action).filter {
            $0.hasPrefix("feedback")
        }
        #expect(
            actions == [
                "feedback actor", "feedback add", "feedback review", "feedback comment", "feedback escalate",
                "feedback resolve",
            ])
        let history = try engine.context.evaluation.workspace().read { db in
            try String.fetchAll(db, sql: "SELECT action FROM feedback_events WHERE feedback_id = 1 ORDER BY id")
        }
        #expect(history == ["submit", "review", "comment", "escalate", "resolve"])
    }
}

/// Feedback under concurrent use and crashes, with the real `cchc`.
@Suite(.serialized) struct FeedbackReliabilityTests {
    let folder: URL
    let scratch: TemporaryFolder
    let workspace: String

    init() throws {
        scratch = try TemporaryFolder("cchc-fb")
        folder = scratch.url
        workspace = folder.appendingPathComponent("w.cchc").path
        try "unit_id,name,kind,set\nxa-a,Xã A,commune,commune\nxa-b,Xã B,commune,commune\n".write(
            to: folder.appendingPathComponent("units.csv"), atomically: true, encoding: .utf8)
        let setup = try Products.runCCHC(["--workspace", workspace, "-c", "import units \(folder.path)/units.csv"])
        #expect(setup.status == 0, "\(setup.stderr)")
    }

    func script(_ name: String, unit: String, count: Int) throws -> String {
        let path = folder.appendingPathComponent(name).path
        let lines = (0..<count).map { "feedback add --unit \(unit) --criterion 3.2.4 \"Ý kiến số \($0) của \(unit)\"" }
        try (lines.joined(separator: "\n") + "\n").write(toFile: path, atomically: true, encoding: .utf8)
        return path
    }

    func rows(_ sql: String) throws -> Int {
        let database = try DatabaseQueue(path: workspace)
        defer { try? database.close() }
        return try database.read { db in try Int.fetchOne(db, sql: sql) ?? -1 }
    }

    @Test func twoProcessesAdding200EachRecordAll400WithUniqueIds() throws {
        let a = try Products.startCCHC([
            "--workspace", workspace, "run", try script("a.cchc", unit: "xa-a", count: 200),
        ])
        let b = try Products.startCCHC([
            "--workspace", workspace, "run", try script("b.cchc", unit: "xa-b", count: 200),
        ])
        a.waitUntilExit()
        b.waitUntilExit()
        #expect(a.terminationStatus == 0)
        #expect(b.terminationStatus == 0)
        #expect(try rows("SELECT count(*) FROM feedback") == 400)
        #expect(try rows("SELECT count(DISTINCT id) FROM feedback") == 400)
        #expect(try rows("SELECT count(*) FROM feedback WHERE unit_id = 'xa-a'") == 200)
        #expect(try rows("SELECT count(*) FROM feedback_events WHERE action = 'submit'") == 400)
    }

    @Test func sigkillDuringAddsNeverLeavesAHalfWrittenItem() throws {
        let process = try Products.startCCHC([
            "--workspace", workspace, "run", try script("c.cchc", unit: "xa-a", count: 5000),
        ])
        let deadline = Date().addingTimeInterval(30)
        while Date() < deadline, (try? rows("SELECT count(*) FROM feedback")) ?? 0 < 20 {
            Thread.sleep(forTimeInterval: 0.01)
        }
        kill(process.processIdentifier, SIGKILL)
        process.waitUntilExit()
        let items = try rows("SELECT count(*) FROM feedback")
        #expect(items >= 20 && items < 5000)
        // Every item has its history row and its audit row: none was half written.
        #expect(try rows("SELECT count(*) FROM feedback_events WHERE action = 'submit'") == items)
        #expect(try rows("SELECT count(*) FROM audit WHERE action = 'feedback add'") == items)
        #expect(
            try rows(
                "SELECT count(*) FROM feedback f LEFT JOIN feedback_events e ON e.feedback_id = f.id WHERE e.id IS NULL"
            ) == 0)
    }
}
