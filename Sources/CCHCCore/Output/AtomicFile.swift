import Foundation

#if canImport(Glibc)
    import Glibc
#elseif canImport(Darwin)
    import Darwin
#endif

/// Writes files so that readers see the old contents or the new ones, never half of them: the
/// bytes go to a temporary file beside the target, are flushed to disk, and `rename(2)` puts it
/// in place. Errors name the file as the user gave it.
public enum AtomicFile {
    /// Writes `data` to `url`; `shown` is the path as the user gave it.
    /// - Throws: ``FileError`` when the folder is missing or the file cannot be written (nothing is left behind).
    public static func write(_ data: Data, to url: URL, shownAs shown: String) throws {
        try write(to: url, shownAs: shown) { handle in try handle.write(contentsOf: data) }
    }

    /// Lets `body` write to a handle on the temporary file (for output streamed in blocks), then
    /// renames it into place; nothing is left behind when `body` throws.
    /// - Throws: ``FileError`` when the folder is missing or the file cannot be written, also when `body` throws
    ///   (its message becomes the reason); nothing is left behind.
    public static func write(to url: URL, shownAs shown: String, _ body: (FileHandle) throws -> Void) throws {
        let directory = url.deletingLastPathComponent()
        var isDirectory: ObjCBool = false
        guard FileManager.default.fileExists(atPath: directory.path, isDirectory: &isDirectory), isDirectory.boolValue
        else {
            let folder = PathText.folder(of: shown)
            throw FileError.noFolder(folder: folder.isEmpty ? "." : folder, file: url.lastPathComponent)
        }
        let temporary = directory.appendingPathComponent(".\(url.lastPathComponent).\(getpid()).tmp")
        do {
            guard FileManager.default.createFile(atPath: temporary.path, contents: nil) else {
                throw FileError.cannotWrite(shown, reason: String(cString: strerror(errno)))
            }
            let handle = try FileHandle(forWritingTo: temporary)
            defer { try? handle.close() }
            try body(handle)
            try handle.synchronize()
        } catch let error as FileError {
            try? FileManager.default.removeItem(at: temporary)
            throw error
        } catch let error as WorkbenchError {
            try? FileManager.default.removeItem(at: temporary)
            throw FileError.cannotWrite(shown, reason: error.description)
        } catch {
            try? FileManager.default.removeItem(at: temporary)
            throw FileError.cannotWrite(shown, reason: error.localizedDescription)
        }
        // A file replaced keeps its mode (a 0600 report stays private).
        var existing = stat()
        if stat(url.path, &existing) == 0 { chmod(temporary.path, existing.st_mode & 0o7777) }
        guard rename(temporary.path, url.path) == 0 else {
            let reason = String(cString: strerror(errno))
            try? FileManager.default.removeItem(at: temporary)
            throw FileError.cannotWrite(shown, reason: reason)
        }
    }
}
