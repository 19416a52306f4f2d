import CCHCCore

/// Reads the publication checklist of administrative procedures (TTHC): one row per unit and
/// procedure saying where it is posted, published and synchronised, and derives the `tthc.*`
/// rates of the commune criteria for the evaluation year (or `--year`).
public struct TTHCCollector: EvidenceCollector {
    public let id = "tthc"
    public let summary = "the TTHC publication checklist (one row per unit and procedure)"
    public let keys = [
        "tthc.procedures", "tthc.posted_at_desk_rate", "tthc.published_web_rate", "tthc.synced_in_software_rate",
        "tthc.iso_published_rate",
    ]

    /// Creates the collector.
    public init() {}

    /// Checklist column → the evidence key of its rate.
    static let checks: [(column: String, key: String, missing: String)] = [
        ("posted_at_desk", "tthc.posted_at_desk_rate", "not posted at the one-stop desk"),
        ("published_web", "tthc.published_web_rate", "not published on the website"),
        ("synced_in_software", "tthc.synced_in_software_rate", "not synchronised in the software"),
        ("iso_published", "tthc.iso_published_rate", "ISO process not published"),
    ]
    /// The checklist's columns (`help import tthc`), with the Vietnamese headers read as them.
    public let columns = [
        ImportColumn(
            "unit_id", headers: ["Mã đơn vị", "Đơn vị", "Tên đơn vị"], required: true,
            meaning: "the unit's id or name"),
        ImportColumn(
            "procedure_code", headers: ["Mã TTHC", "Mã thủ tục"], required: true,
            meaning: "the procedure (once per unit)"),
        ImportColumn(
            "posted_at_desk", headers: ["Niêm yết", "Niêm yết tại bộ phận một cửa"],
            meaning: "yes/no: 1/0, x/empty, có/không, yes/no, true/false"),
        ImportColumn(
            "published_web", headers: ["Công khai website", "Công khai trên website"], meaning: "yes/no"),
        ImportColumn(
            "synced_in_software", headers: ["Đồng bộ phần mềm", "Đồng bộ trên phần mềm"], meaning: "yes/no"),
        ImportColumn("iso_published", headers: ["Công khai quy trình ISO", "Quy trình ISO"], meaning: "yes/no"),
        ImportColumn(
            "year", headers: ["Năm"], meaning: "the checklist's year (default: --year, else the evaluation year)"),
    ]

    public func collect(_ request: CollectionRequest) throws -> CollectedEvidence {
        var reader = try CSVReader(path: request.path, fileName: request.fileName)
        defer { reader.close() }
        var state = CSVImportState(file: request.fileName)
        let spec = TableHeader(columns: columns)
        let year =
            request.year
            ?? CSVImportState.firstYear(
                path: request.path, fileName: request.fileName, header: spec, options: request.table)
            ?? request.defaultYear
        var rows = 0
        var procedures: [String: [String: Int]] = [:]  // unit → procedure → line
        var done: [String: [Int]] = [:]  // unit → count per check
        var present: [Bool] = []
        var items: [CollectedEvidence.Item] = []
        let unitList = request.units.values.sorted { $0.id < $1.id }
        var resolver = UnitResolver(unitList)
        do {
            guard
                let header = try state.findHeader(spec, options: request.table, next: { try reader.next() })
            else {
                return CollectedEvidence(
                    values: [], rows: 0, problems: state.problems, problemCount: state.problemCount)
            }
            present = Self.checks.map { header[$0.column] != nil }
            if !present.contains(true) {
                state.problem(
                    line: 1, column: 1,
                    "The header names no check; expected some of \(Self.checks.map { spec.spelled($0.column) }.joined(separator: ", "))"
                )
            }
            while let record = try reader.next() {
                rows += 1
                if state.skipsTotalRow(record) {
                    rows -= 1  // a sum of the rows above, not a row of data
                    continue
                }
                guard state.checkWidth(record) else { continue }
                if let column = header["year"], case let written = record.value(column), !written.isEmpty,
                    written != String(year)
                {
                    state.problem(record, field: column, CSVImportState.otherYear(written, imported: year))
                    continue
                }
                // Every problem of the row is reported, then the row is left out.
                var bad = false
                var unitID = ""
                switch resolver.index(of: record.value(header["unit_id"])) {
                case .success(let index): unitID = unitList[index].id
                case .failure(let error):
                    state.problem(record, field: header["unit_id"]!, UnitResolver.message(error))
                    bad = true
                }
                let code = record.value(header["procedure_code"])
                if code.isEmpty {
                    state.problem(record, field: header["procedure_code"]!, "The procedure code is empty")
                    bad = true
                } else if !bad, let first = procedures[unitID]?[code] {
                    state.problem(
                        record, field: header["procedure_code"]!,
                        "Procedure '\(code)' of '\(unitID)' appears twice (first on \(state.place) \(first))")
                    bad = true
                }
                var flags: [Bool] = []
                for check in Self.checks {
                    guard let column = header[check.column] else {
                        flags.append(false)
                        continue
                    }
                    guard let value = Values.yesNo(record.value(column)) else {
                        state.problem(
                            record, field: column,
                            "'\(record.value(column))' is not yes/no (1/0, x, có/không, yes/no, true/false)")
                        bad = true
                        flags.append(false)
                        continue
                    }
                    flags.append(value)
                }
                if bad { continue }
                procedures[unitID, default: [:]][code] = record.line
                var counts = done[unitID] ?? Array(repeating: 0, count: Self.checks.count)
                for (index, check) in Self.checks.enumerated() where present[index] {
                    if flags[index] {
                        counts[index] += 1
                    } else {
                        items.append(
                            CollectedEvidence.Item(
                                unitID: unitID, year: year, key: check.key, item: code, note: check.missing))
                    }
                }
                done[unitID] = counts
            }
        } catch let problem as InputProblem {
            state.problem(line: problem.line, column: problem.column, problem.message)
        }
        var values: [CollectedEvidence.Value] = []
        for unit in done.keys.sorted() {
            let total = procedures[unit]?.count ?? 0
            values.append(
                CollectedEvidence.Value(unitID: unit, year: year, key: "tthc.procedures", value: .number(Double(total)))
            )
            for (index, check) in Self.checks.enumerated() where present[index] {
                values.append(
                    CollectedEvidence.Value(
                        unitID: unit, year: year, key: check.key,
                        value: .fraction(numerator: Double(done[unit]![index]), denominator: Double(total))))
            }
        }
        if let summary = resolver.summary { state.reading.append(summary) }
        if let marks = resolver.marksWarning { state.warnings.append(marks) }
        return CollectedEvidence(
            values: values, items: items, rows: rows, problems: state.problems, problemCount: state.problemCount,
            warnings: state.warnings, reading: state.readingWithTotals)
    }
}
