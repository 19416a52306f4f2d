import CCHCCore
import CCHCModuleKit
import CommuneCriteria
import DepartmentCriteria
import DossierEvidence
import Exporters
import FeedbackTracker
import PostgresEvidence
import YearPlan

/// The composition root.
public enum BuiltInModules {
    /// The id of the module holding the REPL's own verbs; its errors carry no `[module]` prefix.
    public static let coreID = "core"

    /// Every module shipped with the workbench, in the order users see them.
    public static let all: [WorkbenchModule] = [
        .core, .commune, .department, .feedback, .plan, .collectors, .postgres, .export,
    ]
}
