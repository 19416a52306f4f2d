import CCHCCore
import CCHCModuleKit
import Foundation

#if canImport(Glibc)
    import Glibc
#elseif canImport(Darwin)
    import Darwin
#endif

/// Builds command contexts over the built-in modules.
public enum Workbench {
    /// The product's version, shown by `--version`.
    public static let version = "0.2.0"

    /// The data a context starts with.
    public enum StartingData: Sendable {
        /// The bundled sample year (synthetic data), in memory.
        case sample
        /// An empty in-memory workspace.
        case empty
        /// The workspace file at a path, created empty when missing.
        case workspace(String)
        /// The user's default workspace file, created with the sample year when missing.
        case defaultWorkspace(String)
    }

    /// A context over the built-in modules; the workspace opens on first use.
    /// - Throws: ``CompositionError`` when the modules do not compose.
    public static func makeContext(
        data: StartingData = .sample, actor: String = defaultActor(),
        clock: @escaping @Sendable () -> Date = { Date() },
        modules: [WorkbenchModule] = BuiltInModules.all
    ) throws -> CommandContext {
        let registry = try ModuleRegistry(modules: modules)
        let source: Evaluation.WorkspaceSource
        switch data {
        case .sample: source = .memory(seed: SampleTown.seed)
        case .empty: source = .memory()
        case .workspace(let path): source = .file(path)
        case .defaultWorkspace(let path): source = .file(path, seed: SampleTown.seed)
        }
        let evaluation = Evaluation(
            source: source, providers: registry.providers, migrations: registry.migrations, actor: actor, clock: clock)
        return CommandContext(registry: registry, evaluation: evaluation)
    }

    /// `$XDG_DATA_HOME/cchc/workspace.cchc`, else `~/.local/share/cchc/workspace.cchc`.
    public static func defaultWorkspacePath(_ environment: [String: String]) -> String? {
        dataDirectory(environment).map { $0 + "/workspace.cchc" }
    }

    /// `$XDG_DATA_HOME/cchc`, else `~/.local/share/cchc`.
    public static func dataDirectory(_ environment: [String: String]) -> String? {
        if let xdg = environment["XDG_DATA_HOME"], !xdg.isEmpty { return xdg + "/cchc" }
        if let home = environment["HOME"], !home.isEmpty { return home + "/.local/share/cchc" }
        return nil
    }

    /// The OS user, the actor recorded when `--as` is not given.
    /// `USER` or `LOGNAME`, else the name of the process's user in the user database (as when
    /// a service or `sudo -i` leaves neither set), else `cchc`.
    public static func defaultActor(_ environment: [String: String] = ProcessInfo.processInfo.environment) -> String {
        for key in ["USER", "LOGNAME"] {
            if let name = environment[key], !name.isEmpty { return name }
        }
        if let entry = getpwuid(geteuid()), let name = entry.pointee.pw_name { return String(cString: name) }
        return "cchc"
    }
}
