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

    /// The user guide's walk through a yearly plan runs on the sample as printed (its files from
    /// the project's folder; the export written to a folder of its own).
    @Test func theUserGuidesPlanWalkthroughRunsOnTheSampleAsPrinted() throws {
        let guide = try String(
            contentsOf: Sessions.packageRoot.appendingPathComponent("docs/user-guide.md"), encoding: .utf8)
        let section = try #require(guide.components(separatedBy: "## The yearly plan to raise the ranking").last)
        let block =
            try #require(section.components(separatedBy: "```text\n").dropFirst().first)
            .components(separatedBy: "```").first ?? ""
        let lines = block.split(separator: "\n").filter { $0.hasPrefix("cchc> ") }.map { $0.dropFirst(6) }
        #expect(lines.count >= 10)
        let scratch = try TemporaryFolder("cchc-guide")
        let folder = scratch.url
        let engine = try makeSampleEngine()
        for line in lines {
            let resolved = String(line)
                .replacingOccurrences(of: " sessions/data/", with: " \(Sessions.packageRoot.path)/sessions/data/")
                .replacingOccurrences(of: " ke-hoach.xlsx", with: " \(folder.path)/ke-hoach.xlsx")
            let result = engine.execute(resolved)
            #expect(result.succeeded, "\(line): \(result.output.map(\.text))")
        }
        #expect(FileManager.default.fileExists(atPath: folder.appendingPathComponent("ke-hoach.xlsx").path))
    }

    /// The user guide's feedback example runs on the sample as printed.
    @Test func theUserGuidesFeedbackExampleRunsAsPrinted() throws {
        let guide = try String(
            contentsOf: Sessions.packageRoot.appendingPathComponent("docs/user-guide.md"), encoding: .utf8)
        let section = try #require(guide.components(separatedBy: "## Feedback on the criteria").last)
        let block =
            try #require(section.components(separatedBy: "```text\n").dropFirst().first)
            .components(separatedBy: "```").first ?? ""
        let lines = block.split(separator: "\n").filter { $0.hasPrefix("cchc> ") }.map { line in
            String(line.dropFirst(6).components(separatedBy: "   #")[0])
        }
        #expect(lines.count >= 5)
        let engine = try makeSampleEngine()
        for line in lines {
            let result = engine.execute(line)
            #expect(result.succeeded, "\(line): \(result.output.map(\.text))")
        }
    }

    /// The README's tour runs on the sample as printed, from the project's folder (where
    /// `swift run cchc` starts), its files written to a folder of its own.
    @Test func theReadmeTourRunsAsPrinted() throws {
        let readme = try String(contentsOf: Sessions.packageRoot.appendingPathComponent("README.md"), encoding: .utf8)
        let section = try #require(readme.components(separatedBy: "## A short tour").last)
        let block =
            try #require(section.components(separatedBy: "```text\n").dropFirst().first)
            .components(separatedBy: "```").first ?? ""
        let lines = block.split(separator: "\n").filter { $0.hasPrefix("cchc> ") }.map { line in
            // The comment after a command ('# …') is the reader's, not the command's.
            String(line.dropFirst(6).split(separator: "#", maxSplits: 1)[0]).trimmingCharacters(in: .whitespaces)
        }
        #expect(lines.count >= 10)
        let scratch = try TemporaryFolder("cchc-tour")
        let engine = try makeSampleEngine()
        for line in lines {
            let resolved = line.replacingOccurrences(
                of: " sessions/data/", with: " \(Sessions.packageRoot.path)/sessions/data/"
            ).replacingOccurrences(of: " xep-hang.xlsx", with: " \(scratch.path)/xep-hang.xlsx")
            let result = engine.execute(resolved)
            #expect(result.succeeded, "\(line): \(result.output.map(\.text))")
        }
        #expect(FileManager.default.fileExists(atPath: scratch.appendingPathComponent("xep-hang.xlsx").path))
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
