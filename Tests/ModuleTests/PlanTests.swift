import CCHCCore
import CCHCModuleKit
import CCHCREPL
import CCHCTesting
import Foundation
import GRDB
import Testing

/// The yearly plan to raise the ranking, on the sample (clock: 2024-10-20, the transcripts').
@Suite struct PlanTests {
    private func json(_ engine: Engine, _ line: String) throws -> [String: Any] {
        _ = engine.execute("mode json")
        defer { _ = engine.execute("mode table") }
        let text = engine.handle(line)
        return try #require(try JSONSerialization.jsonObject(with: Data(text.utf8)) as? [String: Any], "\(text)")
    }

    private func rows(_ object: [String: Any], _ key: String) -> [[String: Any]] {
        object[key] as? [[String: Any]] ?? []
    }

    @Test func aPlanToTotCoversExactlyTheUnitsBelowItAndReachesIt() throws {
        let engine = try makeSampleEngine()
        let below = try engine.context.evaluation.allCriteriaSets().flatMap { set in
            try engine.context.evaluation.ranking(setID: set.id).filter {
                ($0.band?.minIndex ?? 0) < (set.bands.band("tot")?.minIndex ?? 0)
            }.map(\.unit.id)
        }
        #expect(below.count == 8)
        let made = engine.execute("plan new nang-hang --target tot")
        #expect(made.succeeded, "\(made.output)")
        let show = try json(engine, "plan show nang-hang")
        #expect(Set(rows(show, "units").map { $0["unit_id"] as? String ?? "" }) == Set(below))
        #expect(show["units_already"] as? Int == 21)
        let tasks = rows(show, "tasks")
        #expect(!tasks.isEmpty)
        for task in tasks {
            // Owned by the unit and due by its set's self-assessment deadline.
            #expect(task["owner"] as? String == task["unit_id"] as? String)
            let unit = task["unit_id"] as? String ?? ""
            let due = unit.hasPrefix("p-") ? "2024-10-15" : "2024-10-05"
            #expect(task["due"] as? String == due, "\(task)")
            #expect(task["status"] as? String == "open")
            #expect((task["at_stake"] as? Double ?? 0) > 0)
        }
        let status = try json(engine, "plan status nang-hang")
        let units = rows(status, "units")
        #expect(units.count == 8)
        #expect(units.allSatisfy { $0["meets_now"] as? Bool == false && $0["meets_projected"] as? Bool == true })
        #expect(status["units_meeting_projected"] as? Int == 29)
        // The clock is 2024-10-20: every task is past its due date.
        #expect(status["overdue"] as? Int == tasks.count)
    }

