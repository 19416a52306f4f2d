import ArgumentParser
import CCHCCore
import CCHCModuleKit

struct ScenarioCommand: WorkbenchCommand {
    static let configuration = CommandConfiguration(
        commandName: "scenario",
        abstract: "Create, choose, list, show or drop what-if scenarios.",
        discussion: """
            A scenario is a named layer of overrides (set, unset, exclude, amend) over a parent \
            scenario; 'baseline' is the data as loaded and is read-only. Scenarios are kept in \
            the workspace.

            Examples:
              scenario new faster-dossiers
              set tu-ha evidence dossiers.on_time_rate 98%
              rank --scenario faster-dossiers
              diff baseline faster-dossiers
              scenario new proposal --from faster-dossiers
              scenario use baseline
            """,
        subcommands: [New.self, Use.self, List.self, Show.self, Drop.self],
        defaultSubcommand: List.self
    )

    func run(in context: CommandContext) throws {}

}
