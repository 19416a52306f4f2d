/// "Did you mean" suggestions by edit distance.
public enum Suggestions {
    /// The edit distance between two strings, by characters: insertions, deletions,
    /// substitutions and swaps of two neighbours (`vihn` for `vinh`) count one each (the
    /// optimal string alignment distance, Damerau–Levenshtein without repeated edits of one
    /// stretch).
    public static func editDistance(_ a: String, _ b: String) -> Int {
        let a = Array(a)
        let b = Array(b)
        if a.isEmpty { return b.count }
        if b.isEmpty { return a.count }
        var beforePrevious = [Int](repeating: 0, count: b.count + 1)
        var previous = Array(0...b.count)
        var current = [Int](repeating: 0, count: b.count + 1)
        for i in 1...a.count {
            current[0] = i
            for j in 1...b.count {
                let cost = a[i - 1] == b[j - 1] ? 0 : 1
                current[j] = min(previous[j] + 1, current[j - 1] + 1, previous[j - 1] + cost)
                if i > 1, j > 1, a[i - 1] == b[j - 2], a[i - 2] == b[j - 1] {
                    current[j] = min(current[j], beforePrevious[j - 2] + 1)
                }
            }
            (beforePrevious, previous, current) = (previous, current, beforePrevious)
        }
        return previous[b.count]
    }

    /// The longest word a suggestion is searched for, in characters.
    public static let longestWord = 64

    /// The closest candidate within a distance that grows with the word's length and is less
    /// than the word's own length, if any.
    /// Candidates are compared diacritic- and case-insensitively.
    /// Words longer than ``longestWord`` characters get none (the search is quadratic in length).
    public static func closest(to word: String, in candidates: [String]) -> String? {
        guard word.utf8.count <= longestWord * 4 else { return nil }
        let key = VietnameseText.fold(word)
        guard key.count <= longestWord else { return nil }
        let limit = max(1, min(3, key.count / 3 + 1))
        var best: (candidate: String, distance: Int)?
        for candidate in candidates where candidate.utf8.count <= longestWord * 4 {
            let folded = VietnameseText.fold(candidate)
            if abs(folded.count - key.count) > limit && !folded.hasPrefix(key) { continue }
            let distance = folded.hasPrefix(key) && !key.isEmpty ? 0 : editDistance(key, folded)
            // A suggestion keeps at least one character of the word: 'q' is not a typo of 'a'.
            if distance <= limit, distance < key.count, distance < (best?.distance ?? Int.max) {
                best = (candidate, distance)
            }
        }
        return best?.candidate
    }

    /// How a hint joins the message before it.
    public enum HintStyle: Sendable {
        /// A sentence of its own: `Unknown set 'comune'. Did you mean 'commune'?`
        case sentence
        /// A clause of a problem's message: `unknown unit 'tu-h'; did you mean 'tu-ha'?`
        case clause
    }

    /// "Did you mean" for `word` among `candidates` (see ``closest(to:in:)``), to append to a
    /// message; `otherwise` when no candidate is close.
    public static func hint(
        for word: String, in candidates: [String], style: HintStyle = .sentence, otherwise: String = ""
    ) -> String {
        closest(to: word, in: candidates).map { didYouMean($0, style: style) } ?? otherwise
    }

    /// "Did you mean" for a candidate already chosen, to append to a message.
    public static func didYouMean(_ candidate: String, style: HintStyle = .sentence) -> String {
        switch style {
        case .sentence: ". Did you mean '\(candidate)'?"
        case .clause: "; did you mean '\(candidate)'?"
        }
    }
}
