import ArgumentParser
import CCHCCore
import CCHCModuleKit

extension WorkbenchModule {
    /// The REPL's own verbs and the four output formats, registered like any other module.
    public static let core = WorkbenchModule(
        id: BuiltInModules.coreID,
        summary: "The workbench's own commands and output formats (table, json, jsonl, csv, markdown)"
    ) { registrar in
        for command: any ParsableCommand.Type in [
            HelpCommand.self, ModulesCommand.self, SetsCommand.self, UseCommand.self, CriteriaCommand.self,
            UnitsCommand.self, ImportCommand.self, OpenCommand.self, BackupCommand.self, YearCommand.self,
            StageCommand.self,
            CalendarCommand.self, AuditCommand.self, CheckCommand.self, EvidenceCommand.self, ScoreCommand.self,
            RankCommand.self,
            ExplainCommand.self, GapsCommand.self, InflationCommand.self, ScenarioCommand.self, SetCommand.self,
            UnsetCommand.self, ExcludeCommand.self, AmendCommand.self, DiffCommand.self, GoalCommand.self,
            SimulateCommand.self, CompareCommand.self, LessonsCommand.self,
            ModeCommand.self, AsCommand.self, WhoamiCommand.self,
            QuitCommand.self,
        ] {
            registrar.add(command: command)
        }
        registrar.add(TableExporter())
        registrar.add(JSONExporter())
        registrar.add(JSONExporter(compact: true))
        registrar.add(CSVExporter())
        registrar.add(MarkdownExporter())
    }
}
