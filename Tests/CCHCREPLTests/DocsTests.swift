import CCHCCore
import CCHCModuleKit
import CCHCREPL
import CCHCTesting
import Foundation
import Testing

@Suite struct DocsTests {
    @Test func theCommandReferenceMentionsEveryCommand() throws {
        let text = try String(
            contentsOf: Sessions.packageRoot.appendingPathComponent("docs/commands.md"), encoding: .utf8)
        let registry = try ModuleRegistry(modules: BuiltInModules.all)
        for name in registry.commandNames {
            #expect(text.contains("### `\(name)"), "docs/commands.md does not describe '\(name)'")
        }
    }

    @Test func everyCommandIsCoveredByATranscript() throws {
        let inputs = try Sessions.files.flatMap { file in
            Transcript(
                parsing: try String(contentsOf: Sessions.directory.appendingPathComponent(file), encoding: .utf8)
            )
            .inputs
        }
        let registry = try ModuleRegistry(modules: BuiltInModules.all)
        for name in registry.commandNames {
            #expect(inputs.contains { $0 == name || $0.hasPrefix(name + " ") }, "no transcript runs '\(name)'")
        }
    }
}
