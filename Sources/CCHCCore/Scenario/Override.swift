/// One change a scenario makes over its parent. Stored as the words users type, so a scenario
/// reads like the commands that built it.
public enum Override: Sendable, Equatable {
    /// `set UNIT CRITERION POINTS|na`: the leaf's final points.
    case points(unit: String, criterion: String, value: StageValue)
    /// `set UNIT evidence KEY VALUE`: an evidence value; leaves reading it are scored from it.
    case evidence(unit: String, key: String, value: EvidenceValue)
    /// `exclude UNIT`: the unit is left out of scores and ranks.
    case exclude(unit: String)
    /// `amend CRITERION max N`: a leaf's maximum (parents follow).
    case amendMax(criterion: String, max: Double)
    /// `amend CRITERION threshold MIN=POINTS,…`: a ratio leaf's thresholds.
    case amendThresholds(criterion: String, thresholds: [RatioRule.Threshold])
    /// `amend CRITERION rule KIND …`: a leaf's rule.
    case amendRule(criterion: String, rule: Rule)

    /// The words that state the override, as stored and shown.
    public var words: [String] {
        switch self {
        case .points(let unit, let criterion, let value):
            let points: String = if case .points(let p) = value { Format.exact(p) } else { "na" }
            return ["set", unit, criterion, points]
        case .evidence(let unit, let key, let value): return ["set", unit, "evidence", key, value.exact]
        case .exclude(let unit): return ["exclude", unit]
        case .amendMax(let criterion, let max): return ["amend", criterion, "max", Format.exact(max)]
        case .amendThresholds(let criterion, let thresholds):
            return ["amend", criterion, "threshold", Self.thresholdText(thresholds)]
        case .amendRule(let criterion, let rule): return ["amend", criterion, "rule"] + Self.ruleWords(rule)
        }
    }

    /// The override as one line.
    public var text: String { words.joined(separator: " ") }

    /// The unit the override changes alone (points, evidence, exclusion); nil for an amendment,
    /// which changes a criterion for every unit of its set.
    public var unit: String? {
        switch self {
        case .points(let unit, _, _), .evidence(let unit, _, _), .exclude(let unit): unit
        case .amendMax, .amendThresholds, .amendRule: nil
        }
    }

    /// What the override changes, for `unset`: the same target replaces the older one.
    public var target: String {
        switch self {
        case .points(let unit, let criterion, _): "points \(unit) \(criterion)"
        case .evidence(let unit, let key, _): "evidence \(unit) \(key)"
        case .exclude(let unit): "exclude \(unit)"
        case .amendMax(let criterion, _): "max \(criterion)"
        case .amendThresholds(let criterion, _): "threshold \(criterion)"
        case .amendRule(let criterion, _): "rule \(criterion)"
        }
    }

    static func thresholdText(_ thresholds: [RatioRule.Threshold]) -> String {
        thresholds.map { "\(Format.exact($0.min))=\(Format.exact($0.points))" }.joined(separator: ",")
    }

    static func ruleWords(_ rule: Rule) -> [String] {
        switch rule {
        case .manual: ["manual"]
        case .boolean(let key): ["boolean", key]
        case .survey(let key): ["survey", key]
        case .deduction(let key, let perCount, let floor):
            ["deduction", key, Format.exact(perCount), Format.exact(floor)]
        case .ratio(let ratio):
            ["ratio", ratio.evidence, thresholdText(ratio.thresholds), "otherwise", Format.exact(ratio.otherwise)]
                + ["no-cases", noCasesText(ratio.ifNoCases)]
        }
    }

    static func noCasesText(_ value: RatioRule.NoCases) -> String {
        switch value {
        case .max: "max"
        case .notApplicable: "na"
        case .points(let points): Format.exact(points)
        }
    }

