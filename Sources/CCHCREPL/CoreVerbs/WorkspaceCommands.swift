import ArgumentParser
import CCHCCore
import CCHCModuleKit
import Foundation

struct OpenCommand: WorkbenchCommand {
    static let configuration = CommandConfiguration(
        commandName: "open",
        abstract: "Switch to the workspace file at PATH (created empty when missing).",
        discussion: "Example:\n  open ~/cchc/huong-tra-2025.cchc"
    )

    @Argument(help: "A workspace file.")
    var path: String

    func run(in context: CommandContext) throws {
        let resolved = context.resolvePath(path)
        try context.evaluation.switchWorkspace(to: .file(resolved, name: path))
        let workspace = try context.evaluation.workspace()
        let counts = try workspace.counts(year: try context.evaluation.year())
        context.write(
            "\(workspace.isNew ? "Created" : "Opened") workspace \(path): \(counts.units) units; year \(try context.evaluation.year()): \(counts.assessments) assessments, \(counts.evidence) evidence values"
        )
    }
}

struct YearCommand: WorkbenchCommand {
    static let configuration = CommandConfiguration(
        commandName: "year",
        abstract: "Show or set the evaluation year that scoring, imports and stages work on.",
        discussion: "Examples:\n  year\n  year 2025"
    )

    @Argument(help: "The year to switch to.")
    var year: Int?

    func run(in context: CommandContext) throws {
        guard let year else {
            let current = try context.evaluation.year()
            let counts = try context.evaluation.workspace().counts(year: current)
            context.write(
                "Evaluation year \(current): \(counts.assessments) assessments, \(counts.evidence) evidence values")
            return
        }
        guard (1990...2200).contains(year) else { throw UserError("Year '\(year)' is not a plausible evaluation year") }
        let old = try context.evaluation.year()
        try context.evaluation.change { workspace, change in
            try workspace.setSetting("year", String(year), in: change.db)
            if old != year {
                try workspace.audit(
                    "year", target: "evaluation year", before: String(old), after: String(year), in: change)
            }
        }
        let counts = try context.evaluation.workspace().counts(year: year)
        context.write("Evaluation year \(year): \(counts.assessments) assessments, \(counts.evidence) evidence values")
    }
}

struct ImportCommand: WorkbenchCommand {
    static let configuration = CommandConfiguration(
        commandName: "import",
        abstract: "Import units, scores, evidence, dossiers or a TTHC checklist from a CSV file, all or nothing.",
        discussion: """
            Files are UTF-8 (with or without BOM), comma or semicolon separated (semicolon files \
            may use decimal commas, 2,5), LF or CRLF, with a header row. Every problem is reported \
            as FILE:LINE:COLUMN; a file with any problem writes nothing. --check only reports.

            Examples:
              import units units.csv
              import scores scores-2024.csv --check
              import evidence survey.csv --year 2024
              import dossiers mot-cua-2024.csv --check
              import tthc checklist.csv

            Any other word names an evidence collector of a module ('modules' lists them): it \
            reads the file, derives evidence values per unit and year, and they are stored with \
            the file's name, SHA-256, rows and time.
            """,
        subcommands: [Units.self, Scores.self, Evidence.self, Collected.self],
        defaultSubcommand: Collected.self
    )

    func run(in context: CommandContext) throws {}

    struct Options: ParsableArguments {
        @Argument(help: "The CSV file.")
        var file: String

        @Flag(name: .long, help: "Report every problem without writing anything.")
        var check = false
    }

    struct Units: WorkbenchCommand {
        static let configuration = CommandConfiguration(
            commandName: "units", abstract: "Import units: unit_id, name, kind, set.")
        @OptionGroup var options: Options
        func run(in context: CommandContext) throws {
            try report(
                context.evaluation.importUnits(
                    path: context.resolvePath(options.file), fileName: options.file, check: options.check),
                check: options.check, in: context)
        }
    }

    struct Scores: WorkbenchCommand {
        static let configuration = CommandConfiguration(
            commandName: "scores",
            abstract: "Import points by stage: unit_id, criterion_id, stage, points[, note][, evidence_ref].",
            discussion: """
                Stages: self, appraisal1, explanation, appraisal2. Points 'na' mark a leaf not \
                applicable; 'bonus' and 'penalty' as criterion ids hold the adjustments.
                """)
        @OptionGroup var options: Options
        @Option(name: .long, help: "The year the scores belong to (default: the evaluation year).")
        var year: Int?
        func run(in context: CommandContext) throws {
            try report(
                context.evaluation.importScores(
                    path: context.resolvePath(options.file), fileName: options.file, year: year, check: options.check,
                    progress: context.progress),
                check: options.check, in: context)
        }
    }

