import Foundation

/// URLs as they may be shown, stored or told back.
public enum URLText {
    /// `url` with any password replaced by `***` (`postgres://user:***@host/db`), for messages,
    /// provenance and history. Text that does not parse as a URL is cut after `://` up to the
    /// last `@`, so a password in a malformed URL is not shown either.
    public static func withoutPassword(_ url: String) -> String {
        if var parts = URLComponents(string: url), parts.host != nil {
            guard parts.password != nil else { return url }
            parts.password = "***"
            return parts.string ?? url
        }
        guard let scheme = url.range(of: "://"), let at = url.range(of: "@", options: .backwards),
            scheme.upperBound <= at.lowerBound
        else { return url }
        let credentials = url[scheme.upperBound..<at.lowerBound]
        guard let colon = credentials.firstIndex(of: ":") else { return url }
        return String(url[..<colon]) + ":***" + String(url[at.lowerBound...])
    }
}
