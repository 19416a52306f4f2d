import CCHCCore
import Foundation

extension WorkbenchModule {
    /// A module that contributes the criteria sets of one YAML file in its `Resources/` folder.
    ///
    ///     public static let commune = WorkbenchModule.criteria(
    ///         id: "commune", summary: "…", setIDs: ["commune"], file: "commune", bundle: .module)
    ///
    /// `bundle` is evaluated when the set's file is first read, not at composition: finding a
    /// resource bundle makes Foundation build `Bundle.main`, which lists the executable's folder
    /// (about half of `cchc -c quit`'s instructions when it was evaluated at startup).
    public static func criteria(
        id: String, summary: String, setIDs: [String], file: String,
        bundle: @autoclosure @escaping @Sendable () -> Bundle
    ) -> WorkbenchModule {
        return WorkbenchModule(id: id, summary: summary) { registrar in
            registrar.add(
                BundledCriteriaProvider(id: id, setIDs: setIDs) {
                    bundle().url(forResource: file, withExtension: "yaml", subdirectory: "Resources")
                })
        }
    }
}
