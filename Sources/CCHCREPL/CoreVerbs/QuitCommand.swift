import ArgumentParser
import CCHCCore
import CCHCModuleKit

struct QuitCommand: WorkbenchCommand {
    static let configuration = CommandConfiguration(
        commandName: "quit",
        abstract: "Leave the workbench (Ctrl-D does the same).",
        aliases: ["exit"]
    )

    func run(in context: CommandContext) throws { context.quitRequested = true }
}
