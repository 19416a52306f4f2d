import CCHCCore
import CCHCModuleKit
import Foundation

extension WorkbenchModule {
    /// The town-owned criteria for its departments and public service units (draft).
    public static let department = WorkbenchModule.criteria(
        id: "department",
        summary: "Department and public-service-unit criteria set of the town (draft)",
        setIDs: ["department"], file: "department", bundle: .module)
}
