import Foundation

/// A deterministic pause inside an import's transaction, for the crash and concurrency tests:
/// with `CCHC_FAILPOINT_IMPORT_PAUSE=N`, an import stops after writing N rows (its transaction
/// open), creates the file named by `CCHC_FAILPOINT_MARKER` and waits to be killed.
/// Unset (always, outside those tests), it costs one comparison per import.
enum Failpoint {
    static let importPauseAfterRows: Int? = ProcessInfo.processInfo.environment["CCHC_FAILPOINT_IMPORT_PAUSE"]
        .flatMap { Int($0) }

    static func pauseInsideImport() {
        if let marker = ProcessInfo.processInfo.environment["CCHC_FAILPOINT_MARKER"] {
            _ = FileManager.default.createFile(atPath: marker, contents: Data("paused\n".utf8))
        }
        Thread.sleep(forTimeInterval: 120)
    }
}
