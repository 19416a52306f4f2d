import CCHCCore
import Foundation

/// Writes realistic synthetic dossier exports: per unit a seeded profile (how often it resolves
/// on time or early, digitises, receives online, enters dossiers in the software, apologises for
/// overdue ones), procedures with their own processing times, receipts spread over working days.
/// The same arguments always give the same bytes.
public struct DossierGenerator {
    /// The units the dossiers belong to.
    public var units: [String]
    /// Data rows to write.
    public var rows: Int
    /// The seed.
    public var seed: UInt64
    /// The year of receipt.
    public var year: Int
    /// Vietnamese headers and `dd/MM/yyyy HH:mm` dates (as the software exports them), instead of
    /// the canonical headers and ISO dates.
    public var vietnamese: Bool
    /// As offices' one-stop exports come (implies ``vietnamese``): `;` between fields and yes/no
    /// in the mixed spellings people and programs write (`có`, `Có`, `x`, `1`, `yes`; `không`,
    /// `Không`, empty).
    public var officeExport: Bool
    /// The share of rows (0…1) written as anomalies the import sets aside: resolved or due
    /// before they were received, or with the id of a dossier written before. 0 (the default)
    /// writes none; the other rows are the same whatever the share.
    public var anomalies: Double

    /// How many rows of each kind of anomaly a ``write(to:)`` wrote.
    public struct AnomalyCounts: Equatable, Sendable {
        public var resolvedBeforeReceived = 0
        public var dueBeforeReceived = 0
        public var repeatedID = 0
        public var total: Int { resolvedBeforeReceived + dueBeforeReceived + repeatedID }
    }

    /// Creates a generator.
    public init(
        units: [String], rows: Int, seed: UInt64, year: Int, vietnamese: Bool = false, officeExport: Bool = false,
        anomalies: Double = 0
    ) {
        self.units = units
        self.rows = rows
        self.seed = seed
        self.year = year
        self.vietnamese = vietnamese || officeExport
        self.officeExport = officeExport
        self.anomalies = anomalies
    }

    static let yesSpellings = ["có", "Có", "x", "1", "yes"]
    static let noSpellings = ["không", "Không", ""]

    struct Profile {
        var onTime: Double
        var early: Double
        var digitized: Double
        var online: Double
        var entered: Double
        var apology: Double
        var pending: Double
    }

    static let procedures: [(code: String, days: Int)] = [
        ("1.001612", 3), ("1.004227", 5), ("2.000908", 1), ("1.000656", 7), ("1.003005", 10), ("2.001263", 2),
        ("1.001193", 15), ("1.000894", 5), ("2.002189", 3), ("1.004082", 12),
    ]

