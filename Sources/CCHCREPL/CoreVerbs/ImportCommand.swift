import ArgumentParser
import CCHCCore
import CCHCModuleKit
import Foundation

struct ImportCommand: WorkbenchCommand {
    static let configuration = CommandConfiguration(
        commandName: "import",
        abstract:
            "Import units, scores, evidence, dossiers or a TTHC checklist from a CSV or .xlsx file, all or nothing.",
        discussion: """
            Files are UTF-8 (with or without BOM), comma or semicolon separated (semicolon files \
            may use decimal commas, 2,5), LF or CRLF, with a header row. Every problem is reported \
            as FILE:LINE:COLUMN; a file with any problem writes nothing. --check only reports.

            Examples:
              import units units.csv
              import scores scores-2024.csv --check
              import evidence survey.csv --year 2024
              import dossiers mot-cua-2024.csv --check
              import tthc checklist.csv

            Any other word names an evidence collector of a module ('modules' lists them): it \
            reads the file, derives evidence values per unit and year, and they are stored with \
            the file's name, SHA-256, rows and time.
            """,
        subcommands: [Units.self, Scores.self, Evidence.self, UnitsHistory.self, Collected.self],
        defaultSubcommand: Collected.self
    )

    func run(in context: CommandContext) throws {}

    /// A file of values cannot be read into a workspace without units (every row names one):
    /// said once, before the file is read, instead of once a row.
    /// - Throws: ``UserError`` when the workspace has no units.
    static func requireUnits(_ file: String, in context: CommandContext) throws {
        guard try context.evaluation.units().isEmpty else { return }
        throw UserError(
            "\(file) cannot be imported yet: the workspace has no units; 'import units FILE' or 'units add' adds them first (or is --workspace the wrong file?)"
        )
    }

    static func report(_ outcome: ImportOutcome, check: Bool, in context: CommandContext) throws {
        var warnings = outcome.warnings
        if outcome.rows == 0, outcome.problemCount == 0 {
            // Most often the wrong export, or a workbook whose data is on another sheet.
            warnings.append(
                "\(outcome.file) has no rows of data under its header: is it the right file\(outcome.file.lowercased().hasSuffix(".xlsx") ? " (or sheet: --sheet NAME)" : "")?"
            )
        }
        // The first file written into a workspace that began with the bundled sample: the
        // sample's synthetic values stay beside it, and the label says so from now on.
        let label =
            !check && outcome.applied && outcome.problemCount == 0 ? try context.evaluation.syntheticLabel() : nil
        let besideSample = label == SampleTown.label
        if besideSample {
            warnings.append(
                "This workspace began with the bundled sample year: its SYNTHETIC values stay where your files give none, and score views say so; for your data alone, import into a workspace of its own (cchc --workspace PATH)"
            )
        }
        for warning in warnings { context.write("Warning: \(warning)") }
        for problem in outcome.problems { context.writeError("Error: \(problem)") }
        let rows =
            "\(outcome.rows) row\(outcome.rows == 1 ? "" : "s")"
            + (outcome.reading.isEmpty ? "" : " (\(outcome.reading.joined(separator: "; ")))")
        if outcome.problemCount > 0 {
            let shown =
                outcome.problems.count < outcome.problemCount ? " (the first \(outcome.problems.count) shown)" : ""
            let count = "\(outcome.problemCount) problem\(outcome.problemCount == 1 ? "" : "s")"
            throw UserError("\(count) in \(outcome.file)\(shown); \(check ? "checked, " : "")nothing was imported")
        }
        // Scripts read the counts as numbers beside the sentence (json and jsonl).
        if CommandContext.documentFormats.contains(context.format), let counts = outcome.counts {
            try context.emit(
                Report(facts: [
                    Fact("file", "File", .text(outcome.file)), Fact("rows", "Rows", .integer(outcome.rows)),
                    Fact("checked", "Checked only", .bool(check)), Fact("applied", "Written", .bool(outcome.applied)),
                    Fact("added", "Added", .integer(counts.added)),
                    Fact("changed", "Changed", .integer(counts.changed)),
                    Fact("unchanged", "Unchanged", .integer(counts.unchanged)),
                    Fact(
                        "read_as", "Read as",
                        outcome.reading.isEmpty ? .null : .text(outcome.reading.joined(separator: "; "))),
                ]))
        }
        if check {
            context.write("Checked \(outcome.file): \(rows), no problems; \(outcome.summary). Nothing was written.")
        } else {
            context.write("Imported \(outcome.file): \(rows); \(outcome.summary).")
            if besideSample { try context.evaluation.relabelSyntheticData(SampleTown.mixedLabel) }
        }
    }
}
