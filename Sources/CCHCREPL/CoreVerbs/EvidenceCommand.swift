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
