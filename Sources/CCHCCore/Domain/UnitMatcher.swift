/// Finds units by id or name, ignoring case, diacritics and normalisation form.
public enum UnitMatcher {
    /// Thrown when a query matches no unit or several.
    public enum MatchError: WorkbenchError, Equatable {
        /// Nothing matched.
        case unknown(query: String, suggestion: String?)
        /// Several units matched.
        case ambiguous(query: String, candidates: [String])

        public var description: String {
            switch self {
            case .unknown(let query, let suggestion):
                "Unknown unit '\(query)'" + (suggestion.map { Suggestions.didYouMean($0) } ?? "")
            case .ambiguous(let query, let candidates):
                "Unit '\(query)' is ambiguous: \(candidates.map { "'\($0)'" }.joined(separator: ", "))"
            }
        }
    }

    /// The unit `query` names: an exact id, an exact name (NFC, case-insensitive), a name without
    /// diacritics ("huong van" → "Hương Văn"), or a unique name prefix or word match.
    /// - Throws: ``UnitMatcher/MatchError`` when nothing matches (with a suggestion) or several units do.
    public static func match(_ query: String, in units: [EvaluatedUnit]) throws -> EvaluatedUnit {
        let trimmed = VietnameseText.nfc(query).trimmingWhitespace
        if let unit = units.first(where: { $0.id.lowercased() == trimmed.lowercased() }) { return unit }
        let exact = units.filter { $0.name.lowercased() == trimmed.lowercased() }
        if exact.count == 1 { return exact[0] }
        let key = VietnameseText.fold(trimmed)
        for candidates in [
            units.filter { VietnameseText.fold($0.name) == key },
            units.filter { VietnameseText.fold($0.name).hasPrefix(key) || VietnameseText.fold($0.id).hasPrefix(key) },
            units.filter { (" " + VietnameseText.fold($0.name)).contains(" " + key) },
        ] where !candidates.isEmpty {
            if candidates.count == 1 { return candidates[0] }
            throw MatchError.ambiguous(
                query: query, candidates: candidates.map { "\($0.id) (\($0.name))" }.sorted(by: VietnameseText.precedes)
            )
        }
        let suggestion = Suggestions.closest(to: trimmed, in: units.map(\.name))
        throw MatchError.unknown(query: query, suggestion: suggestion)
    }
}
