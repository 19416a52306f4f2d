import ArgumentParser
import CCHCCore
import CCHCModuleKit
import Foundation

extension ImportCommand {
    struct Units: WorkbenchCommand {
        static let configuration = CommandConfiguration(
            commandName: "units", abstract: "Import units: unit_id, name, kind, set.")
        @OptionGroup var options: Options
        func run(in context: CommandContext) throws {
            try report(
                context.evaluation.importUnits(
                    path: context.resolvePath(options.file), fileName: options.file,
                    table: options.table.options(), check: options.check),
                check: options.check, in: context)
        }
    }
}
