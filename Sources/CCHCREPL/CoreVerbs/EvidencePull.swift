import ArgumentParser
import CCHCCore
import CCHCModuleKit
import Foundation

/// `evidence pull COLLECTOR --url …`: evidence aggregated inside a database.
struct EvidencePull: WorkbenchCommand {
    static let configuration = CommandConfiguration(
        commandName: "pull",
        abstract: "Pull evidence aggregated inside a database: evidence pull postgres --url URL --table TABLE.",
        discussion: """
            The collector sends one query with GROUP BY and receives a row per unit and year: \
            nothing is read row by row over the wire. --map names the table's columns when they \
            differ from the canonical ones (dossier_id, unit_id, received_at, due_at, \
            resolved_at, channel, digitized, entered_in_software, apology_issued).

            Examples:
              evidence pull postgres --url postgres://cchc@localhost:5432/motcua --table dossiers
              evidence pull postgres --url postgres://cchc@localhost/motcua --table ho_so --map unit_id=ma_don_vi --map received_at=ngay_tiep_nhan --check
            """)

    @Argument(help: "The collector: postgres.")
    var collector: String

    @Option(name: .long, help: "The database, e.g. postgres://user:password@host:port/database.")
    var url: String

    @Option(name: .long, help: "The table or view holding one row per dossier.")
    var table: String

    @Option(name: .long, help: "A column mapping KEY=COLUMN (repeatable).")
    var map: [String] = []

    @Option(name: .long, help: "Only dossiers received in this year.")
    var year: Int?

    @Flag(name: .long, help: "Report what would change without writing anything.")
    var check = false

    func run(in context: CommandContext) throws {
        let pullers = context.registry.collectors.map(\.value).filter { !$0.readsFiles }
        guard let chosen = pullers.first(where: { $0.id == collector }) else {
            throw UserError(
                "Cannot pull from '\(collector)'; expected one of \(pullers.map(\.id).joined(separator: ", "))")
        }
        var options = ["table": table]
        for mapping in map {
            let parts = mapping.split(separator: "=", maxSplits: 1).map(String.init)
            guard parts.count == 2, !parts[0].isEmpty, !parts[1].isEmpty else {
                throw UserError("Mapping '\(mapping)' is not KEY=COLUMN, e.g. unit_id=ma_don_vi")
            }
            options["column." + parts[0]] = parts[1]
        }
        let shown = URLText.withoutSecrets(url)
        try ImportCommand.report(
            context.evaluation.importCollected(
                chosen, path: url, fileName: "\(shown) \(table)", year: year, options: options, check: check,
                progress: context.progress),
            check: check, in: context)
    }
}
