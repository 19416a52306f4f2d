import Foundation

/// Days as offices count them: in Vietnam's time (UTC+7), whatever zone the machine is set to.
/// What is "today", "overdue" or "since a day" turns at midnight in Vietnam, not at 07:00.
public enum OfficeDay {
    /// The Gregorian calendar in Vietnam's time.
    public static let calendar: Calendar = {
        var calendar = Calendar(identifier: .gregorian)
        calendar.timeZone = DocumentFrame.timeZone
        return calendar
    }()

    /// The day of `date` in Vietnam, `yyyy-mm-dd`: `2026-12-07T17:48:00Z` → `2026-12-08`.
    public static func day(of date: Date) -> String {
        let parts = calendar.dateComponents([.year, .month, .day], from: date)
        return String(format: "%04d-%02d-%02d", parts.year ?? 0, parts.month ?? 0, parts.day ?? 0)
    }

    /// The year of `date` in Vietnam.
    public static func year(of date: Date) -> Int { calendar.component(.year, from: date) }

    /// The day written `yyyy-mm-dd` or `dd/mm/yyyy` (a year from 1900 to 9999, a day the month
    /// has); nil for any other text: `01/04/2024` → (2024, 4, 1).
    public static func parse(_ text: String) -> (year: Int, month: Int, day: Int)? {
        let trimmed = text.trimmingCharacters(in: .whitespaces)
        let iso = trimmed.split(separator: "-", omittingEmptySubsequences: false).map { Int($0) }
        let local = trimmed.split(separator: "/", omittingEmptySubsequences: false).map { Int($0) }
        let parts: (Int, Int, Int)
        if iso.count == 3, let y = iso[0], let m = iso[1], let d = iso[2] {
            parts = (y, m, d)
        } else if local.count == 3, let d = local[0], let m = local[1], let y = local[2] {
            parts = (y, m, d)
        } else {
            return nil
        }
        // A day the month has: it comes back the same through the count of days.
        guard (1900...9999).contains(parts.0), (1...12).contains(parts.1), (1...31).contains(parts.2),
            CivilDate.civil(fromDays: CivilDate.days(year: parts.0, month: parts.1, day: parts.2)) == parts
        else { return nil }
        return parts
    }

    /// The first moment of the day written `yyyy-mm-dd` or `dd/mm/yyyy` in Vietnam, as a UTC
    /// time stamp: `2026-12-08` → `2026-12-07T17:00:00Z`; nil for any other text or an
    /// impossible date.
    public static func start(of text: String) -> String? {
        guard let (year, month, day) = parse(text),
            let date = calendar.date(from: DateComponents(year: year, month: month, day: day))
        else { return nil }
        return date.formatted(.iso8601)
    }
}
