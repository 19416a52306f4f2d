import ArgumentParser
import CCHCCore
import CCHCModuleKit
import Foundation

/// The `plan` command group.
struct PlanCommand: WorkbenchCommand {
    static let configuration = CommandConfiguration(
        commandName: "plan",
        abstract:
            "The yearly plan to raise the ranking: targets and tasks from the goal-seek, tracked through the year.",
        discussion: """
            'plan new' turns the goal-seek into tasks people own and date: for each unit a target \
            (a band, a rank, or no leaf below N %) and, for each criterion that must improve, what \
            must change, the points to gain, an owner and a due date. 'plan status' measures \
            every task against the year's current evidence and shows each unit now and if the \
            open tasks are done; 'plan scenario' makes that a scenario for 'diff'. See \
            docs/user-guide.md.

            Examples:
              plan new nang-hang-2024 --target tot
              plan show nang-hang-2024
              plan task set 3 --owner "Nguyễn Văn An" --due 2024-09-15 --status doing
              plan task done 3
              plan status nang-hang-2024
              plan scenario nang-hang-2024
              export plan nang-hang-2024 xlsx ke-hoach.xlsx
            """,
        subcommands: [
            PlanNew.self, PlanList.self, PlanShow.self, PlanStatus.self, PlanReport.self, PlanScenario.self,
            PlanTitle.self, PlanDrop.self, PlanTaskCommand.self,
        ],
        defaultSubcommand: PlanShow.self
    )

    func run(in context: CommandContext) throws {}
}

/// `--as NAME`: who acts, for this command.
struct PlanActorOption: ParsableArguments {
    @Option(name: .customLong("as"), help: "Act as this person (default: the context's actor).")
    var name: String?

    func store(_ context: CommandContext) -> PlanStore {
        PlanStore(context: context, actor: name.map(VietnameseText.nfc) ?? context.evaluation.actor)
    }
}

/// Shared wording and cells of the plan's reports.
enum PlanText {
    /// The cells of ``PlanColumns/owner(of:)``: the stored owner, and who is in charge as people
    /// read it (the unit's name where the unit owns the task).
    static func inCharge(_ task: PlanTask, names: [String: String]) -> [Cell] {
        [.text(task.owner), .text(task.owner == task.unitID ? names[task.unitID] ?? task.owner : task.owner)]
    }

    /// The target as people read it.
    static func target(_ stored: String, set: CriteriaSet?) -> String {
        guard let target = try? PlanTarget(parsing: stored) else { return stored }
        switch target {
        case .band(let code): return "band \(set?.bands.band(code)?.name ?? code)"
        case .rank(let rank): return "rank \(rank) or better"
        case .leafFloor(let percent): return "no leaf below \(Format.number(percent))%"
        case .nextBand: return "one band up"
        }
    }

    /// The first of `sets` (by id) whose bands name a stored band target, to say it by name.
    static func set(naming stored: String, in sets: [CriteriaSet]) -> CriteriaSet? {
        guard case .band(let code)? = try? PlanTarget(parsing: stored) else { return nil }
        return sets.sorted { $0.id < $1.id }.first { $0.bands.band(code) != nil }
    }

    static func index(_ value: Double?) -> Cell { value.map { .number($0) } ?? .null }
    static func rank(_ value: Int?) -> Cell { value.map(Cell.integer) ?? .null }
    static func text(_ value: String?) -> Cell { value.map(Cell.text) ?? .null }

    /// A title as typed, NFC and on one line; nil for none or only spaces.
    static func title(_ typed: String?) -> String? {
        guard let typed else { return nil }
        let words = VietnameseText.nfc(typed).split(whereSeparator: \.isWhitespace).joined(separator: " ")
        return words.isEmpty ? nil : words
    }

    /// Today in the context's clock, `yyyy-mm-dd`, in Vietnam (like the calendar).
    static func today(_ context: CommandContext) -> String { OfficeDay.day(of: context.evaluation.clock()) }

    /// A due date typed as `yyyy-mm-dd` or `dd/mm/yyyy`, stored as `yyyy-mm-dd`.
    /// - Throws: ``UserError`` naming both forms.
    static func date(_ text: String) throws -> String {
        guard let (year, month, day) = OfficeDay.parse(text) else {
            throw UserError("Due date '\(text)' is not a date; expected yyyy-mm-dd or dd/mm/yyyy")
        }
        return String(format: "%04d-%02d-%02d", year, month, day)
    }

    /// Unit names by id.
    static func unitNames(_ context: CommandContext) throws -> [String: String] {
        Dictionary(try context.evaluation.units().map { ($0.id, $0.name) }, uniquingKeysWith: { first, _ in first })
    }

    /// The field (top-level criterion) a criterion belongs to, as `id title`.
    static func field(of criterion: String, in set: CriteriaSet?) -> (id: String, title: String)? {
        guard let set else { return nil }
        let field = set.fields.first { $0.id == criterion || $0.allIDs.contains(criterion) }
        return field.map { ($0.id, $0.title) }
    }

    /// Scope facts for scripts and the note on synthetic data.
    static func scoped(_ report: Report, plan: Plan) -> Report {
        var report = report
        // A title of the office's words may not say the year: a fact people read does.
        if plan.title != nil {
            report.facts.insert(
                Fact("evaluation_year", "Evaluation year", .integer(plan.year), shownToScripts: false), at: 0)
        }
        return report.scoped(set: nil, year: plan.year, scenario: Scenario.baseline)
    }

    /// What a report on a plan shows.
    enum Document { case plan, status, review }

    /// The title of `document` on `plan`: the plan's own title when it has one
    /// (`Progress: Kế hoạch nâng cao…`), else its name and year (`Plan 'nang-hang-2024', 2024`).
    static func title(of plan: Plan, _ document: Document) -> String {
        switch (document, plan.title) {
        case (.plan, let title?): title
        case (.status, let title?): "Progress: \(title)"
        case (.review, let title?): "Mid-year review: \(title)"
        case (.plan, nil): "Plan '\(plan.name)', \(plan.year)"
        case (.status, nil): "Plan '\(plan.name)' status, \(plan.year)"
        case (.review, nil): "Plan '\(plan.name)': mid-year review, \(plan.year)"
        }
    }
}

extension CriterionNode {
    /// The ids of this node and every node below it.
    var allIDs: Set<String> { Set(flattened.map(\.id)) }
}

extension PlanText {
    /// Whole days from `from` to `to` (both `yyyy-mm-dd`); 0 when either is not a date.
    static func days(from: String, to: String) -> Int {
        let parse = Date.ISO8601FormatStyle().year().month().day()
        guard let start = try? parse.parse(from), let end = try? parse.parse(to) else { return 0 }
        return Int((end.timeIntervalSince(start) / 86_400).rounded())
    }
}
