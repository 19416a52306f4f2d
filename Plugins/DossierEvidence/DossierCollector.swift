import CCHCCore
import Foundation

/// Reads the one-stop software's dossier export (one row per dossier) and derives, per unit and
/// year of receipt, the `dossiers.*` evidence of the commune criteria. It streams the file: only
/// the per-unit counts and the ids of the exceptions are kept.
public struct DossierCollector: EvidenceCollector {
    public let id = "dossiers"
    public let summary = "dossier exports of the one-stop software (one row per dossier)"
    public let keys = DossierTally.keys
    /// The dossiers a unit's rates stand on.
    public let volumeKey: String? = "dossiers.total"
    /// Anomalies (see ``DossierAnomaly``) are set aside; `--strict` refuses them.
    public let setsRowsAside = true

    /// Threads that read the file.
    public let workers: Int
    /// Bytes of the file per piece of work (see ``CSVParallelScan``).
    public let chunkSize: Int

    /// Creates the collector.
    public init(workers: Int = CSVParallelScan.defaultWorkers, chunkSize: Int = 8 << 20) {
        self.workers = workers
        self.chunkSize = chunkSize
    }

    /// The columns of the export (`help import dossiers`); their Vietnamese headers are read as
    /// they are (the unit's, `Mã đơn vị`, `Đơn vị`, `Tên đơn vị`, as in every import).
    public let columns = [
        ImportColumn(
            "dossier_id", headers: ["Mã hồ sơ", "Số hồ sơ"], required: true,
            meaning: "the dossier's id (a repeated id is set aside as an anomaly)"),
        ImportColumn(
            "unit_id", headers: ["Mã đơn vị", "Đơn vị", "Tên đơn vị"], required: true,
            meaning: "the unit's id or name (UBND phường Tứ Hạ, Tứ Hạ)"),
        ImportColumn(
            "received_at", headers: ["Ngày tiếp nhận", "Ngày nhận", "Ngày nhận hồ sơ"], required: true,
            meaning: "when it was received: dd/MM/yyyy[ HH:mm] or ISO 8601; its year is the year counted"),
        ImportColumn(
            "due_at", headers: ["Ngày hẹn trả", "Ngày hẹn trả kết quả", "Hạn xử lý"], required: true,
            meaning: "when the result was due"),
        ImportColumn(
            "procedure_code", headers: ["Mã TTHC", "Mã thủ tục"], meaning: "the procedure (read, not counted)"),
        ImportColumn(
            "resolved_at", headers: ["Ngày trả kết quả", "Ngày có kết quả", "Ngày hoàn thành"],
            meaning: "when it was resolved; empty or words (Chưa trả, Đang xử lý) mean pending"),
        ImportColumn(
            "channel", headers: ["Hình thức nộp", "Kênh nộp"],
            meaning: "how it was filed: online when it says online, trực tuyến, dịch vụ công or DVC…"),
        ImportColumn(
            "digitized", headers: ["Số hóa"], meaning: "yes/no: 1/0, x/empty, có/không, yes/no, true/false"),
        ImportColumn("entered_in_software", headers: ["Cập nhật phần mềm"], meaning: "yes/no"),
        ImportColumn("apology_issued", headers: ["Thư xin lỗi"], meaning: "yes/no, for an overdue dossier"),
    ]

    /// Items kept per unit, year and key; beyond it only a count is kept, so memory stays
    /// bounded however large the export.
    public static let itemLimit = 5000

    /// What one stretch of the file gave, or the whole file once merged.
    struct Tally: Sendable {
        var state: CSVImportState
        /// Resolves units given by name (indexes as in ``UnitTable/ids``).
        var resolver: UnitResolver
        /// Keyed by ``countKey(unit:year:)``.
        var counts: [Int: DossierTally] = [:]
        /// The listed items of the whole file (once merged), by identity, in file order.
        var listed: [Int: [CollectedEvidence.Item]] = [:]
        /// The exceptions a stretch found, kept compact until the merge knows which are listed.
        var exceptions: [Exception] = []
        /// The dossier ids of `exceptions`, end to end.
        var exceptionIDs: [UInt8] = []
        /// Items seen per unit, year and key.
        var seen: [Int: Int] = [:]
        var rows = 0
        var otherYears = 0
        /// The years of the rows `--year` skipped.
        var otherYearsSeen: Set<Int> = []
        /// The earliest day a dossier counted was received, by year (days since 1970).
        var firstReceived: [Int: Int] = [:]
        /// The stretch ended at a problem that stops the reading (text not UTF-8, an open quote).
        var stopped = false
        /// The rows counted, in order, with their ids end to end in ``countedIDs``: the merge
        /// finds ids seen before (see ``DossierIDTable``).
        var counted: [CountedRow] = []
        var countedIDs: [UInt8] = []
        /// The ids counted so far (the merged total only).
        var ids: DossierIDTable?
        /// How many stretches the file is read in (about): the id table is made the size the
        /// whole file needs when the first stretch is merged, not grown again and again.
        var stretches = 1
        /// Anomalies by ``DossierAnomaly`` raw value.
        var anomalies = [0, 0, 0]
        /// `--strict`: anomalies are problems.
        var strict = false

