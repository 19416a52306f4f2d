import Foundation

/// The history file, read and written by the workbench itself in libedit's format
/// (`_HiStOrY_V2_`, then one line per entry with spaces, tabs, line breaks and backslashes as
/// octal escapes), so that no file is ever replaced because libedit could not read it:
/// a file of plain lines (another tool's, or hand-made) is read as it is, and a line that is not
/// UTF-8 is left out without losing the lines around it.
public enum HistoryFile {
    static let header = "_HiStOrY_V2_"

    /// The entries of the file at `path`, oldest first; empty when there is none.
    public static func read(_ path: String) -> [String] {
        guard let data = FileManager.default.contents(atPath: path), !data.isEmpty else { return [] }
        var lines = data.split(separator: UInt8(ascii: "\n"), omittingEmptySubsequences: true).map(Array.init)
        let encoded = lines.first.map { String(decoding: $0, as: UTF8.self) == header } ?? false
        if encoded { lines.removeFirst() }
        return lines.compactMap { raw in
            var bytes = encoded ? unvis(raw) : raw
            if bytes.last == UInt8(ascii: "\r") { bytes.removeLast() }
            guard let line = String(validating: bytes, as: UTF8.self),
                !line.allSatisfy(\.isWhitespace), !line.unicodeScalars.contains(where: { $0.value == 0 })
            else { return nil }
            return line
        }
    }

    /// Writes `entries` to `path` in libedit's format, atomically, readable by its owner only.
    /// - Throws: a file system error.
    public static func write(_ entries: [String], to path: String) throws {
        var out = Array((header + "\n").utf8)
        for entry in entries {
            out += vis(entry)
            out.append(UInt8(ascii: "\n"))
        }
        let url = URL(fileURLWithPath: path)
        try FileManager.default.createDirectory(at: url.deletingLastPathComponent(), withIntermediateDirectories: true)
        let temporary = url.deletingLastPathComponent().appendingPathComponent(".\(url.lastPathComponent).\(getpid())")
        guard
            FileManager.default.createFile(
                atPath: temporary.path, contents: Data(out), attributes: [.posixPermissions: 0o600])
        else { throw CocoaError(.fileWriteUnknown) }
        if rename(temporary.path, path) != 0 {
            try? FileManager.default.removeItem(at: temporary)
            throw CocoaError(.fileWriteUnknown)
        }
    }

    /// An entry as libedit's `strvis(VIS_WHITE)` writes it: whitespace, controls and `\` as
    /// `\ooo` / `\\`; UTF-8 as it is.
    static func vis(_ entry: String) -> [UInt8] {
        var out: [UInt8] = []
        for byte in entry.utf8 {
            if byte == UInt8(ascii: "\\") {
                out += Array("\\\\".utf8)
            } else if byte <= 0x20 || byte == 0x7F {
                out += Array(("\\" + String(format: "%03o", byte)).utf8)
            } else {
                out.append(byte)
            }
        }
        return out
    }

    /// Undoes libedit's escapes: `\ooo`, `\\`, `\M-c` (c with the high bit), `\^c` and `\M^c`
    /// (control characters); anything else is kept as written.
    static func unvis(_ bytes: [UInt8]) -> [UInt8] {
        var out: [UInt8] = []
        var index = 0
        func octal(_ at: Int) -> UInt8? {
            guard at + 2 < bytes.count else { return nil }
            let digits = bytes[at...(at + 2)]
            guard digits.allSatisfy({ (0x30...0x37).contains($0) }) else { return nil }
            let value = digits.reduce(0) { $0 * 8 + Int($1 - 0x30) }
            return value <= 0xFF ? UInt8(value) : nil
        }
        func control(_ byte: UInt8) -> UInt8 { byte == UInt8(ascii: "?") ? 0x7F : byte & 0x1F }
        while index < bytes.count {
            let byte = bytes[index]
            guard byte == UInt8(ascii: "\\"), index + 1 < bytes.count else {
                out.append(byte)
                index += 1
                continue
            }
            let next = bytes[index + 1]
            if let value = octal(index + 1) {
                out.append(value)
                index += 4
            } else if next == UInt8(ascii: "\\") {
                out.append(next)
                index += 2
            } else if next == UInt8(ascii: "M"), index + 3 < bytes.count, bytes[index + 2] == UInt8(ascii: "-") {
                out.append(bytes[index + 3] | 0x80)
                index += 4
            } else if next == UInt8(ascii: "M"), index + 3 < bytes.count, bytes[index + 2] == UInt8(ascii: "^") {
                out.append(control(bytes[index + 3]) | 0x80)
                index += 4
            } else if next == UInt8(ascii: "^"), index + 2 < bytes.count {
                out.append(control(bytes[index + 2]))
                index += 3
            } else {
                out.append(byte)
                index += 1
            }
        }
        return out
    }
}
