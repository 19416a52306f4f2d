import CCHCCore
import Foundation

/// A golden transcript: comment lines (`#` alone or `# ` and text), `> ` input lines, and after
/// each input the exact output it produced (errors included, in order).
///
/// Comments may stand anywhere and are kept in place; no output line starts with `# ` (Markdown
/// headings are `### `).
public struct Transcript: Equatable {
    /// One line of a transcript's script.
    public enum Entry: Equatable {
        /// A comment, kept verbatim.
        case comment(String)
        /// An input with its expected output lines.
        case input(String, output: [String])
    }

    /// The entries in file order.
    public var entries: [Entry] = []

    /// Parses a transcript's text. A `#` line is a comment when it stands before the first input
    /// or in a run of `#` lines that ends at an input or at the end of the file; anywhere else it
    /// is output (a table whose first column is headed `#`).
    public init(parsing text: String) {
        var lines = text.split(separator: "\n", omittingEmptySubsequences: false).map(String.init)
        if lines.last == "" { lines.removeLast() }
        func isInput(_ line: String) -> Bool { line == ">" || line.hasPrefix("> ") }
        func isCommentLike(_ line: String) -> Bool { line == "#" || line.hasPrefix("# ") || line.hasPrefix("#!") }
        var index = 0
        while index < lines.count {
            let line = lines[index]
            if isInput(line) {
                entries.append(.input(String(line.dropFirst(2)), output: []))
                index += 1
                continue
            }
            if isCommentLike(line) {
                var end = index
                while end < lines.count && isCommentLike(lines[end]) { end += 1 }
                let beforeFirstInput = !entries.contains { if case .input = $0 { true } else { false } }
                if beforeFirstInput || end == lines.count || isInput(lines[end]) {
                    entries += lines[index..<end].map { .comment($0) }
                    index = end
                    continue
                }
            }
            if case .input(let input, var output) = entries.last {
                output.append(line)
                entries[entries.count - 1] = .input(input, output: output)
            } else {
                entries.append(.comment(line))
            }
            index += 1
        }
    }

    /// The inputs in order.
    public var inputs: [String] {
        entries.compactMap { if case .input(let input, _) = $0 { input } else { nil } }
    }

    /// Replays the inputs through `run` and renders the transcript that results.
    public func replay(_ run: (String) -> String) -> String {
        var out: [String] = []
        for entry in entries {
            switch entry {
            case .comment(let line): out.append(line)
            case .input(let input, _):
                out.append(input.isEmpty ? ">" : "> " + input)
                let output = run(input)
                if !output.isEmpty {
                    out += output.split(separator: "\n", omittingEmptySubsequences: false).map(String.init)
                }
            }
        }
        return out.joined(separator: "\n") + "\n"
    }

    /// The fixed time transcripts run at: 20 October 2024, 08:00 UTC.
    public static let clock: @Sendable () -> Date = { Date(timeIntervalSince1970: 1_729_411_200) }

    /// Replays `text` on a fresh in-memory sample context, the way `cchc replay` and the tests do:
    /// actor `tester`, the fixed ``clock``, relative paths resolved against `directory`, whose
    /// `out/` folder (ignored by git) is created for the files that transcripts export.
    public static func replay(_ text: String, directory: String? = nil) throws -> String {
        let context = try Workbench.makeContext(data: .sample, actor: "tester", clock: clock)
        context.baseDirectory = directory
        if let directory {
            try FileManager.default.createDirectory(
                atPath: PathText.joined(directory, "out"), withIntermediateDirectories: true)
        }
        let engine = Engine(context: context)
        return Transcript(parsing: text).replay(engine.handle)
    }
}

/// A readable line diff: `-` expected, `+` actual, two lines of context, `@@ line N @@` hunks.
public func lineDiff(expected: String, actual: String, context: Int = 2) -> String {
    let old = expected.split(separator: "\n", omittingEmptySubsequences: false).map(String.init)
    let new = actual.split(separator: "\n", omittingEmptySubsequences: false).map(String.init)
    var removed = Set<Int>()
    var inserted = Set<Int>()
    for change in new.difference(from: old) {
        switch change {
        case .remove(let offset, _, _): removed.insert(offset)
        case .insert(let offset, _, _): inserted.insert(offset)
        }
    }
    var rows: [(mark: Character, text: String, line: Int)] = []
    var i = 0
    var j = 0
    while i < old.count || j < new.count {
        if i < old.count, removed.contains(i) {
            rows.append(("-", old[i], i + 1))
            i += 1
        } else if j < new.count, inserted.contains(j) {
            rows.append(("+", new[j], i + 1))
            j += 1
        } else {
            rows.append((" ", i < old.count ? old[i] : "", i + 1))
            i += 1
            j += 1
        }
    }
    let changed = rows.indices.filter { rows[$0].mark != " " }
    let keep = Set(changed.flatMap { max(0, $0 - context)...min(rows.count - 1, $0 + context) })
    var out: [String] = []
    var last = -2
    for k in rows.indices where keep.contains(k) {
        if k != last + 1 { out.append("@@ line \(rows[k].line) @@") }
        out.append("\(rows[k].mark)\(rows[k].text)")
        last = k
    }
    return out.joined(separator: "\n")
}
