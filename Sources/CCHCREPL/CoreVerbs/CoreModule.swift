import ArgumentParser
import CCHCCore
import CCHCModuleKit

extension WorkbenchModule {
    /// The REPL's own verbs and the four output formats, registered like any other module.
    public static let core = WorkbenchModule(
        id: BuiltInModules.coreID,
        summary: "The workbench's own commands and output formats (table, json, csv, markdown)"
    ) { registrar in
        for command: any ParsableCommand.Type in [
            HelpCommand.self, ModulesCommand.self, SetsCommand.self, UseCommand.self, CriteriaCommand.self,
            UnitsCommand.self, ImportCommand.self, OpenCommand.self, YearCommand.self, StageCommand.self,
            CalendarCommand.self, AuditCommand.self, EvidenceCommand.self, ScoreCommand.self, RankCommand.self,
            ExplainCommand.self, GapsCommand.self, InflationCommand.self, ScenarioCommand.self, SetCommand.self,
            UnsetCommand.self, ExcludeCommand.self, AmendCommand.self, DiffCommand.self, GoalCommand.self,
            SimulateCommand.self,
            ModeCommand.self,
            QuitCommand.self,
        ] {
            registrar.add(command: command)
        }
        registrar.add(TableExporter())
        registrar.add(JSONExporter())
        registrar.add(CSVExporter())
        registrar.add(MarkdownExporter())
    }
}

/// The `--set` option shared by the scoring and criteria commands.
struct SetOption: ParsableArguments {
    @Option(name: .long, help: "The criteria set (default: the one chosen with 'use').")
    var set: String?

    func resolve(in context: CommandContext) throws -> CriteriaSet {
        try context.evaluation.criteriaSet(set ?? context.evaluation.currentSetID)
    }
}

/// Notes shown under every score: a set changed since the year was scored, synthetic data.
func dataNotes(_ context: CommandContext, setIDs: [String]) throws -> [String] {
    try setIDs.compactMap { try context.evaluation.setDriftNote(setID: $0) }
        + (context.evaluation.dataset().syntheticLabel.map { [$0] } ?? [])
}
