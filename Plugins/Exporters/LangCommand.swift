import ArgumentParser
import CCHCCore
import CCHCModuleKit
import Foundation

/// The exporters module's state: the language of exported titles and headers, `en` or `vi`.
enum ExportLanguage: CommandContextKey {
    static let defaultValue = "en"
}

/// `lang vi|en`: the language of exported titles and headers.
struct LangCommand: WorkbenchCommand {
    static let configuration = CommandConfiguration(
        commandName: "lang",
        abstract: "Show or set the language of exported titles and headers: vi or en.",
        discussion: "Examples:\n  lang\n  lang vi"
    )

    @Argument(help: "vi (Vietnamese) or en (English).")
    var language: String?

    func run(in context: CommandContext) throws {
        guard let language else {
            context.write("Export language: \(context[ExportLanguage.self]) (available: en, vi)")
            return
        }
        guard ["vi", "en"].contains(language) else {
            throw UserError("Unknown language '\(language)'; expected vi or en")
        }
        context[ExportLanguage.self] = language
        context.write("Export language: \(language)")
    }
}
