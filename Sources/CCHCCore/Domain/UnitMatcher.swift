/// Finds units by id or name, ignoring case, diacritics and normalisation form.
public enum UnitMatcher {
    /// Thrown when a query matches no unit or several.
    public enum MatchError: WorkbenchError, Equatable {
        /// Nothing matched.
        case unknown(query: String, suggestion: String?)
        /// Several units matched.
        case ambiguous(query: String, candidates: [String])
        /// There are no units to match (an empty workspace or year).
        case noUnits(query: String)
        /// Nothing was given (an empty cell).
        case empty

        public var description: String {
            switch self {
            case .unknown(let query, let suggestion):
                "Unknown unit '\(query)'" + (suggestion.map { Suggestions.didYouMean($0) } ?? "; 'units' lists them")
            case .ambiguous(let query, let candidates):
                "Unit '\(query)' is ambiguous: \(ListText.abbreviated(candidates.map { "'\($0)'" }))"
            case .noUnits(let query):
                "Unknown unit '\(query)': there are no units yet; 'import units FILE' or 'units add' adds them"
            case .empty:
                "The unit is empty; give a unit's id or name"
            }
        }
    }

    /// The unit `query` names, trying in turn: an exact id; an exact name (NFC,
    /// case-insensitive); a name without diacritics ("huong van" → "Hương Văn") or without the
    /// words of an office's title before it ("UBND phường Tứ Hạ", "Ủy ban nhân dân xã Hương Toàn",
    /// "phường Tứ Hạ" → "Tứ Hạ") or the place after it ("Phòng Tư pháp thị xã"); whole words of a name, with the diacritics typed when there are
    /// some ("Hạ" → "Tứ Hạ", "tư" → "Phòng Tư pháp" and not "Tứ Hạ"; "tu" → both, ambiguous);
    /// then the start of a name, of a word of it, or of an id; then an id's letters run together
    /// (`tuphap` → `p-tuphap`); then a name as offices shorten it (`Phòng TC-KH`, `VP HĐND-UBND`,
    /// ``abbreviation(of:)``).
    /// - Throws: ``UnitMatcher/MatchError`` when nothing matches (with a suggestion) or several
    ///   units do at the first step that finds any.
    public static func match(_ query: String, in units: [EvaluatedUnit]) throws -> EvaluatedUnit {
        // Dashes as Word and Excel autocorrect them (`Tài chính – Kế hoạch`) are hyphens.
        let trimmed = hyphens(VietnameseText.nfc(query).trimmingWhitespace)
        guard !trimmed.isEmpty else { throw MatchError.empty }
        guard !units.isEmpty else { throw MatchError.noUnits(query: query) }
        let lowered = trimmed.lowercased()
        if let unit = units.first(where: { $0.id.lowercased() == lowered }) { return unit }
        let exact = units.filter { hyphens($0.name).lowercased() == lowered }
        if exact.count == 1 { return exact[0] }
        let key = VietnameseText.fold(trimmed)
        let titled = withoutTitle(key)
        let folded = units.map { VietnameseText.fold(hyphens($0.name)) }
        func words(_ text: String, contain phrase: String) -> Bool { " \(text) ".contains(" \(phrase) ") }
        let marked = key != lowered
        let spoken = Self.words(of: key)
        let steps: [[Int]] = [
            units.indices.filter { folded[$0] == key },
            // The same words, punctuated otherwise (`Văn hóa - Thông tin` for `Văn hóa, Thông tin`).
            units.indices.filter { Self.words(of: folded[$0]) == spoken },
            // A dash for "và" (`Văn hóa - Thông tin` for `Văn hóa và Thông tin`).
            units.indices.filter { withoutAnd(Self.words(of: folded[$0])) == withoutAnd(spoken) },
            units.indices.filter { withoutTitle(folded[$0]) == titled },
            // The place after an office's name (`Phòng Tư pháp thị xã`, `… huyện Phong Điền`).
            withoutPlace(titled) == titled
                ? [] : units.indices.filter { withoutPlace(withoutTitle(folded[$0])) == withoutPlace(titled) },
            marked ? units.indices.filter { words(hyphens(units[$0].name).lowercased(), contain: lowered) } : [],
            units.indices.filter { words(folded[$0], contain: key) },
            units.indices.filter {
                folded[$0].hasPrefix(key) || VietnameseText.fold(units[$0].id).hasPrefix(key)
                    || (" " + folded[$0]).contains(" " + key)
            },
            // Letters of an id run together ("tuphap" → p-tuphap, "noivu" → p-noivu).
            compact(key).count < 3 ? [] : units.indices.filter { compact(units[$0].id).contains(compact(key)) },
            // An office's name as offices shorten it ("Phòng TC-KH", "Phòng LĐTBXH", "VP HĐND-UBND").
            abbreviation(trimmed).map { short in units.indices.filter { abbreviation(of: units[$0].name) == short } }
                ?? [],
        ]
        for step in steps where !step.isEmpty {
            if step.count == 1 { return units[step[0]] }
            throw MatchError.ambiguous(
                query: query,
                candidates: step.map { "\(units[$0].id) (\(units[$0].name))" }.sorted(by: VietnameseText.precedes))
        }
        let suggestion = Suggestions.closest(to: trimmed, in: units.map(\.name))
        throw MatchError.unknown(query: query, suggestion: suggestion)
    }