        /// An exception: `identity` is its count key × 3 + its kind (0: overdue; 1: overdue
        /// without an apology; 2: an anomaly). For overdue ones `late` is days late (0: late
        /// within the due day; -1: pending past the due day); for anomalies `late` is the
        /// ``DossierAnomaly`` and `dueDay` the first line of a repeated id.
        struct Exception: Sendable {
            var identity: Int
            var late: Int
            var dueDay: Int
            var idStart: Int
            var idCount: Int
            /// The row's line, from the start of the stretch.
            var line: Int
        }

        /// Keeps an exception; `count` is how many of its identity came before it in the stretch
        /// (the caller counts them, into ``seen`` at the end).
        mutating func note(
            identity: Int, count: Int, late: Int, dueDay: Int, id: UnsafeBufferPointer<UInt8>, line: Int
        ) {
            guard count < DossierCollector.itemLimit else { return }
            exceptions.append(
                Exception(
                    identity: identity, late: late, dueDay: dueDay, idStart: exceptionIDs.count, idCount: id.count,
                    line: line))
            exceptionIDs.append(contentsOf: id)
        }

        /// Takes out of `next` the rows whose dossier id came before (in this or an earlier
        /// stretch): their counts and exceptions go, and each becomes an anomaly (or, with
        /// `--strict`, a problem).
        mutating func setAsideRepeats(in next: inout Tally, linesBefore: Int) {
            let table = ids ?? DossierIDTable()
            table.reserve(adding: next.counted.count * (ids == nil ? stretches : 1))
            ids = table
            var dropped: Set<Int> = []
            var repeats: [Exception] = []
            for row in next.counted {
                let line = Int(row.line) + linesBefore
                guard let first = table.firstLine(hash: row.hash, line: line) else { continue }
                // The id's bytes only for a repeat (a slice for every row cost a retain and a release).
                let start = Int(row.idStart)
                let id = next.countedIDs[start..<start + Int(row.idCount)]
                if strict {
                    state.problem(
                        line: line, column: 1,
                        "Dossier '\(String(decoding: id, as: UTF8.self))' appears again (first on line \(first))")
                    continue
                }
                let key = Int(row.key)
                row.remove(from: &next.counts[key, default: DossierTally()])
                if row.bits & CountedRow.overdue != 0 {
                    dropped.insert(Int(row.line))
                    next.seen[key * 3, default: 0] -= 1
                    if row.bits & CountedRow.apologised == 0 { next.seen[key * 3 + 1, default: 0] -= 1 }
                }
                next.anomalies[Int(DossierAnomaly.repeatedID.rawValue)] += 1
                let identity = key * 3 + 2
                let count = next.seen[identity, default: 0]
                next.seen[identity] = count + 1
                if count < DossierCollector.itemLimit {
                    repeats.append(
                        Exception(
                            identity: identity, late: Int(DossierAnomaly.repeatedID.rawValue), dueDay: first,
                            idStart: next.exceptionIDs.count, idCount: id.count, line: Int(row.line)))
                    next.exceptionIDs.append(contentsOf: id)
                }
            }
            if !dropped.isEmpty || !repeats.isEmpty {
                next.exceptions.removeAll { $0.identity % 3 != 2 && dropped.contains($0.line) }
                next.exceptions += repeats
                next.exceptions.sort { $0.line < $1.line }
            }
        }

