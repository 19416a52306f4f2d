import ArgumentParser
import CCHCCore
import CCHCModuleKit

extension UnitsCommand {
    struct List: WorkbenchCommand {
        static let configuration = CommandConfiguration(
            commandName: "list",
            abstract: "List the units, their kind and the criteria set each is evaluated against.",
            discussion: "Examples:\n  units\n  units --set department\n  units --kind ward"
        )

        @Option(name: .long, help: "Only units evaluated against this set.")
        var set: String?

        @Option(name: .long, help: "Only units of this kind: ward, commune, department, public_service_unit.")
        var kind: String?

        func run(in context: CommandContext) throws {
            var units = try context.evaluation.units()
            if let set {
                _ = try context.evaluation.criteriaSet(set)
                units = units.filter { $0.setID == set }
            }
            if let kind {
                let value = try UnitKinds.parse(kind)
                units = units.filter { $0.kind == value }
            }
            let order = try context.evaluation.setIDs()
            units = VietnameseText.sorted(units, by: \.name) {
                let a = order.firstIndex(of: $0.setID) ?? order.count
                let b = order.firstIndex(of: $1.setID) ?? order.count
                return a != b ? a < b : nil
            }
            try context.emit(
                Report(
                    tables: [
                        ReportTable(
                            key: "units",
                            columns: [
                                Column("unit_id", "Unit id"), Column("unit", "Unit"), Column("kind", "Kind"),
                                Column("set", "Set"),
                                Column("group", "Group", shownToPeople: units.contains { $0.group != nil }),
                            ],
                            rows: units.map {
                                [
                                    .text($0.id), .text($0.name), .text($0.kind.rawValue), .text($0.setID),
                                    $0.group.map(Cell.text) ?? .null,
                                ]
                            }, whenEmpty: "No units; 'units add' or 'import units FILE' adds some.")
                    ]))
        }
    }
}
