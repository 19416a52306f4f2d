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

    /// - Throws: ``BundledCriteriaError`` when the file is missing or holds other sets; ``CriteriaFileError``.
    public func loadCriteriaSets() throws -> [CriteriaSet] {
        guard let url = locate() else {
            throw BundledCriteriaError.missingFile(provider: id)
        }
        let text = try String(contentsOf: url, encoding: .utf8)
        let sets = try CriteriaFile.parse(yaml: text, file: url.lastPathComponent)
        let found = sets.map(\.id)
        guard found == setIDs else {
            throw BundledCriteriaError.setsDiffer(
                file: url.lastPathComponent, found: found, provider: id, declared: setIDs)
        }
        return sets
    }
}

/// Why a module's bundled criteria file cannot be used: a fault of the installation or the
/// module, not of the user's data.
public enum BundledCriteriaError: WorkbenchError, Equatable {
    /// The file is not in the module's resources.
    case missingFile(provider: String)
    /// The file holds other sets than the module declares.
    case setsDiffer(file: String, found: [String], provider: String, declared: [String])

    public var description: String {
        switch self {
        case .missingFile(let provider): "The criteria file of '\(provider)' is missing from the installation"
        case .setsDiffer(let file, let found, let provider, let declared):
            "'\(file)' holds the sets \(found) but '\(provider)' declares \(declared)"
        }
    }
}
