import CCHCCore
import CCHCModuleKit
import Foundation
import ZIPFoundation

#if canImport(FoundationXML)
    import FoundationXML
#endif

/// Reads back the sheets of an XLSX workbook the exporters wrote (inline and shared strings,
/// numbers, booleans), whole, for tests. Files from elsewhere go through
/// ``CCHCCore/XLSXSheetReader``, which streams and refuses hostile parts.
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
