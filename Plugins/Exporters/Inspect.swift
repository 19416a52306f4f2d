import ArgumentParser
import CCHCCore
import CCHCModuleKit
import Foundation
import ZIPFoundation

#if canImport(FoundationXML)
    import FoundationXML
#endif

/// Reads back the sheets of an XLSX workbook (inline and shared strings, numbers, booleans).
public enum XLSXReader {
    /// A sheet: its name and its rows of cell texts (numbers as stored).
    public struct Sheet: Equatable {
        public var name: String
        public var rows: [[String]]
    }

    /// Reads every sheet; throws when an entry is missing or its XML is not well-formed.
    public static func read(_ url: URL) throws -> [Sheet] {
        let entries = try entries(url)
        func entry(_ path: String) throws -> Data {
            guard let data = entries[path] else { throw UserError("\(url.lastPathComponent): no \(path) inside") }
            return data
        }
        let shared =
            entries["xl/sharedStrings.xml"] != nil
            ? try parse(try entry("xl/sharedStrings.xml"), path: "xl/sharedStrings.xml").strings : []
        let names = try parse(try entry("xl/workbook.xml"), path: "xl/workbook.xml").sheetNames
        return try names.indices.map { index in
            let path = "xl/worksheets/sheet\(index + 1).xml"
            var rows = try parse(try entry(path), path: path).rows
            for row in rows.indices {
                rows[row] = rows[row].map { cell in
                    cell.hasPrefix("\u{1}s")
                        ? (Int(cell.dropFirst(2)).flatMap { shared.indices.contains($0) ? shared[$0] : nil } ?? "")
                        : cell
                }
            }
            return Sheet(name: names[index], rows: rows)
        }
    }

    /// Every entry of the archive, by path.
    public static func entries(_ url: URL) throws -> [String: Data] {
        let archive = try Archive(url: url, accessMode: .read)
        var entries: [String: Data] = [:]
        for entry in archive {
            var data = Data()
            _ = try archive.extract(entry, skipCRC32: false) { data.append($0) }
            entries[entry.path] = data
        }
        return entries
    }

    final class Collector: NSObject, XMLParserDelegate {
        var sheetNames: [String] = []
        var rows: [[String]] = []
        var strings: [String] = []
        private var text: String?
        private var cellType: String?
        private var column = 0

        func parser(
            _ parser: XMLParser, didStartElement name: String, namespaceURI: String?, qualifiedName: String?,
            attributes: [String: String]
        ) {
            switch name {
            case "sheet": sheetNames.append(attributes["name"] ?? "")
            case "row": rows.append([])
            case "c":
                cellType = attributes["t"]
                column = attributes["r"].map(Self.column) ?? (rows.last?.count ?? 0)
            case "t", "v": text = ""
            case "si": strings.append("")
            default: break
            }
        }

        func parser(_ parser: XMLParser, foundCharacters string: String) { text? += string }

        func parser(_ parser: XMLParser, didEndElement name: String, namespaceURI: String?, qualifiedName: String?) {
            guard name == "t" || name == "v", let value = text else { return }
            text = nil
            if rows.isEmpty {
                if !strings.isEmpty { strings[strings.count - 1] += value }
                return
            }
            var row = rows.removeLast()
            while row.count < column { row.append("") }
            let stored = cellType == "s" ? "\u{1}s" + value : value
            if row.count == column { row.append(stored) } else { row[column] += stored }
            rows.append(row)
        }

        /// `C7` → 2.
        static func column(_ reference: String) -> Int {
            reference.unicodeScalars.prefix { $0.properties.isAlphabetic }.reduce(0) { $0 * 26 + Int($1.value) - 64 }
                - 1
        }
    }

    static func parse(_ data: Data, path: String) throws -> Collector {
        let parser = XMLParser(data: data)
        let collector = Collector()
        parser.delegate = collector
        guard parser.parse() else {
            throw UserError("\(path): XML not well-formed (\(parser.parserError.map { "\($0)" } ?? "unknown error"))")
        }
        return collector
    }
}

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
        guard let data = FileManager.default.contents(atPath: url.path) else { throw UserError("No file \(path)") }
        var lines = ["\(path): \(data.count > 0 ? "" : "empty, ")\(Self.kind(url.pathExtension))"]
        switch url.pathExtension.lowercased() {
        case "xlsx":
            for sheet in try XLSXReader.read(url) {
                let header = sheet.rows.first { $0.count > 1 } ?? []
                lines.append("Sheet '\(sheet.name)': \(sheet.rows.count) rows; title: \(sheet.rows.first?.first ?? "")")
                if !header.isEmpty { lines.append("  columns: " + header.joined(separator: " | ")) }
            }
        case "csv":
            let bom = data.starts(with: [0xEF, 0xBB, 0xBF])
            let text = String(decoding: bom ? data.dropFirst(3) : data, as: UTF8.self)
            let records = text.split(whereSeparator: \.isNewline)
            lines.append("Byte-order mark: \(bom ? "yes" : "no"); line ends: \(text.contains("\r\n") ? "CRLF" : "LF")")
            lines.append("Lines: \(records.count); first: \(records.first ?? "")")
        case "json":
            let object = try JSONSerialization.jsonObject(with: data)
            guard let dictionary = object as? [String: Any] else { throw UserError("\(path): not a JSON object") }
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
        default:
            throw UserError("Cannot inspect '\(url.pathExtension)' files; expected csv, json, md, html or xlsx")
        }
        context.write(lines.joined(separator: "\n"))
    }

    static func kind(_ pathExtension: String) -> String {
        switch pathExtension.lowercased() {
        case "xlsx": "Excel workbook"
        case "csv": "CSV"
        case "json": "JSON"
        case "html", "htm": "HTML page"
        case "md", "markdown": "Markdown"
        default: "file"
        }
    }
}
