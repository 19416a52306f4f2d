import CCHCCore

/// A moment read from a dossier export: a day, and minutes when the time was given.
struct Moment: Equatable {
    /// Days since 1970-01-01.
    var day: Int
    /// Minutes after midnight, when the file gave a time.
    var minute: Int?
    /// The calendar year.
    var year: Int

    init(day: Int, minute: Int? = nil, year: Int) {
        self.day = day
        self.minute = minute
        self.year = year
    }

    /// `self` is on or before `other`: by the minute when both have a time, else by the day.
    func notAfter(_ other: Moment) -> Bool {
        if day != other.day { return day < other.day }
        guard let minute, let otherMinute = other.minute else { return true }
        return minute <= otherMinute
    }

    /// `yyyy-MM-dd`.
    var iso: String {
        let (year, month, day) = Moment.civil(fromDays: self.day)
        return "\(year)-\(month < 10 ? "0" : "")\(month)-\(day < 10 ? "0" : "")\(day)"
    }

    /// Parses `dd/MM/yyyy[ HH:mm[:ss]]` (also `d/M/yyyy`, `-` or `.` between the parts) and ISO
    /// 8601 `yyyy-MM-dd[(T| )HH:mm[:ss][.fff][Z|±hh:mm]]`. A time without a zone is the
    /// software's local time; one with a zone (`Z`, `+07:00`) is converted to Vietnam's time
    /// (UTC+7), in which the office's days and deadlines run (`2023-12-31T20:00:00Z` is
    /// 1 January 2024, 03:00). Returns nil for anything else or an impossible date.
    static func parse(_ text: String) -> Moment? {
        var text = text
        return text.withUTF8 { parse(bytes: $0) }
    }

    static func parse(bytes: UnsafeBufferPointer<UInt8>) -> Moment? {
        if let moment = parseCommon(bytes) { return moment }
        var end = bytes.count
        while end > 0, bytes[end - 1] == 0x20 { end -= 1 }
        var index = 0
        func number(maxDigits: Int) -> Int? {
            var value = 0
            var digits = 0
            while index < end, digits < maxDigits, bytes[index] >= 0x30, bytes[index] <= 0x39 {
                value = value * 10 + Int(bytes[index] &- 0x30)
                index += 1
                digits += 1
            }
            return digits == 0 ? nil : value
        }
        func skip(_ a: UInt8, _ b: UInt8 = 0, _ c: UInt8 = 0) -> Bool {
            guard index < end else { return false }
            let byte = bytes[index]
            guard byte == a || (b != 0 && byte == b) || (c != 0 && byte == c) else { return false }
            index += 1
            return true
        }
        guard let first = number(maxDigits: 4) else { return nil }
        let year: Int
        let month: Int
        let day: Int
        if index == 4 || first > 31 {
            // ISO: yyyy-MM-dd
            guard skip(0x2D), let m = number(maxDigits: 2), skip(0x2D), let d = number(maxDigits: 2) else {
                return nil
            }
            (year, month, day) = (first, m, d)
        } else {
            // dd/MM/yyyy (also - or . between the parts)
            guard skip(0x2F, 0x2D, 0x2E), let m = number(maxDigits: 2), skip(0x2F, 0x2D, 0x2E),
                let y = number(maxDigits: 4), y >= 1900
            else { return nil }
            (year, month, day) = (y, m, first)
        }
        guard (1...12).contains(month), day >= 1, day <= daysIn(month: month, year: year) else { return nil }
        var minute: Int?
        if index < end {
            guard skip(0x20, 0x54), let hour = number(maxDigits: 2), skip(0x3A), let minutes = number(maxDigits: 2),
                hour < 24, minutes < 60
            else { return nil }
            minute = hour * 60 + minutes
            if skip(0x3A) { guard number(maxDigits: 2) != nil else { return nil } }
            if skip(0x2E) { guard number(maxDigits: 9) != nil else { return nil } }
            // A 12-hour clock as Windows writes it: SA/CH (sáng/chiều, vi-VN) or AM/PM.
            if index + 2 < end, bytes[index] == 0x20 {
                let first = bytes[index + 1] | 0x20
                let second = bytes[index + 2] | 0x20
                let morning = (first == 0x73 && second == 0x61) || (first == 0x61 && second == 0x6D)  // sa, am
                let afternoon = (first == 0x63 && second == 0x68) || (first == 0x70 && second == 0x6D)  // ch, pm
                if morning || afternoon, (1...12).contains(hour) {
                    index += 3
                    minute = (hour % 12 + (afternoon ? 12 : 0)) * 60 + minutes
                }
            }
            // A zone: Z or ±hh[:mm], converted to Vietnam's time.
            var offset: Int?
            if skip(0x5A) {
                offset = 0
            } else if index < end, bytes[index] == 0x2B || bytes[index] == 0x2D {
                let sign = bytes[index] == 0x2D ? -1 : 1
                index += 1
                guard let hours = number(maxDigits: 2), hours <= 14 else { return nil }
                var minutes = 0
                if skip(0x3A) {
                    guard let written = number(maxDigits: 2), written < 60 else { return nil }
                    minutes = written
                }
                offset = sign * (hours * 60 + minutes)
            }
            guard index == end else { return nil }
            if let offset, let local = minute {
                let moment = days(year: year, month: month, day: day) * 1440 + local - offset + vietnamOffset
                let day = moment >= 0 ? moment / 1440 : (moment - 1439) / 1440
                return Moment(day: day, minute: moment - day * 1440, year: civil(fromDays: day).year)
            }
        }
        return Moment(day: days(year: year, month: month, day: day), minute: minute, year: year)
    }

