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
