import ArgumentParser
import CCHCCore
import CCHCModuleKit
import Foundation

struct SetsCommand: WorkbenchCommand {
    static let configuration = CommandConfiguration(
        commandName: "sets",
        abstract: "List the criteria sets; '*' marks the one in use."
    )

    func run(in context: CommandContext) throws {
        let sets = try context.evaluation.allCriteriaSets()
        let units = try context.evaluation.units()
        let rows: [[Cell]] = sets.map { set in
            [
                .text(set.id == context.evaluation.currentSetID ? "*" : ""), .text(set.id), .text(set.title),
                .text(set.level.rawValue), .text(set.owner), .integer(set.year), .text(set.version),
                .number(set.maxPoints), .integer(set.leaves.count),
                .integer(units.filter { $0.setID == set.id }.count),
                .text(context.evaluation.module(providingSet: set.id).map { "module \($0)" } ?? "workspace"),
                .text(set.provenance.label),
            ]
        }
        try context.emit(
            Report(
                tables: [
                    ReportTable(
                        key: "sets",
                        columns: [
                            Column("current", ""), Column("set", "Set"), Column("title", "Title"),
                            Column("level", "Level"),
                            Column("owner", "Owner"), Column("year", "Year"), Column("version", "Version"),
                            Column("max", "Max"), Column("leaves", "Leaves"), Column("units", "Units"),
                            Column("from", "From"), Column("provenance", "Provenance"),
                        ],
                        rows: rows)
                ],
                notes: ["Most point values are drafts (inferred); 'criteria' shows each node's provenance."]))
    }
}

struct UseCommand: WorkbenchCommand {
    static let configuration = CommandConfiguration(
        commandName: "use",
        abstract: "Choose the criteria set that score, rank and criteria work on.",
        discussion: "The choice is kept in the workspace.\n\nExamples:\n  use department\n  use commune"
    )

    @Argument(help: "A set id (see 'sets').")
    var set: String

    func run(in context: CommandContext) throws {
        try context.evaluation.use(setID: set)
        let chosen = try context.evaluation.criteriaSet(set)
        let count = try context.evaluation.units().filter { $0.setID == chosen.id }.count
        context.write("Using criteria set '\(chosen.id)': \(chosen.title) (\(count) units)")
    }
}

struct CriteriaCommand: WorkbenchCommand {
    static let configuration = CommandConfiguration(
        commandName: "criteria",
        abstract: "Show the criteria tree; check or load a criteria file.",
        discussion: """
            Examples:
              criteria
              criteria 3.2.3
              criteria --leaves --set department
              criteria check my-set.yaml
              criteria load my-set.yaml
            """,
        subcommands: [Show.self, Check.self, Load.self],
        defaultSubcommand: Show.self
    )

    func run(in context: CommandContext) throws {}

    struct Show: WorkbenchCommand {
        static let configuration = CommandConfiguration(
            commandName: "show",
            abstract: "Show the criteria tree, one node with its rule, or only the leaves.",
            discussion: """
                Every node shows its maximum points, its rule and its provenance: 'confirmed' \
                (stated in a cited source), 'partly' (structure confirmed, numbers inferred) or \
                'inferred' (a draft value).

                Examples:
                  criteria
                  criteria 3.2
                  criteria 3.2.3
                  criteria --leaves --set department
                """
        )

        @Argument(help: "A node id such as 3.2 or 3.2.3 (default: the whole tree).")
        var id: String?

        @Flag(name: .long, help: "List only the leaves (the scored criteria).")
        var leaves = false

        @OptionGroup var setOption: SetOption

        @OptionGroup var scenarioOption: ScenarioOption

