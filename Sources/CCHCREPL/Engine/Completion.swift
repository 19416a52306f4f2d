import CCHCCore
import CCHCModuleKit

extension Engine {
    /// Tab completion for the word before the cursor: command names first, then what the
    /// command takes (set ids, formats, criterion ids, unit ids and names).
    ///
    /// - Returns: the word being completed (as typed) and its full replacements; names with
    ///   spaces come quoted.
    public func completions(forLineBeforeCursor line: String) -> (word: String, candidates: [String]) {
        var words = Self.completionWords(line)
        let word = words.popLast() ?? ""
        guard let command = words.first else {
            return (word, filter(commandNames.filter { $0 != "?" }, by: word))
        }
        let context = self.context
        let candidates: [String]
        switch command {
        case "help": candidates = context.registry.commandNames
        case "use": candidates = (try? context.evaluation.setIDs()) ?? context.registry.setIDs
        case "mode": candidates = context.registry.exporters.map(\.value.id)
        case "criteria":
            candidates =
                words.count == 1
                ? ["check", "load"] + ((try? context.evaluation.currentSet().allNodes.map(\.id)) ?? []) : []
        case "explain" where words.count >= 2:
            let unit = try? UnitMatcher.match(
                words.dropFirst().joined(separator: " "), in: (try? context.evaluation.units()) ?? [])
            candidates = unit.flatMap { try? context.evaluation.criteriaSet($0.setID).allNodes.map(\.id) } ?? []
        case "score", "explain", "audit", "history", "evidence", "gaps", "inflation", "set", "exclude":
            let units = (try? context.evaluation.units()) ?? []
            candidates = units.map(\.id) + units.map { $0.name.contains(" ") ? "\"\($0.name)\"" : $0.name }
        case "scenario":
            candidates =
                words.count == 1
                ? ["new", "use", "list", "show", "drop"]
                : [Scenario.baseline] + ((try? context.evaluation.workspace().scenarios().map(\.name)) ?? [])
        case "diff":
            candidates = [Scenario.baseline] + ((try? context.evaluation.workspace().scenarios().map(\.name)) ?? [])
        case "import": candidates = words.count == 1 ? ["units", "scores", "evidence"] : []
        case "stage":
            candidates = words.count == 1 ? ["list", "lock", "unlock"] : Stage.allCases.map(\.rawValue)
        default: candidates = []
        }
        if word.hasPrefix("--") || (word.isEmpty && candidates.isEmpty) {
            return (word, [])
        }
        return (word, filter(candidates, by: word))
    }

    /// Splits like the tokenizer but keeps quotes and tolerates an open one; the last element is
    /// the word under the cursor ("" after a space).
    static func completionWords(_ line: String) -> [String] {
        var words: [String] = []
        var current = ""
        var quote: Character?
        for character in line {
            if let open = quote {
                current.append(character)
                if character == open { quote = nil }
            } else if character == "\"" || character == "'" {
                quote = character
                current.append(character)
            } else if character.isWhitespace {
                if !current.isEmpty { words.append(current) }
                current = ""
            } else {
                current.append(character)
            }
        }
        words.append(current)
        return words.map { word in
            word.count > 1 && (word.first == "\"" || word.first == "'") && word.last == word.first
                ? String(word.dropFirst().dropLast()) : word
        }
    }

    private func filter(_ candidates: [String], by word: String) -> [String] {
        let key = VietnameseText.fold(word.hasPrefix("\"") ? String(word.dropFirst()) : word)
        var seen = Set<String>()
        return candidates.filter { candidate in
            let folded = VietnameseText.fold(candidate.hasPrefix("\"") ? String(candidate.dropFirst()) : candidate)
            return folded.hasPrefix(key) && seen.insert(candidate).inserted
        }
    }
}