    /// True when `text` has a word written with marks (`Vân`) that the name has with other marks
    /// (`Văn`): the same letters, other diacritics. Words the name does not have (a title,
    /// `phường`) do not count.
    static func marksDiffer(_ text: String, from name: String) -> Bool {
        let named = hyphens(VietnameseText.nfc(name)).lowercased().split { !$0.isLetter && !$0.isNumber }
        let foldedNamed = Set(named.map { VietnameseText.fold(String($0)) })
        let exact = Set(named.map(String.init))
        return hyphens(VietnameseText.nfc(text)).lowercased().split { !$0.isLetter && !$0.isNumber }.contains { word in
            let word = String(word)
            let folded = VietnameseText.fold(word)
            return folded != word && foldedNamed.contains(folded) && !exact.contains(word)
        }
    }

    /// The letters a name is shortened to: each word's first letter, every letter of a word that
    /// stands for several (``isShortened(_:)``: `HĐND`, `tc`), without `và` and the place after the name (`thị xã …`),
    /// folded: `Phòng Tài chính - Kế hoạch` and `Phòng TC-KH` are both `ptckh`, `Văn phòng HĐND
    /// và UBND` and `VP HĐND-UBND` both `vphdndubnd`.
    static func abbreviation(of name: String) -> String {
        var words = VietnameseText.nfc(name).split { !$0.isLetter && !$0.isNumber }.map(String.init)
        let folded = words.map(VietnameseText.fold)
        for start in 1..<max(folded.count, 1) {
            let rest = folded[start...].joined(separator: " ")
            if placeWords.contains(where: { rest == $0.dropFirst() || rest.hasPrefix($0.dropFirst() + " ") }) {
                words = Array(words[..<start])
                break
            }
        }
        return words.filter { VietnameseText.fold($0) != "va" }.map { word in
            VietnameseText.fold(isShortened(word) ? word : String(word.prefix(1)))
        }.joined()
    }

    /// True for a word that stands for several (`HĐND`, `tc`, `ldtbxh`): written in capitals, or
    /// without a vowel, which no Vietnamese word is; `UBND` in any case.
    static func isShortened(_ word: some StringProtocol) -> Bool {
        guard word.count >= 2 else { return false }
        if word.allSatisfy({ $0.isUppercase || $0.isNumber }) { return true }
        let folded = VietnameseText.fold(String(word))
        return folded == "ubnd" || !folded.contains { "aeiouy".contains($0) }
    }

    /// ``abbreviation(of:)`` of a typed name that is shortened (a word in capitals, three
    /// letters or more in all); nil for a name written out, which the steps before compare.
    static func abbreviation(_ typed: String) -> String? {
        let words = typed.split { !$0.isLetter && !$0.isNumber }
        guard words.contains(where: isShortened) else { return nil }
        let short = abbreviation(of: typed)
        return short.count >= 3 ? short : nil
    }

