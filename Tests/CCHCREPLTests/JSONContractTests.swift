import ArgumentParser
import CCHCModuleKit
import CCHCREPL
import CCHCTesting
import Foundation
import Testing

/// The JSON contract: every command, as the registry lists it (subcommands included), has a JSON
/// Schema in docs/json/ and a line in docs/json/invocations.txt that makes its JSON on the
/// sample; each document it writes validates against its schema (Python's jsonschema, the
/// reference validator). A new command without both fails here.
@Suite struct JSONContractTests {
    static let folder = Sessions.packageRoot.appendingPathComponent("docs/json")

    /// Every command path: `rank`, `feedback add`, … (a group with subcommands is its leaves).
    static func commandPaths() throws -> [String] {
        func paths(_ type: any ParsableCommand.Type, prefix: String) -> [String] {
            let name =
                prefix.isEmpty
                ? type.configuration.commandName ?? "" : "\(prefix) \(type.configuration.commandName ?? "")"
            let subcommands = type.configuration.subcommands
            return subcommands.isEmpty ? [name] : subcommands.flatMap { paths($0, prefix: name) }
        }
        return try ModuleRegistry(modules: BuiltInModules.all).commands.flatMap { paths($0.value, prefix: "") }
    }

    /// `PATH | LINE; LINE; …` lines, several per command for its several forms: the last line's
    /// document is validated, the others prepare. A last line starting with `!` must fail (and
    /// still write its document).
    static func invocations() throws -> [String: [[String]]] {
        let text = try String(contentsOf: folder.appendingPathComponent("invocations.txt"), encoding: .utf8)
        var table: [String: [[String]]] = [:]
        for line in text.split(separator: "\n") where !line.hasPrefix("#") && line.contains("|") {
            let parts = line.split(separator: "|", maxSplits: 1).map { $0.trimmingCharacters(in: .whitespaces) }
            table[parts[0], default: []].append(
                parts[1].components(separatedBy: "; ").map { $0.trimmingCharacters(in: .whitespaces) })
        }
        return table
    }

    static func schemaFile(_ path: String) -> URL {
        folder.appendingPathComponent(path.replacingOccurrences(of: " ", with: "-") + ".schema.json")
    }

    @Test func everyCommandHasASchemaAndAnInvocation() throws {
        let table = try Self.invocations()
        for path in try Self.commandPaths() {
            #expect(table[path] != nil, "docs/json/invocations.txt has no line for '\(path)'")
            #expect(
                FileManager.default.fileExists(atPath: Self.schemaFile(path).path),
                "docs/json has no schema for '\(path)'")
        }
    }

    @Test func everyCommandsJSONValidatesAgainstItsSchema() throws {
        let table = try Self.invocations()
        let folder = try TemporaryFolder("cchc-json")
        let scratch = folder.url
        var pairs: [[String]] = []
        for path in try Self.commandPaths() {
            let drafting = ProcessInfo.processInfo.environment["CCHC_JSON_SAMPLES"] != nil
            guard let forms = table[path],
                drafting || FileManager.default.fileExists(atPath: Self.schemaFile(path).path)
            else { continue }
            for (number, written) in forms.enumerated() {
                let engine = try makeSampleEngine()
                #expect(engine.execute("mode json").succeeded)
                var lines = written.map {
                    $0.replacingOccurrences(of: "$ROOT", with: Sessions.packageRoot.path)
                        .replacingOccurrences(of: "$TMP", with: scratch.path)
                }
                let mustFail = lines.last?.hasPrefix("!") == true
                if mustFail { lines[lines.count - 1].removeFirst() }
                for line in lines.dropLast() { #expect(engine.execute(line).succeeded, "\(path): \(line)") }
                let result = engine.execute(lines.last ?? "")
                #expect(result.succeeded != mustFail, "\(path): \(lines.last ?? "")")
                let document = result.output.filter { $0.kind == .output }.map(\.text).joined(separator: "\n")
                #expect(!document.isEmpty, "\(path): '\(lines.last ?? "")' wrote no document")
                let file = scratch.appendingPathComponent("\(pairs.count).json")
                try document.write(to: file, atomically: true, encoding: .utf8)
                // CCHC_JSON_SAMPLES=DIR keeps each document, for drafting a new command's schema
                // with docs/json/draft.py.
                if let samples = ProcessInfo.processInfo.environment["CCHC_JSON_SAMPLES"] {
                    let name = path.replacingOccurrences(of: " ", with: "-") + (number == 0 ? "" : ".\(number)")
                    try document.write(toFile: samples + "/" + name + ".json", atomically: true, encoding: .utf8)
                }
                pairs.append([path, file.path, Self.schemaFile(path).path])
            }
        }
        let list = scratch.appendingPathComponent("pairs.json")
        try JSONSerialization.data(withJSONObject: pairs).write(to: list)
        let run = try Products.run(
            URL(fileURLWithPath: "/usr/bin/env"),
            ["python3", Self.folder.appendingPathComponent("validate.py").path, list.path])
        #expect(run.status == 0, "\(run.stdout)\(run.stderr)")
    }
}
