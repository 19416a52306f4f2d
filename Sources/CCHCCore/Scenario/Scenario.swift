/// A scenario as stored: a name, a parent and its own overrides, in order.
public struct Scenario: Sendable, Equatable {
    /// The name; `baseline` is the data as loaded.
    public var name: String
    /// The parent scenario (`baseline` for the first layer).
    public var parent: String
    /// This layer's overrides, in the order they were made.
    public var overrides: [Override]
    /// Who created it, and when.
    public var createdBy: String
    /// ISO 8601 time of creation.
    public var createdAt: String

    /// The name of the data as loaded.
    public static let baseline = "baseline"

    /// Creates a scenario.
    public init(name: String, parent: String, overrides: [Override] = [], createdBy: String, createdAt: String) {
        self.name = name
        self.parent = parent
        self.overrides = overrides
        self.createdBy = createdBy
        self.createdAt = createdAt
    }
}
