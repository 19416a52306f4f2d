import CCHCModuleKit
import CCHCREPL
import CCHCTesting
import Foundation
import GRDB
import Testing

@testable import CCHCCore

/// A workspace file in a folder of its own, and sessions (engines, as processes are) on it.
private struct PilotWorkspace {
    static let data = Sessions.packageRoot.appendingPathComponent("sessions/data").path
    let folder = FileManager.default.temporaryDirectory.appendingPathComponent("cchc-stored-\(UUID())")
    var path: String { folder.appendingPathComponent("w.cchc").path }

    init() throws { try FileManager.default.createDirectory(at: folder, withIntermediateDirectories: true) }

    func session() throws -> Engine { Engine(context: try Workbench.makeContext(data: .workspace(path), actor: "t")) }

    /// A session on the workspace, made with the bundled sample year when it is new.
    func sampleSession() throws -> Engine {
        Engine(context: try Workbench.makeContext(data: .defaultWorkspace(path), actor: "t"))
    }

    /// A session on the workspace filled with the pilot year (set, units, scores, evidence).
    func loadedSession() throws -> Engine {
        let session = try session()
        let data = Self.data
        for line in [
            "year 2024", "criteria load \(data)/pilot-set.yaml", "import units \(data)/pilot-units.csv",
            "import scores \(data)/pilot-scores.csv", "import evidence \(data)/pilot-evidence.csv",
        ] {
            #expect(session.execute(line).succeeded, "\(line)")
        }
        return session
    }

    func remove() { try? FileManager.default.removeItem(at: folder) }
}

/// A command started later reads the ranking an earlier one stored, only while the data and the
/// set are what it was computed from.
@Suite struct StoredRankingUseTests {
    @Test func aLaterProcessReadsTheStoredRankingUntilTheDataOrTheSetChanges() throws {
        let workspace = try PilotWorkspace()
        defer { workspace.remove() }
        let (folder, path) = (workspace.folder, workspace.path)
        func session() throws -> Engine { try workspace.session() }
        func ranking(_ engine: Engine) throws -> [[Cell]] {
            let report: Report = try engine.context.capture(["rank", "--set", "pilot"])
            return report.forScripts.tables.first?.rows ?? []
        }
        func stored() throws -> Int {
            try DatabaseQueue(path: path).read { db in
                try Int.fetchOne(
                    db, sql: "SELECT count(*) FROM stored_results WHERE kind = 'ranking' AND set_id = 'pilot'") ?? 0
            }
        }
        let first = try workspace.loadedSession()
        let computed = try ranking(first)
        #expect(try stored() == 1, "the computed ranking is kept")
        // A later process: the same answer, read from the workspace.
        let second = try session()
        #expect(try ranking(second) == computed)
        #expect(second.context.evaluation.commitCount == 0, "reading it wrote nothing")
        // New scores: the stored ranking is out of date and not used.
        let changed = folder.appendingPathComponent("scores.csv")
        try "unit_id,criterion_id,stage,points\npilot-a,1.2,appraisal1,1\n".write(
            to: changed, atomically: true, encoding: .utf8)
        #expect(second.execute("import scores \(changed.path)").succeeded)
        let third = try session()
        let after = try ranking(third)
        #expect(after != computed)
        #expect(after == (try ranking(Engine(context: try Workbench.makeContext(data: .workspace(path), actor: "u")))))
        // pilot-a now 7/10: computed afresh, not the stored 9.5.
        #expect(after.contains { $0.contains(.text("pilot-a")) && $0.contains(.number(70)) })
    }

    @Test func aSessionNeverShowsNewPointsBesideAnOldRank() throws {
        let workspace = try PilotWorkspace()
        defer { workspace.remove() }
        let folder = workspace.folder
        func session() throws -> Engine { try workspace.session() }
        let first = try workspace.loadedSession()
        #expect(first.execute("rank --set pilot").succeeded)
        // A session reads the stored ranking (pilot-b 50 %, rank 2) …
        let reader = try session()
        func row(_ unit: String) throws -> [String: Cell] {
            let report: Report = try reader.context.capture(["score", unit])
            guard let table = report.forScripts.tables.first, let cells = table.rows.first else {
                Issue.record("score \(unit) shows no row")
                return [:]
            }
            return Dictionary(uniqueKeysWithValues: zip(table.columns.map(\.key), cells))
        }
        #expect(try row("pilot-b")["rank"] == .integer(2))
        // … another process raises pilot-b to 4 of 4 (100 %, now first) …
        let changed = folder.appendingPathComponent("scores.csv")
        try "unit_id,criterion_id,stage,points\npilot-b,1.2,appraisal1,4\n".write(
            to: changed, atomically: true, encoding: .utf8)
        #expect(try session().execute("import scores \(changed.path)").succeeded)
        // … and the session's next command shows the new points with the rank they give.
        #expect(reader.execute("score pilot-b").succeeded)
        let after = try row("pilot-b")
        #expect(after["index_pct"] == .number(100))
        #expect(after["rank"] == .integer(1))
    }

