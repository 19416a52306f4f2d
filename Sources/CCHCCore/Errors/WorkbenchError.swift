/// An error whose `description` is fit for users: one line, values in single quotes.
///
/// Any error that does not conform is shown as an internal error.
public protocol WorkbenchError: Error, CustomStringConvertible {}

/// A plain user-facing error with its message.
public struct UserError: WorkbenchError, Equatable {
    /// The one-line message.
    public var message: String
    /// Creates an error.
    public init(_ message: String) { self.message = message }
    public var description: String { message }
}
