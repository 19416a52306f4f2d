import Foundation

/// Contributes criteria sets: "what is scored, and how".
///
/// Implementation guidance: keep `setIDs` cheap (it is read at startup) and do the parsing in
/// ``loadCriteriaSets()``, which the host calls once, when a set is first needed.
///
///     struct CommuneCriteriaProvider: CriteriaProvider {
///         let id = "commune"
///         let setIDs = ["commune"]
///         func loadCriteriaSets() throws -> [CriteriaSet] { try CriteriaFile.parse(yaml: text, file: "commune.yaml") }
///     }
public protocol CriteriaProvider: Sendable {
    /// Unique among providers.
    var id: String { get }
    /// The ids of the sets it provides, known without parsing.
    var setIDs: [String] { get }
    /// Parses and returns the sets. Called at most once per evaluation.
    /// - Throws: a ``WorkbenchError`` (e.g. ``CriteriaFileError``) when the sets cannot be read;
    ///   the host shows it with the module's id.
    func loadCriteriaSets() throws -> [CriteriaSet]
}