        /// Folds in the tally of the next stretch.
        mutating func absorb(_ next: Tally, linesBefore: Int, units: UnitTable) {
            var next = next
            setAsideRepeats(in: &next, linesBefore: linesBefore)
            for index in anomalies.indices { anomalies[index] += next.anomalies[index] }
            state.absorb(next.state, linesBefore: linesBefore)
            resolver.absorb(next.resolver)
            counts.merge(next.counts) { $0.adding($1) }
            var kept: [Int: Int] = [:]
            for exception in next.exceptions {
                let before = seen[exception.identity, default: 0] + kept[exception.identity, default: 0]
                kept[exception.identity, default: 0] += 1
                guard before < DossierCollector.itemLimit else { continue }
                let (unit, year, key) = DossierCollector.parts(of: exception.identity, units: units)
                let late = exception.late
                let note: String
                switch exception.identity % 3 {
                case 2:
                    let anomaly = DossierAnomaly(rawValue: UInt8(late)) ?? .repeatedID
                    let line = exception.line + linesBefore
                    note =
                        "line \(line): \(anomaly.text)"
                        + (anomaly == .repeatedID ? " (first on line \(exception.dueDay))" : "")
                default:
                    let overdue =
                        late < 0
                        ? "pending, due \(Moment(day: exception.dueDay, year: 0).iso)"
                        : late > 0 ? "resolved \(late) day\(late == 1 ? "" : "s") late" : "resolved late"
                    note = exception.identity % 3 == 0 ? overdue : "\(overdue), no apology"
                }
                let id = next.exceptionIDs[exception.idStart..<exception.idStart + exception.idCount]
                listed[exception.identity, default: []].append(
                    CollectedEvidence.Item(
                        unitID: unit, year: year, key: key, item: String(decoding: id, as: UTF8.self), note: note))
            }
            seen.merge(next.seen, uniquingKeysWith: +)
            rows += next.rows
            otherYears += next.otherYears
            otherYearsSeen.formUnion(next.otherYearsSeen)
            firstReceived.merge(next.firstReceived, uniquingKeysWith: min)
            stopped = next.stopped
        }
    }

