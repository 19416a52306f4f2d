import ArgumentParser
import CCHCCore
import CCHCModuleKit
import Foundation

extension CriteriaCommand {
    struct Load: WorkbenchCommand {
        static let configuration = CommandConfiguration(
            commandName: "load",
            abstract: "Check a criteria file and add its sets to the workspace.",
            discussion: """
                The file's text is kept in the workspace, so a copied workspace is complete. \
                Loading a changed file again replaces the set; scores recorded against the old \
                content are flagged when shown, and 'compare' scores each year with the content its \
                scores were recorded against (every content loaded is kept). A crosswalk in the \
                file (a set's 'predecessor:', or 'crosswalks:') is checked against the versions it \
                joins and kept for 'compare'.

                Example:
                  criteria load my-set.yaml
                """
        )

        @Argument(help: "A criteria file (YAML): sets, crosswalks or both.")
        var file: String

        func run(in context: CommandContext) throws {
            let text = try CriteriaFiles.text(of: file, in: context)
            let (sets, crosswalks) = try CriteriaFiles.parseDocument(text, file: file, in: context)
            for set in sets {
                if let module = context.evaluation.module(providingSet: set.id) {
                    throw WorkspaceError.setOwnedByModule(set: set.id, module: module)
                }
            }
            // A crosswalk is checked now when both versions are at hand (this file or the
            // workspace), else when 'compare' first uses it.
            var problems: [CriteriaFileProblem] = []
            var unchecked: [(walk: CriteriaCrosswalk, missing: [String])] = []  // versions not at hand
            for walk in sets.compactMap(\.predecessor) + crosswalks {
                let (old, new, missing) = try CriteriaFiles.versions(of: walk, among: sets, in: context)
                guard let old, let new else {
                    problems += walk.shapeProblems
                    unchecked.append((walk, missing))
                    continue
                }
                problems += walk.check(old: old, new: new).problems
            }
            problems.sort { ($0.line, $0.column) < ($1.line, $1.column) }
            guard problems.isEmpty else {
                throw CriteriaFileError(problems: problems).reported(in: context, file: file)
            }
            try context.evaluation.change { workspace, change in
                for set in sets {
                    try workspace.recordCriteriaSet(
                        set, origin: "file", fileName: PathText.name(of: file), content: text, in: change)
                }
                for walk in crosswalks {
                    try workspace.recordCrosswalk(walk, fileName: PathText.name(of: file), in: change)
                }
            }
            for set in sets {
                context.evaluation.forgetCriteriaSet(set.id)
                context.write(
                    "Loaded set '\(set.id)' from \(file): \(set.leaves.count) leaves, \(Format.number(set.maxPoints)) points (sha256 \(set.contentHash.prefix(12)))"
                )
                // Years recorded against an earlier version stay scored with it.
                var kept: [String: [Int]] = [:]
                for (year, hash) in try context.evaluation.workspace().tiedYears(of: set.id)
                where hash != set.contentHash {
                    let version = try context.evaluation.criteriaSet(set.id, asRecordedIn: year).set.version
                    kept[version, default: []].append(year)
                }
                for (version, years) in kept.sorted(by: { $0.value[0] < $1.value[0] }) {
                    context.write(
                        "\(years.map(String.init).joined(separator: ", ")) stay\(years.count == 1 ? "s" : "") scored with version '\(version)', as \(years.count == 1 ? "its" : "their") data (scores or evidence) was recorded; years without data use '\(set.version)'"
                    )
                }
            }
            for walk in sets.compactMap(\.predecessor) + crosswalks {
                var state = "checked"
                if let missing = unchecked.first(where: { $0.walk == walk })?.missing {
                    state =
                        "not checked yet: version \(missing.map { "'\($0)'" }.joined(separator: " and ")) of set '\(walk.setID)' is not in this workspace ('criteria crosswalk check \(file) --with FILE' checks it now; 'compare' checks it when it uses it)"
                }
                let count = walk.entries.count
                context.write(
                    "Crosswalk of set '\(walk.setID)' from '\(walk.fromVersion)' to '\(walk.toVersion)': \(count) entr\(count == 1 ? "y" : "ies"), \(state)"
                )
            }
        }
    }
}
