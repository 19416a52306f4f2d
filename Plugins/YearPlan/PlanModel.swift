import CCHCCore
import Foundation

/// What a unit in a plan aims at.
enum PlanTarget: Equatable, Sendable {
    /// A band (by code) at least.
    case band(String)
    /// A rank at least (1 is best).
    case rank(Int)
    /// No applicable leaf below this share of its maximum, in percent.
    case leafFloor(Double)
    /// One band above the unit's band when the plan is made.
    case nextBand

    /// Reads `tot`, `Tốt`, `band:tot`, `rank:10`, `leaf:50` or `leaf:50%`, `next`.
    /// - Throws: ``UserError`` naming the accepted forms.
    init(parsing text: String) throws {
        let trimmed = VietnameseText.nfc(text.trimmingWhitespace)
        let parts = trimmed.split(separator: ":", maxSplits: 1).map { String($0).trimmingWhitespace }
        let forms = "a band (tot, 'Tốt', band:tot), rank:N, leaf:N% (no leaf below N % of its maximum) or next"
        if parts.count == 2 {
            switch parts[0].lowercased() {
            case "band": self = .band(parts[1])
            case "rank":
                guard let rank = Int(parts[1]), rank >= 1 else {
                    throw UserError("Target rank '\(parts[1])' must be a whole number from 1")
                }
                self = .rank(rank)
            case "leaf":
                let number = parts[1].hasSuffix("%") ? String(parts[1].dropLast()) : parts[1]
                guard let percent = Values.number(number.trimmingWhitespace, decimalComma: number.contains(",")),
                    percent > 0, percent <= 100
                else {
                    throw UserError("Target leaf share '\(parts[1])' must be a percentage above 0 and at most 100")
                }
                self = .leafFloor(percent)
            default: throw UserError("Unknown target '\(text)'; expected \(forms)")
            }
        } else if trimmed.lowercased() == "next" {
            self = .nextBand
        } else if !trimmed.isEmpty {
            self = .band(trimmed)
        } else {
            throw UserError("The target is empty; expected \(forms)")
        }
    }

    /// The stored form, read back by ``init(parsing:)``.
    var stored: String {
        switch self {
        case .band(let code): "band:\(code)"
        case .rank(let rank): "rank:\(rank)"
        case .leafFloor(let percent): "leaf:\(Format.number(percent))%"
        case .nextBand: "next"
        }
    }
}

/// Where a task stands, as people set it.
enum TaskStatus: String, CaseIterable, Sendable {
    case open, doing, done, dropped
}

/// One task of a plan.
struct PlanTask: Sendable, Equatable {
    var id: Int64
    var plan: String
    var unitID: String
    var setID: String
    var criterionID: String
    /// The change as a scenario override (`set UNIT evidence KEY VALUE`, `set UNIT LEAF POINTS`);
    /// nil for a task aiming at the leaf's maximum without a stated change.
    var change: Override?
    /// The step in words.
    var step: String
    /// The leaf's points when the task was made and the points it aims at.
    var pointsBefore: Double
    var pointsTarget: Double
    var maxPoints: Double
    var owner: String
    /// `yyyy-mm-dd`, or nil.
    var due: String?
    var status: TaskStatus
    var feedbackID: Int64?
    var note: String?
    var createdBy: String
    var createdAt: String
    var updatedAt: String?

    /// The points the task puts at stake.
    var atStake: Double { max(0, pointsTarget - pointsBefore) }
}

/// A unit in a plan.
struct PlanUnit: Sendable, Equatable {
    enum State: String, Sendable { case planned, already, unreachable }
    var unitID: String
    var target: String
    var state: State
    var indexAtStart: Double?
    var bandAtStart: String?
    var rankAtStart: Int?
    var note: String?

    /// The note of a unit that met its target when the plan was made.
    static let alreadyNote = "already meets the target"

    /// True when the unit met its target when the plan was made, including a unit given a task
    /// since (planned now, its note kept).
    var metTargetWhenMade: Bool { state == .already || note == Self.alreadyNote }
}

/// A plan.
struct Plan: Sendable, Equatable {
    var name: String
    var year: Int
    var target: String?
    var createdBy: String
    var createdAt: String
    /// The title the office sends the plan under (`Kế hoạch nâng cao Chỉ số CCHC năm 2024`);
    /// nil: documents name the plan by `name`.
    var title: String? = nil
}