    public func collect(_ request: CollectionRequest) throws -> CollectedEvidence {
        let units = UnitTable(request.units.keys)
        let resolver = UnitResolver(request.units.values.sorted { $0.id < $1.id })
        var state = CSVImportState(file: request.fileName)
        let year = request.year
        // Today as the export's times are read: in Vietnam.
        let now = OfficeDay.calendar.dateComponents([.year, .month, .day], from: request.asOf)
        let today = Moment.days(year: now.year ?? 1970, month: now.month ?? 1, day: now.day ?? 1)
        var total: Tally
        var scanned = false
        var missingColumns: [String] = []
        var underived: Set<String> = []
        var rowsSoFar = 0
        var lastPercent = -1
        do {
            total = try CSVParallelScan.scan(
                path: request.path, fileName: request.fileName,
                into: Tally(
                    state: CSVImportState(file: request.fileName), resolver: resolver,
                    stretches: stretches(ofFile: request.path), strict: request.strict),
                workers: workers, chunkSize: chunkSize,
                header: { next -> (@Sendable (CSVScanner) throws -> Tally)? in
                    guard
                        let header = try state.findHeader(
                            TableHeader(columns: columns),
                            options: request.table, next: next)
                    else { return nil }
                    // Keys whose column the file lacks are not derived: a rate of 0 would be
                    // a score the units did not earn.
                    let dependent: [(String, [String])] = [
                        (
                            "resolved_at",
                            [
                                "dossiers.resolved", "dossiers.on_time_rate", "dossiers.early_rate",
                                "dossiers.overdue_count", "dossiers.overdue_apology_rate",
                            ]
                        ),
                        ("channel", ["dossiers.online_rate"]), ("digitized", ["dossiers.digitized_rate"]),
                        ("entered_in_software", ["dossiers.software_entry_rate"]),
                        ("apology_issued", ["dossiers.overdue_apology_rate"]),
                    ]
                    for (column, keys) in dependent where header[column] == nil {
                        missingColumns.append(column)
                        underived.formUnion(keys)
                    }
                    let columns = Columns(
                        id: header["dossier_id"]!, unit: header["unit_id"]!, received: header["received_at"]!,
                        due: header["due_at"]!, resolved: header["resolved_at"], channel: header["channel"],
                        digitized: header["digitized"], entered: header["entered_in_software"],
                        apology: header["apology_issued"])
                    let empty = Tally(state: state.cleared(), resolver: resolver, strict: request.strict)
                    scanned = true
                    return { scanner in
                        var tally = empty
                        try Self.tally(scanner, columns: columns, units: units, year: year, today: today, into: &tally)
                        return tally
                    }
                },
                merge: { (total: inout Tally, next: Tally, linesBefore: Int) in
                    total.absorb(next, linesBefore: linesBefore, units: units)
                    rowsSoFar = total.rows
                    return !total.stopped
                },
                progress: { fraction in
                    let percent = Int(fraction * 100)
                    guard let report = request.progress, percent != lastPercent else { return }
                    lastPercent = percent
                    report("import dossiers: \(percent)% (\(rowsSoFar) rows)")
                })
        } catch let problem as InputProblem {
            state.problem(line: problem.line, column: problem.column, problem.message)
            return CollectedEvidence(values: [], rows: 0, problems: state.problems, problemCount: state.problemCount)
        }
        guard scanned else {
            // The file is empty or its header is wrong.
            return CollectedEvidence(values: [], rows: 0, problems: state.problems, problemCount: state.problemCount)
        }
        state.absorb(total.state, linesBefore: 0)
        state.sortProblems()
        // By unit, year and key (the order of the table they go to), each in file order, with
        // a line for those not kept.
        var items: [CollectedEvidence.Item] = []
        let groups = total.seen.map { identity, seen in
            let (unit, year, key) = Self.parts(of: identity, units: units)
            return (name: unit + "\u{0}" + String(year) + "\u{0}" + key, identity: identity, seen: seen)
        }
        for group in groups.sorted(by: { $0.name < $1.name }) {
            var kept = total.listed[group.identity] ?? []
            if group.identity % 3 == 2 {
                // Anomalies are listed by line: an id set aside twice (three rows of one
                // dossier) is listed twice, the later one with its line (`A · line 4`).
                var named: Set<String> = []
                for index in kept.indices where !named.insert(kept[index].item).inserted {
                    kept[index].item += " · " + (kept[index].note?.prefix { $0 != ":" } ?? "")
                }
            }
            items += kept
            if group.seen > Self.itemLimit, let first = kept.first {
                items.append(
                    CollectedEvidence.Item(
                        unitID: first.unitID, year: first.year, key: first.key, item: "…",
                        note:
                            "and \(group.seen - Self.itemLimit) more, not kept (the first \(Self.itemLimit) are listed)"
                    ))
            }
        }
        items.removeAll { underived.contains($0.key) }
        var warnings = state.warnings
        if !missingColumns.isEmpty {
            warnings.append(
                "The file has no \(missingColumns.joined(separator: ", ")) column\(missingColumns.count == 1 ? "" : "s"): "
                    + "\(underived.sorted().joined(separator: ", ")) \(underived.count == 1 ? "is" : "are") not derived (the values recorded stay)"
            )
        }
        if let summary = total.resolver.summary { state.reading.append(summary) }
        if let marks = total.resolver.marksWarning { warnings.append(marks) }
        let anomalies = total.anomalies.reduce(0, +)
        if anomalies > 0 {
            let kinds = DossierAnomaly.allCases.filter { total.anomalies[Int($0.rawValue)] > 0 }.map {
                "\($0.text): \(total.anomalies[Int($0.rawValue)])"
            }
            // Which units to look at first: those with the most.
            var byUnit: [String: Int] = [:]
            for (key, count) in total.counts where count.anomalies > 0 {
                byUnit[units.ids[Self.unitAndYear(of: key).unit], default: 0] += count.anomalies
            }
            let most = byUnit.sorted { $0.value != $1.value ? $0.value > $1.value : $0.key < $1.key }
            let named = most.prefix(3).map { "\($0.key) \($0.value)" }.joined(separator: ", ")
            let place =
                most.count == 1
                ? ", all in \(most[0].key)"
                : ", in \(most.count) units (\(most.count > 3 ? "most in " : "")\(named))"
            warnings.append(
                "\(anomalies) row\(anomalies == 1 ? "" : "s") set aside as anomalies (\(kinds.joined(separator: ", ")))\(place): "
                    + "counted in dossiers.anomalies and in no rate; 'evidence UNIT --detail dossiers.anomalies' lists them, --strict refuses them"
            )
        }
        if total.otherYears > 0, let year = request.year {
            // A file none of whose rows falls in the year given is the wrong file or the wrong
            // year: importing it would add nothing and say so only in passing.
            if total.counts.isEmpty && state.problemCount == 0 {
                let years = total.otherYearsSeen.sorted().map(String.init)
                throw UserError(
                    "\(request.fileName): none of its \(total.otherYears) row\(total.otherYears == 1 ? " was" : "s was") received in \(year) "
                        + "(\(total.otherYears == 1 ? "it is" : "they are") from \(years.joined(separator: ", "))); "
                        + "give --year \(years.last ?? ""), or leave --year out to count each row in the year it was received"
                )
            }
            warnings.append(
                "\(total.otherYears) row\(total.otherYears == 1 ? "" : "s") received outside \(year) skipped (--year \(year))"
            )
        }
        // An export of a period (a quarter, the second half) replaces the whole year's counts, as
        // any import of the year does: one that begins well after 1 January is said to be one.
        // (The year asked for, else the file's latest: an export of a year often begins with the
        // last days of the year before.)
        if let year = request.year ?? total.firstReceived.keys.max(), let first = total.firstReceived[year],
            first > Moment.days(year: year, month: 1, day: 31)
        {
            warnings.append(
                "\(request.fileName) holds no dossier of \(year) received before \(Self.dayText(first)): its counts replace "
                    + "the year's (a period's export, such as a quarter, does not add to the year's); import an export of the "
                    + "year from 1 January, with every period in it")
        }
        var values: [CollectedEvidence.Value] = []
        let ordered = total.counts.map { key, count in
            let (unit, year) = Self.unitAndYear(of: key)
            return (name: units.ids[unit] + "\u{0}" + String(year), unit: units.ids[unit], year: year, count: count)
        }
        for entry in ordered.sorted(by: { $0.name < $1.name }) {
            values += entry.count.values(unitID: entry.unit, year: entry.year).filter { !underived.contains($0.key) }
        }
        return CollectedEvidence(
            values: values, items: items, rows: total.rows, problems: state.problems,
            problemCount: state.problemCount, warnings: warnings, reading: state.readingWithTotals)
    }

