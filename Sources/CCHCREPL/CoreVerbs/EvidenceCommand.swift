import ArgumentParser
import CCHCCore
import CCHCModuleKit
import Foundation

struct EvidenceCommand: WorkbenchCommand {
    static let configuration = CommandConfiguration(
        commandName: "evidence",
        abstract: "Show a unit's evidence for the year with its provenance and the criteria that read it.",
        discussion: """
            Examples:
              evidence tu-ha
              evidence tu-ha --detail dossiers.overdue_count
              evidence pull postgres --url postgres://cchc@db.local/motcua --table dossiers
            """,
        subcommands: [EvidenceShow.self, EvidencePull.self],
        defaultSubcommand: EvidenceShow.self
    )

    func run(in context: CommandContext) throws {}
}

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
        let shown = Self.withoutPassword(url)
        try ImportCommand.report(
            context.evaluation.importCollected(
                chosen, path: url, fileName: "\(shown) \(table)", year: year, options: options, check: check,
                progress: context.progress),
            check: check, in: context)
    }

    /// The URL with any password replaced by `***`, for messages and provenance.
    static func withoutPassword(_ url: String) -> String {
        guard var parts = URLComponents(string: url), parts.password != nil else { return url }
        parts.password = "***"
        return parts.string ?? url
    }
}

struct EvidenceShow: WorkbenchCommand {
    static let configuration = CommandConfiguration(
        commandName: "show",
        abstract: "Show a unit's evidence for the year with its provenance and the criteria that read it.",
        discussion: """
            Examples:
              evidence tu-ha
              evidence huong van
              evidence tu-ha --detail dossiers.overdue_count

            --detail lists what a collector kept behind a value: the overdue dossiers, those \
            without an apology, the procedures not published…
            """
    )

    @Argument(help: "A unit id or name.")
    var unit: [String]

    @Option(name: .long, help: "List the items behind this evidence key (e.g. dossiers.overdue_count).")
    var detail: String?

    func run(in context: CommandContext) throws {
        guard let unit = try resolveQueries([unit.joined(separator: " ")], in: context).first else { return }
        let set = try context.evaluation.criteriaSet(unit.setID)
        let year = try context.evaluation.year()
        if let detail {
            let records = try context.evaluation.workspace().evidence(unit: unit.id, year: year)
            guard let record = records.first(where: { $0.key == detail }) else {
                let hint =
                    Suggestions.hint(for: detail, in: records.map(\.key), style: .clause)
                throw UserError("\(unit.id) has no evidence '\(detail)' in \(year)\(hint)")
            }
            let items = try context.evaluation.workspace().evidenceItems(unit: unit.id, year: year, key: detail)
            try context.emit(
                Report(
                    facts: [
                        Fact("unit_id", "Unit", .text("\(unit.id) (\(unit.name))")),
                        Fact("year", "Year", .integer(year)),
                        Fact("key", "Key", .text(detail)), Fact("value", "Value", .text(record.value.display)),
                        Fact(
                            "source", "Source",
                            .text([record.collector, record.source].compactMap { $0 }.joined(separator: ": "))),
                    ],
                    tables: [
                        ReportTable(
                            key: "items", columns: [Column("item", "Item"), Column("note", "Note")],
                            rows: items.map { [.text($0.item), $0.note.map { .text($0) } ?? .null] })
                    ],
                    notes: items.isEmpty ? ["No items are kept behind \(detail)."] : []))
            return
        }
        var readers: [String: [String]] = [:]
        for leaf in set.leaves { if let key = leaf.rule?.evidenceKey { readers[key, default: []].append(leaf.id) } }
        for gate in set.bands.gates {
            if case .evidenceGreaterThan(let key, _) = gate.condition {
                readers[key, default: []].append("gate \(gate.id)")
            }
        }
        let records = try context.evaluation.workspace().evidence(unit: unit.id, year: year)
        try context.emit(
            Report(
                facts: [
                    Fact("unit_id", "Unit", .text("\(unit.id) (\(unit.name))")), Fact("year", "Year", .integer(year)),
                ],
                tables: [
                    ReportTable(
                        key: "evidence",
                        columns: [
                            Column("key", "Key"), Column("value", "Value"), Column("read_by", "Read by"),
                            Column("source", "Source"), Column("sha256", "SHA-256"), Column("imported_at", "Imported"),
                            Column("note", "Note"),
                        ],
                        rows: records.map { record in
                            [
                                .text(record.key), .text(record.value.display),
                                .text(readers[record.key]?.joined(separator: ", ") ?? "—"),
                                .text([record.collector, record.source].compactMap { $0 }.joined(separator: ": ")),
                                record.sourceHash.map { .text(String($0.prefix(12))) } ?? .null,
                                .text(record.importedAt), record.note.map { .text($0) } ?? .null,
                            ]
                        })
                ],
                notes: records.isEmpty ? ["No evidence recorded for \(unit.id) in \(year)."] : []))
    }
}
