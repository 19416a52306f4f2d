import ArgumentParser
import CCHCCore
import CCHCModuleKit

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
              explain p-tckh bonus
              explain tu-ha --scorecard

            --scorecard gives the whole scorecard instead: every leaf with its maximum, the \
            points of each stage, the points lost, the rule, the evidence and the notes, and the \
            fields' totals ('export scorecard UNIT FORMAT PATH' writes it to a file).
            """
    )

    @Argument(
        help: ArgumentHelp(
            "A unit id or name, then optionally a criterion id such as 3.2.3 (default: every leaf).", valueName: "unit")
    )
    var words: [String]

    @OptionGroup var scenarioOption: ScenarioOption

    @Flag(name: .long, help: "The whole scorecard: every leaf's stages, lost points, rule, evidence and notes.")
    var scorecard = false

    func run(in context: CommandContext) throws {
        var words = words
        var criterion: String?
        var adjustment: String?
        if words.count > 1, let last = words.last, Self.isCriterionID(last) {
            criterion = last
            words.removeLast()
        } else if words.count > 1, let last = words.last, ["bonus", "penalty"].contains(last.lowercased()) {
            adjustment = last.lowercased()
            words.removeLast()
        }
        let unit = try UnitMatcher.match(words.joined(separator: " "), in: try context.evaluation.units())
        let scenario = try scenarioOption.resolve(in: context)
        let set = try context.evaluation.criteriaSet(unit.setID, scenario: scenario)
        let score = try context.evaluation.scorecard(unitID: unit.id, scenario: scenario)
        var leaves = score.leaves
        var facts = [
            Fact("unit_id", "Unit id", .text(unit.id)), Fact("unit", "Unit", .text(unit.name)),
            Fact("set", "Set", .text(set.id)),
        ]
        facts += ScenarioOption.facts(scenario)
        if let adjustment {
            try context.emit(
                Report(
                    facts: facts
                        + (try Self.adjustmentFacts(adjustment, unit: unit.id, set: set, score: score, in: context)),
                    notes: try dataNotes(context, setIDs: [set.id])
                ).scoped(set: set.id, year: try context.evaluation.year(), scenario: scenario))
            return
        }
        if let criterion {
            guard let node = set.node(criterion) else {
                throw try unknownCriterion(criterion, in: set, context: context)
            }
            let ids = Set(node.leaves.map(\.id))
            leaves = leaves.filter { ids.contains($0.node.id) }
            if node.isLeaf, let leaf = leaves.first {
                try context.emit(
                    Report(
                        facts: facts + leafFacts(leaf)
                            + [try Self.referenceFact(unit: unit.id, leaf: leaf.node.id, in: context)],
                        notes: Self.standingDecisionNote(leaf, unit: unit.id)
                            + (try dataNotes(context, setIDs: [set.id]))
                    ).scoped(
                        set: set.id, year: try context.evaluation.year(), scenario: scenario))
                return
            }
            let applicable = leaves.filter(\.isApplicable)
            facts += Self.criterionFacts(node)
            facts.append(Fact("achieved", "Points", .number(applicable.reduce(0) { $0 + $1.points })))
            facts.append(Fact("max", "Applicable max", .number(applicable.reduce(0) { $0 + $1.node.maxPoints })))
        } else {
            facts += summaryFacts(score)
        }
        if scorecard {
            try context.emit(
                Self.scorecard(
                    score, set: set, facts: facts, year: try context.evaluation.year(),
                    notes: Self.roundingNote(leaves) + (try dataNotes(context, setIDs: [set.id]))
                ).scoped(set: set.id, year: try context.evaluation.year(), scenario: scenario))
            return
        }
        try context.emit(
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
                                leaf.isApplicable ? .number(leaf.points) : .null, .text(Self.source(leaf)),
                                .text(Self.ruleSays(leaf)),
                            ]
                        })
                ],
                notes: Self.roundingNote(leaves) + (try dataNotes(context, setIDs: [set.id]))
            ).scoped(set: set.id, year: try context.evaluation.year(), scenario: scenario))
    }

    /// Said when the leaves' points as shown (to 2 decimals) do not add up to their total as
    /// shown: a survey's points (index ÷ 100 × maximum) have more decimals, and totals add the
    /// exact points, so a reader adding the column by hand finds a few hundredths more or less.
    static func roundingNote(_ leaves: [LeafScore]) -> [String] {
        let applicable = leaves.filter(\.isApplicable)
        let shown = applicable.reduce(0) { $0 + Format.round($1.points) }
        let exact = applicable.reduce(0) { $0 + $1.points }
        guard abs(Format.round(shown) - Format.round(exact)) > 0.001 else { return [] }
        return [
            "Points are shown to 2 decimals and totals add the exact points, so the leaves as shown add up to \(Format.fixed(shown)), the total to \(Format.fixed(exact))"
        ]
    }

    /// A criterion as people read it ("3.2 Title") and as scripts do (`criterion` the id,
    /// `criterion_title` the title).
    static func criterionFacts(_ node: CriterionNode) -> [Fact] {
        [
            Fact("criterion_text", "Criterion", .text("\(node.id) \(node.title)"), shownToScripts: false),
            Fact("criterion", "Criterion id", .text(node.id), shownToPeople: false),
            Fact("criterion_title", "Criterion title", .text(node.title), shownToPeople: false),
        ]
    }

    private func summaryFacts(_ score: UnitScore) -> [Fact] {
        var facts = [
            Fact("achieved", "Points", .number(score.achieved)),
            Fact("bonus", "Bonus", .number(score.bonus)),
            Fact("penalty", "Penalty", .number(score.penalty)),
            Fact("total", "Total", .number(score.total)),
            Fact("max", "Applicable max", .number(score.applicableMax)),
            Fact("index_pct", "Index %", score.indexPct.map { .number($0) } ?? .null),
            Fact("band", "Band code", score.band.map { .text($0.code) } ?? .null, shownToPeople: false),
            Fact("band_name", "Band", score.band.map { .text($0.name) } ?? .null),
            Fact("rank", "Rank", score.rank.map { .integer($0) } ?? .null),
            Fact("missing_leaves", "Missing leaves", .integer(score.missingLeaves)),
        ]
        // Scripts always get these fields (null when they do not apply); people see them when they do.
        facts.insert(
            Fact(
                "group", "Ranking group", score.group.isEmpty ? .null : .text(score.group),
                shownToPeople: !score.group.isEmpty), at: 8)
        facts.append(
            Fact(
                "reason", "Not ranked because", score.unrankedReason.map(Cell.text) ?? .null,
                shownToPeople: score.unrankedReason != nil))
        let demoted = !score.gatesApplied.isEmpty
        facts.append(
            Fact(
                "demoted_from", "Demoted from", demoted ? score.bandBeforeGates.map { .text($0.code) } ?? .null : .null,
                shownToPeople: false))
        facts.append(
            Fact(
                "gate", "Gate", demoted ? .text(score.gatesApplied.map(\.id).joined(separator: ", ")) : .null,
                shownToPeople: false))
        // Bands by the names people read (`Xuất sắc → Tốt`), the codes where the unit had neither.
        func name(_ code: String) -> String {
            [score.bandBeforeGates, score.band].compactMap { $0 }.first { $0.code == code }?.name ?? code
        }
        for gate in score.gatesApplied {
            facts.append(
                Fact(
                    "gate_text", "Gate",
                    .text("\(name(gate.appliesTo)) → \(name(gate.demoteTo)) by \(gate.id): \(gate.text)"),
                    shownToScripts: false))
        }
        return facts
    }

    /// The evidence documents the unit's scores on `leaf` cite, by stage (`appraisal1: KH
    /// 12/KH-UBND`); null for scripts and left out for people when none is recorded.
    /// A bonus or penalty as recorded at each stage, its cap and what counts: the latest stage,
    /// capped.
    static func adjustmentFacts(
        _ kind: String, unit: String, set: CriteriaSet, score: UnitScore, in context: CommandContext
    ) throws -> [Fact] {
        let isBonus = kind == "bonus"
        let cap = isBonus ? set.adjustments.bonusCap : set.adjustments.penaltyCap
        let stages = try context.evaluation.workspace().stageValues(
            unit: unit, year: try context.evaluation.year(), criterion: kind)
        var facts = [
            Fact("criterion", "Criterion", .text(kind)),
            Fact("cap", "Cap", .number(cap)),
        ]
        for stage in Stage.allCases {
            let recorded = stages.first { $0.stage == stage }
            // As a leaf's stages: a number (a bonus is never not applicable), the note beside it.
            let value = recorded?.points.map { Cell.number($0) } ?? .null
            facts.append(
                Fact("stage_\(stage.rawValue)", "Stage \(stage.rawValue)", value, shownToPeople: recorded != nil))
            let note = recorded?.note
            facts.append(
                Fact(
                    "stage_\(stage.rawValue)_note", "Stage \(stage.rawValue) note", note.map(Cell.text) ?? .null,
                    shownToPeople: note != nil))
        }
        facts.append(
            Fact(
                "points", isBonus ? "Bonus counted" : "Penalty counted", .number(isBonus ? score.bonus : score.penalty))
        )
        facts.append(
            Fact(
                "from", "From",
                stages.last.map { .text($0.stage.rawValue) } ?? .text("nothing recorded"),
                shownToPeople: true))
        return facts
    }

    static func referenceFact(unit: String, leaf: String, in context: CommandContext) throws -> Fact {
        let refs = try context.evaluation.workspace().evidenceReferences(
            unit: unit, year: try context.evaluation.year(), criterion: leaf)
        let text = refs.map { "\($0.stage.rawValue): \($0.ref)" }.joined(separator: "; ")
        return Fact(
            "evidence_ref", "Evidence documents", refs.isEmpty ? .null : .text(text), shownToPeople: !refs.isEmpty)
    }

    /// Why evidence the scenario set leaves a stage's decision as it was, which an analyst would
    /// otherwise take for the value being ignored.
    static func standingDecisionNote(_ leaf: LeafScore, unit: String) -> [String] {
        guard let evidence = leaf.evidence, evidence.source.hasPrefix("scenario "),
            case .stage(let stage) = leaf.source
        else { return [] }
        return [
            "The scenario's value of \(evidence.key) leaves \(stage.rawValue)'s decision as it was: a what-if on evidence moves the points towards the rule's outcome at the new value, never against the change, and this value does not move them ('set \(unit) \(leaf.node.id) POINTS' sets the points)"
        ]
    }

    private func leafFacts(_ leaf: LeafScore) -> [Fact] {
        var facts =
            Self.criterionFacts(leaf.node) + [
                Fact("max", "Max points", .number(leaf.node.maxPoints)),
                Fact("provenance", "Provenance", .text(leaf.node.provenance.rawValue)),
                Fact("rule", "Rule", .text(RuleText.full(leaf.node.rule ?? .manual, maxPoints: leaf.node.maxPoints))),
                Fact(
                    "evidence", "Evidence",
                    .text(leaf.evidence.map { "\($0.key) = \($0.value.display) (from \($0.source))" } ?? "none")),
                Fact("rule_says", "Rule says", .text(Self.ruleSays(leaf))),
                // For scripts, what people read in "Rule says" as typed fields.
                Fact("rule_points", "", leaf.ruleOutcome.points.map { .number($0) } ?? .null, shownToPeople: false),
                Fact("differs", "", .bool(Self.differs(leaf)), shownToPeople: false),
            ]
        for stage in Stage.allCases {
            // Points are numbers (a script reads `stage_self` as one); the note is its own field.
            // Every stage is a field for scripts (null when nothing is recorded); people see
            // the stages recorded.
            let value = leaf.assessment?.stages[stage]
            let cell: Cell =
                switch value {
                case .points(let points): .number(points)
                case .notApplicable: .text("not applicable")
                case nil: .null
                }
            facts.append(Fact("stage_\(stage.rawValue)", "Stage \(stage.rawValue)", cell, shownToPeople: value != nil))
            let note = leaf.assessment?.notes[stage]
            facts.append(
                Fact(
                    "stage_\(stage.rawValue)_note", "Stage \(stage.rawValue) note", note.map(Cell.text) ?? .null,
                    shownToPeople: note != nil))
        }
        facts.append(Fact("points", "Final points", leaf.isApplicable ? .number(leaf.points) : .null))
        facts.append(Fact("source", "From", .text(Self.source(leaf))))
        return facts
    }

    /// Every leaf with max, stage points, lost points, rule, evidence and notes; fields' totals.
    static func scorecard(_ score: UnitScore, set: CriteriaSet, facts: [Fact], year: Int, notes: [String]) -> Report {
        func stagePoints(_ leaf: LeafScore, _ stage: Stage) -> Cell {
            switch leaf.assessment?.stages[stage] {
            case .points(let points): .number(points)
            case .notApplicable: .text("not applicable")
            case nil: .null
            }
        }
        let leafRows: [[Cell]] = score.leaves.map { leaf in
            let notes = Stage.allCases.compactMap { stage in
                leaf.assessment?.notes[stage].map { "\(stage.rawValue): \($0)" }
            }
            return [
                .text(leaf.node.id), .text(leaf.node.title), .number(leaf.node.maxPoints),
            ] + Stage.allCases.map { stagePoints(leaf, $0) } + [
                leaf.isApplicable ? .number(leaf.points) : .null,
                leaf.isApplicable ? .number(max(0, leaf.node.maxPoints - leaf.points)) : .null,
                .text(RuleText.full(leaf.node.rule ?? .manual, maxPoints: leaf.node.maxPoints)),
                leaf.evidence.map { .text("\($0.key) = \($0.value.display) (\($0.source))") } ?? .null,
                notes.isEmpty ? .null : .text(notes.joined(separator: "; ")),
                .text(Self.source(leaf)),
            ]
        }
        let fieldRows: [[Cell]] = set.fields.map { field in
            let node = score.nodes[field.id]
            let achieved = node?.achieved ?? 0
            let maximum = node?.applicableMax ?? 0
            return [
                .text(field.id), .text(field.title), .number(achieved), .number(maximum),
                .number(max(0, maximum - achieved)),
            ]
        }
        return Report(
            title: "Scorecard: \(score.unit.name), set '\(set.id)', year \(year)",
            facts: facts,
            tables: [
                ReportTable(
                    key: "fields", title: "Fields",
                    columns: [
                        Column("field", "Field"), Column("title", "Title"), Column("achieved", "Points"),
                        Column("max", "Applicable max"), Column("lost", "Lost"),
                    ],
                    rows: fieldRows),
                ReportTable(
                    key: "leaves", title: "Criteria",
                    columns: [Column("id", "Id"), Column("title", "Title"), Column("max", "Max")]
                        + Stage.allCases.map { Column("stage_\($0.rawValue)", "Stage \($0.rawValue)") } + [
                            Column("points", "Points"), Column("lost", "Lost"), Column("rule", "Rule"),
                            Column("evidence", "Evidence"), Column("notes", "Notes"),
                            // Where points came from, for people when a scenario gave some.
                            Column(
                                "source", "From", shownToPeople: score.leaves.contains { $0.source == .scenario },
                                shownToScripts: false),
                        ],
                    rows: leafRows
                )
                // A stage no leaf has yet, and notes or evidence nobody recorded, say nothing.
                .hidingFromPeople(Set(Stage.allCases.map { "stage_\($0.rawValue)" } + ["notes", "evidence"])),
            ],
            notes: notes,
            charts: [
                Chart(
                    table: "fields", label: "title", kind: .progress(value: "achieved", maximum: "max"),
                    title: "Points against the applicable maximum, by field")
            ])
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
        case .scenario: leaf.assessment?.scenarioNote.map { "scenario, \($0)" } ?? "scenario"
        case .rule: "rule"
        case .missing: "missing"
        case .notApplicable(let reason): "n/a: \(reason)"
        }
    }

    /// True when the points come from a decision that differs from what the rule gives.
    static func differs(_ leaf: LeafScore) -> Bool {
        guard case .points(let points, _) = leaf.ruleOutcome else { return false }
        return leaf.source != .rule && leaf.isApplicable && abs(points - leaf.points) > Scoring.tolerance
    }

    static func ruleSays(_ leaf: LeafScore) -> String {
        switch leaf.ruleOutcome {
        case .points(_, let reason):
            return Self.differs(leaf) ? reason + " (differs)" : reason
        case .notApplicable(let reason), .noData(let reason):
            return reason
        }
    }
}
