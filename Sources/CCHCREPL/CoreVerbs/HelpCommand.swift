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
        if owned.value == ImportCommand.self,
            let text = ImportCommand.help(
                after: Array(command.dropFirst()), registry: context.registry, columns: Engine.columns)
        {
            context.write(text)
            return
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
