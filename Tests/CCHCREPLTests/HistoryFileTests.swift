import Foundation
import LineEditing
import Testing

/// The history file is the workbench's to read and write: nothing typed is lost to a file libedit
/// could not read.
@Suite struct HistoryFileTests {
    func file(_ bytes: [UInt8]) throws -> String {
        let path = FileManager.default.temporaryDirectory.appendingPathComponent("cchc-history-\(UUID())").path
        try Data(bytes).write(to: URL(fileURLWithPath: path))
        return path
    }

    @Test func entriesRoundTripInLibeditsFormatWithSpacesBackslashesAndVietnamese() throws {
        let path = try file([])
        defer { try? FileManager.default.removeItem(atPath: path) }
        let entries = ["score \"Hương Văn\"", "set tu-ha 1.4 0,5\t# tab", #"feedback add "a\b""#, "rank"]
        try HistoryFile.write(entries, to: path)
        let text = try String(contentsOfFile: path, encoding: .utf8)
        #expect(text.hasPrefix("_HiStOrY_V2_\nscore\\040\"Hương\\040Văn\"\n"))
        #expect(HistoryFile.read(path) == entries)
        let mode = try FileManager.default.attributesOfItem(atPath: path)[.posixPermissions] as? Int
        #expect(mode == 0o600)
    }

    @Test func aFileOfPlainLinesIsReadAsItIs() throws {
        let path = try file(Array("rank\r\nscore tu-ha\n\nexplain tu-ha 3.2.4\n".utf8))
        defer { try? FileManager.default.removeItem(atPath: path) }
        #expect(HistoryFile.read(path) == ["rank", "score tu-ha", "explain tu-ha 3.2.4"])
    }

    @Test func aLineThatIsNotUTF8IsLeftOutAndTheOthersKept() throws {
        let path = try file(Array("_HiStOrY_V2_\nsets\n".utf8) + [0xFF, 0xFE, 0x41, 0x0A] + Array("rank\n".utf8))
        defer { try? FileManager.default.removeItem(atPath: path) }
        #expect(HistoryFile.read(path) == ["sets", "rank"])
    }

    @Test func libeditsMetaAndControlEscapesAreUndone() throws {
        // \M-\304\M-\221 is 'đ' (C4 91) as libedit writes it in a C locale; \^I a tab.
        let path = try file(Array(#"_HiStOrY_V2_\#nscore\040\M-D\M^Qa\#nx\^Iy\#n"#.utf8))
        defer { try? FileManager.default.removeItem(atPath: path) }
        #expect(HistoryFile.read(path) == ["score đa", "x\ty"])
    }
}
