import ArgumentParser
import CCHCCore
import CCHCModuleKit
import Foundation

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
        guard let stage = Stage(written: text) else {
            let names = Stage.allCases.map(\.rawValue)
            let hint = Suggestions.hint(for: text, in: names)
            throw UserError(
                "Unknown stage '\(text)'\(hint.isEmpty ? "; expected \(names.joined(separator: ", "))" : hint)")
        }
        let year = try context.evaluation.year()
        let changed = try context.evaluation.setStage(stage, locked: locked)
        let state = locked ? "locked" : "open"
        context.write(
            changed
                ? "Stage '\(stage.rawValue)' of \(year) is now \(state)"
                : "Stage '\(stage.rawValue)' of \(year) was already \(state)")
    }
}
