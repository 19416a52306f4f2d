import CCHCREPL
import CCHCTesting
import Foundation
import Testing

/// Replays every `sessions/*.session` transcript; `RECORD_SESSIONS=1` re-records them.
@Suite("Golden transcripts") struct SessionReplayTests {
    @Test(arguments: Sessions.files)
    func replay(_ name: String) throws {
        let url = Sessions.directory.appendingPathComponent(name)
        let expected = try String(contentsOf: url, encoding: .utf8)
        let actual = try Transcript.replay(expected, directory: Sessions.directory.path)
        if actual == expected { return }
        if Sessions.isRecording {
            try actual.write(to: url, atomically: true, encoding: .utf8)
            Issue.record("re-recorded \(name); run again without RECORD_SESSIONS=1")
            return
        }
        Issue.record(
            """
            \(name) differs (- expected, + actual). Re-record: RECORD_SESSIONS=1 swift test --filter SessionReplayTests
            \(lineDiff(expected: expected, actual: actual))
            """)
    }

    @Test func thereAreAtLeastEightTranscripts() { #expect(Sessions.files.count >= 8) }

    @Test func aChangedLineIsCaughtAndShownAsADiff() throws {
        let expected = "# t\n> mode\nOutput format: json (available: table)\n"
        let actual = try Transcript.replay(expected)
        #expect(actual != expected)
        #expect(lineDiff(expected: expected, actual: actual).contains("-Output format: json (available: table)"))
    }
}

@Suite struct TranscriptFormatTests {
    @Test func outputLinesStartingWithAHashStayOutput() {
        let text = "# purpose\n> a\n# No  Title\n1  x\n# a comment before the next input\n> b\nout\n"
        let transcript = Transcript(parsing: text)
        #expect(
            transcript.entries == [
                .comment("# purpose"), .input("a", output: ["# No  Title", "1  x"]),
                .comment("# a comment before the next input"), .input("b", output: ["out"]),
            ])
    }
}
