import Foundation

/// Counts of an import's changes, for its summary line and audit rows.
struct ChangeTally {
    var added: [String: Int] = [:]
    var changed = 0
    var unchanged = 0

    var addedTotal: Int { added.values.reduce(0, +) }

    var counts: ImportCounts { ImportCounts(added: addedTotal, changed: changed, unchanged: unchanged) }

    func summary(_ noun: String, checked: Bool) -> String {
        let verb = checked ? "would add" : "added"
        let counted = addedTotal == 1 && noun.hasSuffix("s") ? String(noun.dropLast()) : noun
        return
            "\(verb) \(addedTotal) \(counted), \(checked ? "would change" : "changed") \(changed), \(unchanged) unchanged"
    }
}