    /// `text` with en and em dashes, the minus sign and Unicode hyphens as `-`.
    static func hyphens(_ text: String) -> String {
        guard text.unicodeScalars.contains(where: { (0x2010...0x2015).contains($0.value) || $0.value == 0x2212 }) else {
            return text
        }
        return String(
            String.UnicodeScalarView(
                text.unicodeScalars.map { (0x2010...0x2015).contains($0.value) || $0.value == 0x2212 ? "-" : $0 }))
    }

    /// A folded name's words, without punctuation: `van hoa, thong tin` → `van hoa thong tin`.
    static func words(of folded: String) -> String {
        folded.split { !$0.isLetter && !$0.isNumber }.joined(separator: " ")
    }

    /// A folded name's words without "và" (and): `van hoa va thong tin` → `van hoa thong tin`.
    static func withoutAnd(_ words: String) -> String {
        words.split(separator: " ").filter { $0 != "va" }.joined(separator: " ")
    }

    /// Folded letters and digits alone: `p-tuphap` → `ptuphap`.
    static func compact(_ text: String) -> String {
        VietnameseText.fold(text).filter { $0.isLetter || $0.isNumber }
    }

    /// The words of a commune's title that may stand before its name (folded): the People's
    /// Committee (`UBND`, `Ủy ban nhân dân`) and the kind of unit (`phường`, `xã`, `thị trấn`).
    static let titleWords = ["uy ban nhan dan ", "ubnd ", "phuong ", "xa ", "thi tran "]

    /// The words that start the place an office belongs to, after its name (folded).
    static let placeWords = [" thi xa", " thanh pho", " huyen"]

    /// A folded name without the place after it (`phong tu phap thi xa huong tra` → `phong tu
    /// phap`; `tu ha, thi xa huong tra` → `tu ha`); the name itself when nothing would be left.
    static func withoutPlace(_ folded: String) -> String {
        for word in placeWords {
            guard let found = folded.range(of: word), found.lowerBound > folded.startIndex else { continue }
            let after = folded[found.upperBound...]
            guard after.isEmpty || after.hasPrefix(" ") else { continue }
            // The comma, semicolon or dash that set the place off.
            let name = folded[..<found.lowerBound].reversed().drop { ",;-– ".contains($0) }.reversed()
            if !name.isEmpty { return String(name) }
        }
        return folded
    }

    /// A folded name without the title words before it (`ubnd phuong tu ha` → `tu ha`); the
    /// name itself when nothing would be left.
    static func withoutTitle(_ folded: String) -> String {
        var rest = Substring(folded)
        var stripped = true
        while stripped {
            stripped = false
            for word in titleWords where rest.hasPrefix(word) && rest.count > word.count {
                rest = rest.dropFirst(word.count)
                stripped = true
            }
        }
        return String(rest)
    }
}

/// Resolves the unit column of imported rows, once per distinct text: an id as written, else
/// what ``UnitMatcher/match(_:in:)`` finds (an id in another case, a name as the REPL matches
/// names). Keeps which texts were read by name, for the import's summary.
public struct UnitResolver: Sendable {
    private let units: [EvaluatedUnit]
    private let byID: [String: Int]
    private var cache: [String: Result<Int, UnitMatcher.MatchError>] = [:]
    /// Texts that named a unit other than by its exact id → the id they were read as.
    public private(set) var readAs: [String: String] = [:]
    /// Of those, the names written with other marks than the unit's (`Hưong Vân` for Hương Văn).
    public private(set) var markedOtherwise: [String: String] = [:]

    /// Resolves among `units`.
    public init(_ units: [EvaluatedUnit]) {
        self.units = units
        byID = Dictionary(units.enumerated().map { ($1.id, $0) }, uniquingKeysWith: { first, _ in first })
    }