    struct Evidence: WorkbenchCommand {
        static let configuration = CommandConfiguration(
            commandName: "evidence",
            abstract: "Import evidence values: unit_id, key, value[, year][, note].",
            discussion: """
                Values: a number, a percentage (97.5 or 97.5%), a fraction (39/40; 0/0 means no \
                cases) or yes/no (yes/no, có/không, true/false, 1/0, x/empty).
                """)
        @OptionGroup var options: Options
        @Option(name: .long, help: "The year of rows without a year column (default: the evaluation year).")
        var year: Int?
        func run(in context: CommandContext) throws {
            try report(
                context.evaluation.importEvidence(
                    path: context.resolvePath(options.file), fileName: options.file, year: year, check: options.check),
                check: options.check, in: context)
        }
    }

    struct Collected: WorkbenchCommand {
        static let configuration = CommandConfiguration(
            commandName: "collected",
            abstract: "Import with a module's evidence collector: import COLLECTOR FILE (e.g. import dossiers FILE).",
            shouldDisplay: false)
        @Argument(help: "The collector: dossiers, tthc, … ('modules' lists them).")
        var collector: String?
        @Argument(help: "The CSV file.")
        var file: String?
        @Flag(name: .long, help: "Report every problem without writing anything.")
        var check = false
        @Option(name: .long, help: "Only the rows of this year (default: every year in the file).")
        var year: Int?
        func run(in context: CommandContext) throws {
            let collectors = context.registry.collectors.map(\.value).filter(\.readsFiles)
            let names = ["units", "scores", "evidence"] + collectors.map(\.id)
            if let collector,
                context.registry.collectors.contains(where: { $0.value.id == collector && !$0.value.readsFiles })
            {
                throw UserError("'\(collector)' reads a database, not a file: use 'evidence pull \(collector) --url …'")
            }
            guard let collector else {
                throw UserError("Say what to import: \(names.joined(separator: ", ")); see 'help import'")
            }
            guard let chosen = collectors.first(where: { $0.id == collector }) else {
                let hint =
                    Suggestions.hint(
                        for: collector, in: names, otherwise: "; expected one of \(names.joined(separator: ", "))")
                throw UserError("Cannot import '\(collector)'\(hint)")
            }
            guard let file else { throw UserError("Name the file to import, e.g. 'import \(collector) FILE'") }
            try report(
                context.evaluation.importCollected(
                    chosen, path: context.resolvePath(file), fileName: file, year: year, check: check,
                    progress: context.progress),
                check: check, in: context)
        }
    }

    static func report(_ outcome: ImportOutcome, check: Bool, in context: CommandContext) throws {
        for warning in outcome.warnings { context.write("Warning: \(warning)") }
        for problem in outcome.problems { context.writeError("Error: \(problem)") }
        let rows = "\(outcome.rows) row\(outcome.rows == 1 ? "" : "s")"
        if outcome.problemCount > 0 {
            let shown =
                outcome.problems.count < outcome.problemCount ? " (the first \(outcome.problems.count) shown)" : ""
            let count = "\(outcome.problemCount) problem\(outcome.problemCount == 1 ? "" : "s")"
            throw UserError("\(count) in \(outcome.file)\(shown); \(check ? "checked, " : "")nothing was imported")
        }
        if check {
            context.write("Checked \(outcome.file): \(rows), no problems; \(outcome.summary). Nothing was written.")
        } else {
            context.write("Imported \(outcome.file): \(rows); \(outcome.summary).")
        }
    }
}

struct StageCommand: WorkbenchCommand {
    static let configuration = CommandConfiguration(
        commandName: "stage",
        abstract: "Show the stages of the year, or lock and unlock one.",
        discussion: """
            A locked stage refuses every write (imports included) until it is unlocked.

            Examples:
              stage
              stage lock self
              stage unlock self
            """,
        subcommands: [List.self, Lock.self, Unlock.self],
        defaultSubcommand: List.self
    )

    func run(in context: CommandContext) throws {}

