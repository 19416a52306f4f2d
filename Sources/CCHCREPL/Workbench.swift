import CCHCCore

/// Builds sessions over the built-in modules.
public enum Workbench {
    /// The product's version, shown by `--version`.
    public static let version = "0.1.0"

    /// The data a session starts with.
    public enum StartingData {
        /// The bundled sample year (synthetic data), in memory.
        case sample
        /// No units at all, in memory.
        case empty
    }

    /// A session over the built-in modules.
    /// - Throws: ``CompositionError`` when the modules do not compose.
    public static func makeSession(
        data: StartingData = .sample, modules: [WorkbenchModule] = BuiltInModules.all
    ) throws -> Session {
        let registry = try ModuleRegistry(modules: modules)
        switch data {
        case .sample:
            return Session(
                registry: registry, dataset: SampleTown.dataset,
                dataDescription:
                    "sample year \(SampleTown.year): \(SampleTown.units.count) units of Hương Trà town, SYNTHETIC scores, in memory",
                recordsLoader: { SampleTown.records(for: $0) })
        case .empty:
            return Session(
                registry: registry, dataset: Dataset(year: SampleTown.year),
                dataDescription: "an empty in-memory workspace (nothing is saved)")
        }
    }
}
