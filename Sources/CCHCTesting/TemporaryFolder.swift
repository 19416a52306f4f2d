import Foundation

/// A folder of its own under the system's temporary directory, removed with everything in it
/// when the last reference to it goes.
///
/// A suite holds one in a stored property, so every test's files (workspaces, imports, exports,
/// a process's data home) go when the test's instance of the suite does; a test that needs one
/// of its own keeps it in a local.
public final class TemporaryFolder: Sendable {
    /// The folder, created by `init`.
    public let url: URL

    /// The folder's path.
    public var path: String { url.path }

    /// Creates `TMPDIR/PREFIX-UUID`.
    ///
    /// - Throws: the file system's error when the folder cannot be created.
    public init(_ prefix: String) throws {
        url = FileManager.default.temporaryDirectory.appendingPathComponent("\(prefix)-\(UUID())")
        try FileManager.default.createDirectory(at: url, withIntermediateDirectories: true)
    }

    /// The URL of `name` inside the folder (nothing is created).
    public func appendingPathComponent(_ name: String) -> URL { url.appendingPathComponent(name) }

    deinit { try? FileManager.default.removeItem(at: url) }
}
