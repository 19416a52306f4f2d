import ArgumentParser
import CCHCCore
import CCHCModuleKit
import Foundation

extension ImportCommand {
    struct Collected: WorkbenchCommand {
        static let configuration = CommandConfiguration(
            commandName: "collected",
            abstract: "Import with a module's evidence collector: import COLLECTOR FILE (e.g. import dossiers FILE).",
            shouldDisplay: false)
        @Argument(help: "The collector: dossiers, tthc, … ('modules' lists them).")
        var collector: String?
        @Argument(help: "The CSV file or .xlsx workbook.")
        var file: String?
        @Flag(name: .long, help: "Report every problem without writing anything.")
        var check = false
        @Option(name: .long, help: "Only the rows of this year (default: every year in the file).")
        var year: Int?
        @OptionGroup var table: TableFlags
        @Flag(
            name: .long,
            help:
                "Refuse the file when rows cannot be right (resolved or due before received, an id seen twice) instead of setting them aside."
        )
        var strict = false
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
            if strict, !chosen.setsRowsAside {
                throw UserError(
                    "'\(chosen.id)' sets no row aside (a row that cannot be right is refused): --strict is not needed")
            }
            guard let file else { throw UserError("Name the file to import, e.g. 'import \(collector) FILE'") }
            try requireUnits(file, in: context)
            try report(
                context.evaluation.importCollected(
                    chosen, path: context.resolvePath(file), fileName: file, year: year, table: table.options(),
                    strict: strict, check: check,
                    progress: context.progress),
                check: check, in: context)
        }
    }
}
