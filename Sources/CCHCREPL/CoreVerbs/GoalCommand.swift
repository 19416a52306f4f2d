import ArgumentParser
import CCHCCore
import CCHCModuleKit

struct GoalCommand: WorkbenchCommand {
    static let configuration = CommandConfiguration(
        commandName: "goal",
        abstract: "The least a unit must improve to reach a band or a rank, as concrete steps.",
        discussion: """
            Prefers the fewest changed leaves, then the smallest changes; honours gates, caps \
            and not-applicable leaves, and says plainly when the target cannot be reached. The \
            other units stay as they are. --apply writes the steps into a new scenario.

            Examples:
              goal tu-ha --band tot
              goal "Hương Vinh" --band "Xuất sắc"
              goal binh-thanh --rank 10 --apply binh-thanh-top10
            """
    )

    @Argument(help: "A unit id or name.")
    var unit: [String]

    @Option(name: .long, help: "A band to reach (code or name, e.g. tot or 'Tốt').")
    var band: String?

    @Option(name: .long, help: "A rank to reach (1 is best).")
    var rank: Int?

    @Option(name: .long, help: "Write the steps into a new scenario with this name.")
    var apply: String?

    @OptionGroup var scenarioOption: ScenarioOption

    func validate() throws {
        guard (band == nil) != (rank == nil) else { throw ValidationError("Give either --band or --rank") }
    }