    /// A day (days since 1970) as offices write it: `01/04/2024`.
    static func dayText(_ days: Int) -> String {
        let (year, month, day) = CivilDate.civil(fromDays: days)
        return String(format: "%02d/%02d/%04d", day, month, year)
    }

    /// How many stretches of ``chunkSize`` bytes the file at `path` has (1 when its size is not known).
    func stretches(ofFile path: String) -> Int {
        let size = (try? FileManager.default.attributesOfItem(atPath: path)[.size] as? Int) ?? 0
        return max(1, (size + chunkSize - 1) / chunkSize)
    }

    /// The columns of the export, by field index.
    struct Columns: Sendable {
        var id: Int
        var unit: Int
        var received: Int
        var due: Int
        var resolved: Int?
        var channel: Int?
        var digitized: Int?
        var entered: Int?
        var apology: Int?
    }

    /// The keys whose items are kept, by exception kind (see ``Tally/Exception``).
    static let itemKeys = ["dossiers.overdue_count", "dossiers.overdue_apology_rate", "dossiers.anomalies"]

    /// A unit (by index in the ``UnitTable``) and a year packed in one number, for the counts.
    static func countKey(unit: Int, year: Int) -> Int { unit * 16384 + year }

    /// The unit index and year of a ``countKey(unit:year:)``.
    static func unitAndYear(of key: Int) -> (unit: Int, year: Int) { (key / 16384, key % 16384) }

    /// The unit, year and key of an item identity: a count key × 3 + the exception's kind.
    static func parts(of identity: Int, units: UnitTable) -> (unit: String, year: Int, key: String) {
        let (unit, year) = unitAndYear(of: identity / 3)
        return (units.ids[unit], year, itemKeys[identity % 3])
    }

