import ArgumentParser
import CCHCCore
import CCHCModuleKit
import Foundation

struct YearCommand: WorkbenchCommand {
    static let configuration = CommandConfiguration(
        commandName: "year",
        abstract: "Show or set the evaluation year that scoring, imports and stages work on.",
        discussion: "Examples:\n  year\n  year 2025"
    )

    @Argument(help: "The year to switch to.")
    var year: Int?

    func run(in context: CommandContext) throws {
        guard let year else {
            let current = try context.evaluation.year()
            let counts = try context.evaluation.workspace().counts(year: current)
            try context.emit(
                Report(facts: [
                    Fact("year", "Evaluation year", .integer(current)),
                    Fact("assessments", "Assessments", .integer(counts.assessments)),
                    Fact("evidence", "Evidence values", .integer(counts.evidence)),
                ]))
            return
        }
        try Limits.check(year: year)
        try context.evaluation.setYear(year)
        let counts = try context.evaluation.workspace().counts(year: year)
        context.write("Evaluation year \(year): \(counts.assessments) assessments, \(counts.evidence) evidence values")
        if counts.assessments + counts.evidence == 0,
            let hint = try context.evaluation.workspace().nothingRecorded(year: year)
        {
            context.write("Warning: \(hint)")
        }
    }
}
