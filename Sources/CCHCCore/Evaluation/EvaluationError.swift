/// Why the evaluation cannot answer or change something. The wording of every message is here.
public enum EvaluationError: WorkbenchError, Equatable {
    /// No module or file provides the set; with the closest id when one is close.
    case unknownSet(String, suggestion: String?, known: [String] = [])
    /// A provider declared a set its file does not hold.
    case providerMissingSet(provider: String, set: String)
    /// No scenario has the name; with the closest name when one is close.
    case unknownScenario(String, suggestion: String?, known: [String] = [])
    /// The scenario excludes the unit.
    case unitExcluded(unit: String, scenario: String)
    /// Other writers kept committing between an import's reading of the workspace and its write.
    case unitsChangedDuringImport

    public var description: String {
        switch self {
        case .unknownSet(let id, let suggestion, let known):
            "Unknown criteria set '\(id)'"
                + (suggestion.map { Suggestions.didYouMean($0) }
                    ?? (known.isEmpty ? "" : "; the sets: \(known.map { "'\($0)'" }.joined(separator: ", "))"))
        case .providerMissingSet(let provider, let set):
            "Criteria provider '\(provider)' did not provide the set '\(set)'"
        case .unknownScenario(let name, let suggestion, let known):
            "Unknown scenario '\(name)'"
                + (suggestion.map { Suggestions.didYouMean($0) }
                    ?? (known.count <= 1
                        ? "; there is only 'baseline' ('scenario new NAME' starts one)"
                        : "; the scenarios: \(known.map { "'\($0)'" }.joined(separator: ", "))"))
        case .unitExcluded(let unit, let scenario):
            "Unit '\(unit)' is excluded from scenario '\(scenario)'; 'unset exclude \(unit) --scenario \(scenario)' takes the exclusion back"
        case .unitsChangedDuringImport:
            "The workspace kept changing while the file was read (other imports or commands writing at the same time); run the import again"
        }
    }
}

/// Why a file cannot be read or written. The wording of every message is here.
public enum FileError: WorkbenchError, Equatable {
    /// The folder to write into does not exist.
    case noFolder(folder: String, file: String)
    /// Writing failed; the file as the user named it and the system's reason.
    case cannotWrite(String, reason: String)
    /// Opening for reading failed; the file as named and the system's reason.
    case cannotRead(String, reason: String)

    public var description: String {
        switch self {
        case .noFolder(let folder, let file): "No folder '\(folder)' to write \(file) into"
        case .cannotWrite(let file, let reason): "Cannot write \(file): \(reason)"
        case .cannotRead(let file, let reason): "Cannot read '\(file)': \(reason)"
        }
    }
}
