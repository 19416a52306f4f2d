extension Override {
    /// The criterion an override changes (`3.2.4 Tỷ lệ …`; for an evidence value, the leaves of
    /// `unitSet` reading it; nil for an exclusion) and the change in words.
    public func described(unitSet: CriteriaSet?, sets: [String: CriteriaSet]) -> (criterion: String?, change: String) {
        func named(_ node: CriterionNode?, _ id: String) -> String { node.map { "\($0.id) \($0.title)" } ?? id }
        func amended(_ qualified: String) -> (String, CriterionNode?) {
            let parts = qualified.split(separator: ":", maxSplits: 1).map(String.init)
            guard parts.count == 2 else { return (qualified, nil) }
            return (parts[1], sets[parts[0]]?.node(parts[1]))
        }
        switch self {
        case .points(_, let criterion, let value):
            let change: String =
                if case .points(let points) = value { "points set to \(Format.exact(points))" } else {
                    "not applicable"
                }
            return (named(unitSet?.node(criterion), criterion), change)
        case .evidence(_, let key, let value):
            let readers = (unitSet?.leaves ?? []).filter { $0.rule?.evidenceKey == key }
            return (
                readers.isEmpty ? nil : readers.map { named($0, $0.id) }.joined(separator: "; "),
                "evidence \(key) = \(value.exact)"
            )
        case .exclude: return (nil, "not ranked")
        case .amendMax(let criterion, let max):
            let (id, node) = amended(criterion)
            return (named(node, id), "maximum points set to \(Format.exact(max)) for every unit")
        case .amendThresholds(let criterion, let thresholds):
            let (id, node) = amended(criterion)
            return (
                named(node, id),
                "thresholds set to "
                    + thresholds.map { "≥ \(Format.number($0.min))% → \(Format.number($0.points))" }.joined(
                        separator: ", ") + " for every unit"
            )
        case .amendRule(let criterion, let rule):
            let (id, node) = amended(criterion)
            return (
                named(node, id), "rule set to \(RuleText.full(rule, maxPoints: node?.maxPoints ?? 0)) for every unit"
            )
        }
    }
}
