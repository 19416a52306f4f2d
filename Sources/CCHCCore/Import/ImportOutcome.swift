import Foundation

/// What an import did or would do.
public struct ImportOutcome: Sendable {
    /// The file as named by the user.
    public var file: String
    /// Data rows read (the header excluded).
    public var rows: Int
    /// The problems found (the first ``ImportSession/problemLimit``), in file order.
    public var problems: [InputProblem]
    /// How many problems there were in all.
    public var problemCount: Int
    /// Warnings that did not stop the import.
    public var warnings: [String]
    /// True when the data was written.
    public var applied: Bool
    /// One line: what was (or would be) added and changed.
    public var summary: String
    /// The same as numbers, for scripts (nil for an import that does not count values).
    public var counts: ImportCounts?
    /// How the file was read, when it was not as plain as can be: the header's line, the
    /// columns not used (see ``CSVImportState/reading``).
    public var reading: [String] = []
}

/// How many values (or units) an import added, changed and found unchanged, or would have.
public struct ImportCounts: Sendable, Equatable {
    public var added: Int
    public var changed: Int
    public var unchanged: Int

    public init(added: Int, changed: Int, unchanged: Int) {
        self.added = added
        self.changed = changed
        self.unchanged = unchanged
    }
}
