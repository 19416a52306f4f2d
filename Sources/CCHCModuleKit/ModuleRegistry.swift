import ArgumentParser
import CCHCCore

/// Thrown at startup when modules do not compose. Names both modules involved.
public enum CompositionError: WorkbenchError, Equatable {
    /// Two modules have the same id.
    case duplicateModuleID(String)
    /// Two contributions of the same kind have the same id.
    case duplicateContribution(kind: String, id: String, first: String, second: String)
    /// Two modules register the same top-level command name or alias.
    case commandClash(command: String, first: String, second: String)
    /// A command type has no explicit `commandName`.
    case unnamedCommand(module: String, type: String)
    /// A module's install closure failed.
    case installFailed(module: String, message: String)

    public var description: String {
        switch self {
        case .duplicateModuleID(let id):
            "Two modules have the id '\(id)'"
        case .duplicateContribution(let kind, let id, let first, let second):
            "Modules '\(first)' and '\(second)' both provide the \(kind) '\(id)'"
        case .commandClash(let command, let first, let second):
            "Modules '\(first)' and '\(second)' both register the command '\(command)'"
        case .unnamedCommand(let module, let type):
            "Module '\(module)' registers the command type '\(type)' without a commandName"
        case .installFailed(let module, let message):
            "Module '\(module)' failed to install: \(message)"
        }
    }
}

/// Every module's contributions, built once at startup and immutable afterwards.
public struct ModuleRegistry: @unchecked Sendable {
    /// The modules in composition order.
    public let modules: [WorkbenchModule]
    /// Criteria providers in composition order.
    public let providers: [Owned<any CriteriaProvider>]
    /// Evidence collectors in composition order.
    public let collectors: [Owned<any EvidenceCollector>]
    /// Exporters in composition order.
    public let exporters: [Owned<any Exporter>]
    /// Top-level commands in composition order.
    public let commands: [Owned<any ParsableCommand.Type>]
    /// The modules' workspace migrations in composition order.
    public let migrations: [WorkspaceMigration]

    /// Installs `modules` in order.
    /// - Throws: ``CompositionError`` on a duplicate id (of a module, a contribution or a
    ///   migration) or a command whose name or alias another module registers.
    public init(modules: [WorkbenchModule]) throws {
        var moduleIDs: Set<String> = []
        var providers: [Owned<any CriteriaProvider>] = []
        var collectors: [Owned<any EvidenceCollector>] = []
        var exporters: [Owned<any Exporter>] = []
        var commands: [Owned<any ParsableCommand.Type>] = []
        var migrations: [WorkspaceMigration] = []
        var migrationOwners = Dictionary(uniqueKeysWithValues: Workspace.coreMigrationIDs.map { ($0, "core") })
        var setOwners: [String: String] = [:]
        var commandOwners: [String: String] = [:]

        func claim(_ kind: String, _ id: String, by module: String, in owners: inout [String: String]) throws {
            if let first = owners[id] {
                throw CompositionError.duplicateContribution(kind: kind, id: id, first: first, second: module)
            }
            owners[id] = module
        }

        var providerOwners: [String: String] = [:]
        var collectorOwners: [String: String] = [:]
        var exporterOwners: [String: String] = [:]
        for module in modules {
            guard moduleIDs.insert(module.id).inserted else { throw CompositionError.duplicateModuleID(module.id) }
            var registrar = ModuleRegistrar(moduleID: module.id)
            do {
                try module.install(&registrar)
            } catch {
                throw CompositionError.installFailed(module: module.id, message: "\(error)")
            }
            for provider in registrar.providers {
                try claim("criteria provider", provider.id, by: module.id, in: &providerOwners)
                for setID in provider.setIDs { try claim("criteria set", setID, by: module.id, in: &setOwners) }
                providers.append(Owned(moduleID: module.id, value: provider))
            }
            for collector in registrar.collectors {
                try claim("evidence collector", collector.id, by: module.id, in: &collectorOwners)
                collectors.append(Owned(moduleID: module.id, value: collector))
            }
            for exporter in registrar.exporters {
                try claim("exporter", exporter.id, by: module.id, in: &exporterOwners)
                exporters.append(Owned(moduleID: module.id, value: exporter))
            }
            for command in registrar.commands {
                guard let name = command.configuration.commandName else {
                    throw CompositionError.unnamedCommand(module: module.id, type: String(describing: command))
                }
                for word in [name] + command.configuration.aliases {
                    if let first = commandOwners[word] {
                        throw CompositionError.commandClash(command: word, first: first, second: module.id)
                    }
                    commandOwners[word] = module.id
                }
                commands.append(Owned(moduleID: module.id, value: command))
            }
            for migration in registrar.migrations {
                try claim("workspace migration", migration.id, by: module.id, in: &migrationOwners)
                migrations.append(migration)
            }
        }
        self.modules = modules
        self.providers = providers
        self.collectors = collectors
        self.exporters = exporters
        self.commands = commands
        self.migrations = migrations
    }

    /// The command registered under `name` or with `name` as an alias, with its module.
    public func command(named name: String) -> Owned<any ParsableCommand.Type>? {
        commands.first {
            $0.value.configuration.commandName == name || $0.value.configuration.aliases.contains(name)
        }
    }

    /// The command the words name, parsed from the words after its name: the one dispatch path
    /// of the REPL engine and of modules that run another command (`export`).
    /// - Parameter values: positions of words that are values even when they begin with `-`
    ///   (typed in quotes, or negative numbers).
    /// - Throws: ``CommandParseError``.
    public func parse(_ words: [String], values: Set<Int> = []) throws(CommandParseError) -> ParsedCommand {
        guard let name = words.first, let owned = command(named: name) else {
            throw .unknownCommand(words.first ?? "")
        }
        let arguments = DashValues.arrange(
            Array(words.dropFirst()), values: Set(values.map { $0 - 1 }), for: owned.value)
        do {
            return ParsedCommand(owned: owned, command: try owned.value.parseAsRoot(arguments))
        } catch {
            throw .arguments(owned, error)
        }
    }

    /// Top-level command names in composition order.
    public var commandNames: [String] { commands.compactMap { $0.value.configuration.commandName } }

    /// The exporter for a format.
    public func exporter(_ id: String) -> (any Exporter)? { exporters.first { $0.value.id == id }?.value }

    /// Every set id, in composition order.
    public var setIDs: [String] { providers.flatMap { $0.value.setIDs } }
}
