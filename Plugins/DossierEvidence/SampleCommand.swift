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
              sample dossiers --rows 1000 --anomalies 0.02 --out with-anomalies.csv

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
        let generator = try options.generator(in: context)
        var anomalies = DossierGenerator.AnomalyCounts()
        if let out, out != "-" {
            try AtomicFile.write(to: URL(fileURLWithPath: context.resolvePath(out)), shownAs: out) { handle in
                anomalies = try generator.write(to: handle)
            }
        } else {
            guard let stream = context.streamOutput else {
                throw UserError("Say which file to write: --out FILE (standard output only from 'cchc sample')")
            }
            anomalies = try generator.write(to: stream)
        }
        var written =
            "Wrote \(generator.rows) synthetic dossiers of \(generator.units.count) unit\(generator.units.count == 1 ? "" : "s") for \(generator.year) to \(out.flatMap { $0 == "-" ? nil : $0 } ?? "standard output") (seed \(generator.seed))"
        if generator.anomalies > 0 {
            let kinds: [(DossierAnomaly, Int)] = [
                (.resolvedBeforeReceived, anomalies.resolvedBeforeReceived),
                (.dueBeforeReceived, anomalies.dueBeforeReceived), (.repeatedID, anomalies.repeatedID),
            ]
            written +=
                "; \(anomalies.total) \(anomalies.total == 1 ? "is an anomaly" : "are anomalies") the import sets aside"
                + (anomalies.total == 0
                    ? ""
                    : " (\(kinds.filter { $0.1 > 0 }.map { "\($0.0.text): \($0.1)" }.joined(separator: ", ")))")
        }
        context.write(written)
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

    @Option(
        name: .long,
        help:
            "The chance (0 to 1, e.g. 0.01) that a row is written as an anomaly: resolved or due before it was received, or a dossier id written again (default: none)."
    )
    var anomalies: Double = 0

    func generator(in context: CommandContext) throws -> DossierGenerator {
        guard rows >= 0 else { throw UserError("--rows must be 0 or more") }
        guard anomalies >= 0 && anomalies <= 1 else {
            throw UserError("--anomalies is a share of the rows, from 0 to 1 (e.g. 0.01 for one row in a hundred)")
        }
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
            officeExport: officeExport, anomalies: anomalies)
    }
}
