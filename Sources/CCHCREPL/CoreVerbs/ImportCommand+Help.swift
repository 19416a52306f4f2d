import ArgumentParser
import CCHCCore
import CCHCModuleKit

extension ImportCommand {
    /// The help `help import …` and `import … --help` show where argument-parser knows only the
    /// command group: `import` alone lists the modules' collectors after its own help, and
    /// `import COLLECTOR` (a collector of files, `dossiers`) gives that collector's columns,
    /// the evidence it derives and the options. Nil for anything else (the built-in
    /// subcommands have their own help).
    /// - Parameter words: the words after `import` (flags such as `--help` are passed over).
    static func help(after words: [String], registry: ModuleRegistry, columns: Int) -> String? {
        let collectors = registry.collectors.map(\.value).filter(\.readsFiles)
        let named = words.filter { !$0.hasPrefix("-") }
        guard let word = named.first else {
            let own = helpMessage(for: ImportCommand.self, columns: columns).trimmingTrailingNewlines
            guard !collectors.isEmpty else { return own }
            let width = collectors.map(\.id.count).max() ?? 0
            let lines = collectors.map {
                "  \($0.id.padding(toLength: max(width + 2, 24), withPad: " ", startingAt: 0))\($0.summary)"
            }
            return own + "\n\nCOLLECTORS (import ID FILE; 'help import ID' lists the columns):\n"
                + lines.joined(separator: "\n")
        }
        guard named.count == 1, let collector = collectors.first(where: { $0.id == word }) else { return nil }
        return help(of: collector, columns: columns)
    }

    /// One collector's help: what it reads and derives, its usage, columns and options.
    static func help(of collector: any EvidenceCollector, columns: Int) -> String {
        // The options are those of every collector import (argument-parser's text of
        // `Collected`, whose usage names the collector and the file as they are typed).
        let generic = helpMessage(for: Collected.self, columns: columns)
        var usage =
            generic.split(separator: "\n", omittingEmptySubsequences: false)
            .first { $0.hasPrefix("USAGE:") }
            .map {
                String($0).replacingOccurrences(
                    of: "import collected [<collector>] [<file>]", with: "import \(collector.id) <file>")
            } ?? "USAGE: import \(collector.id) <file>"
        var options = generic.range(of: "\nOPTIONS:").map { String(generic[$0.upperBound...]) } ?? ""
        if !collector.setsRowsAside {
            // `--strict` means nothing to a collector that refuses every row that cannot be right.
            usage = usage.replacingOccurrences(of: " [--strict]", with: "")
            var kept: [Substring] = []
            var dropping = false
            for line in options.split(separator: "\n", omittingEmptySubsequences: false) {
                if line.hasPrefix("  --") || line.hasPrefix("  -h") { dropping = line.hasPrefix("  --strict") }
                if !dropping { kept.append(line) }
            }
            options = kept.joined(separator: "\n")
        }
        var text = ["OVERVIEW: Import \(collector.summary)."]
        text += ["", wrapped("Derives per unit and year: \(collector.keys.joined(separator: ", ")).", columns)]
        text += ["", usage]
        if !collector.columns.isEmpty {
            text += [
                "",
                wrapped(
                    "COLUMNS (the field's name or a Vietnamese header after it; other columns are ignored and named; --map COLUMN=FIELD reads one under another name):",
                    columns),
            ]
            for column in collector.columns {
                let name = column.field + (column.required ? " (required)" : "")
                let headers = column.headers.isEmpty ? "" : column.headers.joined(separator: ", ") + ": "
                text.append(item(name, headers + column.meaning, columns: columns))
            }
        }
        text += ["", "OPTIONS:" + options.trimmingTrailingNewlines]
        return text.joined(separator: "\n")
    }

    /// `text` in lines of at most `width` characters, broken between words.
    private static func lines(_ text: String, width: Int) -> [String] {
        var lines: [String] = []
        var line = ""
        for word in text.split(separator: " ") {
            if !line.isEmpty, line.count + 1 + word.count > width {
                lines.append(line)
                line = ""
            }
            line += (line.isEmpty ? "" : " ") + word
        }
        if !line.isEmpty { lines.append(line) }
        return lines
    }

    private static func wrapped(_ text: String, _ columns: Int) -> String {
        lines(text, width: columns).joined(separator: "\n")
    }

    /// A name and its description as argument-parser lays out options: the name in a column of
    /// 26, the text beside it (under it when the name is longer).
    private static func item(_ name: String, _ description: String, columns: Int) -> String {
        let indent = 26
        let head = "  " + name
        let body = lines(description, width: columns - indent).map { String(repeating: " ", count: indent) + $0 }
        guard var first = body.first else { return head }
        if head.count < indent - 1 {
            first = head + first.dropFirst(head.count)
            return ([first] + body.dropFirst()).joined(separator: "\n")
        }
        return ([head] + body).joined(separator: "\n")
    }
}