    /// `simulate` keeps every leaf resolved, `inflation` each unit's flags: a later process
    /// reads them while the data is what they were computed from.
    @Test(arguments: [
        ("matrix", ["simulate", "--set", "pilot", "--runs", "50", "--seed", "3"]),
        ("inflation", ["inflation", "--set", "pilot"]),
    ])
    func aLaterProcessReadsTheKeptResultUntilTheDataChanges(kind: String, command: [String]) throws {
        let workspace = try PilotWorkspace()
        defer { workspace.remove() }
        let (folder, path) = (workspace.folder, workspace.path)
        func run(_ engine: Engine) throws -> [[Cell]] {
            let report: Report = try engine.context.capture(command)
            return report.forScripts.tables.first?.rows ?? []
        }
        func stored() throws -> Int {
            try DatabaseQueue(path: path).read { db in
                try Int.fetchOne(
                    db, sql: "SELECT count(*) FROM stored_results WHERE kind = ? AND set_id = 'pilot'",
                    arguments: [kind]) ?? 0
            }
        }
        let first = try workspace.loadedSession()
        let computed = try run(first)
        #expect(try stored() == 1, "the result is kept")
        let second = try workspace.session()
        #expect(try run(second) == computed)
        #expect(second.context.evaluation.commitCount == 0, "reading it wrote nothing")
        // pilot-a self-assesses 4 on 1.2 without evidence and drops to 1 in appraisal: what was
        // kept is out of date and not used.
        let changed = folder.appendingPathComponent("scores.csv")
        try """
        unit_id,criterion_id,stage,points
        pilot-a,1.2,self,4
        pilot-a,1.2,appraisal1,1

        """.write(to: changed, atomically: true, encoding: .utf8)
        #expect(second.execute("import scores \(changed.path)").succeeded)
        let after = try run(try workspace.session())
        #expect(after != computed)
        #expect(after == (try run(try workspace.session())))
    }

    /// `compare` reads each year's kept ranking and resolved leaves; `lessons` scores every leaf
    /// again. Both must say the same of every unit.
    @Test func aComparisonFromKeptResultsSaysWhatTheFullOneSays() throws {
        let context = try Workbench.makeContext(data: .sample, actor: "t")
        let evaluation = context.evaluation
        let year = try evaluation.year()
        let setID = try evaluation.setIDs().first!
        let fast = try evaluation.comparison(setID: setID, yearA: year - 1, yearB: year).comparison
        let kept = try evaluation.comparison(setID: setID, yearA: year - 1, yearB: year).comparison
        let full = try evaluation.comparison(setID: setID, yearA: year - 1, yearB: year, detailed: true).comparison
        func summary(_ comparison: YearComparison) -> [String] {
            comparison.units.map { row in
                let scores = [row.a, row.b].map { score in
                    score.map { "\($0.indexPct ?? -1)/\($0.band?.code ?? "-")/\($0.rank ?? -1)" } ?? "none"
                }
                let lists = [row.recurring, row.new, row.recovered, row.dropped].map { list in
                    list.map { "\($0.id):\($0.lostA ?? -1):\($0.lostB ?? -1)" }.joined(separator: ",")
                }
                return ([row.unit.id] + scores + lists).joined(separator: " | ")
            }
        }
        #expect(summary(fast).count > 5)
        #expect(summary(fast) == summary(full))
        #expect(summary(kept) == summary(full))
        #expect(full.units.contains { !($0.b?.leaves.isEmpty ?? true) }, "the full one keeps leaves")
        #expect(fast.units.allSatisfy { $0.b?.leaves.isEmpty ?? true })
        #expect(fast.units.contains { !$0.recurring.isEmpty || !$0.new.isEmpty }, "losses to compare")
    }

