import ArgumentParser
import CCHCCore
import CCHCModuleKit
import Foundation

struct OpenCommand: WorkbenchCommand {
    static let configuration = CommandConfiguration(
        commandName: "open",
        abstract: "Switch to the workspace file at PATH; --create makes a new, empty one.",
        discussion: """
            A path that does not exist is an error unless --create is given, so a mistyped name \
            never leaves you working in a new, empty workspace.

            Examples:
              open ~/cchc/huong-tra-2025.cchc
              open ~/cchc/huong-tra-2026.cchc --create
            """
    )

    @Argument(help: "A workspace file.")
    var path: String

    @Flag(name: .long, help: "Create the workspace when there is none at PATH.")
    var create = false

    func run(in context: CommandContext) throws {
        let resolved = context.resolvePath(path)
        if !create, !FileManager.default.fileExists(atPath: resolved) {
            throw UserError("No workspace at \(path); 'open \(path) --create' makes a new, empty one")
        }
        let size = (try? FileManager.default.attributesOfItem(atPath: resolved)[.size] as? Int) ?? nil
        if !create, size == 0 {
            throw UserError(
                "\(path) is an empty file, not a workspace; 'open \(path) --create' makes it a new, empty one")
        }
        try context.evaluation.switchWorkspace(to: .file(resolved, name: path))
        let workspace = try context.evaluation.workspace()
        let counts = try workspace.counts(year: try context.evaluation.year())
        context.write(
            "\(workspace.isNew ? "Created" : "Opened") workspace \(path): \(counts.units) units; year \(try context.evaluation.year()): \(counts.assessments) assessments, \(counts.evidence) evidence values"
        )
    }
}
