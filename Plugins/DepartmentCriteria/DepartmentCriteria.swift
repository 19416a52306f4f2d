import CCHCCore
import Foundation

extension WorkbenchModule {
    /// The town-owned criteria for its departments and public service units (draft).
    public static let department = WorkbenchModule(
        id: "department",
        summary: "Department and public-service-unit criteria set of the town (draft)"
    ) { registrar in
        registrar.add(
            BundledCriteriaProvider(id: "department", setIDs: ["department"]) {
                Bundle.module.url(forResource: "department", withExtension: "yaml", subdirectory: "Resources")
            })
    }
}
