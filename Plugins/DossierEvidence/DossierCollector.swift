import CCHCCore
import Foundation

/// Reads the one-stop software's dossier export (one row per dossier) and derives, per unit and
/// year of receipt, the `dossiers.*` evidence of the commune criteria. It streams the file: only
/// the per-unit counts and the ids of the exceptions are kept.
public struct DossierCollector: EvidenceCollector {
    public let id = "dossiers"
    public let summary = "dossier exports of the one-stop software (one row per dossier)"
    public let keys = DossierTally.keys

    /// Creates the collector.
    public init() {}

    static let required = ["dossier_id", "unit_id", "received_at", "due_at"]
    static let optional = [
        "procedure_code", "resolved_at", "channel", "digitized", "entered_in_software", "apology_issued",
    ]
    /// Vietnamese headers (folded: no diacritics, lower case, `_` for spaces).
    static let aliases = [
        "ma_ho_so": "dossier_id", "don_vi": "unit_id", "ma_don_vi": "unit_id", "ma_tthc": "procedure_code",
        "ngay_tiep_nhan": "received_at", "ngay_hen_tra": "due_at", "ngay_tra_ket_qua": "resolved_at",
        "hinh_thuc_nop": "channel", "so_hoa": "digitized", "cap_nhat_phan_mem": "entered_in_software",
        "thu_xin_loi": "apology_issued",
    ]

    /// Items kept per unit, year and key; beyond it only a count is kept, so memory stays
    /// bounded however large the export.
    public static let itemLimit = 5000

