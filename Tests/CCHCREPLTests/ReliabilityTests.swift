import CCHCCore
import CCHCTesting
import Foundation
import GRDB
import LineEditing
import Testing

/// The workspace under crashes and concurrent use, with the real `cchc` executable.
@Suite(.serialized) struct ReliabilityTests {
    let folder: URL
    let scratch: TemporaryFolder
    let workspace: String

    init() throws {
        scratch = try TemporaryFolder("cchc-rel")
        folder = scratch.url
        workspace = folder.appendingPathComponent("w.cchc").path
        try Generated.criteriaYAML().write(
            to: folder.appendingPathComponent("bench.yaml"), atomically: true, encoding: .utf8)
        try Generated.unitsCSV(count: 1000).write(
            to: folder.appendingPathComponent("units.csv"), atomically: true, encoding: .utf8)
        try Generated.writeScoresCSV(to: folder.appendingPathComponent("scores.csv").path, units: 1000)
        try "unit_id,key,value\nu1,survey.index,80\n".write(
            to: folder.appendingPathComponent("evidence.csv"), atomically: true, encoding: .utf8)
        let setup = try Products.runCCHC([
            "--workspace", workspace, "-c", "criteria load \(folder.path)/bench.yaml", "-c",
            "import units \(folder.path)/units.csv",
        ])
        #expect(setup.status == 0, "\(setup.stderr)")
    }

    func state() throws -> (assessments: Int, audit: Int, integrity: String) {
        let database = try DatabaseQueue(path: workspace)
        defer { try? database.close() }
        return try database.read { db in
            (
                try Int.fetchOne(db, sql: "SELECT count(*) FROM assessments") ?? -1,
                try Int.fetchOne(db, sql: "SELECT count(*) FROM audit") ?? -1,
                try String.fetchOne(db, sql: "PRAGMA integrity_check") ?? ""
            )
        }
    }

    /// Starts `cchc` paused inside an import's transaction after `rows` rows.
    func startPausedImport(after rows: Int) throws -> Process {
        let marker = folder.appendingPathComponent("paused-\(UUID())").path
        let process = try Products.startCCHC(
            ["--workspace", workspace, "-c", "import scores \(folder.path)/scores.csv"],
            environment: ["CCHC_FAILPOINT_IMPORT_PAUSE": String(rows), "CCHC_FAILPOINT_MARKER": marker])
        let deadline = Date().addingTimeInterval(60)
        while !FileManager.default.fileExists(atPath: marker) && Date() < deadline && process.isRunning {
            Thread.sleep(forTimeInterval: 0.02)
        }
        #expect(FileManager.default.fileExists(atPath: marker), "the import never reached its pause")
        return process
    }

    @Test func sigkillInTheMiddleOfAnImportLeavesTheWorkspaceAsBefore() throws {
        let before = try state()
        #expect(before.assessments == 0)
        let process = try startPausedImport(after: 50_000)
        kill(process.processIdentifier, SIGKILL)
        process.waitUntilExit()
        #expect(process.terminationReason == .uncaughtSignal)
        let after = try state()
        #expect(after.assessments == before.assessments)
        #expect(after.audit == before.audit)
        #expect(after.integrity == "ok")
        // The workspace is usable afterwards, and the same import now goes through whole.
        let retry = try Products.runCCHC(["--workspace", workspace, "-c", "import scores \(folder.path)/scores.csv"])
        #expect(retry.status == 0, "\(retry.stderr)")
        #expect(try state().assessments == 100_000)
    }

