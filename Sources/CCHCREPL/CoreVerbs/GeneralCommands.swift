import ArgumentParser
import CCHCCore
import CCHCModuleKit

struct HelpCommand: WorkbenchCommand {
    static let configuration = CommandConfiguration(
        commandName: "help",
        abstract: "List the commands, or show one command's help.",
        discussion: "Examples:\n  help\n  help score",
        aliases: ["?"]
    )

    @Argument(help: "A command (and subcommand) to explain.")
    var command: [String] = []

    func run(in context: CommandContext) throws {
        guard let name = command.first else {
            context.write(overview(context))
            return
        }
        guard
            let owned = context.registry.commands.first(where: {
                $0.value.configuration.commandName == name || $0.value.configuration.aliases.contains(name)
            })
        else {
            let names = context.registry.commandNames
            let hint = Suggestions.hint(for: name, in: names)
            throw UserError("No help for unknown command '\(name)'\(hint)")
        }
        var target: any ParsableCommand.Type = owned.value
        for word in command.dropFirst() {
            guard let sub = target.configuration.subcommands.first(where: { $0.configuration.commandName == word })
            else { throw UserError("'\(name)' has no subcommand '\(word)'") }
            target = sub
        }
        context.write(owned.value.helpMessage(for: target, columns: Engine.columns).trimmingTrailingNewlines)
    }

    private func overview(_ context: CommandContext) -> String {
        var lines = ["Commands (type 'help COMMAND' for details and examples):"]
        let width = context.registry.commandNames.map(\.count).max() ?? 0
        for module in context.registry.modules {
            let commands = context.registry.commands.filter { $0.moduleID == module.id }
            guard !commands.isEmpty else { continue }
            lines.append("")
            lines.append(module.id == BuiltInModules.coreID ? "general" : module.id)
            for owned in commands {
                let name = owned.value.configuration.commandName ?? ""
                lines.append(
                    "  " + name.padding(toLength: width + 2, withPad: " ", startingAt: 0)
                        + owned.value.configuration.abstract)
            }
        }
        lines.append("")
        lines.append("Unit names match without case or diacritics ('huong van'). Tab completes commands,")
        lines.append("units, criterion ids and set ids.")
        return lines.joined(separator: "\n")
    }
}

struct ModulesCommand: WorkbenchCommand {
    static let configuration = CommandConfiguration(
        commandName: "modules",
        abstract: "List the modules composed into the workbench and what each contributes."
    )

    func run(in context: CommandContext) throws {
        let registry = context.registry
        let rows: [[Cell]] = registry.modules.map { module in
            var parts: [String] = []
            let sets = registry.providers.filter { $0.moduleID == module.id }.flatMap { $0.value.setIDs }
            if !sets.isEmpty { parts.append("sets: " + sets.joined(separator: ", ")) }
            let collectors = registry.collectors.filter { $0.moduleID == module.id }.map { $0.value.id }
            if !collectors.isEmpty { parts.append("collectors: " + collectors.joined(separator: ", ")) }
            let exporters = registry.exporters.filter { $0.moduleID == module.id }.map { $0.value.id }
            if !exporters.isEmpty { parts.append("formats: " + exporters.joined(separator: ", ")) }
            let commands = registry.commands.filter { $0.moduleID == module.id }
                .compactMap { $0.value.configuration.commandName }
            if !commands.isEmpty { parts.append("commands: " + commands.joined(separator: ", ")) }
            return [.text(module.id), .text(module.summary), .text(parts.joined(separator: "; "))]
        }
        try context.emit(
            Report(tables: [
                ReportTable(
                    key: "modules",
                    columns: [
                        Column("id", "Module"), Column("summary", "Summary"), Column("contributes", "Contributes"),
                    ],
                    rows: rows)
            ]))
    }
}

struct ModeCommand: WorkbenchCommand {
    static let configuration = CommandConfiguration(
        commandName: "mode",
        abstract: "Show or set the output format: table, json, csv or markdown.",
        discussion: "Examples:\n  mode\n  mode json"
    )

    @Argument(help: "The format to switch to.")
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

struct QuitCommand: WorkbenchCommand {
    static let configuration = CommandConfiguration(
        commandName: "quit",
        abstract: "Leave the workbench (Ctrl-D does the same).",
        aliases: ["exit"]
    )

    func run(in context: CommandContext) throws { context.quitRequested = true }
}
