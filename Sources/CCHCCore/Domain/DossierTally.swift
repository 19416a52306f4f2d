/// The counts behind the `dossiers.*` evidence of one unit in one year, and the evidence they
/// give. Shared by every collector of dossier data (a CSV export, a database), so they derive
/// the same keys the same way.
public struct DossierTally: Sendable, Equatable {
    /// The keys a tally gives, in the order ``values(unitID:year:)`` returns them.
    public static let keys = [
        "dossiers.total", "dossiers.resolved", "dossiers.on_time_rate", "dossiers.early_rate",
        "dossiers.overdue_count", "dossiers.overdue_apology_rate", "dossiers.digitized_rate",
        "dossiers.online_rate", "dossiers.software_entry_rate", "dossiers.anomalies",
    ]

    /// Dossiers received.
    public var total = 0
    /// Of them, resolved.
    public var resolved = 0
    /// Resolved on or before the due date (early included).
    public var onTime = 0
    /// Resolved before the due day.
    public var early = 0
    /// Resolved late, or pending past the due date.
    public var overdue = 0
    /// Overdue ones with an apology issued.
    public var overdueApologised = 0
    /// Digitised.
    public var digitized = 0
    /// Submitted online.
    public var online = 0
    /// Entered in the one-stop software.
    public var entered = 0
    /// Rows set aside as impossible (resolved or due before received, an id seen before): in
    /// none of the counts above.
    public var anomalies = 0

    /// Creates an empty tally.
    public init() {}

    /// The counts of both.
    public func adding(_ other: DossierTally) -> DossierTally {
        var sum = self
        sum.total += other.total
        sum.resolved += other.resolved
        sum.onTime += other.onTime
        sum.early += other.early
        sum.overdue += other.overdue
        sum.overdueApologised += other.overdueApologised
        sum.digitized += other.digitized
        sum.online += other.online
        sum.entered += other.entered
        sum.anomalies += other.anomalies
        return sum
    }

    /// The evidence: counts as numbers, rates as fractions of their counts (0/0 when none).
    public func values(unitID: String, year: Int) -> [CollectedEvidence.Value] {
        func fraction(_ part: Int, _ whole: Int) -> EvidenceValue {
            .fraction(numerator: Double(part), denominator: Double(whole))
        }
        let values: [EvidenceValue] = [
            .number(Double(total)), .number(Double(resolved)), fraction(onTime, resolved), fraction(early, resolved),
            .number(Double(overdue)), fraction(overdueApologised, overdue), fraction(digitized, total),
            fraction(online, total), fraction(entered, total), .number(Double(anomalies)),
        ]
        return zip(Self.keys, values).map {
            CollectedEvidence.Value(unitID: unitID, year: year, key: $0.0, value: $0.1)
        }
    }
}
