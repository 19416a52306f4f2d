import CCHCCore
import CCHCModuleKit

extension WorkbenchModule {
    /// Dossier evidence pulled from the one-stop software's PostgreSQL database.
    public static let postgres = WorkbenchModule(
        id: "postgres", summary: "Dossier evidence aggregated inside a PostgreSQL database (evidence pull postgres)"
    ) { registrar in
        registrar.add(PostgresDossierCollector())
    }
}
