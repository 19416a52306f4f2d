import ArgumentParser
import CCHCCore
import CCHCModuleKit

/// The `--set` option shared by the scoring and criteria commands.
struct SetOption: ParsableArguments {
    @Option(name: .long, help: "The criteria set (default: the one chosen with 'use').")
    var set: String?

    func resolve(in context: CommandContext) throws -> CriteriaSet {
        try context.evaluation.criteriaSet(set ?? context.evaluation.currentSetID)
    }
}

/// Notes every data view carries: for each of `setIDs`, a note when the evaluation year's scores
/// were recorded against other content of the set (views that score each year with its own
/// version, such as `compare`, pass none); the sample's synthetic label.
func dataNotes(_ context: CommandContext, setIDs: [String]) throws -> [String] {
    try setIDs.compactMap { try context.evaluation.setDriftNote(setID: $0) }
        + (context.evaluation.syntheticLabel().map { [$0] } ?? [])
}

/// The error for a criterion id `set` does not have: the nearest criterion above it or the
/// closest by spelling, and the other set that has it (a department's id typed for a commune).
func unknownCriterion(_ id: String, in set: CriteriaSet, context: CommandContext) throws -> UserError {
    let elsewhere = try context.evaluation.allCriteriaSets().filter { $0.id != set.id && $0.node(id) != nil }.map(\.id)
    if let other = elsewhere.first {
        return UserError(
            "Criterion '\(id)' is of set '\(other)', not of set '\(set.id)' (the set this view reads)"
        )
    }
    let hint = set.suggestion(for: id).map { Suggestions.didYouMean($0) } ?? ""
    return UserError("Unknown criterion '\(id)' in set '\(set.id)'\(hint)")
}

/// For a view of recorded data only (`evidence`, `compare`, `lessons`) while a scenario is in
/// use: a note saying the scenario is not applied, so nobody reads its numbers as the scenario's.
func recordedOnlyNote(_ context: CommandContext, _ what: String) -> [String] {
    context.currentScenario == Scenario.baseline
        ? [] : ["\(what) as recorded: scenario '\(context.currentScenario)' in use is not applied to this view"]
}
