import ArgumentParser
import CCHCCore
import CCHCModuleKit
import Foundation

struct CriteriaCommand: WorkbenchCommand {
    static let configuration = CommandConfiguration(
        commandName: "criteria",
        abstract: "Show the criteria tree; check or load a criteria file; check a crosswalk between versions.",
        discussion: """
            Examples:
              criteria
              criteria 3.2.3
              criteria --leaves --set department
              criteria check my-set.yaml
              criteria load my-set.yaml
              criteria crosswalk check my-set-2025.yaml
            """,
        subcommands: [Show.self, Check.self, Load.self, Crosswalk.self],
        defaultSubcommand: Show.self
    )

    func run(in context: CommandContext) throws {}

}

/// Reading criteria files named by users.
enum CriteriaFiles {
    /// Parses `file` (relative to the context's folder); every problem becomes an error line and
    /// the command fails with a count.
    static func parse(_ file: String, in context: CommandContext) throws -> [CriteriaSet] {
        let (sets, crosswalks) = try parseDocument(file, in: context)
        if sets.isEmpty, !crosswalks.isEmpty {
            throw UserError("'\(file)' holds crosswalks, not sets: 'criteria crosswalk check \(file)' checks them")
        }
        return sets
    }

    /// Parses `file`'s sets and crosswalks; problems as in ``parse(_:in:)``.
    static func parseDocument(
        _ file: String, in context: CommandContext
    ) throws -> (sets: [CriteriaSet], crosswalks: [CriteriaCrosswalk]) {
        try parseDocument(text(of: file, in: context), file: file, in: context)
    }

    /// The UTF-8 text of `file`.
    static func text(of file: String, in context: CommandContext) throws -> String {
        let path = context.resolvePath(file)
        guard let data = FileManager.default.contents(atPath: path) else {
            throw UserError("Cannot read the criteria file '\(file)'")
        }
        guard let text = String(data: data, encoding: .utf8) else {
            throw UserError("The criteria file '\(file)' is not UTF-8 text")
        }
        return text
    }

    static func parseDocument(
        _ text: String, file: String, in context: CommandContext
    ) throws -> (sets: [CriteriaSet], crosswalks: [CriteriaCrosswalk]) {
        do {
            return try CriteriaFile.parseDocument(yaml: text, file: file)
        } catch let error as CriteriaFileError {
            throw error.reported(in: context, file: file)
        }
    }
}

extension CriteriaFiles {
    /// The two versions `walk` joins: from `sets` (files being read) first, else the workspace
    /// (the set as loaded now or an earlier content); with the versions not found, by name.
    static func versions(
        of walk: CriteriaCrosswalk, among sets: [CriteriaSet], in context: CommandContext
    ) throws -> (old: CriteriaSet?, new: CriteriaSet?, missing: [String]) {
        func find(_ version: String) throws -> CriteriaSet? {
            try sets.first { $0.id == walk.setID && $0.version == version }
                ?? context.evaluation.criteriaSet(walk.setID, version: version)
        }
        let (old, new) = (try find(walk.fromVersion), try find(walk.toVersion))
        return (old, new, [(old, walk.fromVersion), (new, walk.toVersion)].filter { $0.0 == nil }.map(\.1))
    }
}

extension CriteriaFileError {
    /// Writes every problem as an error line and returns the one-line error that ends the
    /// command ("N problems in 'FILE'").
    func reported(in context: CommandContext, file: String) -> UserError {
        for problem in problems { context.writeError("Error: \(problem)") }
        let count = problems.count
        return UserError("\(count) problem\(count == 1 ? "" : "s") in '\(file)'")
    }
}
