/// Lists inside one-line messages.
public enum ListText {
    /// `items` joined by ", ", at most `limit` of them, then `… (+N)` for the rest: a note or an
    /// error about thousands of units stays a line a person can read (the rows, or the JSON,
    /// carry every one), while a district's or a town's units (tens) are still listed whole.
    ///
    ///     ListText.abbreviated(["u0", "u1", "u2"], limit: 2)  // "u0, u1, … (+1)"
    public static func abbreviated(_ items: [String], limit: Int = 30) -> String {
        guard items.count > limit else { return items.joined(separator: ", ") }
        return items.prefix(limit).joined(separator: ", ") + ", … (+\(items.count - limit))"
    }
}
