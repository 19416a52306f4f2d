import ArgumentParser
import CCHCCore
import CCHCModuleKit
import Foundation

extension ImportCommand {
    struct Scores: WorkbenchCommand {
        static let configuration = CommandConfiguration(
            commandName: "scores",
            abstract: "Import points by stage: unit_id, criterion_id, stage, points[, note][, evidence_ref].",
            discussion: """
                Stages: self, appraisal1, explanation, appraisal2. Points 'na' mark a leaf not \
                applicable; 'bonus' and 'penalty' as criterion ids hold the adjustments.
                """)
        @OptionGroup var options: Options
        @Option(name: .long, help: "The year the scores belong to (default: the evaluation year).")
        var year: Int?
        func run(in context: CommandContext) throws {
            try report(
                context.evaluation.importScores(
                    path: context.resolvePath(options.file), fileName: options.file, year: year,
                    table: options.table.options(), check: options.check,
                    progress: context.progress),
                check: options.check, in: context)
        }
    }
}
