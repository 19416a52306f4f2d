import ArgumentParser
import CCHCCore

struct SetsCommand: WorkbenchCommand {
    static let configuration = CommandConfiguration(
        commandName: "sets",
        abstract: "List the criteria sets; '*' marks the one in use."
    )

    func run(in session: Session) throws {
        let sets = try session.allCriteriaSets()
        let units = session.units
        let rows: [[Cell]] = sets.map { set in
            [
                .text(set.id == session.currentSetID ? "*" : ""), .text(set.id), .text(set.title),
                .text(set.level.rawValue), .text(set.owner), .integer(set.year), .text(set.version),
                .number(set.maxPoints), .integer(set.leaves.count),
                .integer(units.filter { $0.setID == set.id }.count), .text(set.provenance.label),
            ]
        }
        try session.emit(
            Report(
                tables: [
                    ReportTable(
                        key: "sets",
                        columns: [
                            Column("current", ""), Column("set", "Set"), Column("title", "Title"),
                            Column("level", "Level"),
                            Column("owner", "Owner"), Column("year", "Year"), Column("version", "Version"),
                            Column("max", "Max"), Column("leaves", "Leaves"), Column("units", "Units"),
                            Column("provenance", "Provenance"),
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
        discussion: "Examples:\n  use department\n  use commune"
    )

    @Argument(help: "A set id (see 'sets').")
    var set: String

    func run(in session: Session) throws {
        let chosen = try session.criteriaSet(set)
        session.currentSetID = chosen.id
        let count = session.units.filter { $0.setID == chosen.id }.count
        session.write("Using criteria set '\(chosen.id)': \(chosen.title) (\(count) units)")
    }
}

struct CriteriaCommand: WorkbenchCommand {
    static let configuration = CommandConfiguration(
        commandName: "criteria",
        abstract: "Show the criteria tree, one node with its rule, or only the leaves.",
        discussion: """
            Every node shows its maximum points, its rule and its provenance: 'confirmed' (stated \
            in a cited source), 'partly' (structure confirmed, numbers inferred) or 'inferred' \
            (a draft value).

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

    func run(in session: Session) throws {
        let set = try setOption.resolve(in: session)
        var nodes = set.allNodes
        var facts: [Fact] = [Fact("set", "Set", .text(set.id))]
        if let id {
            guard let node = set.node(id) else {
                let hint = Suggestions.closest(to: id, in: nodes.map(\.id)).map { ". Did you mean '\($0)'?" } ?? ""
                throw UserError("Unknown criterion '\(id)' in set '\(set.id)'\(hint)")
            }
            nodes = node.flattened
            facts += [
                Fact("id", "Criterion", .text(node.id)), Fact("title", "Title", .text(node.title)),
                Fact("title_en", "English", .text(node.titleEN)), Fact("max", "Max points", .number(node.maxPoints)),
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
        let tally = Provenance.allCases.map { kind in "\(counted.filter { $0.provenance == kind }.count) \(kind.label)"
        }
        try session.emit(
            Report(
                facts: facts,
                tables: [
                    ReportTable(
                        key: "criteria",
                        columns: [
                            Column("id", "Id"), Column("title", "Title"), Column("max", "Max"), Column("rule", "Rule"),
                            Column("provenance", "Provenance"),
                        ],
                        rows: rows)
                ],
                notes: ["Provenance of \(counted.count) leaves: \(tally.joined(separator: ", "))."]))
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
