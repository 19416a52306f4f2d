import ArgumentParser
import CCHCCore
import CCHCModuleKit

extension UnitsCommand {
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
            try context.evaluation.renameUnit(unit.id, to: name)
            context.write("Renamed '\(unit.id)': \(unit.name) → \(VietnameseText.nfc(name))")
        }
    }
}