    /// Tallies the records of one stretch.
    static func tally(
        _ scanner: CSVScanner, columns: Columns, units: UnitTable, year: Int?, today: Int, into tally: inout Tally
    ) throws {
        // The counts, by year (in the order first seen) and unit.
        var years: [Int] = []
        var grid: [DossierTally] = []
        // The earliest day received, by the index of its year in `years`.
        var firstDays: [Int] = []
        // Exceptions seen, three per grid slot (overdue; overdue without apology; anomaly).
        var exceptionsSeen: [Int] = []
        defer {
            for (yearIndex, year) in years.enumerated() {
                tally.firstReceived[year] = min(tally.firstReceived[year] ?? Int.max, firstDays[yearIndex])
                for unit in units.ids.indices
                where grid[yearIndex * units.ids.count + unit] != DossierTally() {
                    let slot = yearIndex * units.ids.count + unit
                    let key = countKey(unit: unit, year: year)
                    tally.counts[key] = grid[slot]
                    for which in 0...2 where exceptionsSeen[slot * 3 + which] > 0 {
                        tally.seen[key * 3 + which] = exceptionsSeen[slot * 3 + which]
                    }
                }
            }
        }
        do {
            while try scanner.next() {
                tally.rows += 1
                if tally.state.skipsTotalRow(scanner) {
                    tally.rows -= 1  // a sum of the rows above, not a row of data
                    continue
                }
                guard tally.state.checkWidth(scanner) else { continue }
                let dossier = scanner.trimmed(columns.id)
                guard !dossier.isEmpty || !scanner.isBlankRecord else {
                    tally.rows -= 1  // a row of separators alone is an empty row, like a blank line
                    continue
                }
                // Every field is checked, so a row with several mistakes shows them all at once.
                var bad = false
                if dossier.isEmpty {
                    tally.state.problem(scanner, field: columns.id, "The dossier id is empty")
                    bad = true
                } else if Self.isRoundedNumber(dossier) {
                    tally.state.problem(
                        scanner, field: columns.id,
                        "Dossier id '\(scanner.value(columns.id))' is a number the spreadsheet has rounded (an id of more than 15 digits kept as a number, so different dossiers read alike); format the id column as Text and export it again"
                    )
                    bad = true
                }
                // Ids as written take the byte path; a name (or an id in another case) is
                // resolved once per distinct text.
                var unit = -1
                if let index = units.index(of: scanner.trimmed(columns.unit)) {
                    unit = index
                } else {
                    switch tally.resolver.index(of: scanner.value(columns.unit)) {
                    case .success(let index): unit = index
                    case .failure(let error):
                        tally.state.problem(scanner, field: columns.unit, UnitResolver.message(error))
                        bad = true
                    }
                }
                func moment(_ column: Int, _ label: String, required: Bool) -> Moment? {
                    let text = scanner.trimmed(column)
                    if text.isEmpty {
                        if required {
                            tally.state.problem(scanner, field: column, "The \(label.lowercased()) is empty")
                            bad = true
                        }
                        return nil
                    }
                    guard let moment = Moment.parse(bytes: text) else {
                        // Not resolved yet, in words (`Chưa trả`, `Đang xử lý`): pending.
                        if !required, Self.isPending(scanner.value(column)) { return nil }
                        tally.state.problem(
                            scanner, field: column,
                            "\(label) '\(scanner.value(column))' is not a date like 20/10/2024, 20/10/2024 14:30 or 2024-10-20"
                                + Self.dateHint(scanner.value(column)))
                        bad = true
                        return nil
                    }
                    return moment
                }
                let receivedOrNil = moment(columns.received, "Received date", required: true)
                let dueOrNil = moment(columns.due, "Due date", required: true)
                // Called, not passed in a closure: `bad` stays a plain local (a closure made it
                // a boxed variable checked for exclusive access on every row).
                var resolved: Moment?
                if let column = columns.resolved { resolved = moment(column, "Resolved date", required: false) }
                func flag(_ column: Int?, _ label: String) -> Bool? {
                    guard let column else { return nil }
                    let text = scanner.trimmed(column)
                    if text.count <= 1 {
                        switch text.first {
                        case nil, UInt8(ascii: "0"): return false
                        case UInt8(ascii: "1"), UInt8(ascii: "x"), UInt8(ascii: "X"): return true
                        default: break
                        }
                    }
                    // The spellings exports use, compared as bytes: no string is made for them.
                    if Self.isOneOf(text, Self.yesSpellings) { return true }
                    if Self.isOneOf(text, Self.noSpellings) { return false }
                    let value = scanner.value(column)
                    guard let flag = Values.yesNo(value) else {
                        tally.state.problem(
                            scanner, field: column,
                            "\(label) '\(value)' is not yes/no (1/0, x, có/không, yes/no, true/false)")
                        bad = true
                        return nil
                    }
                    return flag
                }
                let digitized = flag(columns.digitized, "Digitised")
                let entered = flag(columns.entered, "Entered in software")
                let apology = flag(columns.apology, "Apology issued")
                guard !bad, let received = receivedOrNil, let due = dueOrNil else { continue }
                guard Limits.years.contains(received.year) else {
                    tally.state.problem(
                        scanner, field: columns.received,
                        "Received date '\(scanner.value(columns.received))': \(LimitError.year(String(received.year)))")
                    continue
                }
                // Impossible dates: by the minute when both carry a time, else by the day.
                var anomaly: DossierAnomaly?
                if !received.notAfter(due) {
                    guard !tally.strict else {
                        tally.state.problem(
                            scanner, field: columns.due,
                            "Due date '\(scanner.value(columns.due))' is before the received date '\(scanner.value(columns.received))'"
                        )
                        continue
                    }
                    anomaly = .dueBeforeReceived
                }
                if anomaly == nil, let column = columns.resolved, let resolved, !received.notAfter(resolved) {
                    guard !tally.strict else {
                        tally.state.problem(
                            scanner, field: column,
                            "Resolved date '\(scanner.value(column))' is before the received date '\(scanner.value(columns.received))'"
                        )
                        continue
                    }
                    anomaly = .resolvedBeforeReceived
                }
                if let year, received.year != year {
                    tally.otherYears += 1
                    tally.otherYearsSeen.insert(received.year)
                    continue
                }
                let key = countKey(unit: unit, year: received.year)
                var yearIndex = 0
                while yearIndex < years.count && years[yearIndex] != received.year { yearIndex += 1 }
                if yearIndex == years.count {
                    years.append(received.year)
                    firstDays.append(received.day)
                    grid += Array(repeating: DossierTally(), count: units.ids.count)
                    exceptionsSeen += Array(repeating: 0, count: units.ids.count * 3)
                }
                if received.day < firstDays[yearIndex] { firstDays[yearIndex] = received.day }
                let slot = yearIndex * units.ids.count + unit
                if let anomaly {
                    grid[slot].anomalies += 1
                    tally.anomalies[Int(anomaly.rawValue)] += 1
                    tally.note(
                        identity: key * 3 + 2, count: exceptionsSeen[slot * 3 + 2], late: Int(anomaly.rawValue),
                        dueDay: 0, id: dossier, line: scanner.line)
                    exceptionsSeen[slot * 3 + 2] += 1
                    continue
                }
                var count = grid[slot]
                var bits: UInt16 = 0
                count.total += 1
                if digitized == true {
                    count.digitized += 1
                    bits |= CountedRow.digitized
                }
                if entered == true {
                    count.entered += 1
                    bits |= CountedRow.entered
                }
                if let column = columns.channel, isOnline(scanner.trimmed(column), scanner, column) {
                    count.online += 1
                    bits |= CountedRow.online
                }
                var late: Int?  // days; 0 when late within the due day
                if let resolved {
                    count.resolved += 1
                    bits |= CountedRow.resolved
                    if resolved.notAfter(due) {
                        count.onTime += 1
                        bits |= CountedRow.onTime
                        if resolved.day < due.day {
                            count.early += 1
                            bits |= CountedRow.early
                        }
                    } else {
                        late = resolved.day - due.day
                    }
                } else if due.day < today {
                    late = -1
                }
                if let late {
                    count.overdue += 1
                    bits |= CountedRow.overdue
                    if apology == true {
                        count.overdueApologised += 1
                        bits |= CountedRow.apologised
                    }
                    for which in 0...(apology == true ? 0 : 1) {
                        tally.note(
                            identity: key * 3 + which, count: exceptionsSeen[slot * 3 + which], late: late,
                            dueDay: due.day, id: dossier, line: scanner.line)
                        exceptionsSeen[slot * 3 + which] += 1
                    }
                }
                grid[slot] = count
                tally.counted.append(
                    CountedRow(
                        hash: CountedRow.hash(dossier), idStart: Int32(truncatingIfNeeded: tally.countedIDs.count),
                        idCount: Int32(dossier.count), line: Int32(truncatingIfNeeded: scanner.line),
                        key: Int32(truncatingIfNeeded: key), bits: bits))
                tally.countedIDs.append(contentsOf: dossier)
            }
        } catch let problem as InputProblem {
            tally.state.problem(line: problem.line, column: problem.column, problem.message)
            tally.stopped = true
        }
    }

