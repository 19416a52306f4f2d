import Foundation

extension CSVRecord {
    /// A field without surrounding whitespace, or "" when the row is short or `index` is nil.
    public func value(_ index: Int?) -> String { field(self, index) }
}

/// A field of a record without surrounding whitespace, or "" when the row is short.
func field(_ record: CSVRecord, _ index: Int?) -> String {
    guard let index, index < record.fields.count else { return "" }
    let text = record.fields[index]
    // Fast path: nothing to trim when both ends are visible ASCII.
    if let first = text.utf8.first, let last = text.utf8.last, first > 0x20, first < 0x80, last > 0x20, last < 0x80 {
        return text
    }
    return text.trimmingWhitespace
}