    /// The shapes software exports write, `yyyy-MM-dd[THH:mm]` and `dd/MM/yyyy[ HH:mm]` in
    /// 1900–2199, read by position with the month starts from a table; nil for anything else
    /// (which ``parse(bytes:)`` reads the long way).
    @inline(__always)
    private static func parseCommon(_ bytes: UnsafeBufferPointer<UInt8>) -> Moment? {
        guard bytes.count == 10 || bytes.count == 16 else { return nil }
        // yyyy-MM-dd or dd/MM/yyyy: where the year, month and day are.
        let (yearAt, monthAt, dayAt): (Int, Int, Int)
        if bytes[4] == 0x2D && bytes[7] == 0x2D {
            (yearAt, monthAt, dayAt) = (0, 5, 8)
        } else if bytes[2] == 0x2F && bytes[5] == 0x2F {
            (yearAt, monthAt, dayAt) = (6, 3, 0)
        } else {
            return nil
        }
        @inline(__always) func digits(_ at: Int, _ count: Int) -> Int? {
            var value = 0
            for index in at..<at + count {
                let digit = bytes[index] &- 0x30
                guard digit < 10 else { return nil }
                value = value * 10 + Int(digit)
            }
            return value
        }
        guard let year = digits(yearAt, 4), let month = digits(monthAt, 2), let day = digits(dayAt, 2),
            (1...12).contains(month),
            year >= firstTabledYear, year < firstTabledYear + tabledYears
        else { return nil }
        let index = (year - firstTabledYear) * 12 + month - 1
        let start = Int(monthStarts[index])
        guard day >= 1, day <= Int(monthStarts[index + 1]) - start else { return nil }
        var minute: Int?
        if bytes.count == 16 {
            guard bytes[10] == 0x54 || bytes[10] == 0x20, bytes[13] == 0x3A, let hour = digits(11, 2),
                let minutes = digits(14, 2), hour < 24, minutes < 60
            else { return nil }
            minute = hour * 60 + minutes
        }
        return Moment(day: start + day - 1, minute: minute, year: year)
    }

    /// Vietnam's offset from UTC, in minutes (UTC+7 all year).
    static let vietnamOffset = 7 * 60

    static let firstTabledYear = 1900
    static let tabledYears = 300
    /// The day number of the first of each month from 1900 to 2199 (and of January 2200).
    static let monthStarts: [Int32] = (0...tabledYears * 12).map {
        Int32(days(year: firstTabledYear + $0 / 12, month: $0 % 12 + 1, day: 1))
    }

    static func daysIn(month: Int, year: Int) -> Int {
        switch month {
        case 2: (year % 4 == 0 && year % 100 != 0) || year % 400 == 0 ? 29 : 28
        case 4, 6, 9, 11: 30
        default: 31
        }
    }

    /// Days since 1970-01-01 of a proleptic Gregorian date.
    static func days(year: Int, month: Int, day: Int) -> Int { CivilDate.days(year: year, month: month, day: day) }

    /// The date of a day number.
    static func civil(fromDays days: Int) -> (year: Int, month: Int, day: Int) { CivilDate.civil(fromDays: days) }
}
