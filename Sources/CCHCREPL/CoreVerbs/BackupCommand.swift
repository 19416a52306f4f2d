import ArgumentParser
import CCHCCore
import CCHCModuleKit
import Foundation

/// `backup PATH`: a consistent copy of the workspace while others may go on working.
struct BackupCommand: WorkbenchCommand {
    static let configuration = CommandConfiguration(
        commandName: "backup",
        abstract: "Write a consistent copy of the workspace to a new file (safe while others work).",
        discussion: """
            Uses SQLite's online backup, so the copy is whole even while another cchc writes. The \
            copy is readable by its owner only. To share a workspace, send the copy; open it with \
            'cchc --workspace PATH' or 'open PATH'. An in-memory workspace (--sample, --memory) is \
            saved to a file this way.

            Example:
              backup ~/sao-luu/cchc-2024-12-06.cchc
            """)

    @Argument(help: "The new file.")
    var path: String

    @Flag(name: .long, help: "Replace the file if it exists.")
    var force = false

    func run(in context: CommandContext) throws {
        try context.evaluation.workspace().backup(to: context.resolvePath(path), shownAs: path, replacing: force)
        context.write("Wrote a copy of the workspace to \(path)")
    }
}
