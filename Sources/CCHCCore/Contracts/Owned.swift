/// A module's contribution with the id of the module that registered it.
public struct Owned<Value> {
    /// The module's id.
    public var moduleID: String
    /// The contribution.
    public var value: Value

    /// Creates an owned contribution.
    public init(moduleID: String, value: Value) {
        self.moduleID = moduleID
        self.value = value
    }
}
