import ArgumentParser
import CCHCCore
import GRDB

/// A unit of functionality composed into the workbench at startup.
///
/// Vend a module as a static member so the composition list reads `[.core, .department, …]`:
///
///     extension WorkbenchModule {
///         public static let feedback = WorkbenchModule(id: "feedback", summary: "…") { registrar in
///             registrar.add(command: FeedbackCommand.self)
///         }
///     }
public struct WorkbenchModule: Sendable {
    /// Stable lowercase id; also the error prefix of its commands.
    public var id: String
    /// One line, shown by `modules`.
    public var summary: String
    /// Registers the module's contributions. Must be cheap and deterministic.
    public var install: @Sendable (inout ModuleRegistrar) throws -> Void

    /// Creates a module.
    public init(id: String, summary: String, install: @escaping @Sendable (inout ModuleRegistrar) throws -> Void) {
        self.id = id
        self.summary = summary
        self.install = install
    }
}

/// A REPL command contributed by a module.
///
/// Commands never print: they ask ``CommandContext/evaluation`` and write to the context, so the
/// REPL, scripts and transcripts all see the same output.
public protocol WorkbenchCommand: ParsableCommand {
    /// Runs the command.
    /// - Throws: a ``WorkbenchError`` (shown as one line, prefixed with the module's id) or any
    ///   other error (shown as an internal error).
    mutating func run(in context: CommandContext) throws
}

extension WorkbenchCommand {
    /// Commands run through ``run(in:)``; this entry point is never used by the REPL.
    public mutating func run() throws {
        throw UserError("'\(Self.configuration.commandName ?? "command")' runs inside the workbench")
    }
}

/// Collects one module's contributions during `install`.
public struct ModuleRegistrar {
    /// The module being installed.
    public let moduleID: String
    private(set) var providers: [any CriteriaProvider] = []
    private(set) var collectors: [any EvidenceCollector] = []
    private(set) var exporters: [any Exporter] = []
    private(set) var commands: [any ParsableCommand.Type] = []
    private(set) var migrations: [WorkspaceMigration] = []

    init(moduleID: String) { self.moduleID = moduleID }

    /// Adds a criteria provider.
    public mutating func add(_ provider: some CriteriaProvider) { providers.append(provider) }
    /// Adds an evidence collector.
    public mutating func add(_ collector: some EvidenceCollector) { collectors.append(collector) }
    /// Adds an exporter.
    public mutating func add(_ exporter: some Exporter) { exporters.append(exporter) }
    /// Adds a top-level command: a ``WorkbenchCommand`` or a group of them.
    public mutating func add(command: any ParsableCommand.Type) { commands.append(command) }
    /// Adds a step of the workspace schema for the module's own tables (GRDB's named migrations:
    /// never change one once released, add another).
    public mutating func add(migration id: String, _ migrate: @escaping @Sendable (Database) throws -> Void) {
        migrations.append(WorkspaceMigration(id: id, migrate: migrate))
    }
}

/// A command that knows what may be typed for its arguments, for Tab completion at the prompt.
public protocol CompletingCommand: WorkbenchCommand {
    /// Candidates for the word being typed, or nil to leave it to the workbench's defaults.
    /// - Parameters:
    ///   - arguments: the words typed after the command's name, before the word being typed.
    ///   - option: the option the word is the value of (`--format`), if it is one's value.
    static func completions(arguments: [String], option: String?, in context: CommandContext) -> [String]?
}
