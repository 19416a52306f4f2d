import Foundation

extension Evaluation {
    /// The warning for a file whose year column names another year than the evaluation year.
    static func otherYearWarning(_ fileYear: Int, evaluation: Int) -> String {
        "The file's year column gives \(fileYear), not the evaluation year \(evaluation): its values are for \(fileYear) ('year \(fileYear)' shows them; --year names the year to import into)"
    }

    /// Imports `unit_id, criterion_id, stage, points[, note][, evidence_ref]` rows for a year: every
    /// row is checked (unknown units or criteria, points above the maximum, duplicates, locked
    /// stages, malformed numbers) and the file is written in one transaction only when it has no
    /// problem. Unchanged values are not written again.
    ///
    /// The file is read and checked on a second thread while this one writes, so both cores work.
    ///
    /// - Parameter progress: shows how far the reading has got (on a terminal).
    /// - Throws: ``InputProblem`` when the file cannot be read; ``EvaluationError/unitsChangedDuringImport`` when the units
    ///   changed while the import started; a write error. Problems with rows are returned in the
    ///   outcome, not thrown.
    public func importScores(
        path: String, fileName: String? = nil, year: Int? = nil, table: TableOptions = TableOptions(),
        stage: Stage? = nil, check: Bool, progress: (@Sendable (String) -> Void)? = nil
    ) throws -> ImportOutcome {
        if let year { try Limits.check(year: year) }
        return try readingTable(path: path, fileName: fileName, options: table) { csv, table in
            let name = fileName ?? path
            let evaluationYear = try self.year()
            let fileYear =
                year == nil
                ? CSVImportState.firstYear(
                    path: csv, fileName: name, header: ScoresParser.header(stage: stage), options: table)
                : nil
            let year = year ?? fileYear ?? evaluationYear
            let workspace = try workspace()
            // The file is checked against the workspace as read at the start; when another
            // writer commits before this import's write begins, it is read and checked again.
            var attempts = 0
            var parser: ScoresParser
            while true {
                attempts += 1
                parser = try ScoresParser(
                    evaluation: self, path: csv, name: name, year: year, table: table, stage: stage,
                    progress: progress)
                if check {
                    parser.run { _ in }
                    break
                }
                do {
                    try workspace.write(
                        by: author(), checkingForeignKeys: false, changing: .units(parser.changedUnits(year: year))
                    ) {
                        change in
                        guard try workspace.revision(in: change) == parser.revision else {
                            throw ChangedMeanwhile()
                        }
                        try write(parser, in: change, year: year)
                        if let failure = parser.failure { throw failure }
                        if parser.state.problemCount > 0 { throw RollBack() }
                        try recordImport(parser, name: name, year: year, workspace: workspace, in: change)
                    }
                    break
                } catch is RollBack {
                    break
                } catch is ChangedMeanwhile {
                    guard attempts < 3 else { throw EvaluationError.unitsChangedDuringImport }
                }
            }
            if let failure = parser.failure { throw failure }
            var tally = ChangeTally()
            tally.unchanged = parser.unchanged
            tally.changed = parser.changes.count
            for (unit, count) in zip(parser.units, parser.addedByUnit) where count > 0 { tally.added[unit.id] = count }
            let applied = !check && parser.state.problemCount == 0
            if let fileYear, fileYear != evaluationYear {
                // A year column sends the values to its year: said where it cannot be missed.
                parser.state.warnings.append(Self.otherYearWarning(fileYear, evaluation: evaluationYear))
            }
            return parser.state.outcome(
                rows: parser.rows, applied: applied,
                summary: tally.summary("values", checked: !applied) + " (year \(year))", counts: tally.counts
            )
        }
    }

    /// Runs the parser on its own thread and writes what it emits.
    private func write(_ parser: ScoresParser, in change: Change, year: Int) throws {
        let channel = BoundedChannel<AssessmentWrite>()
        let done = DispatchSemaphore(value: 0)
        let producer = Thread {
            var batch: [AssessmentWrite] = []
            batch.reserveCapacity(4096)
            parser.run { write in
                batch.append(write)
                if batch.count == 4096 {
                    channel.put(batch)
                    batch.removeAll(keepingCapacity: true)
                }
            }
            if !batch.isEmpty { channel.put(batch) }
            channel.finish()
            done.signal()
        }
        producer.stackSize = 1 << 22
        producer.start()
        defer { done.wait() }
        // A failed write stops taking batches: the producer must not wait on a full channel for
        // ever while this thread waits for it (and holds the write lock).
        do {
            var writer = try AssessmentWriter(change, year: year)
            let pauseAfter = Failpoint.importPauseAfterRows
            var written = 0
            while let batch = channel.take() {
                try writer.write(batch)
                if let pauseAfter, written < pauseAfter, written + batch.count >= pauseAfter {
                    Failpoint.pauseInsideImport()
                }
                written += batch.count
            }
        } catch {
            channel.cancel()
            throw error
        }
    }

    /// The audit rows of a successful import, and the sets its year is now tied to.
    private func recordImport(
        _ parser: ScoresParser, name: String, year: Int, workspace: Workspace, in change: Change
    ) throws {
        // Each unit's row names the file: the values it added and those it changed (whose rows
        // after give before and after), so a file that undid a correction can be found.
        var changedByUnit: [String: Int] = [:]
        for row in parser.changes { changedByUnit[row.unit, default: 0] += 1 }
        for (unit, added) in zip(parser.units, parser.addedByUnit) {
            let changed = changedByUnit[unit.id] ?? 0
            guard added > 0 || changed > 0 else { continue }
            try workspace.audit(
                "import scores", unit: unit.id, year: year, target: name,
                after: ChangeTally.unitRow(added: added, changed: changed), in: change)
        }
        for row in parser.changes {
            try workspace.audit(
                "import scores", unit: row.unit, year: year, target: row.target, before: row.before,
                after: row.after, in: change)
        }
        for setID in parser.touchedSets.sorted() {
            let set = try latestCriteriaSet(setID)
            try workspace.recordCriteriaSet(
                set, origin: module(providingSet: setID).map { "module:\($0)" } ?? "file", fileName: nil, content: nil,
                in: change, keepContent: true)
            try workspace.tieYear(year, to: try criteriaSet(setID, year: year), in: change.db)
        }
    }
}
