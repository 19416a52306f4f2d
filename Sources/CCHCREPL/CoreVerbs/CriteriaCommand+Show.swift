import ArgumentParser
import CCHCCore
import CCHCModuleKit
import Foundation

extension CriteriaCommand {
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
            facts += ScenarioOption.facts(scenario)
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
}
