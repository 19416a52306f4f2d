import ArgumentParser
import CCHCCore
import CCHCModuleKit

extension UnitsCommand {
    struct Add: WorkbenchCommand {
        static let configuration = CommandConfiguration(
            commandName: "add",
            abstract: "Add a unit.",
            discussion: """
                Examples:
                  units add huong-van-2 "Hương Vân" --kind ward --set commune
                  units add p-noivu-2 "Phòng Nội vụ" --kind department --group "Khối cơ quan chuyên môn"
                """
        )

        @Argument(help: "A short ASCII id (letters, digits, '-', '_', '.').")
        var id: String

        @Argument(help: "The unit's name in Vietnamese.")
        var name: String

        @Option(name: .long, help: "ward, commune, department or public_service_unit.")
        var kind: String

        @Option(name: .long, help: "The criteria set it is evaluated against (default: the set in use).")
        var set: String?

        @Option(name: .long, help: "Its ranking group (khối), for sets that rank by group.")
        var group: String?

        func run(in context: CommandContext) throws {
            guard Values.isPlainID(id) else {
                throw UserError("Unit id '\(id)' must be ASCII letters, digits, '-', '_' or '.'")
            }
            let kind = try UnitKinds.parse(kind)
            let setID = try context.evaluation.criteriaSet(set ?? context.evaluation.currentSetID).id
            let known = try context.evaluation.units().compactMap(\.group)
            let unit = EvaluatedUnit(
                id: id, name: name, kind: kind, setID: setID, group: EvaluatedUnit.groupName(group, as: known))
            try context.evaluation.addUnit(unit)
            context.write(
                "Added unit '\(id)' (\(unit.name), \(kind.rawValue), set '\(setID)'\(unit.group.map { ", group '\($0)'" } ?? ""))"
            )
        }
    }
}
