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