    /// The index in the units of the unit `text` names.
    /// - Returns: the index, or the ``UnitMatcher/MatchError`` (unknown with a suggestion, or
    ///   ambiguous with the candidates).
    public mutating func index(of text: String) -> Result<Int, UnitMatcher.MatchError> {
        if let index = byID[text] { return .success(index) }
        if let known = cache[text] { return known }
        let found: Result<Int, UnitMatcher.MatchError>
        do {
            let unit = try UnitMatcher.match(text, in: units)
            found = .success(byID[unit.id]!)
            readAs[text] = unit.id
            if UnitMatcher.marksDiffer(text, from: unit.name) { markedOtherwise[text] = unit.id }
        } catch UnitMatcher.MatchError.unknown(let query, let suggestion) {
            // An id-like text is more likely a mistyped id than a name.
            found = .failure(
                .unknown(query: query, suggestion: Suggestions.closest(to: text, in: units.map(\.id)) ?? suggestion))
        } catch let error as UnitMatcher.MatchError {
            found = .failure(error)
        } catch {
            found = .failure(.unknown(query: text, suggestion: nil))
        }
        cache[text] = found
        return found
    }

    /// The problem message for a row whose unit is `error`: `Unknown unit 'tu-haa'; did you
    /// mean 'tu-ha'?`, or the ambiguous candidates.
    public static func message(_ error: UnitMatcher.MatchError) -> String {
        switch error {
        case .unknown(let query, let suggestion):
            "Unknown unit '\(query)'"
                + (suggestion.map { Suggestions.didYouMean($0, style: .clause) }
                    ?? "; 'units' lists the workspace's units by id and name ('units add' or 'import units' adds one)")
        case .ambiguous:
            "\(error.description); write the unit's id"
        case .noUnits:
            error.description
        case .empty:
            "The unit is empty: each row needs its unit (a CSV saved from a sheet whose unit is merged down several rows keeps it in the first row only; import the .xlsx itself, or fill the unit down)"
        }
    }

    /// When a row gives a unit by id and its name in another column (`Mã đơn vị`, `Tên đơn vị`)
    /// and the name is another unit's: a copy-paste slip that would put the points on the wrong
    /// unit. A name that finds no unit, or several, says nothing (an abbreviation, a title).
    /// - Returns: the problem's message, or nil when the name is the unit's or names none.
    public mutating func disagreement(unit index: Int, name: String) -> String? {
        let name = name.trimmingWhitespace
        guard !name.isEmpty else { return nil }
        let key = NamePair(unit: index, name: name)
        if let known = disagreements[key] { return known }
        var found: String?
        if let named = try? UnitMatcher.match(name, in: units), named.id != units[index].id {
            let which = VietnameseText.nfc(name) == named.name ? named.id : "\(named.name), \(named.id)"
            found =
                "Unit '\(units[index].id)' is \(units[index].name), but the row's name is '\(name)' (\(which)); correct the id or the name"
        }
        if disagreements.count < 4096 { disagreements[key] = .some(found) }
        return found
    }

    private struct NamePair: Hashable, Sendable {
        let unit: Int
        let name: String
    }
    private var disagreements: [NamePair: String?] = [:]

    /// Folds the names another resolver of the same file read (a stretch of a parallel scan).
    public mutating func absorb(_ other: UnitResolver) {
        readAs.merge(other.readAs) { first, _ in first }
        markedOtherwise.merge(other.markedOtherwise) { first, _ in first }
    }

    /// For the import's warnings: the names read as a unit whose marks differ from the unit's
    /// name (`Hưong Vân` → Hương Văn): read as a person would, told so each can be checked (a
    /// wrong mark may also be the wrong unit). Every one is named, up to 16.
    public var marksWarning: String? {
        guard !markedOtherwise.isEmpty else { return nil }
        let pairs = markedOtherwise.sorted { $0.key < $1.key }.map { text, id in
            "'\(text)' → \(units[byID[id]!].name) (\(id))"
        }
        let count = pairs.count
        return
            "\(count) unit name\(count == 1 ? " is" : "s are") written with other marks than the unit's, and read as the unit with the same letters: \(ListText.abbreviated(pairs, limit: 16)); check \(count == 1 ? "it is" : "each is") the unit meant"
    }

    /// For the import's closing line: `units matched by name or case: Tứ Hạ → tu-ha, …` (the first five).
    public var summary: String? {
        guard !readAs.isEmpty else { return nil }
        let pairs = readAs.sorted { $0.key < $1.key }.map { "\($0.key) → \($0.value)" }
        let shown = pairs.prefix(5).joined(separator: ", ")
        return "units matched by name or case: \(shown)\(pairs.count > 5 ? " and \(pairs.count - 5) more" : "")"
    }
}
