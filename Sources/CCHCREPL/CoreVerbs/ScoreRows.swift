import ArgumentParser
import CCHCCore
import CCHCModuleKit

/// Score rows shared by `score` and `rank`.
enum ScoreRows {
    static func bandName(_ score: UnitScore) -> Cell { score.band.map { .text($0.name) } ?? .text("—") }
    static func index(_ score: UnitScore) -> Cell { score.indexPct.map { .number($0) } ?? .null }
    static func rank(_ score: UnitScore) -> Cell { score.rank.map { .integer($0) } ?? .null }

    /// "tu-ha: Xuất sắc → Tốt (gate no_excellent_if_discipline: …)".
    static func gateNotes(_ scores: [UnitScore]) -> [String] {
        scores.flatMap { score in
            score.gatesApplied.map { gate in
                "\(score.unit.id): demoted from '\(gate.appliesTo)' to '\(gate.demoteTo)' by gate \(gate.id): \(gate.text)"
            }
        }
    }
}

/// A note naming the units left unranked because nothing is recorded for them.
func unranked(_ scores: [UnitScore], year: Int) -> [String] {
    let missing = scores.filter { $0.rank == nil }.map(\.unit.id)
    guard !missing.isEmpty else { return [] }
    return ["Not ranked (nothing recorded for \(year) or nothing applicable): \(missing.joined(separator: ", "))"]
}

/// Resolves unit queries. Words typed without quotes ("huong van") are taken as one name when
/// they do not each name a unit.
func resolveQueries(_ words: [String], in context: CommandContext) throws -> [EvaluatedUnit] {
    let units = try context.evaluation.units()
    do {
        return try words.map { try UnitMatcher.match($0, in: units) }
    } catch let wordError as UnitMatcher.MatchError {
        guard words.count > 1 else { throw wordError }
        do {
            return [try UnitMatcher.match(words.joined(separator: " "), in: units)]
        } catch {
            if case .ambiguous = wordError { throw error }
            throw wordError
        }
    }
}