    /// Parses the words of an override (as typed after `set`, `exclude` or `amend`, or stored).
    /// - Throws: ``ScenarioError`` naming the word that is wrong and what was expected.
    public static func parse(_ words: [String]) throws -> Override {
        guard let verb = words.first else { throw ScenarioError.emptyOverride }
        let rest = Array(words.dropFirst())
        switch verb {
        case "set":
            if rest.count == 4, rest[1].lowercased() == "evidence" {
                guard Values.isEvidenceKey(rest[2]) else {
                    throw ScenarioError.badEvidenceKey(rest[2])
                }
                let value = try Values.checkedEvidence(rest[3], decimalComma: true)
                return .evidence(unit: rest[0], key: rest[2], value: value)
            }
            guard rest.count == 3 else {
                throw ScenarioError.setUsage
            }
            if ["na", "n/a"].contains(rest[2].lowercased()) {
                return .points(unit: rest[0], criterion: rest[1], value: .notApplicable)
            }
            guard let points = Values.number(rest[2], decimalComma: true) else {
                throw ScenarioError.pointsNotANumber(rest[2])
            }
            guard points >= 0 else { throw ScenarioError.pointsBelowZero(rest[2]) }
            return .points(unit: rest[0], criterion: rest[1], value: .points(points))
        case "exclude":
            guard rest.count == 1 else { throw ScenarioError.excludeUsage }
            return .exclude(unit: rest[0])
        case "amend":
            guard rest.count >= 3 else {
                throw ScenarioError.amendUsage
            }
            let criterion = rest[0]
            switch rest[1] {
            case "max":
                guard rest.count == 3, let max = Values.number(rest[2], decimalComma: true), max >= 0 else {
                    throw ScenarioError.maximumNotANumber(rest.dropFirst(2).joined(separator: " "))
                }
                return .amendMax(criterion: criterion, max: max)
            case "threshold", "thresholds":
                return .amendThresholds(criterion: criterion, thresholds: try thresholds(rest[2...].joined()))
            case "rule":
                return .amendRule(criterion: criterion, rule: try rule(Array(rest.dropFirst(2))))
            default:
                throw ScenarioError.unknownAmendment(rest[1])
            }
        default:
            throw ScenarioError.unknownOverride(verb)
        }
    }

    /// `98=5,95=4,90=3`: thresholds high to low, each within 0…100.
    static func thresholds(_ text: String) throws -> [RatioRule.Threshold] {
        var result: [RatioRule.Threshold] = []
        for part in text.split(separator: ",") {
            let pieces = part.split(separator: "=")
            guard pieces.count == 2, let min = Double(pieces[0]), let points = Double(pieces[1]) else {
                throw ScenarioError.thresholdShape(String(part))
            }
            guard (0...100).contains(min), points >= 0 else {
                throw ScenarioError.thresholdRange(String(part))
            }
            if let last = result.last, min >= last.min {
                throw ScenarioError.thresholdsNotDescending(min: min, after: last.min)
            }
            result.append(.init(min: min, points: points))
        }
        guard !result.isEmpty else { throw ScenarioError.noThresholds }
        return result
    }

    /// `manual`, `boolean KEY`, `survey KEY`, `deduction KEY PER [FLOOR]`,
    /// `ratio KEY MIN=POINTS,… [otherwise N] [no-cases max|na|N]`.
    static func rule(_ words: [String]) throws -> Rule {
        guard let kind = words.first else { throw ScenarioError.noRuleKind }
        let rest = Array(words.dropFirst())
        func key() throws -> String {
            guard let key = rest.first, Values.isEvidenceKey(key) else {
                throw ScenarioError.ruleNeedsKey(kind: kind)
            }
            return key
        }
        switch kind {
        case "manual": return .manual
        case "boolean": return .boolean(evidence: try key())
        case "survey": return .survey(evidence: try key())
        case "deduction":
            guard rest.count >= 2, let per = Double(rest[1]), per > 0 else {
                throw ScenarioError.deductionUsage
            }
            return .deduction(evidence: try key(), perCount: per, floor: rest.count > 2 ? Double(rest[2]) ?? 0 : 0)
        case "ratio":
            guard rest.count >= 2 else {
                throw ScenarioError.ratioUsage
            }
            var otherwise = 0.0
            var noCases = RatioRule.NoCases.points(0)
            var index = 2
            while index + 1 < rest.count {
                switch rest[index] {
                case "otherwise": otherwise = Double(rest[index + 1]) ?? 0
                case "no-cases":
                    noCases =
                        switch rest[index + 1] {
                        case "max": .max
                        case "na": .notApplicable
                        default: .points(Double(rest[index + 1]) ?? 0)
                        }
                default: throw ScenarioError.unknownRatioOption(rest[index])
                }
                index += 2
            }
            return .ratio(
                RatioRule(
                    evidence: try key(), thresholds: try thresholds(rest[1]), otherwise: otherwise, ifNoCases: noCases))
        default:
            throw ScenarioError.unknownRuleKind(kind)
        }
    }
}
