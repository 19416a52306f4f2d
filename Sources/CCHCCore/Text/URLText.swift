import Foundation

/// Text that may hold a database password, made fit to show, store or tell back.
public enum URLText {
    /// `text` (a command line, a message, a URL, well-formed or not) with every password
    /// replaced by `***`: the part between `:` and `@` of credentials (`u:secret@host`, with or
    /// without a scheme), a `password=` (or `passwd=`, `pwd=`) parameter or connection-string
    /// field, and a URL's "port" that is not a number (`postgres://u:secret`, an `@` forgotten).
    public static func withoutSecrets(_ text: String) -> String {
        guard text.contains(":") || text.contains("=") else { return text }
        var out = text
        // user:secret@ — the user is what follows a scheme's `//`, a space, a quote or `=`.
        out = out.replacing(credentials) { match in "\(match.output.1):***@" }
        out = out.replacing(parameter) { match in "\(match.output.1)=***" }
        out = out.replacing(wordPort) { match in "\(match.output.1):***" }
        return out
    }

    nonisolated(unsafe) private static let credentials = #/((?:^|[\s"'=/])[^\s"'=/:@]+):[^\s"'/]*@/#
    nonisolated(unsafe) private static let parameter = #/(?i)((?:^|[\s?&;"'])(?:password|passwd|pwd))=[^\s&;"']*/#
    nonisolated(unsafe) private static let wordPort =
        #/(://[^\s"'/:@\[]+):([^\s"'/@0-9][^\s"'/@]*|[0-9]+[^\s"'/@0-9][^\s"'/@]*)(?=[\s"'/]|$)/#
}
