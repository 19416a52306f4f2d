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
        @Option(
            name: .long,
            help: "The stage of every row, for a file without a stage column (self, appraisal1, 'Thẩm định lần 1', …).")
        var stage: String?
        func run(in context: CommandContext) throws {
            let given = try stage.map { text in
                guard let stage = Stage(written: text) else {
                    let names = Stage.allCases.map(\.rawValue)
                    throw UserError(
                        "Unknown stage '\(text)' for --stage; expected \(names.joined(separator: ", "))\(Suggestions.hint(for: text, in: names, style: .clause))"
                    )
                }
                return stage
            }
            try requireUnits(options.file, in: context)
            try report(
                context.evaluation.importScores(
                    path: context.resolvePath(options.file), fileName: options.file, year: year,
                    table: options.table.options(), stage: given, check: options.check,
                    progress: context.progress),
                check: options.check, in: context)
        }
    }
}