    /// `lessons` reads the unit's own rows and the kept results; it must say what the full
    /// comparison of every unit's leaves says, block averages to the last bit.
    @Test func lessonsFromKeptResultsSayWhatTheFullComparisonSays() throws {
        let context = try Workbench.makeContext(data: .sample, actor: "t")
        let evaluation = context.evaluation
        let year = try evaluation.year()
        for setID in try evaluation.setIDs() {
            let full = try evaluation.comparison(setID: setID, yearA: year - 1, yearB: year, detailed: true).comparison
            #expect(full.units.count > 5)
            for expected in full.units {
                let ground = try evaluation.lessons(
                    unitID: expected.unit.id, setID: setID, yearA: year - 1, yearB: year)
                let row = try #require(ground.row)
                func describe(_ score: UnitScore?) -> [String] {
                    guard let score else { return ["none"] }
                    return ["\(score.indexPct ?? -1)/\(score.band?.code ?? "-")/\(score.rank ?? -1)/\(score.group)"]
                        + score.leaves.map { "\($0.node.id):\($0.points):\($0.source):\($0.isApplicable)" }
                }
                #expect(describe(row.a) == describe(expected.a), "\(expected.unit.id)")
                #expect(describe(row.b) == describe(expected.b), "\(expected.unit.id)")
                var shares: [String: [Double]] = [:]
                if let a = expected.a {
                    for other in full.units.compactMap(\.a) where other.unit.id != a.unit.id && other.group == a.group {
                        for leaf in other.leaves where leaf.isApplicable && leaf.node.maxPoints > 0 {
                            shares[leaf.node.id, default: []].append(leaf.points / leaf.node.maxPoints * 100)
                        }
                    }
                }
                #expect(ground.blockShares == shares, "\(expected.unit.id)")
            }
            #expect(full.units.contains { ($0.a?.leaves.count ?? 0) > 0 && $0.b != nil })
        }
    }

    @Test func aComparisonWithAYearOfNothingIsRefusedAndKeepsNothingOfIt() throws {
        let engine = Engine(context: try Workbench.makeContext(data: .sample, actor: "t"))
        let year = try engine.context.evaluation.year()
        let refused = engine.execute("compare \(year - 2) \(year)")
        #expect(!refused.succeeded)
        let kept = try engine.context.evaluation.workspace().read { db in
            try Int.fetchOne(db, sql: "SELECT count(*) FROM stored_results WHERE year = ?", arguments: [year - 2]) ?? -1
        }
        #expect(kept == 0)
        #expect(engine.execute("compare \(year - 1) \(year)").succeeded)
    }

    /// `check` recomputes what is kept; one that differs (changed outside the workbench) is
    /// dropped, the check fails, and the next command computes it again.
    @Test func checkDropsAKeptResultThatDiffersFromAFullRecompute() throws {
        let workspace = try PilotWorkspace()
        defer { workspace.remove() }
        let path = workspace.path
        let session = try workspace.loadedSession()
        func inflation(_ engine: Engine) throws -> [[Cell]] {
            let report: Report = try engine.context.capture(["inflation", "--set", "pilot"])
            return report.forScripts.tables.first?.rows ?? []
        }
        func states(_ engine: Engine) throws -> [String] {
            let report: Report = try engine.context.capture(["check"])
            return (report.forScripts.tables.first?.rows ?? []).map { row in
                row.map { cell in
                    switch cell {
                    case .text(let text): text
                    case .integer(let number): String(number)
                    default: "\(cell)"
                    }
                }.joined(separator: " ")
            }
        }
        let computed = try inflation(session)
        #expect(try states(try workspace.session()) == ["inflation 2024 pilot matches"])
        // The last unit's unsupported points, the payload's last 8 bytes, made 999.
        try DatabaseQueue(path: path).write { db in
            var payload = try #require(
                try Data.fetchOne(db, sql: "SELECT payload FROM stored_results WHERE kind = 'inflation'"))
            withUnsafeBytes(of: Double(999).bitPattern.littleEndian) {
                payload.replaceSubrange(payload.count - 8..<payload.count, with: $0)
            }
            try db.execute(sql: "UPDATE stored_results SET payload = ? WHERE kind = 'inflation'", arguments: [payload])
        }
        #expect(try inflation(try workspace.session()) != computed, "what is kept is what is read")
        let checker = try workspace.session()
        let outcome = checker.execute("check")
        #expect(!outcome.succeeded, "a result that differed fails the check")
        #expect(try inflation(try workspace.session()) == computed, "dropped, and computed again")
        #expect(try states(try workspace.session()) == ["inflation 2024 pilot matches"])
    }
}

