/// Rules as text for tables and detail views.
public enum RuleText {
    /// `ratio dossiers.on_time_rate`.
    public static func short(_ rule: Rule) -> String {
        rule.evidenceKey.map { "\(rule.kind) \($0)" } ?? rule.kind
    }

    /// The rule with all its parameters.
    public static func full(_ rule: Rule, maxPoints: Double) -> String {
        let max = Format.number(maxPoints)
        switch rule {
        case .boolean(let key): return "boolean: \(key) yes → \(max), no → 0"
        case .manual: return "manual: an assessor enters 0…\(max) points"
        case .survey(let key): return "survey: \(key) (index 0…100) / 100 × \(max)"
        case .deduction(let key, let perCount, let floor):
            return "deduction: \(max) − \(Format.number(perCount)) per \(key), not below \(Format.number(floor))"
        case .ratio(let ratio):
            let steps = ratio.thresholds.map { "≥ \(Format.number($0.min))% → \(Format.number($0.points))" }
            let noCases: String
            switch ratio.ifNoCases {
            case .max: noCases = "full points"
            case .notApplicable: noCases = "not applicable"
            case .points(let points): noCases = Format.number(points)
            }
            return
                "ratio: \(ratio.evidence) \(steps.joined(separator: ", ")), otherwise \(Format.number(ratio.otherwise)); no cases → \(noCases)"
        }
    }
}
