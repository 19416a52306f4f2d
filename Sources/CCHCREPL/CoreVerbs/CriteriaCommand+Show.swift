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
            let set = try context.evaluation.sets(inScenario: scenario)[baseline.id] ?? baseline
            var nodes = set.allNodes
            var facts: [Fact] = [Fact("set", "Set", .text(set.id))]
            facts += ScenarioOption.facts(scenario)
            if let id {
                guard let node = set.node(id) else { throw try unknownCriterion(id, in: set, context: context) }
                nodes = node.flattened
                // Scripts get every field (null when the node has none); people see what it has.
                let rule = node.rule.map { RuleText.full($0, maxPoints: node.maxPoints) }
                facts += [
                    Fact("id", "Criterion", .text(node.id)), Fact("title", "Title", .text(node.title)),
                    Fact("title_en", "English", .text(node.titleEN)),
                    Fact("max", "Max points", .number(node.maxPoints)),
                    Fact("provenance", "Provenance", .text(node.provenance.rawValue)),
                    Fact(
                        "sources", "Sources",
                        node.sources.isEmpty ? .null : .text(node.sources.joined(separator: ", ")),
                        shownToPeople: !node.sources.isEmpty),
                    Fact("note", "Note", node.note.map(Cell.text) ?? .null, shownToPeople: node.note != nil),
                    Fact("rule", "Rule", rule.map(Cell.text) ?? .null, shownToPeople: rule != nil),
                ]
            } else {
                let none = { (key: String, label: String) in Fact(key, label, .null, shownToPeople: false) }
                facts += [
                    none("id", "Criterion"), Fact("title", "Title", .text(set.title)), none("title_en", "English"),
                    Fact("max", "Max points", .number(set.maxPoints)), none("provenance", "Provenance"),
                    none("sources", "Sources"), none("note", "Note"), none("rule", "Rule"),
                ]
            }
            if leaves { nodes = nodes.filter(\.isLeaf) }
            let rows: [[Cell]] = nodes.map { node in
                let indent = leaves ? "" : String(repeating: "  ", count: node.depth)
                return [
                    .text(node.id), .text(indent + node.title), .text(node.title), .integer(node.depth),
                    .number(node.maxPoints), node.rule.map { .text(RuleText.short($0)) } ?? .null,
                    .text(node.provenance.rawValue), .text(node.provenance.label),
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
                                Column("id", "Id"), Column("title_tree", "Title", shownToScripts: false),
                                Column("title", "Title", shownToPeople: false),
                                Column("depth", "Depth", shownToPeople: false), Column("max", "Max"),
                                Column("rule", "Rule"), Column("provenance", "Provenance", shownToPeople: false),
                                Column("provenance_text", "Provenance", shownToScripts: false),
                            ],
                            rows: rows)
                    ],
                    notes: ["Provenance of \(counted.count) leaves: \(tally.joined(separator: ", "))."]))
        }
    }
}