    func run(in context: CommandContext) throws {
        let scenario = try scenarioOption.resolve(in: context)
        if let apply {
            // Checked before the answer: a script must not read an answer as applied.
            guard Values.isPlainID(apply), apply != Scenario.baseline else {
                throw UserError("Scenario name '\(apply)' must be ASCII letters, digits, '-', '_' or '.'")
            }
            if try context.evaluation.workspace().scenarios().contains(where: { $0.name == apply }) {
                throw UserError(
                    "A scenario named '\(apply)' already exists; 'scenario drop \(apply)' drops it, or name another")
            }
        }
        guard let unit = try resolveQueries([unit.joined(separator: " ")], in: context).first else { return }
        let world = try context.evaluation.world(scenario, forUnit: unit.id)
        let others = try context.evaluation.ranking(setID: unit.setID, scenario: scenario)
        guard world.dataset.units.contains(where: { $0.id == unit.id }), let set = world.sets[unit.setID] else {
            throw EvaluationError.unitExcluded(unit: unit.id, scenario: world.excluded[unit.id] ?? scenario)
        }
        let target: GoalTarget
        let wanted: String
        let aim: String  // the target in the title: `band Tốt`, `rank 5`
        if let band {
            guard let found = set.bands.band(written: band) else {
                throw UserError(
                    "Unknown band '\(band)'; expected one of \(set.bands.bands.map { "\($0.code) (\($0.name))" }.joined(separator: ", "))"
                )
            }
            target = .band(found.code)
            wanted = "band \(found.name) (index ≥ \(Format.number(found.minIndex)))"
            aim = "band \(found.name)"
        } else {
            // The places of the unit's ranking group: units ranked there (not those with nothing
            // recorded, which take no place), and the unit itself.
            let group = others.first { $0.unit.id == unit.id }?.group
            let units = others.filter { ($0.rank != nil || $0.unit.id == unit.id) && $0.group == (group ?? $0.group) }
                .count
            guard let rank, (1...max(1, units)).contains(rank) else {
                throw UserError("Rank '\(rank ?? 0)' is outside 1…\(units)")
            }
            target = .rank(rank)
            wanted = "rank \(rank) of \(units)"
            aim = "rank \(rank)"
        }
        let seek = try GoalSeek(world: world, unit: unit, others: others)
        let result = try seek.run(target, progress: context.progress, interrupted: context.interrupted)
        func describe(_ score: UnitScore, rank: Int?) -> String {
            // A place shared is said with whom (found by an analyst: 'rank 1' was a tie).
            let shared = rank == nil ? [] : seek.sharing(score).map(\.name)
            return
                "\(score.indexPct.map { Format.fixed($0) + "%" } ?? "—"), \(score.band?.name ?? "—"), rank \(rank.map(String.init) ?? "—")"
                + (shared.isEmpty ? "" : " (shared with \(ListText.abbreviated(shared, limit: 5)))")
        }
        // People read each state as a sentence; scripts get its index, band and rank as fields.
        func state(_ key: String, _ label: String, _ score: UnitScore, rank: Int?) -> [Fact] {
            [
                Fact(key, label, .text(describe(score, rank: rank)), shownToScripts: false),
                Fact("\(key)_index", "", score.indexPct.map { .number($0) } ?? .null, shownToPeople: false),
                Fact("\(key)_band", "", score.band.map { .text($0.code) } ?? .null, shownToPeople: false),
                Fact("\(key)_rank", "", rank.map { .integer($0) } ?? .null, shownToPeople: false),
            ]
        }
        var targetFacts = [Fact("target", "Target", .text(wanted), shownToScripts: false)]
        switch target {
        case .band(let code):
            targetFacts += [
                Fact("target_band", "", .text(code), shownToPeople: false),
                Fact("target_rank", "", .null, shownToPeople: false),
            ]
        case .rank(let place):
            targetFacts += [
                Fact("target_band", "", .null, shownToPeople: false),
                Fact("target_rank", "", .integer(place), shownToPeople: false),
            ]
        }
        var facts =
            ScenarioOption.facts(scenario) + [
                Fact("unit_id", "Unit id", .text(unit.id)), Fact("unit", "Unit", .text(unit.name)),
            ] + targetFacts + state("now", "Now", result.before, rank: seek.rank(of: result.before))
        // A unit already at its target gets the same document, with no step: after = now.
        let already =
            result.alreadyThere
            ? ["\(unit.id) already meets \(wanted): \(describe(result.before, rank: seek.rank(of: result.before)))"]
            : []
        // Leaves with nothing recorded score 0: the answer says so rather than blaming a rule.
        let missing = result.before.leaves.filter { $0.isApplicable && $0.source == .missing }.map(\.node.id)
        let missingNote =
            missing.isEmpty
            ? []
            : [
                "\(missing.count) applicable lea\(missing.count == 1 ? "f has" : "ves have") nothing recorded (\(ListText.abbreviated(missing))): they count 0 here; import their scores or evidence first"
            ]
        guard result.alreadyThere || (result.reached && !result.steps.isEmpty) else {
            let gates = result.after.gatesApplied.map { "gate \($0.id) (\($0.text)) demotes it" }
            let why =
                (gates.isEmpty ? "" : "; " + gates.joined(separator: "; "))
                + (missing.isEmpty ? "" : "; " + missingNote[0])
            throw UserError(
                "\(unit.id) cannot reach \(wanted): with every improvable leaf at its best it would be \(describe(result.after, rank: result.rankAfter))\(why)"
            )
        }
        facts +=
            result.alreadyThere
            ? state("after", "After", result.before, rank: seek.rank(of: result.before))
            : state("after", "After", result.after, rank: result.rankAfter)
        facts.append(Fact("leaves", "Leaves changed", .integer(Set(result.steps.map(\.leaf.id)).count)))
        try context.emit(
            Report(
                title: "Goal for \(unit.name): \(aim), set '\(unit.setID)', year \(try context.evaluation.year())",
                facts: facts,
                tables: [
                    ReportTable(
                        key: "steps",
                        columns: [
                            Column("id", "Id"), Column("title", "Title"), Column("step", "Step"),
                            Column("gain", "Gain"), Column("change", "Change", shownToPeople: false),
                        ],
                        rows: result.steps.map { step in
                            [
                                .text(step.leaf.id), .text(step.leaf.title), .text(step.text), .number(step.gain),
                                .text(step.override.text),
                            ]
                        }, whenEmpty: already.first)
                ],
                notes: missingNote + dataNotes(context, setIDs: [unit.setID])
            ).scoped(set: unit.setID, year: try context.evaluation.year(), scenario: scenario))
        if let apply, result.alreadyThere {
            // Made all the same, so a script's next 'diff' finds it.
            try context.evaluation.createScenario(apply, from: scenario, overrides: [])
            context.write("Made scenario '\(apply)' (from '\(scenario)') with no change: no step is needed")
        } else if let apply {
            try context.evaluation.createScenario(apply, from: scenario, overrides: result.steps.map(\.override))
            let steps = result.steps.count == 1 ? "the step" : "the \(result.steps.count) steps"
            context.write(
                "Wrote \(steps) into scenario '\(apply)' (from '\(scenario)'); 'diff \(scenario) \(apply)' shows who moves"
            )
        }
    }
}
