import ArgumentParser
import CCHCCore
import CCHCModuleKit

struct UnitsCommand: WorkbenchCommand {
    static let configuration = CommandConfiguration(
        commandName: "units",
        abstract: "List, add, rename or remove the units evaluated in the workspace.",
        discussion: """
            Examples:
              units
              units --kind ward
              units add huong-van-2 "Hương Vân" --kind ward --set commune
              units rename huong-van-2 "Phường Hương Vân"
              units remove huong-van-2
            """,
        subcommands: [List.self, Add.self, Rename.self, Remove.self],
        defaultSubcommand: List.self
    )

    func run(in context: CommandContext) throws {}

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
            units.sort {
                let a = order.firstIndex(of: $0.setID) ?? order.count
                let b = order.firstIndex(of: $1.setID) ?? order.count
                return a != b ? a < b : VietnameseText.precedes($0.name, $1.name)
            }
            try context.emit(
                Report(
                    tables: [
                        ReportTable(
                            key: "units",
                            columns: [
                                Column("unit_id", "Unit id"), Column("unit", "Unit"), Column("kind", "Kind"),
                                Column("set", "Set"),
                            ],
                            rows: units.map {
                                [.text($0.id), .text($0.name), .text($0.kind.rawValue), .text($0.setID)]
                            })
                    ],
                    notes: units.isEmpty ? ["No units; 'units add' or 'import units FILE' adds some."] : []))
        }
    }

    struct Add: WorkbenchCommand {
        static let configuration = CommandConfiguration(
            commandName: "add",
            abstract: "Add a unit.",
            discussion: "Example:\n  units add huong-van-2 \"Hương Vân\" --kind ward --set commune"
        )

        @Argument(help: "A short ASCII id (letters, digits, '-', '_', '.').")
        var id: String

        @Argument(help: "The unit's name in Vietnamese.")
        var name: String

        @Option(name: .long, help: "ward, commune, department or public_service_unit.")
        var kind: String

        @Option(name: .long, help: "The criteria set it is evaluated against (default: the set in use).")
        var set: String?

        func run(in context: CommandContext) throws {
            guard Values.isPlainID(id) else {
                throw UserError("Unit id '\(id)' must be ASCII letters, digits, '-', '_' or '.'")
            }
            let kind = try UnitKinds.parse(kind)
            let setID = try context.evaluation.criteriaSet(set ?? context.evaluation.currentSetID).id
            if try context.evaluation.units().contains(where: { $0.id == id }) {
                throw WorkspaceError.duplicateUnit(id)
            }
            let unit = EvaluatedUnit(id: id, name: name, kind: kind, setID: setID)
            try context.evaluation.change { workspace, change in
                try workspace.upsert(unit, action: "units add", in: change)
            }
            context.write("Added unit '\(id)' (\(unit.name), \(kind.rawValue), set '\(setID)')")
        }
    }

    struct Rename: WorkbenchCommand {
        static let configuration = CommandConfiguration(
            commandName: "rename",
            abstract: "Give a unit a new name (its id stays).",
            discussion: "Example:\n  units rename tu-ha \"Phường Tứ Hạ\""
        )

        @Argument(help: "The unit's id or current name.")
        var unit: String

        @Argument(help: "The new name.")
        var name: String

        func run(in context: CommandContext) throws {
            let unit = try UnitMatcher.match(unit, in: try context.evaluation.units())
            try context.evaluation.workspace().renameUnit(unit.id, to: name, by: context.evaluation.author())
            context.write("Renamed '\(unit.id)': \(unit.name) → \(VietnameseText.nfc(name))")
        }
    }

    struct Remove: WorkbenchCommand {
        static let configuration = CommandConfiguration(
            commandName: "remove",
            abstract: "Remove a unit; with --force also its assessments and evidence.",
            discussion: "Example:\n  units remove huong-van-2"
        )

        @Argument(help: "The unit's id.")
        var id: String

        @Flag(name: .long, help: "Also remove the unit's recorded assessments and evidence.")
        var force = false

        func run(in context: CommandContext) throws {
            try context.evaluation.workspace().removeUnit(id, force: force, by: context.evaluation.author())
            context.write("Removed unit '\(id)'")
        }
    }
}

/// Unit kinds as users type them.
enum UnitKinds {
    static func parse(_ text: String) throws -> UnitKind {
        guard let kind = UnitKind(rawValue: text) else {
            throw UserError(
                "Unknown unit kind '\(text)'; expected one of \(UnitKind.allCases.map(\.rawValue).joined(separator: ", "))"
            )
        }
        return kind
    }
}