/// A scenario that changes units one by one is ranked from the baseline's kept ranking and the
/// changed units' own rows, not the whole year: the same answer as the whole year's computation.
@Suite struct ScenarioDerivedRankingTests {
    @Test func aScenarioRankedFromTheBaselineAgreesWithTheWholeYear() throws {
        let workspace = try PilotWorkspace()
        defer { workspace.remove() }
        func session() throws -> Engine { try workspace.sampleSession() }
        let setup = try session()
        for line in [
            "rank --set commune", "rank --set department",
            // a: points, not applicable, evidence and an exclusion; b (from a): one more unit;
            // c: an amendment, which moves every unit (computed over the whole year).
            "scenario new a", "set huong-toan 1.1.1 0", "set tu-ha 1.4 1", "set hai-duong 3.2.1 na",
            "set huong-an evidence dossiers.software_entry_rate 50%", "exclude binh-tien", "set p-tckh 1.1.1 0",
            "scenario new b --from a", "set huong-phong 1.4 1", "set huong-toan 1.1.1 1", "set tu-ha penalty 2",
            "set huong-vinh bonus 0",
            "scenario new c --from b", "amend 1.4 max 3",
        ] {
            #expect(setup.execute(line).succeeded, "\(line)")
        }
        func rows(_ scores: [UnitScore]) -> [String] {
            scores.map {
                "\($0.unit.id) \($0.rank.map(String.init) ?? "-") \($0.total) \($0.indexPct ?? -1) \($0.band?.code ?? "-") \($0.group) \($0.unrankedReason ?? "")"
            }
        }
        for scenario in ["a", "b", "c"] {
            for setID in ["commune", "department"] {
                // A new session, as a new process is: nothing of the year loaded.
                let derived = try session().context.evaluation
                let ranking = try derived.ranking(setID: setID, scenario: scenario)
                #expect(
                    (derived.cache.dataset == nil) == (scenario != "c"), "\(scenario): the year was read only for c")
                let whole = try session().context.evaluation
                let world = try whole.world(scenario)
                let full = Evaluation.rank(world.dataset, set: try #require(world.sets[setID]))
                #expect(rows(ranking) == rows(full), "\(scenario) \(setID)")
                #expect(!ranking.contains { $0.unit.id == "binh-tien" })
                // One unit's card: its points and rank as the whole year gives them.
                for unit in ["tu-ha", "huong-an", "p-tckh"] where world.dataset.units.contains(where: { $0.id == unit })
                {
                    let card = try session().context.evaluation.scorecard(unitID: unit, scenario: scenario)
                    let expected = try whole.scorecard(unitID: unit, scenario: scenario)
                    #expect(card.total == expected.total && card.rank == expected.rank, "\(scenario) \(unit)")
                }
            }
        }
        // Excluded in the scenario: still refused as excluded.
        #expect(throws: EvaluationError.self) {
            try session().context.evaluation.scorecard(unitID: "binh-tien", scenario: "a")
        }
    }
}

