import ArgumentParser
import CCHCCore
import CCHCModuleKit

extension Engine {
    /// Tab completion for the word before the cursor: command names; then subcommands, option
    /// names (`rank --s`), option values (`--set d`, `--scenario t`, `--band x`) and what the
    /// command takes (units from any word of their name without diacritics, criterion ids,
    /// scenarios, formats), or what a module's command says it takes (``CompletingCommand``).
    ///
    /// - Returns: the word being completed (as typed) and its full replacements, sorted (ids
    ///   before names); names with spaces come quoted.
    public func completions(forLineBeforeCursor line: String) -> (word: String, candidates: [String]) {
        var words = Self.completionWords(line)
        let word = words.popLast() ?? ""
        guard let name = words.first else {
            return (word, filter(commandNames.filter { $0 != "?" }.sorted(), by: word))
        }
        guard let owned = context.registry.command(named: name) else { return (word, []) }
        // The subcommand path, then the arguments typed after it.
        let (type, path) = CommandShape.subcommand(of: owned.value, named: words.dropFirst())
        let shape = CommandShape(owned.value, path: path)
        let arguments = Array(words.dropFirst(1 + path.count))
        if word.hasPrefix("-") {
            return (word, filter(shape.options.flatMap(\.names).filter { $0.hasPrefix("--") }.sorted(), by: word))
        }
        let option = arguments.last.flatMap { last in
            shape.options.first { $0.takesValue && $0.names.contains(last) }?.names.first { $0.hasPrefix("--") }
        }
        if option == nil, arguments.isEmpty, !shape.subcommands.isEmpty {
            return (word, filter(shape.subcommands.sorted(), by: word))
        }
        // Positional words typed so far (options and their values left out).
        var positional: [String] = []
        var skip = false
        for argument in arguments {
            if skip {
                skip = false
            } else if argument.hasPrefix("-") {
                skip = shape.options.contains { $0.takesValue && $0.names.contains(argument) }
            } else {
                positional.append(argument)
            }
        }
        if let completing = type as? any CompletingCommand.Type,
            let candidates = completing.completions(arguments: arguments, option: option, in: context)
        {
            return (word, filter(candidates, by: word))
        }
        if let option { return (word, filter(optionValues(option), by: word)) }
        return (word, positionalCandidates(([name] + path).joined(separator: " "), positional: positional, word: word))
    }

    /// The values an option takes, by its name, for the options the workbench's commands share.
    private func optionValues(_ option: String) -> [String] {
        let evaluation = context.evaluation
        switch option {
        case "--set": return ((try? evaluation.setIDs()) ?? context.registry.setIDs).sorted()
        case "--scenario": return scenarios()
        case "--band":
            let sets = (try? evaluation.allCriteriaSets()) ?? []
            return Array(Set(sets.flatMap { $0.bands.bands.map(\.code) })).sorted()
        case "--kind": return UnitKind.allCases.map(\.rawValue)
        case "--format": return screenFormats()
        case "--unit", "--units": return ((try? evaluation.units()) ?? []).map(\.id).sorted()
        case "--stage": return Stage.allCases.map(\.rawValue)
        case "--by": return RankingPolicy.Grouping.allCases.map(\.rawValue)
        case "--criterion": return ((try? evaluation.currentSet().allNodes.map(\.id)) ?? [])
        default: return []
        }
    }

    /// What a core command takes in its next positional word.
    private func positionalCandidates(_ command: String, positional: [String], word: String) -> [String] {
        let evaluation = context.evaluation
        switch command {
        case "help": return commandNames.filter { $0 != "?" }.sorted()
        case "use": return filter(((try? evaluation.setIDs()) ?? context.registry.setIDs).sorted(), by: word)
        case "mode": return filter(screenFormats(), by: word)
        case "criteria show": return filter((try? evaluation.currentSet().allNodes.map(\.id)) ?? [], by: word)
        case "explain" where !positional.isEmpty:
            let unit = try? UnitMatcher.match(positional.joined(separator: " "), in: (try? evaluation.units()) ?? [])
            return filter(unit.flatMap { try? evaluation.criteriaSet($0.setID).allNodes.map(\.id) } ?? [], by: word)
        case "set" where positional.count == 1, "unset" where positional.count == 1:
            let unit = try? UnitMatcher.match(positional[0], in: (try? evaluation.units()) ?? [])
            let ids = unit.flatMap { try? evaluation.criteriaSet($0.setID).leaves.map(\.id) } ?? []
            return filter(["evidence"] + ids, by: word)
        case "score", "explain", "audit", "evidence show", "gaps", "inflation", "set", "unset", "exclude", "goal",
            "units rename", "units remove":
            return units(matching: word)
        case "scenario use", "scenario show", "scenario drop", "diff":
            return filter(scenarios(), by: word)
        case "stage lock", "stage unlock": return filter(Stage.allCases.map(\.rawValue), by: word)
        case "year": return []
        default: return []
        }
    }

    /// Units whose id starts with `word` or any word of whose name does, without diacritics or
    /// case: ids first, then names (quoted when they hold spaces), each in order.
    private func units(matching word: String) -> [String] {
        let typed = word.hasPrefix("\"") || word.hasPrefix("'") ? String(word.dropFirst()) : word
        let key = VietnameseText.fold(typed)
        let units = (try? context.evaluation.units()) ?? []
        let byWord = units.filter { unit in
            VietnameseText.fold(unit.name).split(separator: " ").contains { $0.hasPrefix(key) }
        }
        let byID = units.filter { VietnameseText.fold($0.id).hasPrefix(key) }
        let names = units.filter { VietnameseText.fold($0.name).hasPrefix(key) }
        var seen = Set<String>()
        // Ids that start with the word, then ids of units with a word of the name that does.
        let idList = (byID.map(\.id).sorted() + (key.isEmpty ? [] : byWord.map(\.id).sorted())).filter {
            seen.insert($0).inserted
        }
        let nameList = VietnameseText.sorted(names, by: \.name)
            .map { $0.name.contains(" ") ? "\"\($0.name)\"" : $0.name }.filter { seen.insert($0).inserted }
        return idList + nameList
    }

    private func scenarios() -> [String] {
        [Scenario.baseline] + ((try? context.evaluation.workspace().scenarios().map(\.name).sorted()) ?? [])
    }

    private func screenFormats() -> [String] {
        context.registry.exporters.filter(\.value.showsOnScreen).map(\.value.id).sorted()
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
