import ArgumentParser
import Foundation

/// Puts words that are values but begin with `-` (a negative number, quoted text such as
/// `"-5 điểm là quá nặng"`) where argument-parser reads them as values: after a `--`, with the
/// command's options and flags moved before it, and an option's dash value written `--name=value`.
///
/// argument-parser takes every word that begins with `-` for an option
/// (apple/swift-argument-parser#31); which names take a value is read from the command's own
/// description (its `--experimental-dump-help` JSON), so no command lists them twice.
enum DashValues {
    /// `arguments` (the words after the command's name) arranged for `root`; unchanged when no
    /// word at `values` begins with `-`.
    static func arrange(_ arguments: [String], values: Set<Int>, for root: any ParsableCommand.Type) -> [String] {
        guard values.contains(where: { arguments.indices.contains($0) && arguments[$0].hasPrefix("-") }) else {
            return arguments
        }
        // The subcommand path: leading words naming subcommands (never a quoted value).
        let leading = arguments.indices.prefix { !values.contains($0) }.map { arguments[$0] }
        let path = CommandShape.subcommand(of: root, named: leading).path
        let takesValue = optionsTakingValues(root, path: path)
        var options: [String] = []
        var positionals: [String] = []
        var index = path.count
        while index < arguments.count {
            let word = arguments[index]
            defer { index += 1 }
            guard !values.contains(index), word.hasPrefix("-"), word != "-" else {
                positionals.append(word)
                continue
            }
            if word == "--" {
                positionals += arguments[(index + 1)...]
                break
            }
            let name = String(word.prefix { $0 != "=" })
            if !word.contains("="), takesValue.contains(name), index + 1 < arguments.count {
                let value = arguments[index + 1]
                options += value.hasPrefix("-") ? ["\(name)=\(value)"] : [name, value]
                index += 1
            } else {
                options.append(word)
            }
        }
        return path + options + ["--"] + positionals
    }

    /// The names (`--set`, `-s`) of `root`'s options at `path` that take a value.
    static func optionsTakingValues(_ root: any ParsableCommand.Type, path: [String]) -> Set<String> {
        Set(CommandShape(root, path: path).options.filter(\.takesValue).flatMap(\.names))
    }
}
