import ArgumentParser
import CCHCCore
import CCHCModuleKit
import Foundation

extension CriteriaCommand {
    struct Check: WorkbenchCommand {
        static let configuration = CommandConfiguration(
            commandName: "check",
            abstract: "Check a criteria file and report every problem as FILE:LINE:COLUMN.",
            discussion: "The format is described in docs/criteria-format.md.\n\nExample:\n  criteria check my-set.yaml"
        )

        @Argument(help: "A criteria file (YAML).")
        var file: String

        func run(in context: CommandContext) throws {
            let sets = try CriteriaFiles.parse(file, in: context)
            for set in sets {
                context.write(
                    "\(file): set '\(set.id)' is valid: \(set.leaves.count) leaves, \(Format.number(set.maxPoints)) points, \(set.bands.bands.count) bands"
                )
            }
        }
    }
}
