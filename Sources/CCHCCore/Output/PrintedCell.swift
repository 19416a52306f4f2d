import Foundation

extension Cell {
    /// The cell as people read it, on the screen or in a document: in Vietnamese, a number with a
    /// decimal comma (`94,05`) and a date or time stamp by ``printedDate(_:)``; in English, a
    /// time stamp in Vietnam's time by ``localTime(_:)``; otherwise ``display``. Scripts'
    /// formats (CSV, JSON) keep ``display``.
    public func printed(vietnamese: Bool) -> String {
        switch self {
        case .number where vietnamese: return display.replacingOccurrences(of: ".", with: ",")
        case .text(let text): return (vietnamese ? Self.printedDate(text) : Self.localTime(text)) ?? text
        default: return display
        }
    }

    /// A UTC time stamp in Vietnam's time (UTC+7) to the minute, the date as ISO writes it:
    /// `2026-12-07T14:44:47Z` → `2026-12-07 21:44`; nil for any other text (a date included).
    public static func localTime(_ text: String) -> String? {
        guard text.utf8.count == 20, let (date, withTime) = isoDate(text), withTime else { return nil }
        let parts = OfficeDay.calendar.dateComponents([.year, .month, .day, .hour, .minute], from: date)
        func two(_ value: Int?) -> String { value.map { $0 < 10 ? "0\($0)" : String($0) } ?? "00" }
        return "\(parts.year ?? 0)-\(two(parts.month))-\(two(parts.day)) \(two(parts.hour)):\(two(parts.minute))"
    }

    /// An ISO date as people write it, `2024-10-05` → `05/10/2024`, and a UTC time stamp in
    /// Vietnam's time (UTC+7), `2026-12-07T07:02:44Z` → `07/12/2026 14:02`; nil for any other
    /// text, an impossible date (`2024-02-30`) included.
    public static func printedDate(_ text: String) -> String? {
        guard let (date, withTime) = isoDate(text) else { return nil }
        var calendar = Calendar(identifier: .gregorian)
        calendar.timeZone = withTime ? DocumentFrame.timeZone : TimeZone(identifier: "UTC")!
        let parts = calendar.dateComponents([.year, .month, .day, .hour, .minute], from: date)
        func two(_ value: Int?) -> String { value.map { $0 < 10 ? "0\($0)" : String($0) } ?? "00" }
        let day = "\(two(parts.day))/\(two(parts.month))/\(parts.year ?? 0)"
        return withTime ? "\(day) \(two(parts.hour)):\(two(parts.minute))" : day
    }

    /// The day in Vietnam's time of a UTC time stamp, as an ISO date (`2024-10-20T20:00:00Z` →
    /// `2024-10-21`), for a document that dates things to the day; the text as it is otherwise.
    public static func day(of timestamp: String) -> String {
        guard let (date, withTime) = isoDate(timestamp), withTime else { return timestamp }
        return OfficeDay.day(of: date)
    }

    /// A text that is an ISO 8601 date (`2024-10-05`, midnight UTC) or UTC time stamp
    /// (`2024-10-20T08:00:00Z`, the reports' forms), with whether it holds a time; nil for any
    /// other text or an impossible date.
    public static func isoDate(_ text: String) -> (date: Date, withTime: Bool)? {
        // Most texts are neither (names, statuses): known by their length before any copy.
        guard text.utf8.count == 10 || text.utf8.count == 20 else { return nil }
        let bytes = Array(text.utf8)
        let withTime = bytes.count == 20
        guard bytes.count == 10 || (withTime && bytes[10] == UInt8(ascii: "T") && bytes[19] == UInt8(ascii: "Z")),
            bytes[4] == UInt8(ascii: "-"), bytes[7] == UInt8(ascii: "-")
        else { return nil }
        if withTime { return (try? Date(text, strategy: .iso8601)).map { ($0, true) } }
        let parts = text.split(separator: "-").compactMap { Int($0) }
        guard parts.count == 3 else { return nil }
        var calendar = Calendar(identifier: .gregorian)
        calendar.timeZone = TimeZone(identifier: "UTC")!
        guard let date = calendar.date(from: DateComponents(year: parts[0], month: parts[1], day: parts[2])),
            calendar.component(.day, from: date) == parts[2]
        else { return nil }
        return (date, false)
    }
}
