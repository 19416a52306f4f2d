import Foundation

/// Counts of an import's changes, for its summary line and audit rows.
struct ChangeTally {
    var added: [String: Int] = [:]
    var changed = 0
    var unchanged = 0

    var addedTotal: Int { added.values.reduce(0, +) }

    var counts: ImportCounts { ImportCounts(added: addedTotal, changed: changed, unchanged: unchanged) }

    /// A unit's audit row after an import: `35 values added, 2 values changed` (a count of
    /// zero left out).
    static func unitRow(added: Int, changed: Int) -> String {
        let noun = { (count: Int) in "\(count) value\(count == 1 ? "" : "s")" }
        return ((added > 0 ? ["\(noun(added)) added"] : []) + (changed > 0 ? ["\(noun(changed)) changed"] : []))
            .joined(separator: ", ")
    }

    func summary(_ noun: String, checked: Bool) -> String {
        let verb = checked ? "would add" : "added"
        let counted = addedTotal == 1 && noun.hasSuffix("s") ? String(noun.dropLast()) : noun
        return
            "\(verb) \(addedTotal) \(counted), \(checked ? "would change" : "changed") \(changed), \(unchanged) unchanged"
    }
}