    public func collect(_ request: CollectionRequest) throws -> CollectedEvidence {
        var reader = try CSVReader(path: request.path, fileName: request.fileName)
        defer { reader.close() }
        var state = CSVImportState(file: request.fileName)
        var counts: [String: DossierTally] = [:]  // "unit\0year"
        var items: [CollectedEvidence.Item] = []
        var kept: [String: Int] = [:]  // "unit\0year\0key" → items seen
        func keep(_ item: CollectedEvidence.Item) {
            let identity = item.unitID + "\u{0}" + String(item.year) + "\u{0}" + item.key
            let seen = kept[identity, default: 0]
            kept[identity] = seen + 1
            if seen < Self.itemLimit { items.append(item) }
        }
        var rows = 0
        var otherYears = 0
        let today = Moment.days(
            year: Calendar.utc.component(.year, from: request.asOf),
            month: Calendar.utc.component(.month, from: request.asOf),
            day: Calendar.utc.component(.day, from: request.asOf))
        do {
            guard let headerRecord = try reader.next() else {
                state.problem(
                    line: 1, column: 1,
                    "The file is empty; expected a header naming \(Self.required.joined(separator: ", "))")
                return CollectedEvidence(values: [], rows: 0, problems: state.problems)
            }
            guard
                let header = state.header(
                    headerRecord, required: Self.required, optional: Self.optional, aliases: Self.aliases)
            else {
                return CollectedEvidence(
                    values: [], rows: 0, problems: state.problems, problemCount: state.problemCount)
            }
            let columns = (
                id: header["dossier_id"]!, unit: header["unit_id"]!, received: header["received_at"]!,
                due: header["due_at"]!, resolved: header["resolved_at"], channel: header["channel"],
                digitized: header["digitized"], entered: header["entered_in_software"],
                apology: header["apology_issued"]
            )
            var unitSuggestions: [String: String] = [:]
            while let record = try reader.next() {
                rows += 1
                guard state.checkWidth(record) else { continue }
                let dossier = record.value(columns.id)
                guard !dossier.isEmpty else {
                    state.problem(record, field: columns.id, "The dossier id is empty")
                    continue
                }
                let unitID = record.value(columns.unit)
                guard request.units[unitID] != nil else {
                    if unitSuggestions[unitID] == nil {
                        unitSuggestions[unitID] =
                            Suggestions.closest(to: unitID, in: request.units.keys.sorted()).map {
                                "; did you mean '\($0)'?"
                            } ?? ""
                    }
                    state.problem(record, field: columns.unit, "Unknown unit '\(unitID)'\(unitSuggestions[unitID]!)")
                    continue
                }
                func moment(_ column: Int, _ label: String) -> Moment?? {
                    let text = record.value(column)
                    if text.isEmpty { return .some(nil) }
                    guard let moment = Moment.parse(text) else {
                        state.problem(
                            record, field: column,
                            "\(label) '\(text)' is not a date like 20/10/2024, 20/10/2024 14:30 or 2024-10-20")
                        return nil
                    }
                    return .some(moment)
                }
                guard let receivedOrNil = moment(columns.received, "Received date"),
                    let dueOrNil = moment(columns.due, "Due date")
                else { continue }
                guard let received = receivedOrNil else {
                    state.problem(record, field: columns.received, "The received date is empty")
                    continue
                }
                guard let due = dueOrNil else {
                    state.problem(record, field: columns.due, "The due date is empty")
                    continue
                }
                guard received.notAfter(due) || received.day == due.day else {
                    state.problem(
                        record, field: columns.due,
                        "Due date '\(record.value(columns.due))' is before the received date '\(record.value(columns.received))'"
                    )
                    continue
                }
                var resolved: Moment?
                if let column = columns.resolved {
                    guard let value = moment(column, "Resolved date") else { continue }
                    resolved = value
                    if let resolved, !received.notAfter(resolved), received.day != resolved.day {
                        state.problem(
                            record, field: column,
                            "Resolved date '\(record.value(column))' is before the received date '\(record.value(columns.received))'"
                        )
                        continue
                    }
                }
                func flag(_ column: Int?, _ label: String) -> Bool?? {
                    guard let column else { return .some(nil) }
                    let text = record.value(column)
                    switch text {
                    case "1", "x", "X", "yes", "có", "true": return .some(true)
                    case "0", "", "no", "không", "false": return .some(false)
                    default:
                        guard let value = Values.yesNo(text) else {
                            state.problem(
                                record, field: column,
                                "\(label) '\(text)' is not yes/no (1/0, x, có/không, yes/no, true/false)")
                            return nil
                        }
                        return .some(value)
                    }
                }
                guard let digitized = flag(columns.digitized, "Digitised"),
                    let entered = flag(columns.entered, "Entered in software"),
                    let apology = flag(columns.apology, "Apology issued")
                else { continue }
                if let year = request.year, received.year != year {
                    otherYears += 1
                    continue
                }
                let identity = unitID + "\u{0}" + String(received.year)
                var count = counts[identity] ?? DossierTally()
                count.total += 1
                if digitized == true { count.digitized += 1 }
                if entered == true { count.entered += 1 }
                if let column = columns.channel, Self.isOnline(record.value(column)) { count.online += 1 }
                var overdueNote: String?
                if let resolved {
                    count.resolved += 1
                    if resolved.notAfter(due) {
                        count.onTime += 1
                        if resolved.day < due.day { count.early += 1 }
                    } else {
                        let late = resolved.day - due.day
                        overdueNote = late > 0 ? "resolved \(late) day\(late == 1 ? "" : "s") late" : "resolved late"
                    }
                } else if due.day < today {
                    overdueNote = "pending, due \(due.iso)"
                }
                if let overdueNote {
                    count.overdue += 1
                    keep(
                        CollectedEvidence.Item(
                            unitID: unitID, year: received.year, key: "dossiers.overdue_count", item: dossier,
                            note: overdueNote))
                    if apology == true {
                        count.overdueApologised += 1
                    } else {
                        keep(
                            CollectedEvidence.Item(
                                unitID: unitID, year: received.year, key: "dossiers.overdue_apology_rate",
                                item: dossier, note: "\(overdueNote), no apology"))
                    }
                }
                counts[identity] = count
            }
        } catch let problem as InputProblem {
            state.problem(line: problem.line, column: problem.column, problem.message)
        }
        for (identity, seen) in kept.sorted(by: { $0.key < $1.key }) where seen > Self.itemLimit {
            let parts = identity.split(separator: "\u{0}").map(String.init)
            items.append(
                CollectedEvidence.Item(
                    unitID: parts[0], year: Int(parts[1])!, key: parts[2], item: "…",
                    note: "and \(seen - Self.itemLimit) more, not kept (the first \(Self.itemLimit) are listed)"))
        }
        if otherYears > 0, let year = request.year {
            state.warnings.append(
                "\(otherYears) row\(otherYears == 1 ? "" : "s") received outside \(year) skipped (--year \(year))")
        }
        var values: [CollectedEvidence.Value] = []
        for (identity, count) in counts.sorted(by: { $0.key < $1.key }) {
            let parts = identity.split(separator: "\u{0}")
            let unit = String(parts[0])
            let year = Int(parts[1])!
            values += count.values(unitID: unit, year: year)
        }
        return CollectedEvidence(
            values: values, items: items, rows: rows, problems: state.problems, problemCount: state.problemCount,
            warnings: state.warnings)
    }

    /// Submitted online: `online`, `trực tuyến`, `dịch vụ công`, `dvc…`, `dvctt`.
    static func isOnline(_ channel: String) -> Bool {
        switch channel {
        case "online", "trực tuyến", "Trực tuyến": return true
        case "", "direct", "trực tiếp", "Trực tiếp", "post", "bưu chính", "Bưu chính": return false
        default:
            let folded = VietnameseText.fold(channel)
            return folded.contains("online") || folded.contains("truc tuyen") || folded.hasPrefix("dvc")
                || folded.contains("dich vu cong")
        }
    }
}

extension Calendar {
    static let utc: Calendar = {
        var calendar = Calendar(identifier: .gregorian)
        calendar.timeZone = TimeZone(identifier: "UTC")!
        return calendar
    }()
}
