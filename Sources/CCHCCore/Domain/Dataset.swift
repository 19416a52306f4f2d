/// A year's evaluation data: units, their assessments and evidence.
public struct Dataset: Sendable, Equatable {
    /// The evaluation year.
    public var year: Int
    /// The units, in the order they were added.
    public var units: [EvaluatedUnit]
    /// Assessments and evidence by unit id.
    public var records: [String: UnitRecord]
    /// A label shown with every score when the data is not real (e.g. the bundled sample).
    public var syntheticLabel: String?

    /// Creates a dataset.
    public init(
        year: Int, units: [EvaluatedUnit] = [], records: [String: UnitRecord] = [:], syntheticLabel: String? = nil
    ) {
        self.year = year
        self.units = units
        self.records = records
        self.syntheticLabel = syntheticLabel
    }

    /// The record of a unit (empty when nothing was recorded).
    public func record(for unitID: String) -> UnitRecord { records[unitID] ?? UnitRecord() }
}
