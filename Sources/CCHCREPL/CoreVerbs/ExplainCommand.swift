import ArgumentParser
import CCHCCore

struct ExplainCommand: WorkbenchCommand {
    static let configuration = CommandConfiguration(
        commandName: "explain",
        abstract: "Show how a unit's points were reached: stages, evidence, rule and result.",
        discussion: """
            A leaf's final points come from the latest stage recorded (self, appraisal1, \
            explanation, appraisal2). With no stage recorded, its rule reads the evidence. The \
            'rule says' column always shows what the evidence supports, so points the evidence \
            does not back stand out.

            Examples:
              explain tu-ha
              explain tu-ha 3.2
              explain "Hương Văn" 3.2.3
              explain huong van 3.2.4
            """
    )

    @Argument(help: "A unit id or name, then optionally a criterion id such as 3.2.3 (default: every leaf).")
    var words: [String]

    @OptionGroup var scenarioOption: ScenarioOption

    func run(in session: Session) throws {
        var words = words
        var criterion: String?
        if words.count > 1, let last = words.last, Self.isCriterionID(last) {
            criterion = last
            words.removeLast()
        }
        let unit = try UnitMatcher.match(words.joined(separator: " "), in: try session.units())
        let scenario = try scenarioOption.resolve(in: session)
        let set = try session.world(scenario).sets[unit.setID] ?? session.criteriaSet(unit.setID)
        let score = try session.detailedScore(unitID: unit.id, scenario: scenario)
        var leaves = score.leaves
        var facts = [Fact("unit_id", "Unit", .text("\(unit.id) (\(unit.name))")), Fact("set", "Set", .text(set.id))]
        if scenario != Scenario.baseline { facts.append(Fact("scenario", "Scenario", .text(scenario))) }
        if let criterion {
            guard let node = set.node(criterion) else {
                let hint =
                    Suggestions.closest(to: criterion, in: set.allNodes.map(\.id)).map { ". Did you mean '\($0)'?" }
                    ?? ""
                throw UserError("Unknown criterion '\(criterion)' in set '\(set.id)'\(hint)")
            }
            let ids = Set(node.leaves.map(\.id))
            leaves = leaves.filter { ids.contains($0.node.id) }
            if node.isLeaf, let leaf = leaves.first {
                try session.emit(
                    Report(facts: facts + leafFacts(leaf), notes: try dataNotes(session, setIDs: [set.id])))
                return
            }
            let applicable = leaves.filter(\.isApplicable)
            facts.append(Fact("criterion", "Criterion", .text("\(node.id) \(node.title)")))
            facts.append(Fact("achieved", "Points", .number(applicable.reduce(0) { $0 + $1.points })))
            facts.append(Fact("max", "Applicable max", .number(applicable.reduce(0) { $0 + $1.node.maxPoints })))
        } else {
            facts += summaryFacts(score)
        }
        try session.emit(
            Report(
                facts: facts,
                tables: [
                    ReportTable(
                        key: "leaves",
                        columns: [
                            Column("id", "Id"), Column("max", "Max"), Column("points", "Points"),
                            Column("source", "From"),
                            Column("rule_says", "Rule says"),
                        ],
                        rows: leaves.map { leaf in
                            [
                                .text(leaf.node.id), .number(leaf.node.maxPoints),
                                leaf.isApplicable ? .number(leaf.points) : .text("n/a"), .text(Self.source(leaf)),
                                .text(Self.ruleSays(leaf)),
                            ]
                        })
                ],
                notes: try dataNotes(session, setIDs: [set.id])))
    }

    private func summaryFacts(_ score: UnitScore) -> [Fact] {
        var facts = [
            Fact("achieved", "Points", .number(score.achieved)),
            Fact("bonus", "Bonus", .number(score.bonus)),
            Fact("penalty", "Penalty", .number(score.penalty)),
            Fact("total", "Total", .number(score.total)),
            Fact("max", "Applicable max", .number(score.applicableMax)),
            Fact("index_pct", "Index %", score.indexPct.map { .number($0) } ?? .null),
            Fact("band", "Band", score.band.map { .text($0.name) } ?? .text("—")),
            Fact("rank", "Rank", score.rank.map { .integer($0) } ?? .null),
        ]
        for gate in score.gatesApplied {
            facts.append(Fact("gate", "Gate", .text("\(gate.id): \(gate.appliesTo) → \(gate.demoteTo) (\(gate.text))")))
        }
        return facts
    }

    private func leafFacts(_ leaf: LeafScore) -> [Fact] {
        var facts = [
            Fact("criterion", "Criterion", .text("\(leaf.node.id) \(leaf.node.title)")),
            Fact("max", "Max points", .number(leaf.node.maxPoints)),
            Fact("provenance", "Provenance", .text(leaf.node.provenance.rawValue)),
            Fact("rule", "Rule", .text(RuleText.full(leaf.node.rule ?? .manual, maxPoints: leaf.node.maxPoints))),
            Fact(
                "evidence", "Evidence",
                .text(leaf.evidence.map { "\($0.key) = \($0.value.display) (from \($0.source))" } ?? "none")),
            Fact("rule_says", "Rule says", .text(Self.ruleSays(leaf))),
        ]
        for stage in Stage.allCases {
            guard let value = leaf.assessment?.stages[stage] else { continue }
            let text: String
            switch value {
            case .points(let points): text = Format.fixed(points)
            case .notApplicable: text = "not applicable"
            }
            let note = leaf.assessment?.notes[stage].map { " (\($0))" } ?? ""
            facts.append(Fact("stage_\(stage.rawValue)", "Stage \(stage.rawValue)", .text(text + note)))
        }
        facts.append(Fact("points", "Final points", leaf.isApplicable ? .number(leaf.points) : .text("n/a")))
        facts.append(Fact("source", "From", .text(Self.source(leaf))))
        return facts
    }

    /// `3`, `3.2`, `3.2.1`: digits separated by dots.
    static func isCriterionID(_ word: String) -> Bool {
        let parts = word.split(separator: ".", omittingEmptySubsequences: false)
        return !parts.isEmpty
            && parts.allSatisfy { !$0.isEmpty && $0.allSatisfy(\.isASCII) && $0.allSatisfy(\.isNumber) }
    }

    static func source(_ leaf: LeafScore) -> String {
        switch leaf.source {
        case .stage(let stage): stage.rawValue
        case .scenario: "scenario"
        case .rule: "rule"
        case .missing: "missing"
        case .notApplicable(let reason): "n/a: \(reason)"
        }
    }

    static func ruleSays(_ leaf: LeafScore) -> String {
        switch leaf.ruleOutcome {
        case .points(let points, let reason):
            if leaf.source != .rule, leaf.isApplicable, abs(points - leaf.points) > Scoring.tolerance {
                return reason + " (differs)"
            }
            return reason
        case .notApplicable(let reason), .noData(let reason):
            return reason
        }
    }
}