    struct List: WorkbenchCommand {
        static let configuration = CommandConfiguration(
            commandName: "list", abstract: "Show each stage: open or locked.")
        func run(in context: CommandContext) throws {
            let year = try context.evaluation.year()
            let locks = try context.evaluation.workspace().stageLocks(year: year)
            let counts = try context.evaluation.workspace().stageCounts(year: year)
            try context.emit(
                Report(
                    title: "Stages of \(year)",
                    tables: [
                        ReportTable(
                            key: "stages",
                            columns: [
                                Column("stage", "Stage"), Column("values", "Values"), Column("status", "Status"),
                                Column("locked_at", "Locked at"), Column("locked_by", "By"),
                            ],
                            rows: Stage.allCases.map { stage in
                                let lock = locks[stage]
                                return [
                                    .text(stage.rawValue), .integer(counts[stage] ?? 0),
                                    .text(lock == nil ? "open" : "locked"), lock.map { .text($0.at) } ?? .null,
                                    lock.map { .text($0.by) } ?? .null,
                                ]
                            })
                    ]))
        }
    }

    struct Lock: WorkbenchCommand {
        static let configuration = CommandConfiguration(
            commandName: "lock", abstract: "Lock a stage of the year: no more writes to it.")
        @Argument(help: "self, appraisal1, explanation or appraisal2.")
        var stage: String
        func run(in context: CommandContext) throws { try toggle(stage, locked: true, in: context) }
    }

    struct Unlock: WorkbenchCommand {
        static let configuration = CommandConfiguration(commandName: "unlock", abstract: "Reopen a locked stage.")
        @Argument(help: "self, appraisal1, explanation or appraisal2.")
        var stage: String
        func run(in context: CommandContext) throws { try toggle(stage, locked: false, in: context) }
    }

    static func toggle(_ text: String, locked: Bool, in context: CommandContext) throws {
        guard let stage = Stage(rawValue: text) else {
            let names = Stage.allCases.map(\.rawValue)
            let hint = Suggestions.hint(for: text, in: names)
            throw UserError(
                "Unknown stage '\(text)'\(hint.isEmpty ? "; expected \(names.joined(separator: ", "))" : hint)")
        }
        let year = try context.evaluation.year()
        let changed = try context.evaluation.workspace().setStage(
            stage, locked: locked, year: year, by: context.evaluation.author())
        let state = locked ? "locked" : "open"
        context.write(
            changed
                ? "Stage '\(stage.rawValue)' of \(year) is now \(state)"
                : "Stage '\(stage.rawValue)' of \(year) was already \(state)")
    }
}

struct CalendarCommand: WorkbenchCommand {
    static let configuration = CommandConfiguration(
        commandName: "calendar",
        abstract: "Show the year's deadlines from the criteria sets and what is overdue.",
        discussion: """
            A deadline is done when the stage it closes is locked (self-assessment → self, \
            appraisal round 1 → appraisal1, explanation → explanation, results → appraisal2).
            """
    )

    func run(in context: CommandContext) throws {
        let year = try context.evaluation.year()
        let locks = try context.evaluation.workspace().stageLocks(year: year)
        let utc = TimeZone(identifier: "UTC")!
        var calendar = Calendar(identifier: .gregorian)
        calendar.timeZone = utc
        let today = calendar.startOfDay(for: context.evaluation.clock())
        let setsInUse = Set(try context.evaluation.units().map(\.setID))
        var rows: [(Date, [Cell])] = []
        for set in try context.evaluation.allCriteriaSets() where setsInUse.contains(set.id) || setsInUse.isEmpty {
            for deadline in set.deadlines {
                let parts = deadline.by.split(separator: "-").compactMap { Int($0) }
                guard parts.count == 2,
                    let due = calendar.date(from: DateComponents(year: year, month: parts[0], day: parts[1]))
                else { continue }
                let stage = Self.stage(closedBy: deadline.step)
                let days = calendar.dateComponents([.day], from: today, to: due).day ?? 0
                let status: String
                let surveyed = deadline.step.contains("survey") ? try surveyCoverage(set: set.id, in: context) : nil
                if let surveyed, surveyed.done == surveyed.units, surveyed.units > 0 {
                    status = "done: survey indices for \(surveyed.done)/\(surveyed.units) units"
                } else if let stage, let lock = locks[stage] {
                    status = "done: '\(stage.rawValue)' locked \(lock.at.prefix(10))"
                } else if days < 0 {
                    let coverage = surveyed.map { " (survey indices for \($0.done)/\($0.units) units)" } ?? ""
                    status = "OVERDUE by \(-days) day\(days == -1 ? "" : "s")\(coverage)"
                } else if days == 0 {
                    status = "due today"
                } else {
                    status = "in \(days) day\(days == 1 ? "" : "s")"
                }
                rows.append(
                    (
                        due,
                        [
                            .text(set.id), .text(deadline.step.replacingOccurrences(of: "_", with: " ")),
                            .text(due.formatted(.iso8601.year().month().day())), .text(stage?.rawValue ?? "—"),
                            .text(status),
                        ]
                    ))
            }
        }
        rows.sort { $0.0 < $1.0 }
        try context.emit(
            Report(
                title: "Calendar of \(year) (today \(today.formatted(.iso8601.year().month().day())))",
                tables: [
                    ReportTable(
                        key: "deadlines",
                        columns: [
                            Column("set", "Set"), Column("step", "Step"), Column("due", "Due"),
                            Column("stage", "Stage"),
                            Column("status", "Status"),
                        ],
                        rows: rows.map(\.1))
                ]))
    }

