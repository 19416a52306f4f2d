import Foundation
import Testing

@testable import CCHCCore

/// Records what the scanner reports, as text: `<name r=…>`, text, `</name>`.
private final class Recorder: XMLByteHandler {
    var events: [String] = []
    var pendingText: [UInt8] = []

    /// Text comes in pieces (a chunk may end inside a character): joined as bytes.
    private func flush() {
        if !pendingText.isEmpty { events.append(String(decoding: pendingText, as: UTF8.self)) }
        pendingText = []
    }

    func start(_ name: UnsafeBufferPointer<UInt8>, attributes: XMLAttributes) throws {
        flush()
        let r = attributes.value("r").map { " r=" + String(decoding: $0, as: UTF8.self) } ?? ""
        events.append("<" + String(decoding: name, as: UTF8.self) + r + ">")
    }

    func text(_ bytes: UnsafeBufferPointer<UInt8>) { pendingText += bytes }

    func end(_ name: UnsafeBufferPointer<UInt8>) throws {
        flush()
        events.append("</" + String(decoding: name, as: UTF8.self) + ">")
    }
}

@Suite struct XMLByteScannerTests {
    /// Scans `xml` fed in chunks of `size` bytes.
    func scan(_ xml: String, chunk size: Int) throws -> [String] {
        let recorder = Recorder()
        let scanner = XMLByteScanner(handler: recorder)
        let bytes = Array(xml.utf8)
        var offset = 0
        while offset < bytes.count {
            let end = min(bytes.count, offset + size)
            try bytes[offset..<end].withUnsafeBytes { try scanner.feed($0) }
            offset = end
        }
        try scanner.finish()
        return recorder.events
    }

    @Test func anyChunkingGivesTheSameEvents() throws {
        let xml = """
            \u{FEFF}<?xml version="1.0" encoding="UTF-8" standalone="yes"?>
            <x:worksheet xmlns:x="urn:a"><!-- a > comment --><x:sheetData>\
            <x:row r="3" spans='1:2' note="a>b"><x:c r="B3" t="inlineStr"><x:is><x:t>Tứ Hạ &amp; \
            &#272;&#x1EA1;i &lt;1&gt;</x:t></x:is></x:c><x:c r="C3"/>\
            <x:c r="D3"><x:v><![CDATA[9<8]]></x:v></x:c></x:row></x:sheetData></x:worksheet>
            """
        let expected = [
            "<worksheet>", "<sheetData>", "<row r=3>", "<c r=B3>", "<is>", "<t>", "Tứ Hạ & Đại <1>", "</t>",
            "</is>", "</c>", "<c r=C3>", "</c>", "<c r=D3>", "<v>", "9<8", "</v>", "</c>", "</row>", "</sheetData>",
            "</worksheet>",
        ]
        for size in [1, 2, 3, 5, 7, 64, 1 << 16] {
            #expect(try scan(xml, chunk: size) == expected, "chunks of \(size)")
        }
    }

    @Test func aPartThatIsNotWholeIsRefusedWithWhy() {
        let cases: [(String, String)] = [
            ("<worksheet><sheetData><row>", "it ends before its root element is closed"),
            ("<a><b></a></b>", "a closing tag does not match the open element"),
            ("<a>x &nbsp; y</a>", "'&nbsp;' is not a known entity"),
            ("<a>&#0;</a>", "'&#0;' is not a character"),
            ("<a/><b/>", "there is an element after the root"),
            ("<a/>tail", "there is text outside the root element"),
            ("<a><!ELEMENT b></a>", "it has markup it may not have ('<!' that is no comment or CDATA)"),
            ("<a><b", "it ends inside a tag"),
        ]
        for (xml, reason) in cases {
            #expect(throws: (any Error).self, "\(xml)") { try scan(xml, chunk: 4) }
            do {
                _ = try scan(xml, chunk: 4)
            } catch let malformed as XMLByteScanner.Malformed {
                #expect(malformed.reason == reason, "\(xml)")
            } catch {
                Issue.record("\(xml): \(error)")
            }
        }
        // A document type (where entity-expansion attacks live) is its own refusal.
        #expect(throws: XMLByteScanner.DocumentType.self) {
            try scan("<?xml version=\"1.0\"?><!DOCTYPE a [<!ENTITY b \"c\">]><a/>", chunk: 3)
        }
    }
}
