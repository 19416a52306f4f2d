import ArgumentParser
import CCHCCore
import CCHCModuleKit
import Foundation

extension CriteriaCommand {
    /// `criteria crosswalk check FILE`: how one version of a set becomes the next.
    struct Crosswalk: WorkbenchCommand {
        static let configuration = CommandConfiguration(
            commandName: "crosswalk",
            abstract: "Check a crosswalk between two versions of a criteria set.",
            discussion: """
                A crosswalk says how the leaves of one version of a set become the leaves of the \
                next (same, split, merged, dropped, new); 'compare' pairs leaves through it. It is \
                written in a set ('predecessor:') or in a file of its own ('crosswalks:'); \
                'criteria load' keeps either in the workspace. The format is in \
                docs/criteria-format.md.

                Examples:
                  criteria crosswalk check pilot-set-2.yaml
                  criteria crosswalk check pilot-crosswalk.yaml --with pilot-set.yaml --with pilot-set-2.yaml
                """,
            subcommands: [Check.self], defaultSubcommand: Check.self)

        func run(in context: CommandContext) throws {}

        struct Check: WorkbenchCommand {
            static let configuration = CommandConfiguration(
                commandName: "check",
                abstract: "Check every crosswalk in a file against the two versions it joins.",
                discussion: """
                    The versions are looked up in the files given with --with, then in the \
                    workspace (the set as loaded now and every earlier content loaded). Problems \
                    are reported as FILE:LINE:COLUMN: an id that is a leaf of neither version, a \
                    leaf mapped twice (a leaf that becomes several is one entry with kind: split), \
                    an entry whose shape does not fit its kind. Leaves not named keep their id; \
                    those only in one version are listed as taken as dropped or new.

                    Examples:
                      criteria crosswalk check pilot-set-2.yaml
                      criteria crosswalk check crosswalk.yaml --with old-set.yaml
                    """)

            @Argument(help: "A criteria file with a set naming its predecessor, or a file of crosswalks (YAML).")
            var file: String

            @Option(name: .long, help: "A criteria file holding one of the versions (repeatable).")
            var with: [String] = []

            func run(in context: CommandContext) throws {
                let (sets, crosswalks) = try CriteriaFiles.parseDocument(file, in: context)
                let others = try with.flatMap { try CriteriaFiles.parse($0, in: context) }
                let walks = sets.compactMap(\.predecessor) + crosswalks
                guard !walks.isEmpty else {
                    throw UserError(
                        "'\(file)' has no crosswalk: a set names its predecessor with 'predecessor: {version, crosswalk}', or a file lists 'crosswalks:' (docs/criteria-format.md)"
                    )
                }
                var problems: [CriteriaFileProblem] = []
                var reports: [(CriteriaCrosswalk, CriteriaCrosswalk.Check)] = []
                for walk in walks {
                    let (old, new, missing) = try CriteriaFiles.versions(of: walk, among: sets + others, in: context)
                    guard let old, let new else {
                        problems.append(
                            CriteriaFileProblem(
                                file: file, line: walk.line, column: 1,
                                message:
                                    "Version \(missing.map { "'\($0)'" }.joined(separator: " and ")) of set '\(walk.setID)' is not in this workspace or the files given: name the file with --with FILE"
                            ))
                        continue
                    }
                    let check = walk.check(old: old, new: new)
                    problems += check.problems
                    reports.append((walk, check))
                }
                guard problems.isEmpty else {
                    problems.sort { ($0.line, $0.column) < ($1.line, $1.column) }
                    throw CriteriaFileError(problems: problems).reported(in: context, file: file)
                }
                for (walk, check) in reports {
                    let counts = CriteriaCrosswalk.Kind.allCases.map { kind in
                        "\(check.groups.filter { $0.kind == kind }.count) \(kind.rawValue)"
                    }
                    context.write(
                        "\(file): crosswalk of set '\(walk.setID)' from '\(walk.fromVersion)' to '\(walk.toVersion)' is valid: \(counts.joined(separator: ", "))"
                    )
                    for note in check.notes { context.write("  \(note)") }
                }
            }
        }
    }
}
