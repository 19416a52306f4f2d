import ArgumentParser
import CCHCCore
import CCHCModuleKit

/// Score rows shared by `score` and `rank`.
enum ScoreRows {
    /// The band's columns: its code for scripts, its name for everyone, and when a gate demoted
    /// the unit, the band it was demoted from and the gate (for scripts; people read the note).
    static let bandColumns = [
        Column("band", "Band code", shownToPeople: false), Column("band_name", "Band"),
        Column("demoted_from", "Demoted from", shownToPeople: false), Column("gate", "Gate", shownToPeople: false),
    ]

    /// The cells of ``bandColumns`` for `score` (nulls without a band or a demotion).
    static func band(_ score: UnitScore) -> [Cell] {
        let demoted = !score.gatesApplied.isEmpty
        return [
            score.band.map { .text($0.code) } ?? .null, score.band.map { .text($0.name) } ?? .null,
            demoted ? score.bandBeforeGates.map { .text($0.code) } ?? .null : .null,
            demoted ? .text(score.gatesApplied.map(\.id).joined(separator: ", ")) : .null,
        ]
    }
    static func index(_ score: UnitScore) -> Cell { score.indexPct.map { .number($0) } ?? .null }
    static func rank(_ score: UnitScore) -> Cell { score.rank.map { .integer($0) } ?? .null }

    /// "Tứ Hạ: demoted from 'Xuất sắc' to 'Tốt' by gate no_excellent_if_discipline: …":
    /// the unit by name and id, the bands by name.
    static func gateNotes(_ scores: [UnitScore]) -> [String] {
        scores.flatMap { score in
            score.gatesApplied.map { gate in
                // Bands by the names people read (`Xuất sắc`), the codes where the unit had neither.
                func name(_ code: String) -> String {
                    [score.bandBeforeGates, score.band].compactMap { $0 }.first { $0.code == code }?.name ?? code
                }
                return
                    "\(score.unit.name): demoted from '\(name(gate.appliesTo))' to '\(name(gate.demoteTo))' by gate \(gate.id): \(gate.text)"
            }
        }
    }
}

/// The columns every unit row of `score` and `rank` ends with: the ranking group (for scripts;
/// people see it as the table's sections), applicable leaves with nothing recorded, and whether
/// and why the unit is not ranked (shown to people only when some unit is not).
func completenessColumns(_ scores: [UnitScore]) -> [Column] {
    [
        // A column of zeros says nothing to people: shown when a unit has leaves missing.
        Column("group", "Group", shownToPeople: false),
        Column("missing_leaves", "Missing", shownToPeople: scores.contains { $0.missingLeaves > 0 }),
        Column("ranked", "Ranked", shownToPeople: false),
        Column("reason", "Not ranked because", shownToPeople: scores.contains { $0.unrankedReason != nil }),
    ]
}

/// The cells of ``completenessColumns(_:)`` for `score`.
func completenessCells(_ score: UnitScore) -> [Cell] {
    [
        score.group.isEmpty || (score.group == RankingPolicy.noGroup && score.unit.group == nil)
            ? .null : .text(score.group),
        .integer(score.missingLeaves),
        .bool(score.unrankedReason == nil), score.unrankedReason.map(Cell.text) ?? .null,
    ]
}

/// The sections people see of scores listed in ranking order: one per ranking group, and the
/// units not ranked apart after each group's ranked units; none when there is one group and
/// every unit is ranked.
func rankingSections(_ scores: [UnitScore]) -> [TableSection] {
    var sections: [TableSection] = []
    var last: (group: String, ranked: Bool)?
    for score in scores {
        let key = (group: score.group, ranked: score.unrankedReason == nil)
        if let last, last == key {
            sections[sections.count - 1].count += 1
        } else {
            let name = key.group.isEmpty ? "" : "Group '\(key.group)'"
            let title =
                key.ranked ? (name.isEmpty ? "Ranked" : name) : (name.isEmpty ? "Not ranked" : name + ": not ranked")
            sections.append(TableSection(title: title, count: 1))
        }
        last = key
    }
    return sections.count == 1 && scores.allSatisfy { $0.unrankedReason == nil } ? [] : sections
}

/// Notes on incomplete and unranked units: which units have applicable leaves with nothing
/// recorded (they score 0), and which are not ranked, with why.
func completenessNotes(_ scores: [UnitScore]) -> [String] {
    var notes: [String] = []
    let incomplete = scores.filter { $0.missingLeaves > 0 && $0.indexPct != nil }
    if !incomplete.isEmpty {
        let list = ListText.abbreviated(incomplete.map { "\($0.unit.id) \($0.missingLeaves)" })
        notes.append(
            "Incomplete: \(incomplete.count) unit\(incomplete.count == 1 ? " has" : "s have") applicable leaves with nothing recorded, scored 0 (Missing): \(list)"
        )
    }
    var reasons: [String] = []
    var units: [String: [String]] = [:]
    for score in scores {
        guard let reason = score.unrankedReason else { continue }
        if units[reason] == nil { reasons.append(reason) }
        units[reason, default: []].append(score.unit.id)
    }
    notes += reasons.map { "Not ranked (\($0)): \(ListText.abbreviated(units[$0, default: []]))" }
    return notes
}

/// Resolves unit queries. Words typed without quotes ("huong van", "tu phap") are first taken
/// as one name, unless each is a unit's id; then each word as a unit of its own. A unit named
/// twice is listed once.
func resolveQueries(_ words: [String], in context: CommandContext) throws -> [EvaluatedUnit] {
    let units = try context.evaluation.units()
    guard words.count > 1 else { return try words.map { try UnitMatcher.match($0, in: units) } }
    // Ids as written are a unit each; otherwise the words are one name first.
    let ids = Set(units.map { $0.id.lowercased() })
    var joinedError: Error?
    if !words.allSatisfy({ ids.contains(VietnameseText.nfc($0).trimmingWhitespace.lowercased()) }) {
        do {
            return [try UnitMatcher.match(words.joined(separator: " "), in: units)]
        } catch {
            joinedError = error
        }
    }
    do {
        var seen: Set<String> = []
        return try words.map { try UnitMatcher.match($0, in: units) }.filter { seen.insert($0.id).inserted }
    } catch let wordError as UnitMatcher.MatchError {
        // Words that are all ids never fail: the joined words were tried above.
        guard let error = joinedError else { throw wordError }
        let reported: Error = if case .ambiguous = wordError { error } else { wordError }
        // Without a close name, perhaps several units were meant, one with a space in its name.
        guard case UnitMatcher.MatchError.unknown(_, nil) = error else { throw reported }
        let text = "\(reported)"
        throw UserError(
            text + (text.hasSuffix("?") ? " " : ". ")
                + "To name several units, quote each name that has spaces, e.g. \"Hương Văn\" tu-ha")
    }
}
