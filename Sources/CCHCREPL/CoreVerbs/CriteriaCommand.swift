import ArgumentParser
import CCHCCore
import CCHCModuleKit
import Foundation

struct CriteriaCommand: WorkbenchCommand {
    static let configuration = CommandConfiguration(
        commandName: "criteria",
        abstract: "Show the criteria tree; check or load a criteria file.",
        discussion: """
            Examples:
              criteria
              criteria 3.2.3
              criteria --leaves --set department
              criteria check my-set.yaml
              criteria load my-set.yaml
            """,
        subcommands: [Show.self, Check.self, Load.self],
        defaultSubcommand: Show.self
    )

    func run(in context: CommandContext) throws {}

}

/// Reading criteria files named by users.
enum CriteriaFiles {
    /// Parses `file` (relative to the context's folder); every problem becomes an error line and
    /// the command fails with a count.
    static func parse(_ file: String, in context: CommandContext) throws -> [CriteriaSet] {
        let path = context.resolvePath(file)
        guard let data = FileManager.default.contents(atPath: path) else {
            throw UserError("Cannot read the criteria file '\(file)'")
        }
        guard let text = String(data: data, encoding: .utf8) else {
            throw UserError("The criteria file '\(file)' is not UTF-8 text")
        }
        do {
            return try CriteriaFile.parse(yaml: text, file: file)
        } catch let error as CriteriaFileError {
            for problem in error.problems { context.writeError("Error: \(problem)") }
            let count = error.problems.count
            throw UserError("\(count) problem\(count == 1 ? "" : "s") in '\(file)'")
        }
    }
}