/// Two sessions changing one scenario at once both keep their change; each change is checked
/// against the units it touches.
@Suite struct ScenarioEditingTests {
    @Test func twoSessionsChangingOneScenarioAtOnceKeepEveryChange() throws {
        let workspace = try PilotWorkspace()
        defer { workspace.remove() }
        let path = workspace.path
        let setup = try workspace.sampleSession()
        #expect(setup.execute("scenario new s").succeeded)
        let leaves = [
            "1.1.1", "1.1.2", "1.2", "1.3", "1.4", "1.5", "2.1", "2.2", "2.3", "3.1.1", "3.1.2", "3.1.3", "4.1", "4.2",
            "5.1", "5.2", "5.3", "5.4", "6.1", "6.2",
        ]
        let units = ["tu-ha", "huong-an"]
        // Two sessions (as two processes are: each its own connection), each changing its unit
        // on every leaf at the same time as the other.
        let failures = SharedSlots<Int>(count: 2, repeating: 0)
        DispatchQueue.concurrentPerform(iterations: 2) { index in
            guard let engine = try? Engine(context: Workbench.makeContext(data: .workspace(path), actor: "t\(index)"))
            else { return failures[index] = 1 }
            if !engine.execute("scenario use s").succeeded { failures[index] += 1 }
            for leaf in leaves where !engine.execute("set \(units[index]) \(leaf) 0").succeeded {
                failures[index] += 1
            }
        }
        #expect(failures.values(count: 2) == [0, 0])
        let scenario = try setup.context.evaluation.scenario("s")
        #expect(
            Set(scenario.overrides.map(\.text)) == Set(units.flatMap { unit in leaves.map { "set \(unit) \($0) 0" } }))
        // Taking back what another session already took back says so.
        let stale = try setup.context.evaluation.scenario("s")
        #expect(try setup.context.evaluation.removeOverride(stale.overrides[0], from: stale))
        #expect(try !setup.context.evaluation.removeOverride(stale.overrides[0], from: stale))
        #expect(try setup.context.evaluation.scenario("s").overrides.count == 2 * leaves.count - 1)
    }

    @Test func aChangeToAnExcludedUnitSaysItIsExcludedAndWhere() throws {
        let engine = Engine(context: try Workbench.makeContext(data: .sample, actor: "t"))
        for line in ["scenario new parent", "exclude tu-ha", "scenario new child --from parent"] {
            #expect(engine.execute(line).succeeded, "\(line)")
        }
        #expect(throws: ScenarioError.excludedUnit("tu-ha", scenario: "parent")) {
            var world = try engine.context.evaluation.world("child", only: ["tu-ha"])
            try world.apply(.points(unit: "tu-ha", criterion: "1.4", value: .points(1)), scenario: "child")
        }
        #expect(!engine.execute("set tu-ha 1.4 1").succeeded)
        #expect(
            ScenarioError.excludedUnit("tu-ha", scenario: "parent").description
                == "Unit 'tu-ha' is excluded in scenario 'parent' ('unset exclude tu-ha' there takes the exclusion back)"
        )
    }
}

/// The first prompt, `year` and `stage` show a year's counts; for a large year they are kept while the
/// data holds, checked by `check`, and counted again after a change.
@Suite struct KeptCountsTests {
    @Test func aLargeYearsCountsAreKeptUntilTheDataChangesAndCheckedByCheck() throws {
        let workspace = try PilotWorkspace()
        defer { workspace.remove() }
        let path = workspace.path
        // The sample year: several stages, evidence.
        #expect(try workspace.sampleSession().execute("year").succeeded)
        func kept() throws -> Data? {
            try DatabaseQueue(path: path).read { db in
                try Data.fetchOne(db, sql: "SELECT payload FROM stored_results WHERE kind = 'counts' AND year = 2024")
            }
        }
        /// A later process's workspace, with every year "large".
        func opened() throws -> (Engine, Workspace) {
            let session = try workspace.session()
            let opened = try session.context.evaluation.workspace()
            opened.keptCountsThreshold = 1
            return (session, opened)
        }
        let truth = try DatabaseQueue(path: path).read { db in try Workspace.counts(db, year: 2024) }
        #expect(truth.units > 0 && truth.assessments > 0 && truth.evidence > 0)
        #expect(truth.byStage.count > 1, "more than one stage, so each one's count is checked")
        #expect(YearCounts(encoded: truth.encoded()) == truth)

        // Below the threshold nothing is written.
        #expect(try workspace.session().context.evaluation.workspace().counts(year: 2024) == truth)
        #expect(try kept() == nil)

        let (_, first) = try opened()
        #expect(try first.counts(year: 2024) == truth)
        #expect(try kept() == truth.encoded())

        // What is kept is what is read: made wrong outside the workbench, it is shown as kept
        // until `check` finds it differs and drops it.
        var wrong = truth
        wrong.evidence += 5
        try DatabaseQueue(path: path).write { db in
            try db.execute(
                sql: "UPDATE stored_results SET payload = ? WHERE kind = 'counts'",
                arguments: [wrong.encoded()])
        }
        #expect(try opened().1.counts(year: 2024) == wrong)
        let (checker, _) = try opened()
        #expect(!checker.execute("check").succeeded)
        #expect(try kept() == nil)
        #expect(try opened().1.counts(year: 2024) == truth)
        #expect(try opened().0.execute("check").succeeded)

        // A change to the data puts them out of date: counted again.
        let (changer, changed) = try opened()
        #expect(changer.execute("units add x-new \"Xã Mới\" --kind commune").succeeded)
        #expect(try changed.counts(year: 2024).units == truth.units + 1)
        var added = truth
        added.units += 1
        #expect(try kept() == added.encoded())

        // `check` after a change counts them again first, as the first prompt would: they match.
        #expect(try opened().0.execute("units add x-newer \"Xã Mới Hơn\" --kind commune").succeeded)
        let states = try opened().0.context.evaluation.checkKeptResults()
        #expect(states.filter { $0.kind == "counts" }.map(\.state) == [.matches])
    }
}

