import CCHCCore
import CCHCModuleKit
import CCHCREPL
import Foundation

/// Locates the package's `sessions/` folder (from this file, so re-recording writes into the
/// source tree) and says whether to re-record.
public enum Sessions {
    /// The package root.
    public static let packageRoot = URL(fileURLWithPath: #filePath)
        .deletingLastPathComponent().deletingLastPathComponent().deletingLastPathComponent()

    /// `<package>/sessions`.
    public static let directory = packageRoot.appendingPathComponent("sessions", isDirectory: true)

    /// The transcript file names, sorted.
    public static var files: [String] {
        ((try? FileManager.default.contentsOfDirectory(atPath: directory.path)) ?? [])
            .filter { $0.hasSuffix(".session") }.sorted()
    }

    /// True when `RECORD_SESSIONS=1`.
    public static var isRecording: Bool {
        ["1", "true"].contains(ProcessInfo.processInfo.environment["RECORD_SESSIONS"] ?? "")
    }
}

/// A fresh engine on the sample year, as transcripts see it.
public func makeSampleEngine() throws -> Engine {
    Engine(context: try Workbench.makeContext(data: .sample, actor: "tester", clock: Transcript.clock))
}

/// A module with the given id, commands and providers, for composition tests.
public func stubModule(
    _ id: String, provider: (any CriteriaProvider)? = nil, commands: [any WorkbenchCommand.Type] = [],
    migrations: [String] = []
) -> WorkbenchModule {
    return WorkbenchModule(id: id, summary: "stub \(id)") { registrar in
        if let provider { registrar.add(provider) }
        for command in commands { registrar.add(command: command) }
        for migration in migrations {
            registrar.add(migration: migration) { db in try db.execute(sql: "CREATE TABLE \(id)_t (x)") }
        }
    }
}
