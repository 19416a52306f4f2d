import ArgumentParser
import CCHCCore
import CCHCModuleKit

struct CheckCommand: WorkbenchCommand {
    static let configuration = CommandConfiguration(
        commandName: "check",
        abstract: "Check the results the workspace keeps for the next command against a full recompute.",
        discussion: """
            To answer at once at national scale, the workspace keeps what is computed over a \
            whole year: each set's ranking ('ranking'), every leaf of every unit resolved \
            ('matrix', for simulate and compare), each unit's self-assessment flags \
            ('inflation') and, for a year of 100,000 rows or more, its numbers of units, \
            assessments and evidence values ('counts', for the first prompt, 'year' and 'stage'). They are read only while the data and the set are what they were \
            computed from. This recomputes every current one from the year's data and \
            compares: one that differs is dropped (the next command computes it again) and the \
            check fails. Out-of-date ones would never be read again: they are dropped too.

            Examples:
              check
            """
    )

    func run(in context: CommandContext) throws {
        let checks = try context.evaluation.checkKeptResults()
        let differed = checks.filter { $0.state == .differed }.count
        let text: [KeptResultCheck.State: String] = [
            .matches: "matches a full recompute",
            .differed: "DIFFERED from a full recompute: dropped, the next command recomputes it",
            .outOfDate: "out of date: dropped (never read again); the next command that needs it recomputes it",
        ]
        try context.emit(
            Report(
                title: "Results kept in the workspace, checked against a full recompute",
                tables: [
                    ReportTable(
                        key: "kept",
                        columns: [
                            Column("kind", "Kept"), Column("year", "Year"), Column("set", "Set"),
                            Column("state", "State", shownToPeople: false),
                            Column("status", "Status", shownToScripts: false),
                        ],
                        rows: checks.map { check in
                            [
                                .text(check.kind), .integer(check.year), .text(check.setID),
                                .text(check.state.rawValue), .text(text[check.state] ?? check.state.rawValue),
                            ]
                        })
                ],
                notes: checks.isEmpty
                    ? ["Nothing is kept yet: 'rank', 'simulate', 'inflation' and 'compare' keep what they compute."]
                    : []))
        if differed > 0 {
            throw UserError(
                "\(differed) kept result\(differed == 1 ? "" : "s") differed from a full recompute and \(differed == 1 ? "was" : "were") dropped; the next command computes \(differed == 1 ? "it" : "them") again"
            )
        }
    }
}
