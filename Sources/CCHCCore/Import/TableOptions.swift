/// How to read a table file, as the user asked on the command line (`--header-row`, `--sheet`,
/// `--map`): the same for every import.
public struct TableOptions: Sendable, Equatable {
    /// The 1-based line (or sheet row) of the header; nil to find it (see
    /// ``CSVImportState/findHeader(_:options:next:)``).
    public var headerRow: Int?
    /// The sheet of a workbook to read; nil for the first.
    public var sheet: String?
    /// A file's own header → the field it holds (`--map "Tên ĐV=unit_id"`), keyed by the folded
    /// header (no diacritics or case, `_` for spaces).
    public var columnMap: [String: String]
    /// The headers of ``columnMap`` as the user typed them, by their folded form.
    var typedColumns: [String: String] = [:]
    /// True when the lines read are a workbook sheet's rows (set by ``TableSource``): messages
    /// then say "row".
    public var readsSheet = false

    /// Reads the whole file with headers as found.
    public init(headerRow: Int? = nil, sheet: String? = nil, columnMap: [String: String] = [:]) {
        self.headerRow = headerRow
        self.sheet = sheet
        self.columnMap = columnMap
    }

    /// Adds one `--map COLUMN=FIELD`.
    /// - Throws: ``InputError`` when there is no `=`, or a side is empty.
    public mutating func map(_ assignment: String) throws {
        let parts = assignment.split(separator: "=", maxSplits: 1).map { String($0).trimmingWhitespace }
        guard parts.count == 2, !parts[0].isEmpty, !parts[1].isEmpty else {
            throw TableOptionsError.badMapping(assignment)
        }
        columnMap[TableHeader.fold(parts[0])] = TableHeader.fold(parts[1])
        typedColumns[TableHeader.fold(parts[0])] = parts[0]
    }

    /// A mapped header as the user typed it (`Tỷ lệ` for `ty_le`).
    func spelling(of folded: String) -> String { typedColumns[folded] ?? folded }
}

/// A `--map` that is not `COLUMN=FIELD`.
public enum TableOptionsError: WorkbenchError, Equatable {
    case badMapping(String)

    public var description: String {
        switch self {
        case .badMapping(let text):
            "Cannot read the mapping '\(text)'; expected COLUMN=FIELD, e.g. --map \"Tên đơn vị=name\""
        }
    }
}

/// One column an import reads, as its help and its messages describe it: the field, the
/// headers offices write for it, whether a file must have it and what it holds.
public struct ImportColumn: Sendable, Equatable {
    /// The field's own name, also accepted as a header (`received_at`).
    public var field: String
    /// Headers read as this field (`Ngày tiếp nhận`), the first named in messages; compared as
    /// ``TableHeader/fold(_:)`` folds them.
    public var headers: [String]
    /// True when a file without the column is refused.
    public var required: Bool
    /// What the column holds and how it may be written, for `help import COLLECTOR`.
    public var meaning: String

    /// Describes a column.
    public init(_ field: String, headers: [String] = [], required: Bool = false, meaning: String) {
        self.field = field
        self.headers = headers
        self.required = required
        self.meaning = meaning
    }
}

/// The columns an import reads: required and optional fields, and the other names a file may
/// give them.
public struct TableHeader: Sendable {
    /// Fields that must have a column.
    public var required: [String]
    /// Fields that may.
    public var optional: [String]
    /// Folded header → field, for this import only (``commonAliases`` hold for every import).
    public var aliases: [String: String]
    /// What to do instead of giving a missing field's column (`stage`: `--stage`).
    public var otherwise: [String: String]
    /// Words (folded, most specific first) of the header a missing field's `--map` suggestion
    /// prefers: with `--stage appraisal2`, the points are `Điểm thẩm định`, not `Điểm tự chấm`.
    public var preferring: [String: [String]] = [:]

    /// Creates a header description.
    public init(
        required: [String], optional: [String] = [], aliases: [String: String] = [:],
        otherwise: [String: String] = [:]
    ) {
        self.required = required
        self.optional = optional
        self.aliases = aliases
        self.otherwise = otherwise
    }

    /// Display header of a field of this import's own (`Ngày tiếp nhận`), for messages beside
    /// ``vietnamese``.
    public var names: [String: String] = [:]

    /// A header description from the columns an import documents: their headers are its
    /// aliases, the first its name in messages (the unit's column keeps the common headers).
    public init(columns: [ImportColumn], otherwise: [String: String] = [:]) {
        self.init(
            required: columns.filter(\.required).map(\.field),
            optional: columns.filter { !$0.required }.map(\.field), otherwise: otherwise)
        for column in columns {
            for header in column.headers { aliases[Self.fold(header)] = column.field }
            if Self.vietnamese[column.field] == nil, let first = column.headers.first { names[column.field] = first }
        }
    }

