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

    /// The commands of the first `text` block after `heading` in `file`: its `cchc> ` lines,
    /// without the reader's comments (`  # …`).
    func promptLines(_ file: String, after heading: String) throws -> [String] {
        let text = try String(contentsOf: Sessions.packageRoot.appendingPathComponent(file), encoding: .utf8)
        let section = try #require(text.components(separatedBy: heading).dropFirst().first)
        let block =
            try #require(section.components(separatedBy: "```text\n").dropFirst().first)
            .components(separatedBy: "```").first ?? ""
        return block.split(separator: "\n").filter { $0.hasPrefix("cchc> ") }.map { line in
            line.dropFirst(6).components(separatedBy: "  #")[0].trimmingCharacters(in: .whitespaces)
        }
    }

    /// Runs `lines` on the sample as printed: files under `sessions/data/` are the project's, and
    /// the files named in `outputs` are written to `folder`; each line must succeed.
    func runAsPrinted(_ lines: [String], writing outputs: [String] = [], into folder: TemporaryFolder? = nil) throws {
        let engine = try makeSampleEngine()
        for line in lines {
            var resolved = line.replacingOccurrences(
                of: " sessions/data/", with: " \(Sessions.packageRoot.path)/sessions/data/")
            for output in outputs {
                resolved = resolved.replacingOccurrences(of: " \(output)", with: " \(folder?.path ?? ".")/\(output)")
            }
            let result = engine.execute(resolved)
            #expect(result.succeeded, "\(line): \(result.output.map(\.text))")
        }
    }

    /// The user guide's walk through a yearly plan runs on the sample as printed.
    @Test func theUserGuidesPlanWalkthroughRunsOnTheSampleAsPrinted() throws {
        let lines = try promptLines("docs/user-guide.md", after: "## The yearly plan to raise the ranking")
        #expect(lines.count >= 10)
        let folder = try TemporaryFolder("cchc-guide")
        try runAsPrinted(lines, writing: ["ke-hoach.xlsx"], into: folder)
        #expect(FileManager.default.fileExists(atPath: folder.appendingPathComponent("ke-hoach.xlsx").path))
    }

    /// The user guide's feedback example runs on the sample as printed.
    @Test func theUserGuidesFeedbackExampleRunsAsPrinted() throws {
        let lines = try promptLines("docs/user-guide.md", after: "## Feedback on the criteria")
        #expect(lines.count >= 5)
        try runAsPrinted(lines)
    }

    /// The README's tour runs on the sample as printed, from the project's folder (where
    /// `swift run cchc` starts), its files written to a folder of its own.
    @Test func theReadmeTourRunsAsPrinted() throws {
        let lines = try promptLines("README.md", after: "## A short tour")
        #expect(lines.count >= 10)
        let folder = try TemporaryFolder("cchc-tour")
        try runAsPrinted(lines, writing: ["xep-hang.xlsx"], into: folder)
        #expect(FileManager.default.fileExists(atPath: folder.appendingPathComponent("xep-hang.xlsx").path))
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
