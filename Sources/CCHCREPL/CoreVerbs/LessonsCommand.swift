import ArgumentParser
import CCHCCore
import CCHCModuleKit

/// `lessons UNIT`: what a unit writes when the town asks it to learn from last year.
struct LessonsCommand: WorkbenchCommand {
    static let configuration = CommandConfiguration(
        commandName: "lessons",
        abstract:
            "Learn from last year: where a unit lost points and why, what recurred, and what its block did better.",
        discussion: """
            For the unit: last year's index, band and rank against this year's; each leaf where it \
            lost points last year with why (the stage that decided the points, what the rule makes \
            of the evidence, the evidence), whether the loss recurred this year; and the leaves \
            where the other units of its block (its set and ranking group) did better last year, \
            biggest gap first. Years default to the workspace's year and the one before.

            Examples:
              lessons tu-ha
              lessons "Hương Vinh" --year 2024
              export lessons tu-ha docx bai-hoc-tu-ha.docx
            """)

    @Argument(help: "A unit id or name.")
    var unit: [String]

    @Option(name: .long, help: "The later year (default: the workspace's); the earlier is the one before.")
    var year: Int?

    func run(in context: CommandContext) throws {
        let yearB = try year ?? context.evaluation.year()
        let yearA = yearB - 1
        guard let unit = try resolveQueries([unit.joined(separator: " ")], in: context).first else { return }
        let ground = try context.evaluation.lessons(unitID: unit.id, setID: unit.setID, yearA: yearA, yearB: yearB)
        let (comparison, versionNotes) = (ground.comparison, ground.notes)
        guard let row = ground.row, let a = row.a,
            a.leaves.contains(where: { $0.isApplicable && $0.source != .missing })
        else {
            // Point to years that hold something to compare (not to the year that has nothing).
            let recorded = try context.evaluation.workspace().recordedYears().filter { $0 < yearB }
            let hint =
                recorded.last.map {
                    "; years before \(yearB) with data: \(recorded.map(String.init).joined(separator: ", ")) ('lessons \(unit.id) --year \($0 + 1)')"
                }
                ?? "; no year before \(yearB) holds data"
            throw UserError("Unit '\(unit.id)' has nothing recorded in \(yearA) to learn from\(hint)")
        }
        let set = try context.evaluation.criteriaSet(unit.setID)
        // The block: the other units of its set and ranking group, as last year ranked them.
        let block = comparison.units.compactMap(\.a).filter { $0.unit.id != unit.id && $0.group == a.group }
        func share(_ leaf: LeafScore) -> Double? {
            leaf.isApplicable && leaf.node.maxPoints > 0 ? leaf.points / leaf.node.maxPoints * 100 : nil
        }
        let blockShares = ground.blockShares
        // A leaf with nothing recorded in the later year is missing data there, not a loss.
        let lostB = Dictionary(
            (row.b?.leaves ?? []).filter { $0.isApplicable && $0.source != .missing }
                .map { ($0.node.id, $0.node.maxPoints - $0.points) },
            uniquingKeysWith: { first, _ in first })
        let lostA = Set(
            a.leaves.filter {
                $0.isApplicable && $0.source != .missing && $0.node.maxPoints - $0.points > Scoring.tolerance
            }
            .map(\.node.id))
        // Losses new in the later year (on a criterion that lost nothing in the earlier year,
        // through the crosswalk), with why.
        let newRows = (row.b?.leaves ?? []).filter {
            $0.isApplicable && $0.source != .missing && $0.node.maxPoints - $0.points > Scoring.tolerance
                && !(comparison.group(ofLater: $0.node.id)?.from ?? []).contains(where: lostA.contains)
        }
        .sorted {
            ($0.node.maxPoints - $0.points, CriterionID($1.node.id)) > (
                $1.node.maxPoints - $1.points, CriterionID($0.node.id)
            )
        }
        .map { leaf -> [Cell] in
            [
                .text(leaf.node.id), .text(leaf.node.title), .number(leaf.node.maxPoints), .number(leaf.points),
                .number(leaf.node.maxPoints - leaf.points), .text(ExplainCommand.source(leaf)),
                .text(ExplainCommand.ruleSays(leaf)),
                leaf.evidence.map { .text("\($0.key) = \($0.value.display)") } ?? .null,
            ]
        }
        let lostRows = a.leaves.filter { lostA.contains($0.node.id) }
            .sorted {
                ($0.node.maxPoints - $0.points, CriterionID($1.node.id)) > (
                    $1.node.maxPoints - $1.points, CriterionID($0.node.id)
                )
            }
            .map { leaf -> [Cell] in
                let lost = leaf.node.maxPoints - leaf.points
                // Its successors in the later year's version (itself, renumbered, or split).
                let successors = comparison.group(ofEarlier: leaf.node.id)?.to ?? []
                let values = successors.compactMap { lostB[$0] }
                let later = values.isEmpty ? nil : values.reduce(0, +)
                let recurred = row.b == nil ? nil : later.map { $0 > Scoring.tolerance }
                let shares = blockShares[leaf.node.id] ?? []
                let evidence = leaf.evidence.map { "\($0.key) = \($0.value.display)" }
                return [
                    .text(leaf.node.id), .text(leaf.node.title), .number(leaf.node.maxPoints), .number(leaf.points),
                    .number(lost), .text(ExplainCommand.source(leaf)), .text(ExplainCommand.ruleSays(leaf)),
                    evidence.map(Cell.text) ?? .null, recurred.map(Cell.bool) ?? .null,
                    later.map { .number(max(0, $0)) } ?? .null,
                    shares.isEmpty ? .null : .number(shares.reduce(0, +) / Double(shares.count)),
                ]
            }
        // Where the block did better: the unit's share of the leaf against the block's average.
        let better = a.leaves.compactMap { leaf -> (gap: Double, cells: [Cell])? in
            guard let own = share(leaf), let shares = blockShares[leaf.node.id], !shares.isEmpty else { return nil }
            let average = shares.reduce(0, +) / Double(shares.count)
            guard average - own > 0.5 else { return nil }
            let full = shares.filter { $0 >= 100 - Scoring.tolerance }.count
            return (
                average - own,
                [
                    .text(leaf.node.id), .text(leaf.node.title), .number(own), .number(average), .number(average - own),
                    .integer(full), .integer(shares.count),
                ]
            )
        }.sorted { $0.gap > $1.gap }.map(\.cells)
        func state(_ score: UnitScore?) -> String {
            guard let score else { return "—" }
            return
                "\(score.indexPct.map { Format.fixed($0) + "%" } ?? "—"), \(score.band?.name ?? "—"), rank \(score.rank.map(String.init) ?? "—")"
        }
        let facts = [
            Fact("unit_id", "Unit id", .text(unit.id)), Fact("unit", "Unit", .text(unit.name)),
            Fact("year_a", "Year A", .integer(yearA), shownToPeople: false),
            Fact("year_b", "Year B", .integer(yearB), shownToPeople: false),
            Fact("result_a", "Result \(yearA)", .text(state(a)), shownToScripts: false),
            Fact("result_b", "Result \(yearB)", .text(state(row.b)), shownToScripts: false),
            Fact("index_a", "", a.indexPct.map { .number($0) } ?? .null, shownToPeople: false),
            Fact("band_a", "", a.band.map { .text($0.code) } ?? .null, shownToPeople: false),
            Fact("band_name_a", "", a.band.map { .text($0.name) } ?? .null, shownToPeople: false),
            Fact("rank_a", "", a.rank.map(Cell.integer) ?? .null, shownToPeople: false),
            Fact("index_b", "", row.b?.indexPct.map { .number($0) } ?? .null, shownToPeople: false),
            Fact("band_b", "", row.b?.band.map { .text($0.code) } ?? .null, shownToPeople: false),
            Fact("band_name_b", "", row.b?.band.map { .text($0.name) } ?? .null, shownToPeople: false),
            Fact("rank_b", "", row.b?.rank.map(Cell.integer) ?? .null, shownToPeople: false),
            Fact("block", "Block", .text(a.group.isEmpty ? "all units of set '\(set.id)'" : a.group)),
            Fact("block_units", "Other units in the block", .integer(block.count)),
        ]
        try context.emit(
            Report(
                title: "Lessons: \(unit.name), \(yearA) → \(yearB)",
                facts: facts,
                tables: [
                    ReportTable(
                        key: "lost", title: "Points lost in \(yearA), and why",
                        columns: [
                            Column("id", "Id"), Column("title", "Title"), Column("max", "Max"),
                            Column("points", "Points"), Column("lost", "Lost"), Column("from", "From"),
                            Column("rule_says", "Rule says"), Column("evidence", "Evidence"),
                            Column("recurred", "Lost again in \(yearB)"), Column("lost_b", "Lost \(yearB)"),
                            Column("block_average", "Block average %"),
                        ], rows: lostRows),
                    ReportTable(
                        key: "new", title: "Points lost in \(yearB) only (new), and why",
                        columns: [
                            Column("id", "Id"), Column("title", "Title"), Column("max", "Max"),
                            Column("points", "Points"), Column("lost", "Lost"), Column("from", "From"),
                            Column("rule_says", "Rule says"), Column("evidence", "Evidence"),
                        ], rows: newRows),
                    ReportTable(
                        key: "block_did_better", title: "Where the block did better in \(yearA)",
                        columns: [
                            Column("id", "Id"), Column("title", "Title"), Column("unit_pct", "Unit %"),
                            Column("block_average", "Block average %"), Column("gap", "Gap"),
                            Column("block_full", "Units at full points"), Column("block_units", "Units"),
                        ], rows: better),
                ],
                notes: [
                    "Points lost are against each leaf's maximum where it applies; the block is the unit's set and ranking group in \(yearA)",
                    "The block did better where its average share of a leaf's maximum is more than 0.5 percentage points above the unit's",
                ] + versionNotes + recordedOnlyNote(context, "Years") + (try dataNotes(context, setIDs: []))
            ).scoped(set: set.id, year: yearB, scenario: Scenario.baseline))
    }
}
