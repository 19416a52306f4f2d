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

    /// The kind a word users write names, English or Vietnamese, in any case and with or
    /// without diacritics: `ward`/`phường`, `commune`/`xã`/`thị trấn`, `department`/`phòng`/
    /// `cơ quan chuyên môn`, `public_service_unit`/`đơn vị sự nghiệp`/`ĐVSN`; nil otherwise.
    public init?(written text: String) {
        switch VietnameseText.fold(text).replacingOccurrences(of: " ", with: "_") {
        case "ward", "phuong": self = .ward
        case "commune", "xa", "thi_tran": self = .commune
        case "department", "phong", "co_quan_chuyen_mon": self = .department
        case "public_service_unit", "don_vi_su_nghiep", "dvsn": self = .publicServiceUnit
        default: return nil
        }
    }

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
    /// The named ranking group (khối) it is ranked in when its set ranks by group
    /// (``RankingPolicy/Grouping/group``), e.g. `Khối phường`; nil for none. NFC.
    public var group: String?
    /// Creates a unit; the name and group are normalised to NFC, an empty group is none.
    public init(id: String, name: String, kind: UnitKind, setID: String, group: String? = nil) {
        self.id = id
        self.name = VietnameseText.nfc(name)
        self.kind = kind
        self.setID = setID
        self.group = Self.groupName(group)
    }

    /// A group as written, tidied: NFC, runs of spaces as one, no spaces around; nil when empty.
    public static func groupName(_ text: String?) -> String? {
        guard let text else { return nil }
        let words = VietnameseText.nfc(text).split(whereSeparator: \.isWhitespace)
        return words.isEmpty ? nil : words.joined(separator: " ")
    }

    /// `group` spelt as one of `known` that differs from it only in case (`khối cơ quan chuyên
    /// môn` → `Khối cơ quan chuyên môn`), so one block is never split by how it was typed.
    public static func groupName(_ group: String?, as known: some Sequence<String>) -> String? {
        guard let group = groupName(group) else { return nil }
        return known.first { $0.lowercased() == group.lowercased() } ?? group
    }
}
