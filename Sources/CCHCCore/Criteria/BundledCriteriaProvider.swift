import Foundation

/// A criteria provider that reads one YAML file shipped with its module, on first use.
public struct BundledCriteriaProvider: CriteriaProvider {
    public let id: String
    public let setIDs: [String]
    private let locate: @Sendable () -> URL?

    /// Creates a provider.
    /// - Parameters:
    ///   - id: the provider's id.
    ///   - setIDs: the ids of the sets in the file (checked when it is loaded).
    ///   - locate: finds the file (typically in the module's `Bundle.module`).
    public init(id: String, setIDs: [String], locate: @escaping @Sendable () -> URL?) {
        self.id = id
        self.setIDs = setIDs
        self.locate = locate
    }

    public func loadCriteriaSets() throws -> [CriteriaSet] {
        guard let url = locate() else {
            throw UserError("The criteria file of '\(id)' is missing from the installation")
        }
        let text = try String(contentsOf: url, encoding: .utf8)
        let sets = try CriteriaFile.parse(yaml: text, file: url.lastPathComponent)
        let found = sets.map(\.id)
        guard found == setIDs else {
            throw UserError("'\(url.lastPathComponent)' holds the sets \(found) but '\(id)' declares \(setIDs)")
        }
        return sets
    }
}
