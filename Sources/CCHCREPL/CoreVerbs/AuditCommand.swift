import ArgumentParser
import CCHCCore
import CCHCModuleKit
import Foundation

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
              audit --verify
              history --all
            """,
        aliases: ["history"]
    )

    @Argument(help: "Only changes to this unit (id or name).")
    var unit: [String] = []

    @Option(name: .long, help: "Only changes on or after this day (YYYY-MM-DD) or time (ISO 8601).")
    var since: String?

    @Option(name: .long, help: "Show the last N rows (default 30).")
    var last: Int?

    @Flag(name: .long, help: "Show every row.")
    var all = false

    @Flag(
        name: .long,
        help: "Check the chain of hashes: every row unchanged and none removed since it was written.")
    var verify = false

    func run(in context: CommandContext) throws {
        if verify {
            guard unit.isEmpty, since == nil, last == nil, !all else {
                throw UserError("--verify checks the whole log; give it alone")
            }
            let (rows, broken, head, missing) = try context.evaluation.workspace().verifyAuditChain()
            if let broken {
                throw UserError(
                    "The audit log does not check at row \(broken): that row was changed, or one before it removed, outside the workbench; the \(rows) row\(rows == 1 ? "" : "s") before it \(rows == 1 ? "is" : "are") intact"
                )
            }
            if !missing.isEmpty {
                throw UserError(
                    "The audit log's append-only triggers were dropped outside the workbench (\(missing.joined(separator: ", "))); its \(rows) rows chain, but rows may have been removed from the end"
                )
            }
            context.write(
                "The audit log checks: \(rows) row\(rows == 1 ? "" : "s"), each chained to the one before by its SHA-256; head \(head.prefix(16)) (keep it: a later check finds the newest rows by it)"
            )
            return
        }
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
            // A day is Vietnam's (from its midnight there), as the screen shows times.
            if let start = OfficeDay.start(of: since) {
                sinceStamp = start
            } else if (try? Date(since, strategy: .iso8601)) != nil {
                sinceStamp = since
            } else {
                throw UserError(
                    "Date '\(since)' is not a day like 2024-10-01 or 01/10/2024, or an ISO 8601 time")
            }
        }
        if all, last != nil { throw UserError("Give --all or --last N, not both") }
        let last = self.last ?? 30
        guard last > 0 else { throw UserError("--last needs a positive number, not '\(last)'") }
        let workspace = try context.evaluation.workspace()
        let total = try workspace.auditLog(unit: unitID, since: sinceStamp).count
        let entries = try workspace.auditLog(unit: unitID, since: sinceStamp, limit: all ? nil : last)
        let names = Dictionary(uniqueKeysWithValues: try context.evaluation.units().map { ($0.id, $0.name) })
        var notes: [String] = []
        if entries.count < total {
            notes.append("Showing the last \(entries.count) of \(total) rows; --all shows every row.")
        }
        try context.emit(
            Report(
                tables: [
                    ReportTable(
                        key: "audit",
                        columns: [
                            Column("id", "No."), Column("at", "At"), Column("actor", "Actor"),
                            Column("action", "Action"),
                            Column("unit_id", "Unit id"), Column("unit", "Unit"), Column("year", "Year"),
                            Column("target", "Target"),
                            Column("before", "Before"), Column("after", "After"),
                        ],
                        rows: entries.map { entry in
                            [
                                .integer(Int(entry.id)), .text(entry.at), .text(entry.actor), .text(entry.action),
                                entry.unitID.map { .text($0) } ?? .null,
                                // A removed unit keeps its id in the log, and no name.
                                entry.unitID.flatMap { names[$0] }.map { .text($0) } ?? .null,
                                entry.year.map { .integer($0) } ?? .null,
                                entry.target.map { .text($0) } ?? .null, entry.before.map { .text($0) } ?? .null,
                                entry.after.map { .text($0) } ?? .null,
                            ]
                        }, whenEmpty: "No changes recorded\(unitID.map { " for '\($0)'" } ?? "").")
                ],
                notes: notes))
    }
}
