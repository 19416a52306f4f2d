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
        subcommands: [List.self, Add.self, Rename.self, Remove.self, History.self],
        defaultSubcommand: List.self
    )

    func run(in context: CommandContext) throws {}

}

/// Unit kinds as users type them.
enum UnitKinds {
    static func parse(_ text: String) throws -> UnitKind {
        guard let kind = UnitKind(written: text) else {
            throw UserError(
                "Unknown unit kind '\(text)'; expected one of \(UnitKind.allCases.map(\.rawValue).joined(separator: ", ")) (or phường, xã, thị trấn, phòng, đơn vị sự nghiệp)"
            )
        }
        return kind
    }
}
