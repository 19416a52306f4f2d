import ArgumentParser
import CCHCCore
import CCHCModuleKit
import Foundation

/// The exporters module's state: the language of exported titles and headers, `en` or `vi`,
/// once read from the workspace or set by `lang` (nil before).
enum ExportLanguage: CommandContextKey {
    static let defaultValue: String? = nil

    /// The workspace setting that keeps it.
    static let setting = "export.language"

    /// The languages files can be written in.
    static let available = ["en", "vi"]

    /// The language exports use: the one `lang` chose, else the workspace's, else English.
    /// - Throws: ``WorkspaceError`` when the workspace cannot be read.
    static func current(in context: CommandContext) throws -> String {
        if let chosen = context[ExportLanguage.self] { return chosen }
        let stored = try context.evaluation.workspace().setting(setting).flatMap { available.contains($0) ? $0 : nil }
        context[ExportLanguage.self] = stored ?? "en"
        return stored ?? "en"
    }
}

/// `lang vi|en`: the language of exported titles and headers, kept in the workspace.
struct LangCommand: WorkbenchCommand {
    static let configuration = CommandConfiguration(
        commandName: "lang",
        abstract: "Show or set the language of exported titles and headers: vi or en.",
        discussion: """
            The choice is kept in the workspace: every later export from it, at the prompt or from \
            a script, is in that language until 'lang' changes it.

            Examples:
              lang
              lang vi
            """
    )

    @Argument(help: "vi (Vietnamese) or en (English).")
    var language: String?

    func run(in context: CommandContext) throws {
        guard let language else {
            let current = try ExportLanguage.current(in: context)
            context.write(
                "Export language: \(current) (available: \(ExportLanguage.available.joined(separator: ", ")))")
            return
        }
        let chosen = language.lowercased()
        guard ExportLanguage.available.contains(chosen) else {
            throw UserError("Unknown language '\(language)'; expected vi or en")
        }
        try context.evaluation.change(changing: .settings) { workspace, change in
            let before = try workspace.replaceSetting(ExportLanguage.setting, with: chosen, in: change)
            guard before != chosen else { return }
            try workspace.audit("lang", target: ExportLanguage.setting, before: before, after: chosen, in: change)
        }
        context[ExportLanguage.self] = chosen
        // An in-memory workspace keeps nothing past the session: said, not promised.
        if case .file = context.evaluation.location {
            context.write("Export language: \(chosen), kept in the workspace for later exports")
        } else {
            context.write("Export language: \(chosen), for this session (the workspace is in memory)")
        }
    }
}
