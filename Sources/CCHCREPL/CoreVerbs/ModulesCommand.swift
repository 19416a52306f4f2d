import ArgumentParser
import CCHCCore
import CCHCModuleKit

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
