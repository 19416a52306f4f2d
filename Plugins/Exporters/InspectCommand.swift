import ArgumentParser
import CCHCCore
import CCHCModuleKit
import Foundation
import ZIPFoundation

/// `inspect FILE`: what an exported file holds, read back from disk.
struct InspectCommand: WorkbenchCommand {
    static let configuration = CommandConfiguration(
        commandName: "inspect",
        abstract: "Summarise an exported file: its sheets, tables, rows and headers, read back from disk.",
        discussion: "Examples:\n  inspect ranking.xlsx\n  inspect ranking.csv"
    )

    @Argument(help: "A file written by 'export' (.csv, .json, .md, .html, .xlsx).")
    var path: String

    func run(in context: CommandContext) throws {
        let url = URL(fileURLWithPath: context.resolvePath(path))
        var isFolder: ObjCBool = false
        if FileManager.default.fileExists(atPath: url.path, isDirectory: &isFolder), isFolder.boolValue {
            throw UserError("\(path) is a folder; name a file in it")
        }
        guard let data = FileManager.default.contents(atPath: url.path) else { throw UserError("No file \(path)") }
        var lines = ["\(path): \(data.count > 0 ? "" : "empty, ")\(Self.kind(url.pathExtension))"]
        switch url.pathExtension.lowercased() {
        case "xlsx":
            // Streamed and bounded: a zip bomb or an entity attack is refused, not inflated.
            let names = try XLSXSheetReader(path: url.path, fileName: path, sheet: nil).sheetNames
            for name in names {
                var rows = 0
                var title = ""
                var firstWidth = 0
                var header: [String] = []
                // The header is the first of the widest rows (facts above a table have two cells).
                try XLSXSheetReader(path: url.path, fileName: path, sheet: name).forEachRow { _, cells in
                    rows += 1
                    if rows == 1 {
                        title = cells.first?.text ?? ""
                        firstWidth = cells.count
                    }
                    if cells.count > 1, cells.count > header.count { header = cells.map(\.text) }
                }
                // Rows above the header (narrower than it) are titles; a sheet that starts with its
                // header has none.
                if firstWidth >= header.count && !header.isEmpty { title = "" }
                lines.append("Sheet '\(name)': \(rows) rows; title: \(title.isEmpty ? "none" : title)")
                if !header.isEmpty { lines.append("  columns: " + header.joined(separator: " | ")) }
            }
        case "csv":
            // As the imports read CSV: UTF-8 text (UTF-16 "Unicode Text" has NUL bytes).
            if data.contains(0) {
                throw UserError(
                    "\(path) has a NUL byte: it is not UTF-8 text (saved as \"Unicode Text\" or binary?); save it as CSV UTF-8"
                )
            }
            let bom = data.starts(with: [0xEF, 0xBB, 0xBF])
            let text = String(decoding: bom ? data.dropFirst(3) : data, as: UTF8.self)
            let records = text.split(whereSeparator: \.isNewline)
            lines.append("Byte-order mark: \(bom ? "yes" : "no"); line ends: \(text.contains("\r\n") ? "CRLF" : "LF")")
            // Shown, not played: control characters (escape sequences) as \u{…}.
            let first = (records.first ?? "").unicodeScalars.map { scalar in
                scalar.properties.generalCategory == .control && scalar != "\t"
                    ? "\\u{\(String(scalar.value, radix: 16, uppercase: true))}" : String(scalar)
            }.joined()
            lines.append("Lines: \(records.count); first: \(first)")
        case "json":
            let object = try JSONInput.parse(data, file: path)
            guard let dictionary = object as? [String: Any] else {
                throw UserError("\(path) is JSON, but not an object ({…}) as cchc writes; nothing to show")
            }
            for key in dictionary.keys.sorted() {
                let value = dictionary[key]
                if let array = value as? [Any] {
                    lines.append("\(key): \(array.count) items")
                } else {
                    lines.append("\(key): \(value.map { "\($0)" } ?? "null")")
                }
            }
        case "html", "htm":
            let text = String(decoding: data, as: UTF8.self)
            func count(_ tag: String) -> Int { text.components(separatedBy: tag).count - 1 }
            let title = text.range(of: "<title>").flatMap { start in
                text.range(of: "</title>", range: start.upperBound..<text.endIndex).map {
                    String(text[start.upperBound..<$0.lowerBound])
                }
            }
            let decoded = title.map {
                $0.replacingOccurrences(of: "&#39;", with: "'").replacingOccurrences(of: "&quot;", with: "\"")
                    .replacingOccurrences(of: "&lt;", with: "<").replacingOccurrences(of: "&gt;", with: ">")
                    .replacingOccurrences(of: "&amp;", with: "&")
            }
            lines.append("Title: \(decoded ?? "—")")
            lines.append(
                "Tables: \(count("<table>")), rows: \(count("<tr>") - count("<thead><tr>")), charts: \(count("<svg "))"
                    + ", external links: \(count("src=\"http") + count("href=\"http"))")
        case "md", "markdown":
            let text = String(decoding: data, as: UTF8.self)
            let all = text.split(separator: "\n")
            let headings = all.filter { $0.hasPrefix("#") }
            let tableRows = all.filter { $0.hasPrefix("|") && !$0.hasPrefix("| ---") && !$0.hasPrefix("|---") }
            let rules = all.filter { $0.hasPrefix("| ---") || $0.hasPrefix("|---") }
            lines.append("Headings: " + (headings.isEmpty ? "none" : headings.joined(separator: "; ")))
            lines.append("Tables: \(rules.count), rows: \(tableRows.count - rules.count)")
        case "docx":
            lines += try Self.document(url, shownAs: path)
        default:
            throw UserError("Cannot inspect '\(url.pathExtension)' files; expected csv, json, md, html, xlsx or docx")
        }
        context.write(lines.joined(separator: "\n"))
    }

    /// The most of a Word document's main part read (a zip bomb is refused, not inflated).
    static let documentLimit: UInt64 = 64 << 20

    /// A Word document's page, tables and frame, from `word/document.xml`.
    /// - Throws: ``UserError`` for a file that is not a Word document or whose text is too big.
    static func document(_ url: URL, shownAs path: String) throws -> [String] {
        let archive: Archive
        do { archive = try Archive(url: url, accessMode: .read) } catch {
            throw UserError("\(path): not a Word document (not a zip package)")
        }
        guard let entry = archive["word/document.xml"] else {
            throw UserError("\(path): not a Word document (no word/document.xml)")
        }
        guard entry.uncompressedSize <= documentLimit else {
            throw UserError("\(path): word/document.xml inflates to more than \(documentLimit >> 20) MB; refused")
        }
        var data = Data()
        _ = try archive.extract(entry, skipCRC32: false) { data.append($0) }
        let text = String(decoding: data, as: UTF8.self)
        func count(_ tag: String) -> Int { text.components(separatedBy: tag).count - 1 }
        let landscape = text.contains("w:orient=\"landscape\"")
        let framed = text.contains(DocumentFrame.nation) && text.contains("Nơi nhận:")
        // Each table of the report has one header row (repeated on every page); the frame's
        // two blocks are tables of one row without one.
        let tables = count("<w:tblHeader/>")
        let layout = count("<w:tbl>") - tables
        return [
            "Page: A4 \(landscape ? "landscape" : "portrait"); font: Times New Roman",
            "Tables: \(tables) (header row repeated on every page), rows: \(count("<w:tr>") - layout - tables)",
            "Official frame: " + (framed ? "yes (national motto, date line, signature, Nơi nhận)" : "no"),
        ]
    }

    static func kind(_ pathExtension: String) -> String {
        switch pathExtension.lowercased() {
        case "xlsx": "Excel workbook"
        case "docx": "Word document"
        case "csv": "CSV"
        case "json": "JSON"
        case "html", "htm": "HTML page"
        case "md", "markdown": "Markdown"
        default: "file"
        }
    }
}
