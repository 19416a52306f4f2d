import ArgumentParser
import CCHCCore
import CCHCModuleKit

struct ModeCommand: WorkbenchCommand {
    static let configuration = CommandConfiguration(
        commandName: "mode",
        abstract: "Show or set the output format: table, json, jsonl, csv or markdown.",
        discussion: "Examples:\n  mode\n  mode json"
    )

    @Argument(help: "The format to switch to.", transform: { $0.lowercased() })  // `JSON` as `json`
    var format: String?

    func run(in context: CommandContext) throws {
        let formats = context.registry.exporters.filter(\.value.showsOnScreen).map(\.value.id)
        guard let format else {
            context.write("Output format: \(context.format) (available: \(formats.joined(separator: ", ")))")
            return
        }
        guard formats.contains(format) else {
            let hint =
                Suggestions.hint(
                    for: format, in: formats, otherwise: "; expected one of \(formats.joined(separator: ", "))")
            throw UserError("Unknown output format '\(format)'\(hint)")
        }
        context.format = format
        context.write("Output format: \(format)")
    }
}
