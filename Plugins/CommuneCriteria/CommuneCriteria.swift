import CCHCCore
import CCHCModuleKit
import Foundation

extension WorkbenchModule {
    /// The province-owned criteria for commune and ward People's Committees (draft of QĐ 2204/QĐ-UBND).
    public static let commune = WorkbenchModule.criteria(
        id: "commune",
        summary: "Commune/ward criteria set of the province (draft after QĐ 2204/QĐ-UBND, 2022)",
        setIDs: ["commune"], file: "commune", bundle: .module)
}
