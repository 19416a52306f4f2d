import ArgumentParser
import CCHCCore
import CCHCModuleKit
import Foundation

/// `sample dossiers …`: writes a synthetic dossier export.
struct SampleCommand: WorkbenchCommand {
    static let configuration = CommandConfiguration(
        commandName: "sample",
        abstract: "Write synthetic input files (dossier exports) for trials, tests and benchmarks.",
        discussion: """
            Examples:
              sample dossiers --rows 5000 --seed 7 --out dossiers.csv
              sample dossiers --units tu-ha,huong-van --rows 200 --vietnamese --out mot-cua.csv

            Without --units, the dossiers go to the workspace's wards and communes. The same \
            arguments always give the same file. 'cchc sample dossiers …' writes to standard \
            output when --out is not given.
            """
    )

    @Argument(help: "What to write: dossiers.")
    var kind: String

    @OptionGroup var options: DossierSampleOptions

    @Option(name: .long, help: "The file to write (replaced if it exists); '-' is standard output on the command line.")
    var out: String?

    func run(in context: CommandContext) throws {
        guard kind == "dossiers" else { throw UserError("Cannot make a sample of '\(kind)'; expected dossiers") }
        guard let out, out != "-" else {
            guard let stream = context.streamOutput else {
                throw UserError("Say which file to write: --out FILE (standard output only from 'cchc sample')")
            }
            try options.generator(in: context).write(to: stream)
            return
        }
        let generator = try options.generator(in: context)
        try AtomicFile.write(to: URL(fileURLWithPath: context.resolvePath(out)), shownAs: out) { handle in
            try generator.write(to: handle)
        }
        context.write(
            "Wrote \(generator.rows) synthetic dossiers of \(generator.units.count) unit\(generator.units.count == 1 ? "" : "s") for \(generator.year) to \(out) (seed \(generator.seed))"
        )
    }
}

/// The options of the dossier generator.
struct DossierSampleOptions: ParsableArguments {
    @Option(name: .long, help: "Unit ids, comma-separated (default: the workspace's wards and communes).")
    var units: String?

    @Option(name: .long, help: "Rows to write.")
    var rows = 1000

    @Option(name: .long, help: "The random seed.")
    var seed: UInt64 = 1

    @Option(name: .long, help: "The year of receipt (default: the evaluation year).")
    var year: Int?

    @Flag(name: .long, help: "Vietnamese headers and dd/MM/yyyy HH:mm dates, as the software exports them.")
    var vietnamese = false

    @Flag(
        name: .long,
        help:
            "As offices' exports come: --vietnamese, ';' between fields, yes/no spelt có, Có, x, 1, yes, không, Không or left empty."
    )
    var officeExport = false

    func generator(in context: CommandContext) throws -> DossierGenerator {
        guard rows >= 0 else { throw UserError("--rows must be 0 or more") }
        if let year { try Limits.check(year: year) }
        let known = try context.evaluation.units()
        let chosen: [String]
        if let units {
            chosen = units.split(separator: ",").map { $0.trimmingCharacters(in: .whitespaces) }
            for id in chosen where !known.contains(where: { $0.id == id }) {
                throw UserError("Unknown unit '\(id)'")
            }
        } else {
            chosen = known.filter { $0.kind == .commune || $0.kind == .ward }.map(\.id)
        }
        guard !chosen.isEmpty else { throw UserError("No units to write dossiers for; give --units") }
        return DossierGenerator(
            units: chosen, rows: rows, seed: seed, year: try year ?? context.evaluation.year(), vietnamese: vietnamese,
            officeExport: officeExport)
    }
}
