import Foundation
import GRDB

/// Who makes a change to the workspace, and when.
///
/// Every write carries its own author: nothing about who acts is kept in the workspace, so one
/// command acting as someone else (`feedback add … --as NAME`) can never change who a later
/// change is recorded as.
public struct Author: Sendable, Equatable {
    /// The name recorded in the audit log (`--as`, else the OS user).
    public var name: String
    /// When the change is made.
    public var date: Date

    /// Creates an author.
    public init(name: String, date: Date) {
        self.name = name
        self.date = date
    }

    /// ``date`` as ISO 8601 (UTC), the form stored in the workspace.
    public var timestamp: String { date.formatted(.iso8601) }
}

/// One write in progress: the transaction's database and the author its audit rows record.
public struct Change {
    /// The database, inside the write's immediate transaction.
    public let db: Database
    /// Who makes the change, and when.
    public let author: Author
}
