import ArgumentParser
import CCHCCore
import CCHCModuleKit
import Foundation

extension ImportCommand {
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
            try requireUnits(options.file, in: context)
            try report(
                context.evaluation.importEvidence(
                    path: context.resolvePath(options.file), fileName: options.file, year: year,
                    table: options.table.options(), check: options.check),
                check: options.check, in: context)
        }
    }
}
