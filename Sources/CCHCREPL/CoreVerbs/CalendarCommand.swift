import ArgumentParser
import CCHCCore
import CCHCModuleKit
import Foundation

struct CalendarCommand: WorkbenchCommand {
    static let configuration = CommandConfiguration(
        commandName: "calendar",
        abstract: "Show the year's deadlines from the criteria sets and what is overdue.",
        discussion: """
            A deadline is done when the stage it closes is locked (self-assessment → self, \
            appraisal round 1 → appraisal1, explanation → explanation, results → appraisal2).
            """
    )

    func run(in context: CommandContext) throws {
        let year = try context.evaluation.year()
        let locks = try context.evaluation.workspace().stageLocks(year: year)
        // Days in Vietnam: today turns at midnight there, and deadlines are its days.
        let calendar = OfficeDay.calendar
        let today = calendar.startOfDay(for: context.evaluation.clock())
        let setsInUse = Set(try context.evaluation.units().map(\.setID))
        var rows: [(Date, [Cell])] = []
        for set in try context.evaluation.allCriteriaSets() where setsInUse.contains(set.id) || setsInUse.isEmpty {
            for deadline in set.deadlines {
                let parts = deadline.by.split(separator: "-").compactMap { Int($0) }
                guard parts.count == 2,
                    let due = calendar.date(from: DateComponents(year: year, month: parts[0], day: parts[1]))
                else { continue }
                let stage = Self.stage(closedBy: deadline.step)
                let days = calendar.dateComponents([.day], from: today, to: due).day ?? 0
                let status: String
                let state: String
                let surveyed = deadline.step.contains("survey") ? try surveyCoverage(set: set.id, in: context) : nil
                if let surveyed, surveyed.done == surveyed.units, surveyed.units > 0 {
                    status = "done: survey indices for \(surveyed.done)/\(surveyed.units) units"
                    state = "done"
                } else if let stage, let lock = locks[stage] {
                    status = "done: '\(stage.rawValue)' locked \(Cell.day(of: lock.at))"
                    state = "done"
                } else if days < 0 {
                    let coverage = surveyed.map { " (survey indices for \($0.done)/\($0.units) units)" } ?? ""
                    status = "OVERDUE by \(-days) day\(days == -1 ? "" : "s")\(coverage)"
                    state = "overdue"
                } else if days == 0 {
                    status = "due today"
                    state = "due_today"
                } else {
                    status = "in \(days) day\(days == 1 ? "" : "s")"
                    state = "upcoming"
                }
                rows.append(
                    (
                        due,
                        [
                            .text(set.id), .text(deadline.step),
                            .text(deadline.step.replacingOccurrences(of: "_", with: " ")),
                            .text(OfficeDay.day(of: due)),
                            stage.map { .text($0.rawValue) } ?? .null,
                            .text(state), .integer(days), .text(status),
                        ]
                    ))
            }
        }
        rows.sort { $0.0 < $1.0 }
        try context.emit(
            Report(
                title: "Calendar of \(year) (today \(OfficeDay.day(of: today)))",
                tables: [
                    ReportTable(
                        key: "deadlines",
                        columns: [
                            Column("set", "Set"), Column("step", "Step", shownToPeople: false),
                            Column("step_text", "Step", shownToScripts: false), Column("due", "Due"),
                            Column("stage", "Stage"), Column("state", "State", shownToPeople: false),
                            Column("days_left", "Days left", shownToPeople: false),
                            Column("status", "Status", shownToScripts: false),
                        ],
                        rows: rows.map(\.1))
                ]))
    }

    /// How many units of a set have any `survey.` evidence for the year.
    func surveyCoverage(set: String, in context: CommandContext) throws -> (done: Int, units: Int) {
        let units = try context.evaluation.units().filter { $0.setID == set }
        let surveyed = try context.evaluation.workspace().unitsWithEvidence(
            year: try context.evaluation.year(), keyPrefix: "survey.")
        return (units.filter { surveyed.contains($0.id) }.count, units.count)
    }

    static func stage(closedBy step: String) -> Stage? {
        if step.contains("self_assessment") { return .selfAssessment }
        if step.contains("appraisal_round_1") { return .appraisal1 }
        if step.contains("explanation") { return .explanation }
        if step.contains("appraisal_round_2") || step.contains("results") { return .appraisal2 }
        return nil
    }
}