    /// Writes the header and the rows to `handle`, in blocks, and says how many rows are
    /// anomalies (none unless ``anomalies`` asks for them).
    /// - Throws: what writing to `handle` throws.
    @discardableResult
    public func write(to handle: FileHandle) throws -> AnomalyCounts {
        precondition(!units.isEmpty)
        var random = SplitMix64Generator(seed: seed)
        // Spellings come from their own sequence: an office export holds the same dossiers as
        // the canonical file of the same seed.
        var spellingRandom = SplitMix64Generator(seed: seed ^ 0x5DEE_CE66_D1CE_4E5B)
        // Anomalies too, so the other rows are the same whatever their share.
        var anomalyRandom = SplitMix64Generator(seed: seed ^ 0x2545_F491_4F6C_DD1D)
        var written = AnomalyCounts()
        // The numbers of recent dossiers counted (not anomalies), for ids written again: a
        // repeat of a row that is itself set aside would not be one.
        var recent: [Int] = []
        let profiles = units.map { _ in
            Profile(
                onTime: Double.random(in: 0.82...0.995, using: &random),
                early: Double.random(in: 0.2...0.6, using: &random),
                digitized: Double.random(in: 0.55...0.98, using: &random),
                online: Double.random(in: 0.25...0.9, using: &random),
                entered: Double.random(in: 0.9...1.0, using: &random),
                apology: Double.random(in: 0.2...0.95, using: &random),
                pending: Double.random(in: 0.0...0.03, using: &random))
        }
        let separator = officeExport ? ";" : ","
        let header =
            vietnamese
            ? [
                "Mã hồ sơ", "Đơn vị", "Mã TTHC", "Ngày tiếp nhận", "Ngày hẹn trả", "Ngày trả kết quả", "Hình thức nộp",
                "Số hóa", "Cập nhật phần mềm", "Thư xin lỗi",
            ].joined(separator: separator) + "\r\n"
            : "dossier_id,unit_id,procedure_code,received_at,due_at,resolved_at,channel,digitized,entered_in_software,apology_issued\n"
        let newline = vietnamese ? "\r\n" : "\n"
        var block = vietnamese ? "\u{FEFF}" + header : header
        let firstDay = Moment.days(year: year, month: 1, day: 2)
        let lastDay = Moment.days(year: year, month: 12, day: 20)
        for index in 0..<rows {
            let unitIndex = Int.random(in: 0..<units.count, using: &random)
            let profile = profiles[unitIndex]
            let procedure = Self.procedures[Int.random(in: 0..<Self.procedures.count, using: &random)]
            var receivedDay = Int.random(in: firstDay...lastDay, using: &random)
            // Weekends: move to Monday (1970-01-01 was a Thursday).
            let weekday = (receivedDay + 3) % 7  // 0 = Monday
            if weekday >= 5 { receivedDay += 7 - weekday }
            let receivedMinute = Int.random(in: (7 * 60 + 30)...(16 * 60 + 30), using: &random)
            let dueDay = receivedDay + procedure.days + procedure.days / 5 * 2
            let roll = Double.random(in: 0..<1, using: &random)
            var resolved: (day: Int, minute: Int)?
            if roll >= profile.pending {
                if Double.random(in: 0..<1, using: &random) < profile.onTime {
                    let early = Double.random(in: 0..<1, using: &random) < profile.early
                    let day =
                        early ? Int.random(in: receivedDay...max(receivedDay, dueDay - 1), using: &random) : dueDay
                    let minute = Int.random(in: (8 * 60)...(16 * 60 + 45), using: &random)
                    // Never before it was received (that would be an anomaly).
                    resolved = (day, day == receivedDay ? max(minute, receivedMinute) : minute)
                } else {
                    resolved = (
                        dueDay + Int.random(in: 1...12, using: &random),
                        Int.random(in: (8 * 60)...(16 * 60), using: &random)
                    )
                }
            }
            let late = resolved.map { $0.day > dueDay } ?? false
            let online = Double.random(in: 0..<1, using: &random) < profile.online
            let digitized = Double.random(in: 0..<1, using: &random) < profile.digitized
            let entered = Double.random(in: 0..<1, using: &random) < profile.entered
            let apology = (late || resolved == nil) && Double.random(in: 0..<1, using: &random) < profile.apology
            var number = index + 1
            var due = dueDay
            // Anomalies change the row's dates or id after every draw of the row, so the other
            // rows stay the same.
            if anomalies > 0 && Double.random(in: 0..<1, using: &anomalyRandom) < anomalies {
                switch Int.random(in: 0..<3, using: &anomalyRandom) {
                case 0 where resolved != nil:
                    resolved = (
                        receivedDay - Int.random(in: 1...3, using: &anomalyRandom),
                        Int.random(in: (8 * 60)...(16 * 60), using: &anomalyRandom)
                    )
                    written.resolvedBeforeReceived += 1
                case 2 where !recent.isEmpty:
                    number = recent[Int.random(in: 0..<recent.count, using: &anomalyRandom)]
                    written.repeatedID += 1
                default:
                    due = receivedDay - Int.random(in: 1...5, using: &anomalyRandom)
                    written.dueBeforeReceived += 1
                }
            } else if anomalies > 0 {
                if recent.count == 1024 { recent[index % 1024] = number } else { recent.append(number) }
            }
            let id = "HS-\(year)-\(String(number).leftPadded(to: 8))"
            let fields: [String] = [
                id, units[unitIndex], procedure.code, date(receivedDay, receivedMinute), date(due, nil),
                resolved.map { date($0.day, $0.minute) } ?? "",
                vietnamese ? (online ? "Trực tuyến" : "Trực tiếp") : (online ? "online" : "direct"),
                flag(digitized, &spellingRandom), flag(entered, &spellingRandom), flag(apology, &spellingRandom),
            ]
            block += fields.joined(separator: separator)
            block += newline
            if block.utf8.count > 1 << 20 {
                try handle.write(contentsOf: Data(block.utf8))
                block = ""
            }
        }
        try handle.write(contentsOf: Data(block.utf8))
        return written
    }

    private func flag(_ value: Bool, _ random: inout SplitMix64Generator) -> String {
        if officeExport {
            let spellings = value ? Self.yesSpellings : Self.noSpellings
            return spellings[Int.random(in: 0..<spellings.count, using: &random)]
        }
        return vietnamese ? (value ? "x" : "") : (value ? "1" : "0")
    }

    private func date(_ day: Int, _ minute: Int?) -> String {
        let (y, m, d) = Moment.civil(fromDays: day)
        func two(_ value: Int) -> String { value < 10 ? "0\(value)" : "\(value)" }
        let time = minute.map { " \(two($0 / 60)):\(two($0 % 60))" } ?? ""
        return vietnamese
            ? "\(two(d))/\(two(m))/\(y)\(time)"
            : "\(y)-\(two(m))-\(two(d))\(time.isEmpty ? "" : "T" + time.dropFirst())"
    }
}

extension String {
    func leftPadded(to width: Int) -> String {
        count >= width ? self : String(repeating: "0", count: width - count) + self
    }
}