        func run(in context: CommandContext) throws {
            let scenario = try scenarioOption.resolve(in: context)
            let baseline = try setOption.resolve(in: context)
            let set = try context.evaluation.world(scenario).sets[baseline.id] ?? baseline
            var nodes = set.allNodes
            var facts: [Fact] = [Fact("set", "Set", .text(set.id))]
            if scenario != Scenario.baseline { facts.append(Fact("scenario", "Scenario", .text(scenario))) }
            if let id {
                guard let node = set.node(id) else {
                    let hint = Suggestions.hint(for: id, in: nodes.map(\.id))
                    throw UserError("Unknown criterion '\(id)' in set '\(set.id)'\(hint)")
                }
                nodes = node.flattened
                facts += [
                    Fact("id", "Criterion", .text(node.id)), Fact("title", "Title", .text(node.title)),
                    Fact("title_en", "English", .text(node.titleEN)),
                    Fact("max", "Max points", .number(node.maxPoints)),
                    Fact("provenance", "Provenance", .text(node.provenance.rawValue)),
                ]
                if !node.sources.isEmpty {
                    facts.append(Fact("sources", "Sources", .text(node.sources.joined(separator: ", "))))
                }
                if let note = node.note { facts.append(Fact("note", "Note", .text(note))) }
                if let rule = node.rule {
                    facts.append(Fact("rule", "Rule", .text(RuleText.full(rule, maxPoints: node.maxPoints))))
                }
            } else {
                facts.append(Fact("title", "Title", .text(set.title)))
                facts.append(Fact("max", "Max points", .number(set.maxPoints)))
            }
            if leaves { nodes = nodes.filter(\.isLeaf) }
            let rows: [[Cell]] = nodes.map { node in
                let indent = leaves ? "" : String(repeating: "  ", count: node.depth)
                return [
                    .text(node.id), .text(indent + node.title), .number(node.maxPoints),
                    .text(node.rule.map(RuleText.short) ?? ""), .text(node.provenance.label),
                ]
            }
            let counted = nodes.filter(\.isLeaf)
            let tally = Provenance.allCases.map { kind in
                "\(counted.filter { $0.provenance == kind }.count) \(kind.label)"
            }
            try context.emit(
                Report(
                    facts: facts,
                    tables: [
                        ReportTable(
                            key: "criteria",
                            columns: [
                                Column("id", "Id"), Column("title", "Title"), Column("max", "Max"),
                                Column("rule", "Rule"),
                                Column("provenance", "Provenance"),
                            ],
                            rows: rows)
                    ],
                    notes: ["Provenance of \(counted.count) leaves: \(tally.joined(separator: ", "))."]))
        }
    }

    struct Check: WorkbenchCommand {
        static let configuration = CommandConfiguration(
            commandName: "check",
            abstract: "Check a criteria file and report every problem as FILE:LINE:COLUMN.",
            discussion: "The format is described in docs/criteria-format.md.\n\nExample:\n  criteria check my-set.yaml"
        )

        @Argument(help: "A criteria file (YAML).")
        var file: String

        func run(in context: CommandContext) throws {
            let sets = try CriteriaFiles.parse(file, in: context)
            for set in sets {
                context.write(
                    "\(file): set '\(set.id)' is valid: \(set.leaves.count) leaves, \(Format.number(set.maxPoints)) points, \(set.bands.bands.count) bands"
                )
            }
        }
    }

    struct Load: WorkbenchCommand {
        static let configuration = CommandConfiguration(
            commandName: "load",
            abstract: "Check a criteria file and add its sets to the workspace.",
            discussion: """
                The file's text is kept in the workspace, so a copied workspace is complete. \
                Loading a changed file again replaces the set; scores recorded against the old \
                content are flagged when shown.

                Example:
                  criteria load my-set.yaml
                """
        )

        @Argument(help: "A criteria file (YAML).")
        var file: String

        func run(in context: CommandContext) throws {
            let path = context.resolvePath(file)
            let sets = try CriteriaFiles.parse(file, in: context)
            for set in sets {
                if let module = context.evaluation.module(providingSet: set.id) {
                    throw WorkspaceError.setOwnedByModule(set: set.id, module: module)
                }
            }
            let text = try String(contentsOfFile: path, encoding: .utf8)
            try context.evaluation.change { workspace, change in
                for set in sets {
                    try workspace.recordCriteriaSet(
                        set, origin: "file", fileName: (file as NSString).lastPathComponent, content: text, in: change)
                }
            }
            for set in sets {
                context.evaluation.forgetCriteriaSet(set.id)
                context.write(
                    "Loaded set '\(set.id)' from \(file): \(set.leaves.count) leaves, \(Format.number(set.maxPoints)) points (sha256 \(set.contentHash.prefix(12)))"
                )
            }
        }
    }
}

/// Reading criteria files named by users.
enum CriteriaFiles {
    /// Parses `file` (relative to the context's folder); every problem becomes an error line and
    /// the command fails with a count.
    static func parse(_ file: String, in context: CommandContext) throws -> [CriteriaSet] {
        let path = context.resolvePath(file)
        guard let data = FileManager.default.contents(atPath: path) else {
            throw UserError("Cannot read the criteria file '\(file)'")
        }
        guard let text = String(data: data, encoding: .utf8) else {
            throw UserError("The criteria file '\(file)' is not UTF-8 text")
        }
        do {
            return try CriteriaFile.parse(yaml: text, file: file)
        } catch let error as CriteriaFileError {
            for problem in error.problems { context.writeError("Error: \(problem)") }
            let count = error.problems.count
            throw UserError("\(count) problem\(count == 1 ? "" : "s") in '\(file)'")
        }
    }
}

/// Rules as text for tables and detail views.
enum RuleText {
    /// `ratio dossiers.on_time_rate`.
    static func short(_ rule: Rule) -> String {
        rule.evidenceKey.map { "\(rule.kind) \($0)" } ?? rule.kind
    }

    /// The rule with all its parameters.
    static func full(_ rule: Rule, maxPoints: Double) -> String {
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
