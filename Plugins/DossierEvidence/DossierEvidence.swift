import ArgumentParser
import CCHCCore
import CCHCModuleKit
import Foundation

extension WorkbenchModule {
    /// Evidence collectors for the one-stop software's dossier exports and the TTHC publication
    /// checklist, and the synthetic dossier generator.
    public static let collectors = WorkbenchModule(
        id: "collectors",
        summary: "Evidence from one-stop dossier exports and the TTHC publication checklist"
    ) { registrar in
        registrar.add(DossierCollector())
        registrar.add(TTHCCollector())
        registrar.add(command: SampleCommand.self)
    }
}