/// An evidence import compares the file with what is stored for the units it names: read
/// through the table's key for a few units, by whole years for many; both read the same.
@Suite struct StoredEvidenceReadTests {
    /// Importing the same values again writes nothing: the revision, and so every result kept
    /// for the next command, stays; provenance keeps the import that set the values.
    @Test func theSameEvidenceImportedAgainLeavesTheKeptResults() throws {
        let workspace = try PilotWorkspace()
        defer { workspace.remove() }
        let session = try workspace.loadedSession()
        #expect(session.execute("rank --set pilot").succeeded)
        let opened = try session.context.evaluation.workspace()
        let revision = try opened.revision()
        let provenance = try opened.read { db in
            try Row.fetchAll(db, sql: "SELECT * FROM evidence ORDER BY unit_id, key")
        }
        let again = try workspace.session()
        #expect(again.execute("import evidence \(PilotWorkspace.data)/pilot-evidence.csv").succeeded)
        #expect(try opened.revision() == revision)
        #expect(
            try opened.read { db in try Row.fetchAll(db, sql: "SELECT * FROM evidence ORDER BY unit_id, key") }
                == provenance)
        let kept = try opened.read { db in
            try Int.fetchOne(
                db, sql: "SELECT count(*) FROM stored_results WHERE kind = 'ranking' AND revision = ?",
                arguments: [revision])
        }
        #expect(kept == 1)
        // A changed value is written, and raises the revision.
        let changed = workspace.folder.appendingPathComponent("changed.csv")
        try "unit_id,key,value\npilot-b,complaints.upheld_count,3\n".write(
            to: changed, atomically: true, encoding: .utf8)
        #expect(try workspace.session().execute("import evidence \(changed.path)").succeeded)
        #expect(try opened.revision() == revision + 1)
    }

    @Test func aFewUnitsReadThroughTheKeyGiveWhatTheWholeYearGives() throws {
        let workspace = try PilotWorkspace()
        defer { workspace.remove() }
        let opened = try workspace.loadedSession().context.evaluation.workspace()
        let year = try opened.storedEvidence(years: [2024])
        #expect(year.count >= 3)
        let units = Set(year.keys.map(\.unit))
        #expect(units == ["pilot-a", "pilot-b"])
        let pairs: Set = [UnitYear(unit: "pilot-b", year: 2024), UnitYear(unit: "nowhere", year: 2024)]
        let byKey = try opened.storedEvidence(of: pairs)
        let byYear = try opened.storedEvidence(of: pairs, byKeyUpTo: 0)
        let expected = year.filter { pairs.contains(UnitYear(unit: $0.key.unit, year: 2024)) }
        #expect(expected.count == 2 && byKey == expected)
        #expect(byYear == year)
        #expect(try opened.storedEvidence(of: [UnitYear(unit: units.first!, year: 2023)]).isEmpty)
    }
}