    /// How many units of a set have any `survey.` evidence for the year.
    func surveyCoverage(set: String, in context: CommandContext) throws -> (done: Int, units: Int) {
        let dataset = try context.evaluation.dataset()
        let units = dataset.units.filter { $0.setID == set }
        let done = units.filter { unit in
            dataset.record(for: unit.id).evidence.keys.contains { $0.hasPrefix("survey.") }
        }
        return (done.count, units.count)
    }

    static func stage(closedBy step: String) -> Stage? {
        if step.contains("self_assessment") { return .selfAssessment }
        if step.contains("appraisal_round_1") { return .appraisal1 }
        if step.contains("explanation") { return .explanation }
        if step.contains("appraisal_round_2") || step.contains("results") { return .appraisal2 }
        return nil
    }
}

struct AuditCommand: WorkbenchCommand {
    static let configuration = CommandConfiguration(
        commandName: "audit",
        abstract: "Show the audit log: who changed what, when, from what to what.",
        discussion: """
            The log is append-only: every change of the workspace adds rows in the same \
            transaction as the change.

            Examples:
              audit
              audit tu-ha
              audit --since 2024-10-01
              history --all
            """,
        aliases: ["history"]
    )

    @Argument(help: "Only changes to this unit (id or name).")
    var unit: [String] = []

    @Option(name: .long, help: "Only changes on or after this day (YYYY-MM-DD) or time (ISO 8601).")
    var since: String?

    @Option(name: .long, help: "Show the last N rows (default 30).")
    var last: Int = 30

    @Flag(name: .long, help: "Show every row.")
    var all = false

    func run(in context: CommandContext) throws {
        var unitID: String?
        if !unit.isEmpty {
            let query = unit.joined(separator: " ")
            do {
                unitID = try resolveQueries([query], in: context).first?.id
            } catch {
                // A removed unit keeps its history: accept its id when the log knows it.
                guard Values.isPlainID(query),
                    try !context.evaluation.workspace().auditLog(unit: query, limit: 1).isEmpty
                else {
                    throw error
                }
                unitID = query
            }
        }
        var sinceStamp: String?
        if let since {
            if since.count == 10, (try? Date(since + "T00:00:00Z", strategy: .iso8601)) != nil {
                sinceStamp = since + "T00:00:00Z"
            } else if (try? Date(since, strategy: .iso8601)) != nil {
                sinceStamp = since
            } else {
                throw UserError("Date '\(since)' is not a day like 2024-10-01 or an ISO 8601 time")
            }
        }
        guard last > 0 else { throw UserError("--last needs a positive number, not '\(last)'") }
        let workspace = try context.evaluation.workspace()
        let total = try workspace.auditLog(unit: unitID, since: sinceStamp).count
        let entries = try workspace.auditLog(unit: unitID, since: sinceStamp, limit: all ? nil : last)
        var notes: [String] = []
        if entries.count < total {
            notes.append("Showing the last \(entries.count) of \(total) rows; --all shows every row.")
        }
        if total == 0 { notes.append("No changes recorded\(unitID.map { " for '\($0)'" } ?? "").") }
        try context.emit(
            Report(
                tables: [
                    ReportTable(
                        key: "audit",
                        columns: [
                            Column("id", "No."), Column("at", "At"), Column("actor", "Actor"),
                            Column("action", "Action"),
                            Column("unit_id", "Unit"), Column("year", "Year"), Column("target", "Target"),
                            Column("before", "Before"), Column("after", "After"),
                        ],
                        rows: entries.map { entry in
                            [
                                .integer(Int(entry.id)), .text(entry.at), .text(entry.actor), .text(entry.action),
                                entry.unitID.map { .text($0) } ?? .null, entry.year.map { .integer($0) } ?? .null,
                                entry.target.map { .text($0) } ?? .null, entry.before.map { .text($0) } ?? .null,
                                entry.after.map { .text($0) } ?? .null,
                            ]
                        })
                ],
                notes: notes))
    }
}
