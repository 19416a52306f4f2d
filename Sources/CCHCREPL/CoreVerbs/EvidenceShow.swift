import ArgumentParser
import CCHCCore
import CCHCModuleKit
import Foundation

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
                        Fact("unit_id", "Unit id", .text(unit.id)), Fact("unit", "Unit", .text(unit.name)),
                        Fact("year", "Year", .integer(year)),
                        Fact("key", "Key", .text(detail)), Fact("value", "Value", .text(record.value.display)),
                        Fact(
                            "source", "Source",
                            .text([record.collector, record.source].compactMap { $0 }.joined(separator: ": "))),
                    ],
                    tables: [
                        ReportTable(
                            key: "items", columns: [Column("item", "Item"), Column("note", "Note")],
                            rows: items.map { [.text($0.item), $0.note.map { .text($0) } ?? .null] },
                            whenEmpty: "No items are kept behind \(detail).")
                    ]))
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
                    Fact("unit_id", "Unit id", .text(unit.id)), Fact("unit", "Unit", .text(unit.name)),
                    Fact("year", "Year", .integer(year)),
                ],
                tables: [
                    ReportTable(
                        key: "evidence",
                        columns: [
                            Column("key", "Key"), Column("value", "Value"),
                            Column("kind", "Kind", shownToPeople: false),
                            Column("number", "Number", shownToPeople: false),
                            Column("read_by", "Read by"),
                            Column("source", "Source"), Column("sha256", "SHA-256"), Column("imported_at", "Imported"),
                            Column("note", "Note"),
                        ],
                        rows: records.map { record in
                            [
                                .text(record.key), .text(record.value.display), .text(Self.kind(record.value)),
                                record.value.number.map { .number($0, decimals: 4) } ?? .null,
                                readers[record.key].map { .text($0.joined(separator: ", ")) } ?? .null,
                                .text([record.collector, record.source].compactMap { $0 }.joined(separator: ": ")),
                                record.sourceHash.map { .text(String($0.prefix(12))) } ?? .null,
                                .text(record.importedAt), record.note.map { .text($0) } ?? .null,
                            ]
                        }, whenEmpty: "No evidence recorded for \(unit.id) in \(year)."
                    )
                    // Values typed or generated come from no file: no fingerprint, no notes.
                    .hidingFromPeople(["sha256", "note"])
                ],
                notes: try scenarioNote(unit: unit.id, in: context)))
    }

    /// While a scenario is in use: the evidence it (and the scenarios it builds on) sets for
    /// the unit, which this view of what is recorded does not show in its rows.
    private func scenarioNote(unit: String, in context: CommandContext) throws -> [String] {
        let name = context.currentScenario
        guard name != Scenario.baseline else { return [] }
        var changes: [String: String] = [:]
        var next = name
        while next != Scenario.baseline, let scenario = try? context.evaluation.scenario(next) {
            for override in scenario.overrides {
                if case .evidence(let id, let key, let value) = override, id == unit, changes[key] == nil {
                    changes[key] = value.display
                }
            }
            next = scenario.parent
        }
        guard !changes.isEmpty else {
            return ["Evidence as recorded: scenario '\(name)' in use changes none of \(unit)'s"]
        }
        let listed = changes.sorted { $0.key < $1.key }.map { "\($0.key) → \($0.value)" }
        return [
            "Evidence as recorded: scenario '\(name)' in use sets \(listed.joined(separator: ", ")) ('explain \(unit)' scores the scenario)"
        ]
    }

    /// What a value is, for scripts: `number` (a count or an index), `percent`, `fraction`
    /// (its `number` is the percentage, null for no cases) or `yes_no` (1 or 0).
    static func kind(_ value: EvidenceValue) -> String {
        switch value {
        case .number: "number"
        case .percent: "percent"
        case .fraction: "fraction"
        case .bool: "yes_no"
        }
    }
}