/// What is kept for a year is of that year's data: a write to another year, or to the settings
/// alone, leaves it valid; a write to what every year reads (a unit added) does not.
@Suite struct YearRevisionTests {
    @Test func aWriteToOneYearLeavesWhatIsKeptForTheOthers() throws {
        let workspace = try PilotWorkspace()
        defer { workspace.remove() }
        let session = try workspace.sampleSession()
        let evaluation = session.context.evaluation
        let year = try evaluation.year()
        let earlier = year - 1
        #expect(session.execute("compare \(earlier) \(year)").succeeded)
        let opened = try evaluation.workspace()
        /// How many results kept for year `kept` are current (of the year's revision).
        func current(_ kept: Int) throws -> Int {
            let revision = try opened.revision(year: kept)
            return try opened.read { db in
                try Int.fetchOne(
                    db, sql: "SELECT count(*) FROM stored_results WHERE year = ? AND revision = ?",
                    arguments: [kept, revision]) ?? -1
            }
        }
        let (keptEarlier, keptNow) = (try current(earlier), try current(year))
        #expect(keptEarlier >= 2 && keptNow >= 2, "a ranking and a matrix of each year")
        // The settings alone: the year in use, and back.
        let revision = try opened.revision()
        #expect(session.execute("year \(earlier)").succeeded)
        #expect(session.execute("year \(year)").succeeded)
        #expect(try opened.revision() == revision + 2, "other sessions notice")
        #expect(try current(earlier) == keptEarlier)
        #expect(try current(year) == keptNow)
        // A value of this year: what is kept for it is out of date; the earlier year's holds,
        // and a full recompute agrees with it.
        let file = workspace.folder.appendingPathComponent("one.csv")
        try "unit_id,key,value\nbinh-thanh,reports.late_or_missing_count,0\n".write(
            to: file, atomically: true, encoding: .utf8)
        let other = try workspace.session()
        #expect(other.execute("import evidence \(file.path)").succeeded)
        #expect(try current(year) == 0)
        #expect(try current(earlier) == keptEarlier)
        let checks = try other.context.evaluation.checkKeptResults()
        #expect(checks.filter { $0.year == earlier }.count == keptEarlier)
        #expect(checks.filter { $0.year == earlier }.allSatisfy { $0.state == .matches })
        // A stage locked and unlocked: imports check their rows against it, no score reads it.
        #expect(other.execute("compare \(earlier) \(year)").succeeded)
        let keptAgain = try current(year)
        #expect(keptAgain >= 2)
        let beforeLock = try opened.revision()
        #expect(other.execute("stage lock appraisal2").succeeded)
        #expect(other.execute("stage unlock appraisal2").succeeded)
        #expect(try opened.revision() == beforeLock + 2, "an import running meanwhile notices")
        #expect(try current(year) == keptAgain)
        #expect(try current(earlier) == keptEarlier)
        // A unit added: every year reads the units.
        #expect(other.execute("units add xa-moi 'Xã Mới' --kind commune").succeeded)
        #expect(try current(earlier) == 0)
    }
}

