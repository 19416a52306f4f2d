/// What a rule makes of a leaf's evidence.
public enum RuleOutcome: Sendable, Equatable {
    /// The rule awards these points; `reason` says why (`91.2% ≥ 90 → 3`).
    case points(Double, reason: String)
    /// The rule makes the leaf not applicable (a ratio with no cases and `if_no_cases: na`).
    case notApplicable(reason: String)
    /// The rule has nothing to read: no evidence, or a manual leaf.
    case noData(reason: String)

    /// The points, when the rule gives some.
    public var points: Double? {
        if case .points(let points, _) = self { return points }
        return nil
    }

    /// The explanation for users.
    public var reason: String {
        switch self {
        case .points(_, let reason), .notApplicable(let reason), .noData(let reason): reason
        }
    }
}

/// Pure evaluation of the five rule kinds.
public enum RuleEvaluator {
    /// Evaluates `rule` for a leaf worth `maxPoints` given the evidence it reads.
    /// - Parameter explain: false leaves the reasons empty, for scoring many units fast.
    public static func evaluate(
        _ rule: Rule, maxPoints: Double, evidence: EvidenceValue?, explain: Bool = true
    ) -> RuleOutcome {
        func text(_ build: @autoclosure () -> String) -> String { explain ? build() : "" }
        let max = explain ? Format.number(maxPoints) : ""
        switch rule {
        case .manual:
            return .noData(reason: text("manual: points entered by an assessor"))
        case .boolean(let key):
            guard let evidence else { return .noData(reason: text("no evidence '\(key)'")) }
            return evidence.truth
                ? .points(maxPoints, reason: text("\(key) = \(evidence.display) → \(max)"))
                : .points(0, reason: text("\(key) = \(evidence.display) → 0"))
        case .ratio(let ratio):
            return evaluate(ratio, maxPoints: maxPoints, evidence: evidence, explain: explain)
        case .deduction(let key, let perCount, let floor):
            guard let evidence, let count = evidence.number else {
                return .noData(reason: text("no evidence '\(key)'"))
            }
            let points = Swift.max(floor, maxPoints - perCount * count)
            return .points(
                points,
                reason: text(
                    "\(key) = \(evidence.display): \(max) − \(Format.number(perCount)) × \(Format.number(count))"
                        + (maxPoints - perCount * count < floor ? ", floored at \(Format.number(floor))" : "")
                        + " → \(Format.number(points))")
            )
        case .survey(let key):
            guard let evidence, let index = evidence.number else {
                return .noData(reason: text("no evidence '\(key)'"))
            }
            let clamped = Swift.min(100, Swift.max(0, index))
            let points = clamped / 100 * maxPoints
            return .points(
                points,
                reason: text(
                    "\(key) = \(evidence.display): \(Format.number(clamped)) / 100 × \(max) → \(Format.fixed(points))")
            )
        }
    }

    private static func evaluate(
        _ ratio: RatioRule, maxPoints: Double, evidence: EvidenceValue?, explain: Bool
    ) -> RuleOutcome {
        func text(_ build: @autoclosure () -> String) -> String { explain ? build() : "" }
        let key = ratio.evidence
        guard let evidence else { return .noData(reason: text("no evidence '\(key)'")) }
        guard let percentage = evidence.percentage else {
            switch ratio.ifNoCases {
            case .max: return .points(maxPoints, reason: text("\(key) = \(evidence.display): no cases → full points"))
            case .notApplicable:
                return .notApplicable(reason: text("\(key) = \(evidence.display): no cases → not applicable"))
            case .points(let points):
                return .points(
                    points, reason: text("\(key) = \(evidence.display): no cases → \(Format.number(points))"))
            }
        }
        var shown = ""
        if explain {
            shown = Format.number(Format.round(percentage, decimals: 2)) + "%"
            if case .fraction = evidence { shown = "\(evidence.display) = \(shown)" }
        }
        for threshold in ratio.thresholds where percentage + Scoring.tolerance >= threshold.min {
            return .points(
                threshold.points,
                reason: text(
                    "\(key) = \(shown) ≥ \(Format.number(threshold.min))% → \(Format.number(threshold.points))")
            )
        }
        let lowest = explain ? ratio.thresholds.last.map { " < \(Format.number($0.min))%" } ?? "" : ""
        return .points(ratio.otherwise, reason: text("\(key) = \(shown)\(lowest) → \(Format.number(ratio.otherwise))"))
    }
}
