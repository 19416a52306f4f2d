import ArgumentParser
import CCHCCore
import CCHCModuleKit
import Foundation

extension CriteriaCommand {
    struct Load: WorkbenchCommand {
        static let configuration = CommandConfiguration(
            commandName: "load",
            abstract: "Check a criteria file and add its sets to the workspace.",
            discussion: """
                The file's text is kept in the workspace, so a copied workspace is complete. \
                Loading a changed file again replaces the set; scores recorded against the old \
                content are flagged when shown.

                Example:
                  criteria load my-set.yaml
                """
        )

        @Argument(help: "A criteria file (YAML).")
        var file: String

        func run(in context: CommandContext) throws {
            let path = context.resolvePath(file)
            let sets = try CriteriaFiles.parse(file, in: context)
            for set in sets {
                if let module = context.evaluation.module(providingSet: set.id) {
                    throw WorkspaceError.setOwnedByModule(set: set.id, module: module)
                }
            }
            let text = try String(contentsOfFile: path, encoding: .utf8)
            try context.evaluation.change { workspace, change in
                for set in sets {
                    try workspace.recordCriteriaSet(
                        set, origin: "file", fileName: PathText.name(of: file), content: text, in: change)
                }
            }
            for set in sets {
                context.evaluation.forgetCriteriaSet(set.id)
                context.write(
                    "Loaded set '\(set.id)' from \(file): \(set.leaves.count) leaves, \(Format.number(set.maxPoints)) points (sha256 \(set.contentHash.prefix(12)))"
                )
            }
        }
    }
}