    /// Yes and no as exports spell them (NFC, as the scanner gives fields); anything else goes
    /// through ``Values/yesNo(_:)``.
    static let yesSpellings: [StaticString] = ["có", "Có", "CÓ", "yes", "Yes", "YES", "true", "True", "TRUE"]
    static let noSpellings: [StaticString] = [
        "không", "Không", "KHÔNG", "no", "No", "NO", "false", "False", "FALSE",
    ]

    /// Whether `bytes` are exactly one of `words`.
    static func isOneOf(_ bytes: UnsafeBufferPointer<UInt8>, _ words: [StaticString]) -> Bool {
        guard let base = bytes.baseAddress else { return false }
        for word in words where bytes.count == word.utf8CodeUnitCount {
            if memcmp(base, word.utf8Start, bytes.count) == 0 { return true }
        }
        return false
    }

    /// Whether a dossier id reads as a number in scientific notation (`2.40301e+17`,
    /// `2,40301E+17`): what a spreadsheet keeps of an id of more than 15 digits stored as a
    /// number. Two bytes are compared for most ids.
    static func isRoundedNumber(_ bytes: UnsafeBufferPointer<UInt8>) -> Bool {
        let count = bytes.count
        guard count >= 5, bytes[count - 3] == 0x2B || bytes[count - 4] == 0x2B else { return false }
        let text = String(decoding: bytes, as: UTF8.self).uppercased()
        guard let e = text.firstIndex(of: "E") else { return false }
        let mantissa = text[..<e].replacingOccurrences(of: ",", with: ".")
        let exponent = text[text.index(after: e)...]
        return Double(mantissa) != nil && exponent.hasPrefix("+") && Int(exponent.dropFirst()) != nil
    }

    /// Whether a resolved date's text says the dossier is not resolved yet: `Chưa trả`,
    /// `Chưa có kết quả`, `Đang xử lý`, `Đang giải quyết`.
    static func isPending(_ text: String) -> Bool {
        let first = VietnameseText.fold(text).split(separator: " ").first
        return first == "chua" || first == "dang"
    }