    @Test func aWriterThatWaitsTooLongGetsAClearBusyErrorWhileReadersGoOn() throws {
        let holder = try startPausedImport(after: 10)
        defer {
            kill(holder.processIdentifier, SIGKILL)
            holder.waitUntilExit()
        }
        let reader = try Products.runCCHC(["--workspace", workspace, "-c", "units --kind commune", "-c", "year"])
        #expect(reader.status == 0, "\(reader.stderr)")
        #expect(reader.stdout.contains("u999"))
        let writer = try Products.runCCHC([
            "--workspace", workspace, "-c", "import evidence \(folder.path)/evidence.csv",
        ])
        #expect(writer.status == 1)
        #expect(
            writer.stderr
                == "Waiting for another program writing to w.cchc (up to 5 s)…\n"
                + "Error: Workspace '\(workspace)' is busy: another process kept it locked for more than 5 s; try again\n"
        )
        #expect(try state().integrity == "ok")
    }

    @Test func aWriterKeptWaitingSaysSoAndGoesOnWhenTheOtherWriteEnds() throws {
        let other = try DatabaseQueue(path: workspace)
        defer { try? other.close() }
        /// Runs `cchc` while another program holds the write lock for 1.5 s.
        func runWhileLocked(_ arguments: [String]) throws -> (status: Int32, stdout: String, stderr: String) {
            let released = DispatchSemaphore(value: 0)
            let holding = DispatchSemaphore(value: 0)
            DispatchQueue.global().async {
                try? other.inDatabase { db in
                    try db.execute(sql: "BEGIN IMMEDIATE")
                    holding.signal()
                    Thread.sleep(forTimeInterval: 1.5)
                    try db.execute(sql: "COMMIT")
                }
                released.signal()
            }
            holding.wait()
            defer { released.wait() }
            return try Products.runCCHC(["--workspace", workspace] + arguments)
        }
        let writer = try runWhileLocked(["-c", "import evidence \(folder.path)/evidence.csv"])
        #expect(writer.status == 0, "\(writer.stderr)")
        #expect(writer.stderr == "Waiting for another program writing to w.cchc (up to 5 s)…\n")
        // Standard error carries JSON alone for scripts that read JSON.
        let script = try runWhileLocked(["--format", "json", "-c", "units add x1 'Xã Một' --kind commune --set bench"])
        #expect(script.status == 0, "\(script.stderr)")
        #expect(script.stderr.isEmpty)
    }

    @Test func twoProcessesImportingAndReadingAtOnceSucceedOrOneIsToldItIsBusy() throws {
        let errors = (folder.appendingPathComponent("first.err").path, folder.appendingPathComponent("second.err").path)
        let first = try Products.startCCHC(
            ["--workspace", workspace, "-c", "import scores \(folder.path)/scores.csv"], standardError: errors.0)
        let second = try Products.startCCHC(
            ["--workspace", workspace, "-c", "import evidence \(folder.path)/evidence.csv", "-c", "rank --set bench"],
            standardError: errors.1)
        first.waitUntilExit()
        second.waitUntilExit()
        let busy = "is busy: another process kept it locked for more than 5 s; try again"
        var imported = (scores: false, evidence: false)
        for (process, file, isScores) in [(first, errors.0, true), (second, errors.1, false)] {
            let stderr = try String(contentsOfFile: file, encoding: .utf8)
            if process.terminationStatus == 0 {
                #expect(stderr.isEmpty || stderr.hasPrefix("Waiting for another program"), "\(stderr)")
                if isScores { imported.scores = true } else { imported.evidence = true }
            } else {
                #expect(process.terminationStatus == 1)
                #expect(stderr.contains(busy), "\(stderr)")
            }
        }
        let final = try state()
        #expect(final.integrity == "ok")
        #expect(final.assessments == (imported.scores ? 100_000 : 0))
        #expect(imported.scores || imported.evidence, "at least one of the two writers must get through")
    }

    @Test func twoImportsOfTheSameScoresAtOnceBothEndAndNeitherFailsOnADuplicate() throws {
        // Both read the workspace before either writes: the one that writes second sees the
        // revision moved and reads again (its rows are then unchanged), instead of inserting
        // duplicates ("UNIQUE constraint failed") or waiting for ever holding the write lock.
        let errors = (folder.appendingPathComponent("a.err").path, folder.appendingPathComponent("b.err").path)
        let command = ["--workspace", workspace, "-c", "import scores \(folder.path)/scores.csv"]
        let first = try Products.startCCHC(command, standardError: errors.0)
        let second = try Products.startCCHC(command, standardError: errors.1)
        let deadline = Date().addingTimeInterval(120)
        while (first.isRunning || second.isRunning) && Date() < deadline { Thread.sleep(forTimeInterval: 0.05) }
        let hung = first.isRunning || second.isRunning
        for process in [first, second] where process.isRunning { kill(process.processIdentifier, SIGKILL) }
        #expect(!hung, "an import never ended")
        first.waitUntilExit()
        second.waitUntilExit()
        var succeeded = 0
        for (process, file) in [(first, errors.0), (second, errors.1)] {
            let stderr = try String(contentsOfFile: file, encoding: .utf8)
            #expect(!stderr.contains("Internal error") && !stderr.contains("UNIQUE"), "\(stderr)")
            if process.terminationStatus == 0 {
                succeeded += 1
            } else {
                #expect(stderr.contains("is busy") || stderr.contains("kept changing"), "\(stderr)")
            }
        }
        #expect(succeeded >= 1)
        let final = try state()
        #expect(final.assessments == 100_000)
        #expect(final.integrity == "ok")
        // The values were added once: one audit row per unit that gained values.
        let database = try DatabaseQueue(path: workspace)
        defer { try? database.close() }
        let added = try database.read { db in
            try Int.fetchOne(
                db, sql: "SELECT count(*) FROM audit WHERE action = 'import scores' AND after LIKE '% added'")
        }
        #expect(added == 1000)
    }

    @Test(arguments: [2, 4])
    func concurrentImportsOfOverlappingFilesWithFeedbackBesideThemAgreeWithTheirAudit(importers: Int) throws {
        // Importer k gives units 150k ..< 150k + 300 ten values each; neighbours overlap on 150
        // units with different values. Two more processes add feedback meanwhile.
        var files: [[String: String]] = []
        for k in 0..<importers {
            var values: [String: String] = [:]
            var text = "unit_id,criterion_id,stage,points\n"
            for unit in (150 * k)..<(150 * k + 300) {
                for leaf in 1...10 {
                    let points = Format.number(Double((k + unit + leaf) % 5) / 4)
                    values["u\(unit)|1.\(leaf) appraisal1"] = points
                    text += "u\(unit),1.\(leaf),appraisal1,\(points)\n"
                }
            }
            try text.write(to: folder.appendingPathComponent("overlap-\(k).csv"), atomically: true, encoding: .utf8)
            files.append(values)
        }
        var feedbackScript = ""
        for n in 0..<100 { feedbackScript += "feedback add --unit u7 --criterion 1.1 \"Ý kiến \(n)\"\n" }
        try feedbackScript.write(to: folder.appendingPathComponent("feedback.cchc"), atomically: true, encoding: .utf8)
        var processes: [(process: Process, error: String)] = []
        for k in 0..<importers {
            let error = folder.appendingPathComponent("overlap-\(k).err").path
            processes.append(
                (
                    try Products.startCCHC(
                        [
                            "--workspace", workspace, "--as", "importer-\(k)", "-c",
                            "import scores \(folder.path)/overlap-\(k).csv",
                        ], standardError: error), error
                ))
        }
        for n in 0..<2 {
            let error = folder.appendingPathComponent("feedback-\(n).err").path
            processes.append(
                (
                    try Products.startCCHC(
                        ["--workspace", workspace, "run", folder.appendingPathComponent("feedback.cchc").path],
                        standardError: error), error
                ))
        }
        let deadline = Date().addingTimeInterval(180)
        while processes.contains(where: { $0.process.isRunning }) && Date() < deadline {
            Thread.sleep(forTimeInterval: 0.05)
        }
        let hung = processes.filter { $0.process.isRunning }.count
        for (process, _) in processes where process.isRunning { kill(process.processIdentifier, SIGKILL) }
        #expect(hung == 0, "\(hung) processes never ended")
        var succeeded: Set<String> = []
        for (index, (process, error)) in processes.enumerated() {
            process.waitUntilExit()
            let stderr = try String(contentsOfFile: error, encoding: .utf8)
            #expect(!stderr.contains("Internal error") && !stderr.contains("UNIQUE"), "\(stderr)")
            if process.terminationStatus == 0 {
                if index < importers { succeeded.insert("importer-\(index)") }
            } else {
                #expect(stderr.contains("is busy") || stderr.contains("kept changing"), "\(stderr)")
            }
        }
        #expect(!succeeded.isEmpty)
        let database = try DatabaseQueue(path: workspace)
        defer { try? database.close() }
        let (audit, final, feedback, submitted) = try database.read { db in
            (
                try Row.fetchAll(
                    db,
                    sql: "SELECT id, actor, unit_id, target, before, after FROM audit "
                        + "WHERE action = 'import scores' ORDER BY id"),
                try Row.fetchAll(db, sql: "SELECT unit_id, criterion_id, stage, points FROM assessments"),
                try Int.fetchOne(db, sql: "SELECT count(*) FROM feedback") ?? -1,
                try Int.fetchOne(db, sql: "SELECT count(*) FROM feedback_events WHERE action = 'submit'") ?? -1
            )
        }
        // Replay the imports in the order they committed (each one's rows are one transaction,
        // so contiguous): every audit row must say what that import found and left.
        var order: [String] = []
        for row in audit where order.last != row["actor"] {
            let actor: String = row["actor"]
            #expect(!order.contains(actor), "the audit rows of \(actor) are not one block")
            order.append(actor)
        }
        #expect(Set(order) == succeeded, "every import that succeeded, and only those, is audited")
        var model: [String: String] = [:]
        for actor in order {
            let k = Int(actor.dropFirst("importer-".count))!
            var expectedChanges: Set<String> = []
            var expectedAdded: [String: Int] = [:]
            for (key, points) in files[k] {
                let unit = String(key.prefix { $0 != "|" })
                if let old = model[key] {
                    if old != points {
                        expectedChanges.insert("\(unit)|\(key.dropFirst(unit.count + 1))|\(old)|\(points)")
                    }
                } else {
                    expectedAdded[unit, default: 0] += 1
                }
                model[key] = points
            }
            var changes: Set<String> = []
            var added: [String: Int] = [:]
            for row in audit where row["actor"] == actor {
                let unit: String = row["unit_id"]
                let after: String = row["after"]
                if (row["before"] as String?) == nil {
                    // The unit's row naming the file: values added, and changed (their own rows).
                    if let part = after.components(separatedBy: ", ").first(where: { $0.hasSuffix(" added") }) {
                        added[unit] = Int(part.prefix { $0.isNumber })
                    }
                } else {
                    changes.insert("\(unit)|\(row["target"] as String)|\(row["before"] as String)|\(after)")
                }
            }
            #expect(changes == expectedChanges, "\(actor): changes audited with the values it found")
            #expect(added == expectedAdded, "\(actor): values added as audited")
        }
        var stored: [String: String] = [:]
        for row in final {
            let points: Double = row["points"]
            stored["\(row["unit_id"] as String)|\(row["criterion_id"] as String) \(row["stage"] as String)"] =
                Format.number(points)
        }
        #expect(stored == model, "the workspace holds what the audited imports left")
        #expect(feedback == 200 && submitted == 200, "every feedback added beside the imports is kept")
    }

    @Test func twoFirstStartsAtOnceBothOpenOneWholeSampleWorkspace() throws {
        // The second start used to see a half-made file: "is not a cchc workspace", "trigger …
        // already exists", "UNIQUE constraint failed" (seeded twice).
        for attempt in 0..<4 {
            let home = folder.appendingPathComponent("first-start-\(attempt)").path
            let errors = (0..<2).map { folder.appendingPathComponent("first-\(attempt)-\($0).err").path }
            let starts = try errors.map { error in
                try Products.startCCHC(["-c", "units"], environment: ["XDG_DATA_HOME": home], standardError: error)
            }
            for (process, error) in zip(starts, errors) {
                process.waitUntilExit()
                let stderr = try String(contentsOfFile: error, encoding: .utf8)
                #expect(process.terminationStatus == 0 && stderr.isEmpty, "\(stderr)")
            }
            let database = try DatabaseQueue(path: home + "/cchc/workspace.cchc")
            defer { try? database.close() }
            let (units, seeded) = try database.read { db in
                (
                    try Int.fetchOne(db, sql: "SELECT count(*) FROM units") ?? 0,
                    try Int.fetchOne(
                        db, sql: "SELECT count(*) FROM audit WHERE action = 'seed sample' AND target = 'unit'") ?? 0
                )
            }
            #expect(units > 0 && units == seeded, "the sample is in it once")
            let leftovers = try FileManager.default.contentsOfDirectory(atPath: home + "/cchc").filter {
                $0.hasSuffix(".creating") || $0.contains(".creating-")
            }
            #expect(leftovers.isEmpty, "\(leftovers)")
        }
    }

    @Test func twoImportsOfTheSameEvidenceAtOnceAddItOnce() throws {
        let file = folder.appendingPathComponent("many.csv")
        try ("unit_id,key,value\n" + (0..<1000).map { "u\($0),survey.index,\(50 + $0 % 50)" }.joined(separator: "\n"))
            .write(to: file, atomically: true, encoding: .utf8)
        let command = ["--workspace", workspace, "-c", "import evidence \(file.path)"]
        let errors = (folder.appendingPathComponent("e1.err").path, folder.appendingPathComponent("e2.err").path)
        let first = try Products.startCCHC(command, standardError: errors.0)
        let second = try Products.startCCHC(command, standardError: errors.1)
        first.waitUntilExit()
        second.waitUntilExit()
        for (process, path) in [(first, errors.0), (second, errors.1)] where process.terminationStatus != 0 {
            let stderr = try String(contentsOfFile: path, encoding: .utf8)
            #expect(stderr.contains("is busy") || stderr.contains("kept changing"), "\(stderr)")
        }
        let database = try DatabaseQueue(path: workspace)
        defer { try? database.close() }
        let (values, added) = try database.read { db in
            (
                try Int.fetchOne(db, sql: "SELECT count(*) FROM evidence WHERE key = 'survey.index'") ?? 0,
                try Int.fetchOne(
                    db, sql: "SELECT count(*) FROM audit WHERE action = 'import evidence' AND after LIKE '% added%'")
                    ?? 0
            )
        }
        #expect(values == 1000)
        #expect(added == 1000, "each unit's values are added once")
    }

    @Test func auditVerifyFindsARowEditedOrRemovedBehindTheWorkbenchsBack() throws {
        let path = folder.appendingPathComponent("audit.cchc").path
        let setup = try Products.runCCHC([
            "--workspace", path, "-c", "units add x-1 \"Xã Một\" --kind commune", "-c",
            "units add x-2 \"Xã Hai\" --kind commune", "-c", "units add x-3 \"Xã Ba\" --kind commune", "-c",
            "audit --verify",
        ])
        #expect(setup.status == 0, "\(setup.stderr)")
        #expect(setup.stdout.contains("The audit log checks: 3 rows"))
        func tamper(_ sql: String) throws {
            let database = try DatabaseQueue(path: path)
            try database.write { db in try db.execute(sql: sql) }
            try database.close()
        }
        // The triggers refuse edits; with them dropped, the chain still tells.
        #expect(throws: (any Error).self) { try tamper("UPDATE audit SET actor = 'mallory' WHERE id = 2") }
        try tamper("DROP TRIGGER audit_is_append_only_update; UPDATE audit SET actor = 'mallory' WHERE id = 2")
        var verify = try Products.runCCHC(["--workspace", path, "-c", "audit --verify"])
        #expect(verify.status == 1)
        #expect(
            verify.stderr.contains("does not check at row 2") && verify.stderr.contains("the 1 row before it is intact")
        )
        try tamper("UPDATE audit SET actor = (SELECT actor FROM audit WHERE id = 1) WHERE id = 2")
        // The rows chain again, but a dropped trigger is itself reported: rows could go from the end.
        verify = try Products.runCCHC(["--workspace", path, "-c", "audit --verify"])
        #expect(verify.status == 1 && verify.stderr.contains("append-only triggers were dropped"))
        try tamper("DROP TRIGGER audit_is_append_only_delete; DELETE FROM audit WHERE id = 2")
        verify = try Products.runCCHC(["--workspace", path, "-c", "audit --verify"])
        #expect(verify.stderr.contains("does not check at row 3"))
    }

    @Test func filesThatAreNotWorkspacesGiveOneLineErrors() throws {
        let text = folder.appendingPathComponent("notes.txt").path
        try "ghi chú".write(toFile: text, atomically: true, encoding: .utf8)
        let run = try Products.runCCHC(["--workspace", text, "-c", "units"])
        #expect(run.status == 1)
        #expect(run.stderr == "Error: '\(text)' is not a cchc workspace\n")
    }

    @Test func hostileInputGetsAnErrorNotACrash() throws {
        // A one-character workspace path trapped in Foundation's path methods.
        let short = try Products.runCCHC(["--workspace", "x", "-c", "year"], in: folder)
        #expect(short.status == 0, "\(short.stderr)")
        #expect(FileManager.default.fileExists(atPath: folder.appendingPathComponent("x").path))
        #expect(
            PathText.folder(of: "x") == "" && PathText.folder(of: "/x") == "/" && PathText.folder(of: "a/b/") == "a")
        #expect(PathText.name(of: "a/b/") == "b" && PathText.joined("/w", "x") == "/w/x")
        // Years, numbers and sample sizes beyond the domain.
        let big = folder.appendingPathComponent("big.yaml")
        try String(contentsOf: Sessions.directory.appendingPathComponent("data/pilot-set.yaml"), encoding: .utf8)
            .replacingOccurrences(of: "year: 2024", with: "year: 1e300")
            .write(to: big, atomically: true, encoding: .utf8)
        let limits = try Products.runCCHC(
            [
                "--sample", "-c", "criteria check \(big.path)", "-c", "scenario new s", "-c",
                "set tu-ha evidence discipline.violation_count 1e300", "-c", "goal tu-ha --band tot", "-c",
                "sample dossiers --year 9223372036854775807 --out \(folder.path)/d.csv", "-c", "year 3000",
            ], in: folder)
        #expect(limits.status == 1)
        #expect(
            limits.stderr.components(separatedBy: "\n").filter { $0.hasPrefix("Error") } == [
                "Error: \(big.path):10:11: Year '1e300' in set 'pilot' is not a year within 1900–2100",
                "Error: 1 problem in '\(big.path)'",
                "Error: Number '1e300' is too large; values are at most 1,000,000,000,000 (10^12) in size",
                "Error: [collectors] Year '9223372036854775807' is outside 1900–2100",
                "Error: Year '3000' is outside 1900–2100",
            ])
        // A file of NUL bytes, and a record without end.
        let zero = try Products.runCCHC(["--sample", "-c", "import scores /dev/zero"], in: folder)
        #expect(zero.stderr.hasPrefix("Error: /dev/zero:1:1: The file has a NUL byte"))
        let endless = folder.appendingPathComponent("endless.csv")
        try Data(repeating: UInt8(ascii: "a"), count: 17 << 20).write(to: endless)
        let long = try Products.runCCHC(["--sample", "-c", "import dossiers \(endless.path)"], in: folder)
        #expect(long.stderr.hasPrefix("Error: \(endless.path):1:1: A record is longer than 16 MiB"))
        // Control characters are refused, not stored cut short or played on the terminal.
        let control = try Products.runCCHC(
            ["--sample"], stdin: "units rename tu-ha \"ab\u{0}cd\"\nunits rename tu-ha \"a\u{1B}[31mb\"\nunits\n",
            in: folder)
        #expect(control.stderr.contains("control character (U+0000) at column 23"))
        #expect(control.stderr.contains("control character (U+001B) at column 22"))
        #expect(control.stdout.contains("tu-ha        Tứ Hạ"))
        // A megabyte-long unknown id gets its error at once (no suggestion search).
        let huge = String(repeating: "u", count: 1 << 20)
        #expect(Suggestions.closest(to: huge, in: ["tu-ha"]) == nil)
    }

    @Test func aCopyOfTheWorkspaceFileMadeWhileCCHCIsOpenHasItsWrites() throws {
        let process = Process()
        process.executableURL = Products.directory.appendingPathComponent("cchc")
        process.arguments = ["--workspace", workspace]
        var environment = ProcessInfo.processInfo.environment
        environment["XDG_DATA_HOME"] = folder.appendingPathComponent("data").path
        process.environment = environment
        let input = Pipe()
        let output = Pipe()
        process.standardInput = input
        process.standardOutput = output
        process.standardError = FileHandle.nullDevice
        try process.run()
        defer { process.terminate() }
        // Never wait for ever: a process that does not answer is stopped.
        DispatchQueue.global().asyncAfter(deadline: .now() + 60) { if process.isRunning { process.terminate() } }
        input.fileHandleForWriting.write(Data("units add x-1 'Xã Một' --kind xã --set commune\n".utf8))
        // Wait for the acknowledgement: the write has committed and the command has ended.
        var seen = Data()
        let deadline = Date().addingTimeInterval(30)
        while !String(decoding: seen, as: UTF8.self).contains("Added unit 'x-1'") && Date() < deadline {
            let more = output.fileHandleForReading.availableData
            if more.isEmpty { break }
            seen += more
        }
        Thread.sleep(forTimeInterval: 0.2)
        #expect(process.isRunning)
        // The main file alone, as `cp` copies it.
        let copy = folder.appendingPathComponent("copy.cchc").path
        try FileManager.default.copyItem(atPath: workspace, toPath: copy)
        let run = try Products.runCCHC(["--workspace", copy, "-c", "units --kind commune"])
        #expect(run.stdout.contains("x-1"), "\(run.stdout)\(run.stderr)")

        // The workspace and its backup are readable by their owner only.
        func mode(_ path: String) throws -> Int {
            (try FileManager.default.attributesOfItem(atPath: path)[.posixPermissions] as? Int) ?? -1
        }
        #expect(try mode(workspace) == 0o600)
        let backup = folder.appendingPathComponent("backup.cchc").path
        let made = try Products.runCCHC(["--workspace", copy, "-c", "backup \(backup)", "-c", "backup \(backup)"])
        #expect(made.stdout == "Wrote a copy of the workspace to \(backup)\n")
        #expect(
            made.stderr == "Error: Cannot write \(backup): it exists; name a new file, or add --force to replace it\n")
        #expect(try mode(backup) == 0o600)
        let restored = try Products.runCCHC(["--workspace", backup, "-c", "units --kind commune"])
        #expect(restored.stdout.contains("x-1"))
        // An export replacing a private file keeps it private.
        let report = folder.appendingPathComponent("rank.csv").path
        _ = FileManager.default.createFile(atPath: report, contents: Data(), attributes: [.posixPermissions: 0o600])
        _ = try Products.runCCHC(["--workspace", copy, "-c", "export rank csv \(report) --force"])
        #expect(try mode(report) == 0o600)
        #expect(
            LineEditor.withoutPasswords("evidence pull postgres --url postgres://u:s3cret@db:5432/x --table t")
                == "evidence pull postgres --url postgres://u:***@db:5432/x --table t")
        #expect(LineEditor.withoutPasswords("open a://b") == "open a://b")
        // Nor in an error message or a JSON document, even when the URL is malformed (found by
        // a new-user trial: a missing ':', no scheme, a password parameter, a forgotten '@').
        let engine = try makeSampleEngine()
        // (Only URLs refused before any connection: a test must not depend on the network.)
        for url in [
            "postgres://u:s3cret@", "postgres://u:s3cret@/x", "mysql://u:s3cret@db/x", "postgres//u:s3cret@host/db",
            "u:s3cret@host/db", "host=localhost password=s3cret dbname=x",
        ] {
            let output = engine.handle("evidence pull postgres --url '\(url)' --table t")
            #expect(output.hasPrefix("Error: ") && !output.contains("s3cret"), "\(output)")
        }
        for url in [
            "postgres//u:s3cret@host/db", "u:s3cret@host/db", "host=localhost password=s3cret dbname=x",
            "postgres://u:s3cret@host/db?password=s3cret", "postgres://u:s3cret", "postgres://u:p@s3cret@host/db",
        ] {
            #expect(!LineEditor.withoutPasswords("evidence pull postgres --url '\(url)'").contains("s3cret"), "\(url)")
            #expect(!URLText.withoutSecrets("Error: PostgreSQL at \(url) t: no answer").contains("s3cret"), "\(url)")
        }
        engine.context.format = "json"
        engine.context.beginCommand("evidence pull postgres --url postgres://u:s3cret@ --table t")
        engine.context.endCommand(succeeded: false)
        #expect(!engine.context.output.map(\.text).joined().contains("s3cret"))
        #expect(URLText.withoutSecrets("postgres://u:s3cret@db:5432/x") == "postgres://u:***@db:5432/x")
        #expect(URLText.withoutSecrets("postgres://u@db:5432/x") == "postgres://u@db:5432/x")
        #expect(URLText.withoutSecrets("score tu-ha 3.1: note=x") == "score tu-ha 3.1: note=x")
    }
}

/// `cchc sample dossiers` without --out streams the file to standard output: nothing else goes
/// there, in any format; what the command says goes to standard error.
@Suite struct SampleToStandardOutputTests {
    @Test func standardOutputIsTheFileAloneAndTheSummaryGoesToStandardError() throws {
        for format in ["table", "json"] {
            let run = try Products.runCCHC(
                [
                    "sample", "dossiers", "--rows", "400", "--seed", "2", "--anomalies", "0.05", "--sample", "--format",
                    format,
                ])
            #expect(run.status == 0)
            let lines = run.stdout.split(separator: "\n", omittingEmptySubsequences: false)
            #expect(
                lines.first
                    == "dossier_id,unit_id,procedure_code,received_at,due_at,resolved_at,channel,digitized,entered_in_software,apology_issued"
            )
            #expect(lines.count == 402 && lines.last == "", "a header, 400 rows and nothing else (\(format))")
            #expect(
                run.stderr.contains("Wrote 400 synthetic dossiers of 14 units for 2024 to standard output (seed 2); "))
            #expect(run.stderr.contains("are anomalies the import sets aside"))
            if format == "json" { #expect(run.stderr.contains("\"ok\"")) }
        }
    }
}
