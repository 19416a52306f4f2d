/// How a criteria set's units are ranked: within which groups, how ties are decided, and whether
/// a unit with leaves left unrecorded gets a place. Declared under `ranking:` in a set file
/// (docs/criteria-format.md, "Ranking groups, ties and incomplete units").
public struct RankingPolicy: Sendable, Equatable {
    /// The blocks ranks are counted within. Provinces publish wards apart from communes and
    /// departments apart from public service units.
    public enum Grouping: String, Sendable, CaseIterable {
        /// One ranking of every unit of the set.
        case none
        /// One ranking per unit kind (ward, commune, department, public service unit).
        case kind
        /// One ranking per named group, given in the units file's `group` column.
        case group
    }

    /// What counts as a tie.
    public enum Ties: String, Sendable, CaseIterable {
        /// Equal indices at the published precision (two decimals) share a place: 1, 2, 2, 4.
        case published
        /// The unrounded index decides: units showing the same two decimals may get different
        /// places, as in some published survey tables; only equal indices share (compared to a
        /// millionth of a percent, below floating-point noise).
        case unrounded
    }

    /// The groups ranks are counted within.
    public var grouping: Grouping
    /// What counts as a tie.
    public var ties: Ties
    /// True when a unit with an applicable leaf that has nothing recorded (no stage, no
    /// evidence) is listed apart, without a place.
    public var unrankedIfMissing: Bool

    /// Creates a policy; the defaults rank every unit of the set together, ties at two decimals,
    /// incomplete units ranked.
    public init(grouping: Grouping = .none, ties: Ties = .published, unrankedIfMissing: Bool = false) {
        self.grouping = grouping
        self.ties = ties
        self.unrankedIfMissing = unrankedIfMissing
    }

    /// The name of the group `unit` is ranked in under `grouping` (empty for `.none`): the kind's
    /// code (`ward`, `commune`, …), or the unit's named group (``EvaluatedUnit/group``; "no group" when it has none).
    public static func group(of unit: EvaluatedUnit, by grouping: Grouping) -> String {
        switch grouping {
        case .none: ""
        case .kind: unit.kind.rawValue
        case .group: unit.group ?? noGroup
        }
    }

    /// The group of units with no named group.
    public static let noGroup = "no group"

    /// The order groups are listed in: kinds in their declared order, named groups in Vietnamese
    /// order with "no group" last.
    public static func groupOrder(_ a: String, _ b: String, by grouping: Grouping) -> Bool {
        switch grouping {
        case .none: return false
        case .kind:
            let position = { (code: String) in UnitKind.allCases.firstIndex { $0.rawValue == code } ?? .max }
            return position(a) < position(b)
        case .group:
            if (a == noGroup) != (b == noGroup) { return b == noGroup }
            return VietnameseText.precedes(a, b)
        }
    }
}
