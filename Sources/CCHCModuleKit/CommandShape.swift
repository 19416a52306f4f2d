import ArgumentParser
import Foundation

/// What a command accepts, as argument-parser describes it (its `--experimental-dump-help`
/// JSON): its options and flags, and its subcommands. The one place that reads a command's
/// shape, for completion and for reading dash values.
public struct CommandShape: Sendable {
    /// An option or a flag.
    public struct Option: Sendable {
        /// Its names as typed: `--set`, `-s`.
        public var names: [String]
        /// True for an option (`--set SET`), false for a flag (`--force`).
        public var takesValue: Bool
    }

    /// The subcommand of `root` that the leading `words` name (`["add"]` of `feedback`), and
    /// those words; `root` itself and no words when the first word names none.
    public static func subcommand(
        of root: any ParsableCommand.Type, named words: some Sequence<String>
    ) -> (type: any ParsableCommand.Type, path: [String]) {
        var type = root
        var path: [String] = []
        for word in words {
            guard
                let sub = type.configuration.subcommands.first(where: {
                    $0.configuration.commandName == word || $0.configuration.aliases.contains(word)
                })
            else { break }
            type = sub
            path.append(word)
        }
        return (type, path)
    }

    /// The options and flags, `--help` included.
    public var options: [Option] = []
    /// The subcommands' names (and aliases).
    public var subcommands: [String] = []

    /// The shape of `root`'s command at `path` (subcommand names after the root's own); empty
    /// when argument-parser gives none.
    public init(_ root: any ParsableCommand.Type, path: [String] = []) {
        let type = Self.subcommand(of: root, named: path).type
        subcommands = type.configuration.subcommands.flatMap {
            [$0.configuration.commandName].compactMap { $0 } + $0.configuration.aliases
        }
        let dump: String
        do {
            _ = try root.parseAsRoot(path + ["--experimental-dump-help"])
            return
        } catch {
            dump = root.fullMessage(for: error)
        }
        guard let object = try? JSONSerialization.jsonObject(with: Data(dump.utf8)) as? [String: Any],
            let command = object["command"] as? [String: Any]
        else { return }
        for argument in command["arguments"] as? [[String: Any]] ?? [] {
            let kind = argument["kind"] as? String
            guard kind == "option" || kind == "flag" else { continue }
            let names: [String] = (argument["names"] as? [[String: Any]] ?? []).compactMap { name in
                guard let text = name["name"] as? String else { return nil }
                return name["kind"] as? String == "long" ? "--" + text : "-" + text
            }
            options.append(Option(names: names, takesValue: kind == "option"))
        }
    }
}