/// What is kept for a year before some units' rows were corrected (rankings, resolved leaves,
/// self-assessment tallies) is brought up to date from those units' rows alone, and says what a
/// full recompute says.
@Suite struct UpdatedRankingTests {
    @Test func resultsKeptBeforeCorrectionsAreUpdatedFromTheCorrectedUnits() throws {
        let workspace = try PilotWorkspace()
        defer { workspace.remove() }
        let first = try workspace.sampleSession()
        let year = try first.context.evaluation.year()
        for line in ["rank --set commune", "inflation", "compare \(year - 1) \(year)"] {
            #expect(first.execute(line).succeeded, "\(line)")
        }
        let opened = try first.context.evaluation.workspace()
        let keptAt = try opened.revision(year: year)
        func correct(_ csv: String, _ command: String) throws {
            let file = workspace.folder.appendingPathComponent("fix-\(UUID()).csv")
            try csv.write(to: file, atomically: true, encoding: .utf8)
            let result = try workspace.session().execute("\(command) \(file.path)")
            #expect(result.succeeded, "\(result.output.map(\.text))")
        }
        // Two corrections, of evidence and of points, in two units.
        try correct("unit_id,key,value\nbinh-thanh,reports.late_or_missing_count,0\n", "import evidence")
        try correct("unit_id,criterion_id,stage,points\nhai-duong,1.3,appraisal2,0\n", "import scores")
        #expect(try opened.revision(year: year) > keptAt)
        let unitsChanged = try opened.read { db in
            try String.fetchAll(
                db, sql: "SELECT unit_id FROM unit_revisions WHERE year = ? AND value > ? ORDER BY unit_id",
                arguments: [year, keptAt])
        }
        #expect(unitsChanged == ["binh-thanh", "hai-duong"])
        // A later session: the ranking, the tallies and the comparison, without reading the year.
        let later = try workspace.session()
        let report: Report = try later.context.capture(["rank", "--set", "commune"])
        for line in ["inflation", "compare \(year - 1) \(year)"] {
            #expect(later.execute(line).succeeded, "\(line)")
        }
        #expect(later.context.evaluation.cache.dataset == nil, "the year was not read")
        let evaluation = later.context.evaluation
        let set = try evaluation.criteriaSet("commune")
        let full = Evaluation.rank(try evaluation.dataset(), set: set)
        let rows = report.forScripts.tables.first?.rows ?? []
        #expect(rows.count == full.count)
        #expect(try evaluation.ranking(setID: "commune").map(\.rank) == full.map(\.rank))
        #expect(
            StoredRanking.encode(try evaluation.ranking(setID: "commune"), set: set)
                == StoredRanking.encode(full, set: set))
        // Kept at the year's revision now, and `check` finds it what a full recompute gives.
        let kept = try opened.read { db in
            try Int64.fetchOne(
                db,
                sql: "SELECT revision FROM stored_results WHERE kind = 'ranking' AND year = ? AND set_id = 'commune'",
                arguments: [year])
        }
        #expect(kept == (try opened.revision(year: year)))
        let checks = try workspace.session().context.evaluation.checkKeptResults()
        #expect(Set(checks.map(\.kind)) == ["ranking", "matrix", "inflation"])
        #expect(checks.allSatisfy { $0.state == .matches }, "\(checks)")
        // `check` right after a correction brings what is kept up to date first, as the next
        // command would, and finds it what a full recompute gives.
        try correct("unit_id,key,value\nbinh-thanh,reports.late_or_missing_count,1\n", "import evidence")
        let checked = try workspace.session().context.evaluation.checkKeptResults()
        #expect(checked.count == checks.count)
        #expect(checked.allSatisfy { $0.state == .matches }, "\(checked)")
        // After a unit is added (every year reads the units) nothing is updated: the year is read.
        #expect(try workspace.session().execute("units add xa-moi 'Xã Mới' --kind commune").succeeded)
        let again = try workspace.session()
        #expect(again.execute("rank --set commune").succeeded)
        #expect(again.context.evaluation.cache.dataset != nil, "the year was read")
    }
}

/// A write to more units than are recorded one by one counts as a write to the year as a whole.
@Suite struct UnitRevisionsLimitTests {
    @Test func anImportOfManyUnitsCountsAsTheWholeYear() throws {
        let workspace = try PilotWorkspace()
        defer { workspace.remove() }
        let session = try workspace.session()
        let count = Workspace.unitRevisionsLimit + 1
        let units = workspace.folder.appendingPathComponent("units.csv")
        try (["unit_id,name,kind,set"] + (1...count).map { "u\($0),Xã \($0),commune,commune" }).joined(separator: "\n")
            .write(to: units, atomically: true, encoding: .utf8)
        #expect(session.execute("year 2024").succeeded)
        #expect(session.execute("import units \(units.path)").succeeded)
        let opened = try session.context.evaluation.workspace()
        func revisions() throws -> (value: Int64, whole: Int64, units: Int) {
            try opened.read { db in
                let row = try Row.fetchOne(db, sql: "SELECT value, whole_year FROM year_revisions WHERE year = 2024")
                let units = try Int.fetchOne(db, sql: "SELECT count(*) FROM unit_revisions WHERE year = 2024") ?? -1
                return (row?[0] ?? 0, row?[1] ?? 0, units)
            }
        }
        func importEvidence(_ rows: ClosedRange<Int>, value: Int) throws {
            let file = workspace.folder.appendingPathComponent("evidence-\(value).csv")
            try (["unit_id,key,value"] + rows.map { "u\($0),reports.late_or_missing_count,\(value)" })
                .joined(separator: "\n").write(to: file, atomically: true, encoding: .utf8)
            #expect(session.execute("import evidence \(file.path)").succeeded)
        }
        // As many pairs as are recorded: one by one, the year not as a whole.
        try importEvidence(1...(count - 1), value: 1)
        let some = try revisions()
        #expect(some.units == count - 1 && some.whole == 0 && some.value > 0)
        // One more: the year as a whole, nothing recorded one by one.
        try importEvidence(1...count, value: 2)
        let all = try revisions()
        #expect(all.units == count - 1 && all.whole == all.value && all.value > some.value)
    }
}
