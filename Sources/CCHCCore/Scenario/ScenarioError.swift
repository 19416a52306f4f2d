/// Why an override cannot be read or applied. The wording of every message is here.
public enum ScenarioError: WorkbenchError, Equatable {
    /// No words.
    case emptyOverride
    /// `set … evidence KEY …` with a key that is not dotted snake_case.
    case badEvidenceKey(String)
    /// `set` with the wrong words.
    case setUsage
    /// Points that are not a number.
    case pointsNotANumber(String)
    /// Negative points (`set tu-ha 1.4 -1`).
    case pointsBelowZero(String)
    /// `exclude` with the wrong words.
    case excludeUsage
    /// `amend` with the wrong words.
    case amendUsage
    /// `amend … max X` where X is not a number.
    case maximumNotANumber(String)
    /// `amend C WORD` where WORD is not max, threshold or rule.
    case unknownAmendment(String)
    /// An override verb other than set, exclude, amend.
    case unknownOverride(String)
    /// A threshold not written MIN=POINTS.
    case thresholdShape(String)
    /// A threshold out of 0…100 or with negative points.
    case thresholdRange(String)
    /// Thresholds that do not go from high to low.
    case thresholdsNotDescending(min: Double, after: Double)
    /// An empty threshold list.
    case noThresholds
    /// `rule` with no kind.
    case noRuleKind
    /// A rule that reads evidence, without a key.
    case ruleNeedsKey(kind: String)
    /// `deduction` with the wrong words.
    case deductionUsage
    /// `ratio` with the wrong words.
    case ratioUsage
    /// A ratio option other than otherwise or no-cases.
    case unknownRatioOption(String)
    /// An unknown rule kind.
    case unknownRuleKind(String)
    /// Points above a leaf's maximum.
    case pointsAboveMaximum(points: Double, maximum: Double, leaf: String)
    /// Thresholds on a leaf whose rule is not a ratio.
    case notARatioRule(leaf: String, kind: String)
    /// Threshold points above a leaf's maximum.
    case thresholdAboveMaximum(points: Double, maximum: Double, leaf: String)
    /// An amended criterion without its set.
    case unqualifiedCriterion(String)
    /// A unit the scenario does not have.
    case unknownUnit(String)
    /// A unit the scenario (or the parent named) left out.
    case excludedUnit(String, scenario: String)
    /// A set the scenario does not have.
    case unknownSet(String)
    /// Evidence no leaf or gate of the unit's set reads (so setting it would change nothing).
    case unreadEvidenceKey(String, set: String, hint: String)
    /// A criterion the set does not have, with a suggestion (`""` when none).
    case unknownCriterion(String, set: String, hint: String)
    /// A criterion that is not a leaf, with its first components.
    case notALeaf(String, components: [String])

    public var description: String {
        switch self {
        case .emptyOverride: "An empty override"
        case .badEvidenceKey(let key): "Evidence key '\(key)' must be dotted snake_case, e.g. dossiers.on_time_rate"
        case .setUsage: "Expected 'set UNIT CRITERION POINTS' or 'set UNIT evidence KEY VALUE'"
        case .pointsNotANumber(let text): "Points '\(text)' are not a number; expected e.g. 2.5 or na"
        case .pointsBelowZero(let text):
            "Points '\(text)' are below 0; a leaf scores from 0 to its maximum (a penalty is set as 'penalty', e.g. 'set UNIT penalty 2')"
        case .excludeUsage: "Expected 'exclude UNIT'"
        case .amendUsage:
            "Expected 'amend CRITERION max N', 'amend CRITERION threshold MIN=POINTS,…' or 'amend CRITERION rule KIND …'"
        case .maximumNotANumber(let text):
            Values.number(text, decimalComma: true).map { $0 < 0 } == true
                ? "Maximum '\(text)' is below 0; a leaf's maximum is 0 (it then counts for nothing) or more"
                : "Maximum '\(text)' is not a number"
        case .unknownAmendment(let word): "Unknown amendment '\(word)'; expected max, threshold or rule"
        case .unknownOverride(let verb): "Unknown override '\(verb)'; expected set, exclude or amend"
        case .thresholdShape(let part): "Threshold '\(part)' must read MIN=POINTS, e.g. 95=4"
        case .thresholdRange(let part): "Threshold '\(part)' needs a minimum within 0…100 and points of 0 or more"
        case .thresholdsNotDescending(let min, let after):
            "Thresholds must go from high to low: '\(Format.number(min))' after '\(Format.number(after))'"
        case .noThresholds: "No thresholds given; expected e.g. 98=5,95=4"
        case .noRuleKind: "Expected a rule kind"
        case .ruleNeedsKey(let kind): "The \(kind) rule needs an evidence key such as dossiers.on_time_rate"
        case .deductionUsage: "Expected 'deduction KEY PER_COUNT [FLOOR]'"
        case .ratioUsage: "Expected 'ratio KEY MIN=POINTS,… [otherwise N] [no-cases max|na|N]'"
        case .unknownRatioOption(let word): "Unknown ratio option '\(word)'; expected otherwise or no-cases"
        case .unknownRuleKind(let kind):
            "Unknown rule kind '\(kind)'; expected manual, boolean, ratio, deduction or survey"
        case .pointsAboveMaximum(let points, let maximum, let leaf):
            "Points '\(Format.number(points))' are above the maximum \(Format.number(maximum)) of '\(leaf)'"
        case .notARatioRule(let leaf, let kind): "'\(leaf)' has a \(kind) rule; only ratio rules have thresholds"
        case .thresholdAboveMaximum(let points, let maximum, let leaf):
            "Threshold points '\(Format.number(points))' are above the maximum \(Format.number(maximum)) of '\(leaf)'"
        case .unqualifiedCriterion(let text): "Criterion '\(text)' must name its set, e.g. commune:3.2.4"
        case .unknownUnit(let id): "Unknown unit '\(id)' in this scenario"
        case .excludedUnit(let id, let scenario):
            "Unit '\(id)' is excluded in scenario '\(scenario)' ('unset exclude \(id)' there takes the exclusion back)"
        case .unknownSet(let id): "Unknown criteria set '\(id)'"
        case .unreadEvidenceKey(let key, let set, let hint):
            "No rule or gate of set '\(set)' reads evidence '\(key)', so setting it would change nothing\(hint)"
        case .unknownCriterion(let id, let set, let hint): "Unknown criterion '\(id)' in set '\(set)'\(hint)"
        case .notALeaf(let id, let components):
            "'\(id)' is not a leaf; change its components (\(components.joined(separator: ", "))…)"
        }
    }
}