    /// What a date that could not be read may be instead: an Excel serial (a date cell exported
    /// as its number) or a month written first.
    static func dateHint(_ text: String) -> String {
        let trimmed = text.trimmingCharacters(in: .whitespaces)
        if let serial = Double(trimmed.replacingOccurrences(of: ",", with: ".")), serial >= 1, serial < 2_958_466 {
            return
                "; '\(trimmed)' is a spreadsheet's date serial: format the column as a date (dd/mm/yyyy) and export it again"
        }
        let parts = trimmed.split(whereSeparator: { $0 == "/" || $0 == " " })
        if parts.count >= 3, let first = Int(parts[0]), let second = Int(parts[1]), first <= 12, second > 12,
            second <= 31
        {
            return
                "; the month seems to come first: write the day first (\(second)/\(first < 10 ? "0" : "")\(first)/\(parts[2]))"
        }
        return ""
    }

    /// Submitted online: the plain spellings compared as bytes, the rest as folded text.
    static func isOnline(_ bytes: UnsafeBufferPointer<UInt8>, _ scanner: CSVScanner, _ column: Int) -> Bool {
        if isOneOf(bytes, ["online", "Trực tuyến", "trực tuyến"]) { return true }
        if bytes.isEmpty || isOneOf(bytes, ["direct", "post", "Trực tiếp", "trực tiếp", "Bưu chính", "bưu chính"]) {
            return false
        }
        return isOnline(scanner.value(column))
    }

    /// Submitted online: the words `online`, `trực tuyến`, `dịch vụ công` or one beginning
    /// `dvc` (`DVC`, `dvctt`, `Cổng DVC quốc gia`) anywhere, in any case and with or without
    /// diacritics, unless the text denies it (`không`, `chưa`: `Không trực tuyến`).
    static func isOnline(_ channel: String) -> Bool {
        let words = VietnameseText.fold(channel).split { !$0.isLetter && !$0.isNumber }
        if words.contains(where: { $0 == "khong" || $0 == "chua" }) { return false }
        let text = " " + words.joined(separator: " ") + " "
        return words.contains { $0 == "online" || $0.hasPrefix("dvc") } || text.contains(" truc tuyen ")
            || text.contains(" dich vu cong ")
    }
}

/// The workspace's unit ids, found by the bytes of a field without building a string.
struct UnitTable: Sendable {
    /// The ids, sorted.
    let ids: [String]
    private let bytes: [[UInt8]]
    private let slots: [Int]
    private let mask: Int

    init(_ units: some Sequence<String>) {
        ids = units.sorted()
        bytes = ids.map { Array($0.utf8) }
        var size = 16
        while size < ids.count * 4 { size *= 2 }
        mask = size - 1
        var slots = [Int](repeating: -1, count: size)
        for (index, key) in bytes.enumerated() {
            var slot = key.withUnsafeBufferPointer { Self.hash($0) } & (size - 1)
            while slots[slot] >= 0 { slot = (slot + 1) & (size - 1) }
            slots[slot] = index
        }
        self.slots = slots
    }

    /// A hash of the first and last eight bytes and the length (ids are short).
    private static func hash(_ key: UnsafeBufferPointer<UInt8>) -> Int {
        guard !key.isEmpty else { return 0 }
        let raw = UnsafeRawPointer(key.baseAddress!)
        var first: UInt64 = 0
        var last: UInt64 = 0
        if key.count >= 8 {
            first = raw.loadUnaligned(as: UInt64.self)
            last = raw.loadUnaligned(fromByteOffset: key.count - 8, as: UInt64.self)
        } else {
            for index in 0..<key.count { first |= UInt64(key[index]) << (8 * UInt64(index)) }
        }
        var hash = (first &* 0x9E37_79B9_7F4A_7C15) ^ (last &* 0xC2B2_AE3D_27D4_EB4F) ^ UInt64(key.count)
        hash ^= hash >> 31
        return Int(truncatingIfNeeded: hash)
    }

    /// The index in ``ids`` of the id spelled by `key`.
    func index(of key: UnsafeBufferPointer<UInt8>) -> Int? {
        guard !key.isEmpty else { return nil }
        var slot = Self.hash(key) & mask
        while true {
            let index = slots[slot]
            if index < 0 { return nil }
            if bytes[index].count == key.count,
                bytes[index].withUnsafeBufferPointer({ memcmp($0.baseAddress!, key.baseAddress!, key.count) == 0 })
            {
                return index
            }
            slot = (slot + 1) & mask
        }
    }
}
