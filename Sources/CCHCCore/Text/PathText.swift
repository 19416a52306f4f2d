import Foundation

/// Paths as text, without `NSString`'s path methods: on Linux (swift-corelibs-foundation) they
/// trap on some one-character paths, such as `--workspace x` typed by a user.
public enum PathText {
    /// The folder part: `a/b/c` → `a/b`, `c` → `""`, `/c` → `/`.
    public static func folder(of path: String) -> String {
        var trimmed = Substring(path)
        while trimmed.count > 1 && trimmed.hasSuffix("/") { trimmed = trimmed.dropLast() }
        guard let slash = trimmed.lastIndex(of: "/") else { return "" }
        if slash == trimmed.startIndex { return "/" }
        return String(trimmed[..<slash])
    }

    /// The last part: `a/b/c` → `c`, `a/b/` → `b`.
    public static func name(of path: String) -> String {
        var trimmed = Substring(path)
        while trimmed.count > 1 && trimmed.hasSuffix("/") { trimmed = trimmed.dropLast() }
        guard let slash = trimmed.lastIndex(of: "/") else { return String(trimmed) }
        return String(trimmed[trimmed.index(after: slash)...])
    }

    /// `path` under `folder`, unless it is absolute: `("/w", "a.csv")` → `/w/a.csv`.
    public static func joined(_ folder: String, _ path: String) -> String {
        if path.hasPrefix("/") || folder.isEmpty { return path }
        return folder.hasSuffix("/") ? folder + path : folder + "/" + path
    }

    /// `~` and `~/…` as the home folder.
    public static func expandingTilde(_ path: String) -> String {
        guard path == "~" || path.hasPrefix("~/") else { return path }
        return NSHomeDirectory() + path.dropFirst()
    }

    /// `path` as it exists on disk: itself, else its decomposed or precomposed Unicode form when
    /// that one exists (a name typed in NFC finds a file macOS or a copy wrote in NFD); `path`
    /// unchanged when no form exists.
    public static func existingForm(of path: String) -> String {
        let manager = FileManager.default
        guard !manager.fileExists(atPath: path) else { return path }
        for form in [path.decomposedStringWithCanonicalMapping, path.precomposedStringWithCanonicalMapping]
        where !form.unicodeScalars.elementsEqual(path.unicodeScalars) && manager.fileExists(atPath: form) {
            return form
        }
        return path
    }
}