    @Test func aTaskMetByNewEvidenceIsShownMetWhateverItsStatusSays() throws {
        let engine = try makeSampleEngine()
        #expect(engine.execute("plan new p --target tot --unit tu-ha").succeeded)
        let task = try #require(rows(try json(engine, "plan show p"), "tasks").first)
        #expect(task["criterion"] as? String == "1.1.2")
        #expect(task["change"] as? String == "set tu-ha evidence plan.completion_rate 100%")
        #expect(engine.execute("plan task done 1").succeeded)
        var status = try json(engine, "plan status p")
        #expect(rows(status, "tasks").first?["progress"] as? String == "done_unconfirmed")
        let file = FileManager.default.temporaryDirectory.appendingPathComponent("plan-\(UUID()).csv")
        try "unit_id,key,value\ntu-ha,plan.completion_rate,100%\n".write(to: file, atomically: true, encoding: .utf8)
        defer { try? FileManager.default.removeItem(at: file) }
        #expect(engine.execute("import evidence \(file.path)").succeeded)
        #expect(engine.execute("plan task set 1 --status open").succeeded)
        status = try json(engine, "plan status p")
        let row = try #require(rows(status, "tasks").first)
        #expect(row["progress"] as? String == "met")
        #expect(row["status"] as? String == "open")
        #expect(row["overdue"] as? Bool == false)
        #expect(status["secured"] as? Double == 1)
        // The recorded points follow at the next assessment: the unit meets its target in the
        // projection (scored from today's evidence), not yet in the ranking.
        let unit = try #require(rows(status, "units").first)
        #expect(unit["meets_now"] as? Bool == false && unit["meets_projected"] as? Bool == true)
        #expect(engine.handle("plan status p").contains("met in the evidence; the points follow"))
        #expect(
            engine.handle("plan scenario p").contains(
                "with 1 change (the tasks not met and not dropped, and 1 met in the evidence whose points follow"))
        // As the points the rule gives for today's 100 %: setting the evidence the unit already
        // has would change nothing in a scenario.
        let change = try engine.context.evaluation.scenario("plan-p").overrides
        #expect(change == [.points(unit: "tu-ha", criterion: "1.1.2", value: .points(2))])
    }

    @Test func theScenarioHoldsTheOpenTasksAndChangesNothingElse() throws {
        let engine = try makeSampleEngine()
        #expect(engine.execute("plan new p --target tot").succeeded)
        #expect(engine.execute("plan task drop 2 --reason 'không khả thi'").succeeded)
        let made = engine.handle("plan scenario p")
        #expect(made.contains("Made scenario 'plan-p' with 16 changes"), "\(made)")
        let scenario = try engine.context.evaluation.scenario("plan-p")
        let units = Set(
            scenario.overrides.compactMap { override -> String? in
                if case .evidence(let unit, _, _) = override { return unit }
                if case .points(let unit, _, _) = override { return unit }
                return nil
            })
        let planned = Set(rows(try json(engine, "plan show p"), "units").map { $0["unit_id"] as? String ?? "" })
        #expect(units.isSubset(of: planned))
        // Units with no task keep their index; the dropped task's unit stays where it is.
        let diff = try json(engine, "diff baseline plan-p --set commune")
        for row in rows(diff, "units") where !units.contains(row["unit_id"] as? String ?? "") {
            #expect(row["index_a"] as? Double == row["index_b"] as? Double, "\(row)")
        }
        // Run again: replaced, not duplicated.
        #expect(engine.handle("plan scenario p").contains("Replaced scenario 'plan-p' with 16 changes"))
    }

    @Test func everyChangeIsAuditedWithItsActor() throws {
        let engine = try makeSampleEngine()
        #expect(engine.execute("plan new p --target tot --unit tu-ha --as hoa").succeeded)
        #expect(engine.execute("plan task set 1 --owner 'Nguyễn Văn An' --due 15/09/2024 --as an").succeeded)
        let log = try engine.context.evaluation.workspace().auditLog()
        let plan = log.filter { $0.action.hasPrefix("plan") }.sorted { $0.id < $1.id }
        #expect(plan.map(\.action) == ["plan new", "plan task owner", "plan task due"])
        #expect(plan.map(\.actor) == ["hoa", "an", "an"])
        #expect(plan.last?.before == "2024-10-05" && plan.last?.after == "2024-09-15")
    }

    @Test func feedbackAndPlanMeet() throws {
        let engine = try makeSampleEngine()
        #expect(engine.execute("plan new p --target tot --unit tu-ha --unit binh-thanh").succeeded)
        #expect(engine.execute("feedback add --unit tu-ha --criterion 1.1.2 \"Chỉ tiêu 100% không hợp lý\"").succeeded)
        // Tasks are numbered in the order units are listed: Bình Thành's first, then Tứ Hạ's.
        let tasks = rows(try json(engine, "plan show p"), "tasks")
        let tuHa = try #require(tasks.first { $0["unit_id"] as? String == "tu-ha" }?["id"] as? Int)
        let binhThanh = try #require(tasks.first { $0["unit_id"] as? String == "binh-thanh" }?["id"] as? Int)
        #expect(binhThanh < tuHa)
        let other = engine.execute("plan task set \(binhThanh) --feedback 1")
        #expect(!other.succeeded && other.output.map(\.text).joined().contains("comes from tu-ha, not binh-thanh"))
        #expect(engine.execute("plan task set \(tuHa) --feedback 1").succeeded)
        let report = try json(engine, "feedback report")
        let waiting = rows(report, "plan_tasks_waiting")
        #expect(waiting.count == 1)
        #expect(waiting.first?["task"] as? Int == tuHa && waiting.first?["feedback_status"] as? String == "submitted")
        #expect(engine.execute("plan task set \(tuHa) --feedback none").succeeded)
        #expect(rows(try json(engine, "feedback report"), "plan_tasks_waiting").isEmpty)
        // Feedback on another criterion is not what the task waits on; feedback on the method is.
        #expect(engine.execute("feedback add --unit tu-ha --criterion 7.3 \"Khác\"").succeeded)
        let elsewhere = engine.execute("plan task set \(tuHa) --feedback 2")
        #expect(
            !elsewhere.succeeded && elsewhere.output.map(\.text).joined().contains("about criterion 7.3, not 1.1.2"))
        #expect(engine.execute("feedback add --unit tu-ha --criterion 1.1 \"Cả nhóm\"").succeeded)
        #expect(
            engine.execute("plan task set \(tuHa) --feedback 3").succeeded, "feedback on a criterion above the leaf")
    }

    @Test func aLeafFloorTargetLiftsEveryLowLeafOrSaysWhyNot() throws {
        let engine = try makeSampleEngine()
        #expect(engine.execute("plan new san --target leaf:50% --unit tu-ha").succeeded)
        let show = try json(engine, "plan show san")
        for task in rows(show, "tasks") {
            #expect(task["criterion"] as? String != nil)
        }
        let status = try json(engine, "plan status san")
        let unit = try #require(rows(status, "units").first)
        let note = rows(show, "units").first?["note"] as? String
        #expect(unit["meets_projected"] as? Bool == true || note?.contains("cannot reach 50%") == true, "\(unit)")
    }

    /// A unit already at the target when the plan was made joins the plan's units once the
    /// office gives it a task (its tasks were listed under a unit the table left out).
    @Test func aTaskForAUnitAlreadyThereBringsItIntoThePlan() throws {
        let engine = try makeSampleEngine()
        #expect(engine.execute("plan new q --target kha").succeeded)
        let before = rows(try json(engine, "plan show q"), "units").first { $0["unit_id"] as? String == "tu-ha" }
        #expect(before == nil, "a unit already there is counted, not listed")
        #expect(engine.execute("plan task add q --unit tu-ha --criterion 1.4").succeeded)
        let after = rows(try json(engine, "plan show q"), "units").first { $0["unit_id"] as? String == "tu-ha" }
        #expect(after?["state"] as? String == "planned")
    }

    /// A task typed on evidence reads as goal-seek's steps do, whatever spelling the value had
    /// (`có`), so exports put it in Vietnamese beside the criterion's title.
    @Test func aTaskOnEvidenceReadsAsAGoalStep() throws {
        let engine = try makeSampleEngine()
        #expect(engine.execute("plan new p --target tot --unit tu-ha").succeeded)
        for (line, step) in [
            ("--criterion 7.3 --evidence web.updated_regularly=có", "make web.updated_regularly yes (now no)"),
            (
                "--criterion 3.2.1 --evidence dossiers.software_entry_rate=95",
                "raise dossiers.software_entry_rate from 87.9% to ≥ 95%"
            ),
        ] {
            let result = engine.execute("plan task add p --unit tu-ha " + line)
            #expect(result.output.map(\.text).joined().contains(", \(step) ("), "\(result.output)")
        }
    }

    @Test func badInputIsRefusedWithWhatToDo() throws {
        let engine = try makeSampleEngine()
        #expect(engine.execute("plan new p --target tot --unit tu-ha").succeeded)
        let cases: [(String, String)] = [
            ("plan new p --target tot", "A plan named 'p' already exists"),
            ("plan show q", "Unknown plan 'q'"),
            ("plan new r --target rank:0", "must be a whole number from 1"),
            ("plan new r --target gioi", "Unknown band 'gioi'"),
            ("plan new 'x y'", "must be ASCII letters"),
            ("plan task set 1 --due 31/02/2024", "Due date '31/02/2024' is not a date"),
            ("plan task set 1 --status donee", "Did you mean 'done'?"),
            ("plan task set 9 --status done", "There is no plan task #9"),
            ("plan task add p --unit tu-ha --criterion 1.1", "is not a leaf"),
            ("plan task add p --unit tu-ha --criterion 9.9.9", "Unknown criterion '9.9.9'"),
            // A task raises its criterion, once per unit and leaf, by a date in the plan's years.
            (
                "plan task add p --unit tu-ha --criterion 8.1 --evidence targets.achieved_rate=50%",
                "would lower 8.1 from 2.00 to 0.00 points"
            ),
            ("plan task add p --unit tu-ha --criterion 3.2.3", "tu-ha already has the maximum 5.00 on 3.2.3"),
            (
                "plan task add p --unit tu-ha --criterion 3.2.4 --evidence dossiers.on_time_rate=98",
                "3.2.4's rule reads dossiers.overdue_apology_rate, not dossiers.on_time_rate"
            ),
            ("plan task add p --unit tu-ha --criterion 4.2 --evidence x.y=1", "4.2 is scored by hand"),
            ("plan task add p --unit tu-ha --criterion 1.1.2", "Task #1 already covers tu-ha 1.1.2"),
            ("plan task set 1 --due 01/01/2023", "outside the plan's year 2024"),
            ("plan new y --year 2025", "no scores or evidence for 2025"),
        ]
        for (line, expected) in cases {
            let result = engine.execute(line)
            #expect(
                !result.succeeded && result.output.map(\.text).joined().contains(expected), "\(line): \(result.output)")
        }
        // Nothing was half-written by the refusals.
        #expect(rows(try json(engine, "plan list"), "plans").count == 1)
    }

    @Test func aPlanSaysHowManyUnitsMeetTheTargetWhenTheyCompeteForRanks() throws {
        let engine = try makeSampleEngine()
        let made = engine.handle("plan new top --target rank:1 --set commune")
        #expect(made.contains("if every task is done, 1 of 14 meet the target"), "\(made)")
        let status = try json(engine, "plan status top")
        #expect(status["units_meeting_projected"] as? Int == 1)
        // Task numbers follow the units in the order 'plan show' lists them.
        let ids = rows(try json(engine, "plan show top"), "tasks").map { $0["id"] as? Int ?? 0 }
        #expect(ids == ids.sorted())
    }

    @Test func removingAUnitWithPlanTasksSaysSoUnlessForced() throws {
        let engine = try makeSampleEngine()
        #expect(engine.execute("units add x-1 \"Xã Một\" --kind commune").succeeded)
        #expect(engine.execute("plan new p --target tot --unit tu-ha").succeeded)
        let added = engine.execute("plan task add p --unit x-1 --criterion 1.2")
        #expect(added.succeeded, "\(added.output.map(\.text))")
        let refused = engine.execute("units remove x-1")
        #expect(!refused.succeeded)
        #expect(
            refused.output.map(\.text).joined().contains("Unit 'x-1' is in 1 plan task; 'units remove x-1 --force'"))
        #expect(rows(try json(engine, "plan show p"), "tasks").contains { $0["unit_id"] as? String == "x-1" })
        #expect(engine.execute("units remove x-1 --force").succeeded)
        #expect(!rows(try json(engine, "plan show p"), "tasks").contains { $0["unit_id"] as? String == "x-1" })
        let audit = try engine.context.evaluation.workspace().auditLog().last
        #expect(audit?.action == "units remove" && audit?.before?.contains("1 plan task") == true)
    }

    @Test func aPlanForAnotherYearReadsThatYear() throws {
        let engine = try makeSampleEngine()
        #expect(engine.execute("plan new cu --year 2023 --target tot --set commune").succeeded)
        let show = try json(engine, "plan show cu")
        #expect(show["year"] as? Int == 2023)
        // 2023: Hương Phong (72.89) was Khá.
        #expect(rows(show, "units").contains { $0["unit_id"] as? String == "huong-phong" })
        let scenario = engine.execute("plan scenario cu")
        #expect(!scenario.succeeded && scenario.output.map(\.text).joined().contains("'year 2023' switches"))
    }

    /// A unit with nothing recorded has no index to raise: no tasks, and the plan says why.
    @Test func aUnitWithNothingRecordedGetsNoTasksAndTheReason() throws {
        let engine = try makeSampleEngine()
        #expect(engine.execute("units add x-1 \"Xã Một\" --kind commune").succeeded)
        for target in ["next", "kha"] {
            let made = engine.handle("plan new p-\(target) --unit x-1 --unit tu-ha --target \(target)")
            #expect(
                made.contains("1 with nothing recorded for 2024 (import their scores or evidence first)"), "\(made)")
            let show = try json(engine, "plan show p-\(target)")
            #expect(!rows(show, "tasks").contains { $0["unit_id"] as? String == "x-1" })
        }
    }

    /// The units' goal-seeks run on every core; Ctrl-C stops them all and nothing is saved.
    @Test func anInterruptedPlanSavesNothing() throws {
        let engine = try makeSampleEngine()
        let checks = InterruptionChecks()
        engine.context.interrupted = { checks.next() > 2 }
        let stopped = engine.execute("plan new p --target tot")
        #expect(!stopped.succeeded)
        #expect(stopped.output.map(\.text).joined().contains("Interrupted"), "\(stopped.output.map(\.text))")
        engine.context.interrupted = nil
        #expect(rows(try json(engine, "plan list"), "plans").isEmpty)
        #expect(engine.execute("plan new p --target tot").succeeded)
    }

    /// `plan status` reads the plan's units alone (every unit's when all are planned) and ranks
    /// the changed ones among the others as they are: now and projected, each unit must be what
    /// scoring and ranking the whole year says, with and without the open tasks done.
    @Test(arguments: [
        ("p", "--target tot --unit tu-ha --unit 'Hương Phong' --unit binh-thanh", nil as Int?),
        ("all", "--target tot", nil), ("cu", "--year 2023 --target tot --unit huong-phong --unit tu-ha", 2023),
    ])
    func aPlanStatusSaysWhatTheWholeYearSays(name: String, options: String, year: Int?) throws {
        let engine = try makeSampleEngine()
        let evaluation = engine.context.evaluation
        let made = engine.execute("plan new \(name) \(options)")
        #expect(made.succeeded, "\(made.output.map(\.text))")
        let status = try json(engine, "plan status \(name)")
        let units = rows(status, "units")
        #expect(!units.isEmpty)
        let plan = try PlanStoreReader.overrides(engine, plan: name)
        // The whole year scored and ranked, without and with the open tasks' changes.
        let planYear = try year ?? evaluation.year()
        let dataset = try evaluation.workspace().dataset(year: planYear, syntheticLabel: nil)
        var sets: [String: CriteriaSet] = [:]
        for id in try evaluation.setIDs() { sets[id] = try evaluation.criteriaSet(id, year: planYear) }
        func whole(_ world: ScenarioWorld) -> [String: UnitScore] {
            var result: [String: UnitScore] = [:]
            for set in world.sets.values {
                let scores = world.dataset.units.filter { $0.setID == set.id }.map {
                    Scoring.score($0, record: world.dataset.record(for: $0.id), set: set)
                }
                for score in Scoring.rank(scores, policy: set.ranking) { result[score.unit.id] = score }
            }
            return result
        }
        var world = ScenarioWorld(sets: sets, dataset: dataset)
        let now = whole(world)
        for override in plan { try world.apply(override, scenario: "t") }
        let projected = whole(world)
        #expect(!plan.isEmpty)
        for row in units {
            let id = try #require(row["unit_id"] as? String)
            // JSON gives an index to two decimals.
            func shown(_ index: Double?) -> Double? { index.map { ($0 * 100).rounded() / 100 } }
            #expect(row["index_now"] as? Double == shown(now[id]?.indexPct), "\(id)")
            #expect(row["rank_now"] as? Int == now[id]?.rank, "\(id)")
            #expect(row["band_now"] as? String == now[id]?.band?.code, "\(id)")
            #expect(row["index_projected"] as? Double == shown(projected[id]?.indexPct), "\(id)")
            #expect(row["rank_projected"] as? Int == projected[id]?.rank, "\(id)")
            #expect(row["band_projected"] as? String == projected[id]?.band?.code, "\(id)")
        }
    }
}

/// The changes behind a plan's projection, as `plan scenario` would hold them (read back from
/// the scenario it makes, then dropped).
private enum PlanStoreReader {
    static func overrides(_ engine: Engine, plan: String) throws -> [Override] {
        let evaluation = engine.context.evaluation
        let year = try evaluation.year()
        let planYear = try #require(
            try evaluation.workspace().read { db in
                try Int.fetchOne(db, sql: "SELECT year FROM plans WHERE name = ?", arguments: [plan])
            })
        if planYear != year { #expect(engine.execute("year \(planYear)").succeeded) }
        defer { if planYear != year { _ = engine.execute("year \(year)") } }
        #expect(engine.execute("plan scenario \(plan)").succeeded)
        let overrides = try evaluation.scenario("plan-\(plan)").overrides
        #expect(engine.execute("scenario drop plan-\(plan)").succeeded)
        return overrides
    }
}
