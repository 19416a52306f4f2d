import CCHCCore
import Foundation

extension WorkbenchModule {
    /// A module that contributes the criteria sets of one YAML file in its `Resources/` folder.
    ///
    ///     public static let commune = WorkbenchModule.criteria(
    ///         id: "commune", summary: "…", setIDs: ["commune"], file: "commune", bundle: .module)
    public static func criteria(
        id: String, summary: String, setIDs: [String], file: String, bundle: Bundle
    ) -> WorkbenchModule {
        return WorkbenchModule(id: id, summary: summary) { registrar in
            registrar.add(
                BundledCriteriaProvider(id: id, setIDs: setIDs) {
                    bundle.url(forResource: file, withExtension: "yaml", subdirectory: "Resources")
                })
        }
    }
}
