import Foundation

/// The frame of an administrative document as Nghị định 30/2020/NĐ-CP (Phụ lục I) lays it out:
/// the header block (the superior body and the issuing body on the left, the national motto on
/// the right, then the number and the place and date), the kind of document in capitals, and the
/// signature block with the recipients ("Nơi nhận") at the end.
///
/// Exporters that lay out pages (DOCX, XLSX) draw it when a report carries one; the others
/// ignore it.
public struct DocumentFrame: Sendable, Equatable {
    /// The body above the issuer (cơ quan, tổ chức chủ quản), e.g. `UBND TỈNH THỪA THIÊN HUẾ`.
    public var superior: String?
    /// The issuing body (cơ quan, tổ chức ban hành), e.g. `UBND THỊ XÃ HƯƠNG TRÀ`.
    public var issuer: String
    /// The document's symbol after its number, e.g. `BC-UBND` (printed `Số:      /BC-UBND`).
    public var symbol: String?
    /// The place in the date line, e.g. `Hương Trà`.
    public var place: String
    /// The day the document is dated (Vietnam's calendar day of this instant); nil leaves the
    /// day and month blank for the signer to fill (`ngày     tháng     năm 2024`).
    public var date: Date?
    /// The year printed when ``date`` is nil.
    public var blankYear: Int = 2000
    /// The kind of document, in capitals (`BÁO CÁO`).
    public var kind: String
    /// Who signs for whom, e.g. `TM. ỦY BAN NHÂN DÂN` or `KT. CHỦ TỊCH`; several lines
    /// separated by `;` (`TM. ỦY BAN NHÂN DÂN; KT. CHỦ TỊCH`).
    public var authority: String?
    /// The signer's position, e.g. `PHÓ CHỦ TỊCH`.
    public var signerTitle: String?
    /// The signer's full name.
    public var signer: String?
    /// The recipients, one a line under "Nơi nhận:" (the last is usually `Lưu: VT`).
    public var recipients: [String]

    /// Creates a frame.
    public init(
        superior: String? = nil, issuer: String, symbol: String? = nil, place: String, date: Date?,
        kind: String = "BÁO CÁO", authority: String? = nil, signerTitle: String? = nil, signer: String? = nil,
        recipients: [String] = []
    ) {
        self.superior = superior
        self.issuer = issuer
        self.symbol = symbol
        self.place = place
        self.date = date
        self.kind = kind
        self.authority = authority
        self.signerTitle = signerTitle
        self.signer = signer
        self.recipients = recipients
    }

    /// `Hương Trà, ngày 05 tháng 02 năm 2024`: a day below 10 and the months 1 and 2 take a
    /// leading zero (NĐ 30/2020, Phụ lục I, mục II.5).
    public var dateLine: String {
        guard let date else { return "\(place), ngày      tháng      năm \(blankYear)" }
        var calendar = Calendar(identifier: .gregorian)
        calendar.timeZone = Self.timeZone
        let parts = calendar.dateComponents([.year, .month, .day], from: date)
        let day = parts.day ?? 1
        let month = parts.month ?? 1
        let dayText = day < 10 ? "0\(day)" : String(day)
        let monthText = month < 3 ? "0\(month)" : String(month)
        return "\(place), ngày \(dayText) tháng \(monthText) năm \(parts.year ?? 2000)"
    }

    /// The title as it stands under ``kind``: a title that begins with the kind's words
    /// (`Kế hoạch nâng cao Chỉ số CCHC năm 2024` under `KẾ HOẠCH`) goes on after them, its first
    /// letter a capital (`Nâng cao Chỉ số CCHC năm 2024`), as the summary line (trích yếu) of
    /// Nghị định 30/2020/NĐ-CP follows the kind; any other title is kept whole.
    public func subject(of title: String) -> String {
        let kind = VietnameseText.nfc(kind).trimmingCharacters(in: .whitespaces)
        let title = VietnameseText.nfc(title)
        guard !kind.isEmpty, title.count > kind.count,
            VietnameseText.fold(String(title.prefix(kind.count))) == VietnameseText.fold(kind)
        else { return title }
        let rest = title.dropFirst(kind.count)
        guard rest.first == " " else { return title }
        let words = rest.drop { $0 == " " }
        guard let first = words.first else { return title }
        return first.uppercased() + words.dropFirst()
    }

    /// ``authority`` as its lines.
    public var authorityLines: [String] {
        (authority ?? "").split(separator: ";").map { $0.trimmingCharacters(in: .whitespaces) }.filter { !$0.isEmpty }
    }

    /// `Số:      /BC-UBND`: the number is left blank for the records office (văn thư) to fill.
    public var numberLine: String { "Số:      /" + (symbolForKind ?? "") }

    /// The symbol with the kind's abbreviation in front (`BC-UBND` on a KẾ HOẠCH is
    /// `KH-UBND`) when it begins with one of those abbreviations; as set otherwise.
    public var symbolForKind: String? {
        guard let symbol, let dash = symbol.firstIndex(of: "-"),
            Self.kindAbbreviations.values.contains(String(symbol[..<dash])),
            let own = Self.kindAbbreviations[VietnameseText.nfc(kind).uppercased()]
        else { return symbol }
        return own + symbol[dash...]
    }

    /// The abbreviations of kinds of document in a symbol (Nghị định 30/2020/NĐ-CP, Phụ lục III).
    public static let kindAbbreviations: [String: String] = [
        "BÁO CÁO": "BC", "KẾ HOẠCH": "KH", "TỜ TRÌNH": "TTr", "THÔNG BÁO": "TB", "QUYẾT ĐỊNH": "QĐ",
        "CHƯƠNG TRÌNH": "CTr", "PHƯƠNG ÁN": "PA", "ĐỀ ÁN": "ĐA", "HƯỚNG DẪN": "HD",
    ]

    /// Facts a framed document leaves out of its text: when and by whom the file was exported,
    /// from which workspace, and when and by whom a plan was made (often the computer's user,
    /// `root`). The document is dated and signed; they stay in its properties.
    public static let provenanceFacts: Set<String> = [
        "exported_at", "workspace", "workspace_file", "exported_by", "made", "made_by",
    ]

    /// Vietnam's time, in which documents are dated.
    public static let timeZone = TimeZone(identifier: "Asia/Ho_Chi_Minh") ?? TimeZone(secondsFromGMT: 7 * 3600)!

    /// The national name and motto.
    public static let nation = "CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM"
    public static let motto = "Độc lập - Tự do - Hạnh phúc"
}
