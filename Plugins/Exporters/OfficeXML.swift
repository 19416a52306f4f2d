import CCHCCore
import Foundation
import ZIPFoundation

/// What the Office Open XML exporters (XLSX, DOCX) share: the zip package, the document's
/// properties and XML text.
enum OfficeXML {
    /// Entries get this date, so one report always gives the same bytes.
    static let entryDate = Date(timeIntervalSince1970: 1_704_067_200)  // 2024-01-01

    /// The package of `entries` (path, XML text), deflated.
    /// - Throws: ``UserError`` when the archive cannot be assembled.
    static func archive(_ entries: [(String, String)]) throws -> Data {
        let archive = try Archive(accessMode: .create)
        for (path, text) in entries {
            let data = Data(text.utf8)
            try archive.addEntry(
                with: path, type: .file, uncompressedSize: Int64(data.count), modificationDate: entryDate,
                compressionMethod: .deflate
            ) { position, size in
                data.subdata(in: Int(position)..<Int(position) + size)
            }
        }
        guard let data = archive.data else { throw UserError("Could not assemble the document's archive") }
        return data
    }

    /// The document's properties: its title, the actor who exported it (author), when.
    static func coreProperties(_ report: Report) -> String {
        let author = report.facts.first { $0.key == "exported_by" }?.value.display ?? "CCHC Workbench"
        let created = report.facts.first { $0.key == "exported_at" }?.value.display
        let when = created.map {
            "<dcterms:created xsi:type=\"dcterms:W3CDTF\">\(text($0))</dcterms:created><dcterms:modified xsi:type=\"dcterms:W3CDTF\">\(text($0))</dcterms:modified>"
        }
        return """
            <?xml version="1.0" encoding="UTF-8" standalone="yes"?>
            <cp:coreProperties xmlns:cp="http://schemas.openxmlformats.org/package/2006/metadata/core-properties" xmlns:dc="http://purl.org/dc/elements/1.1/" xmlns:dcterms="http://purl.org/dc/terms/" xmlns:xsi="http://www.w3.org/2001/XMLSchema-instance"><dc:title>\(text(report.title ?? "CCHC Workbench"))</dc:title><dc:creator>\(text(author))</dc:creator><cp:lastModifiedBy>\(text(author))</cp:lastModifiedBy>\(when ?? "")</cp:coreProperties>
            """
    }

    static let appProperties = """
        <?xml version="1.0" encoding="UTF-8" standalone="yes"?>
        <Properties xmlns="http://schemas.openxmlformats.org/officeDocument/2006/extended-properties"><Application>CCHC Workbench</Application></Properties>
        """

    /// Content types of the properties parts, for `[Content_Types].xml`.
    static let propertiesContentTypes =
        "<Override PartName=\"/docProps/core.xml\" ContentType=\"application/vnd.openxmlformats-package.core-properties+xml\"/><Override PartName=\"/docProps/app.xml\" ContentType=\"application/vnd.openxmlformats-officedocument.extended-properties+xml\"/>"

    /// The package's relationships: the main part and the properties.
    static func rootRelationships(main: String, type: String) -> String {
        """
        <?xml version="1.0" encoding="UTF-8" standalone="yes"?>
        <Relationships xmlns="http://schemas.openxmlformats.org/package/2006/relationships"><Relationship Id="rId1" Type="\(type)" Target="\(main)"/><Relationship Id="rId2" Type="http://schemas.openxmlformats.org/package/2006/relationships/metadata/core-properties" Target="docProps/core.xml"/><Relationship Id="rId3" Type="http://schemas.openxmlformats.org/officeDocument/2006/relationships/extended-properties" Target="docProps/app.xml"/></Relationships>
        """
    }

    /// Escapes XML text and drops the control characters XML 1.0 cannot hold.
    static func text(_ text: String) -> String {
        var out = ""
        for scalar in text.unicodeScalars {
            switch scalar {
            case "&": out += "&amp;"
            case "<": out += "&lt;"
            case ">": out += "&gt;"
            case "\"": out += "&quot;"
            case "\t", "\n", "\r": out.unicodeScalars.append(scalar)
            case _ where scalar.value < 0x20 || scalar.value == 0xFFFE || scalar.value == 0xFFFF: continue
            default: out.unicodeScalars.append(scalar)
            }
        }
        return out
    }
}
