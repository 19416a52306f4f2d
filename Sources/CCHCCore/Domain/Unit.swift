/// The kind of an evaluated unit.
public enum UnitKind: String, Sendable, Codable, CaseIterable {
    /// Phường.
    case ward
    /// Xã.
    case commune
    /// Phòng chuyên môn (a specialised office of the town).
    case department
    /// Đơn vị sự nghiệp công lập.
    case publicServiceUnit = "public_service_unit"

    /// A short label for tables.
    public var label: String {
        switch self {
        case .ward: "ward"
        case .commune: "commune"
        case .department: "department"
        case .publicServiceUnit: "public service unit"
        }
    }
}

/// A unit evaluated against one criteria set.
public struct EvaluatedUnit: Sendable, Equatable, Identifiable {
    /// Short, ASCII, stable id.
    public var id: String
    /// Vietnamese name, NFC.
    public var name: String
    /// What kind of unit it is.
    public var kind: UnitKind
    /// The id of the criteria set it is evaluated against.
    public var setID: String
    /// Creates a unit; the name is normalised to NFC.
    public init(id: String, name: String, kind: UnitKind, setID: String) {
        self.id = id
        self.name = VietnameseText.nfc(name)
        self.kind = kind
        self.setID = setID
    }
}