    /// Whether `header` could hold `field`'s values, for a `--map` suggested when the column is
    /// missing: a maximum (`Điểm tối đa`) is never the points a unit got.
    static func mayHold(_ field: String, header: String) -> Bool {
        let folded = fold(header)
        return !(field == "points" && (folded.contains("toi_da") || folded.contains("max")))
    }

    /// Every field, required first.
    public var fields: [String] { required + optional }

    /// The Vietnamese headers every import accepts (folded), documented in docs/commands.md
    /// ("Column headers"): `Mã đơn vị`, `Tên đơn vị`, `Loại`, `Bộ tiêu chí`, `Mã tiêu chí`,
    /// `Giai đoạn`, `Điểm`, `Ghi chú`, `Năm`, `Mã minh chứng`, `Giá trị`, `Minh chứng`, …
    public static let commonAliases: [String: String] = [
        "id": "unit_id", "ma_don_vi": "unit_id", "don_vi": "unit_id", "ma_dv": "unit_id",
        "ten_don_vi": "name", "ten": "name", "loai": "kind", "loai_don_vi": "kind",
        "set_id": "set", "bo_tieu_chi": "set", "criterion": "criterion_id", "ma_tieu_chi": "criterion_id",
        "tieu_chi": "criterion_id", "stage_id": "stage", "giai_doan": "stage", "diem": "points",
        "so_diem": "points", "ghi_chu": "note", "nam": "year", "evidence_key": "key",
        "ma_minh_chung": "key", "khoa": "key", "gia_tri": "value", "evidence": "evidence_ref",
        "minh_chung": "evidence_ref", "tai_lieu_kiem_chung": "evidence_ref",
    ]

    /// A header as compared: without diacritics or case, each run of spaces or line breaks as
    /// one `_` (`Mã hồ sơ` → `ma_ho_so`; a header wrapped in its cell, `Mã⏎đơn vị`, as
    /// `ma_don_vi`).
    public static func fold(_ text: String) -> String {
        VietnameseText.fold(text).split(whereSeparator: \.isWhitespace).joined(separator: "_")
    }

    /// How firmly a header names `field`, when two headers name it: a `--map` (3), the field's
    /// own name or an id's header (`Mã đơn vị` over `Đơn vị`; 2), any other alias (1), a unit's
    /// name read as the unit (`Tên đơn vị` beside `Đơn vị`; 0).
    func weight(of header: String, naming field: String, map: [String: String]) -> Int {
        let folded = Self.fold(header)
        if map[folded] == field { return 3 }
        if field == "unit_id", folded == "ten_don_vi" { return 0 }
        return folded == field || folded.hasPrefix("ma_") ? 2 : 1
    }

    /// The field a header names, or nil: the user's `--map` first, then this import's names and
    /// aliases, then the common Vietnamese headers (only those naming one of this import's
    /// fields).
    func field(for header: String, map: [String: String]) -> String? {
        let folded = Self.fold(header)
        for candidate in [map[folded], folded, aliases[folded], Self.commonAliases[folded]] {
            if let candidate, fields.contains(candidate) { return candidate }
        }
        // A header with a hint in brackets (`Ngày nhận (dd/mm/yyyy)`, `Điểm (số thập phân)`)
        // names the field the words before it name; a maximum in the brackets (`Điểm (tối đa)`)
        // is not the points a unit got.
        if let open = folded.firstIndex(of: "("), folded.hasSuffix(")") {
            var bare = folded[..<open]
            while bare.hasSuffix("_") { bare = bare.dropLast() }
            if !bare.isEmpty, let field = field(for: String(bare), map: map), Self.mayHold(field, header: header) {
                return field
            }
        }
        // A unit's name where an import finds units by id or name (scores, evidence, dossiers):
        // `Tên đơn vị` names the unit (below `Mã đơn vị` when both are there).
        if folded == "ten_don_vi", fields.contains("unit_id"), !fields.contains("name") { return "unit_id" }
        return nil
    }

    /// The Vietnamese header of each common field, for messages.
    public static let vietnamese: [String: String] = [
        "unit_id": "Mã đơn vị", "name": "Tên đơn vị", "kind": "Loại", "set": "Bộ tiêu chí",
        "criterion_id": "Mã tiêu chí", "stage": "Giai đoạn", "points": "Điểm", "note": "Ghi chú", "year": "Năm",
        "key": "Mã minh chứng", "value": "Giá trị", "evidence_ref": "Minh chứng",
    ]

    /// How a message names `field`: `unit_id (Mã đơn vị)`.
    public func spelled(_ field: String) -> String {
        displayName(field).map { "\(field) (\($0))" } ?? field
    }

    /// The header people write for `field`, if one is known.
    public func displayName(_ field: String) -> String? { names[field] ?? Self.vietnamese[field] }
}
