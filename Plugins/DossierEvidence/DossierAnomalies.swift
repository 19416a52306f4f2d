import CCHCCore
import Foundation

/// Rows of a dossier export that cannot be what they say: resolved before they were received,
/// due before they were received, or a dossier id seen before. The software that wrote the
/// export is not the office's, so such rows are set aside (counted in `dossiers.anomalies`,
/// listed with their lines, left out of every other count and rate) rather than refusing the
/// file; `--strict` refuses them as problems instead.
enum DossierAnomaly: UInt8, Sendable, CaseIterable {
    case resolvedBeforeReceived
    case dueBeforeReceived
    case repeatedID

    /// For the item's note and the summary.
    var text: String {
        switch self {
        case .resolvedBeforeReceived: "resolved before it was received"
        case .dueBeforeReceived: "due before it was received"
        case .repeatedID: "dossier id seen before"
        }
    }
}

/// What one counted row added to its unit's tally, so a row found to repeat an earlier dossier
/// id (only the merge of the stretches can tell) can be taken out again.
struct CountedRow: Sendable {
    static let resolved: UInt16 = 1
    static let onTime: UInt16 = 2
    static let early: UInt16 = 4
    static let overdue: UInt16 = 8
    static let apologised: UInt16 = 16
    static let digitized: UInt16 = 32
    static let online: UInt16 = 64
    static let entered: UInt16 = 128

    var hash: UInt64
    var idStart: Int32
    var idCount: Int32
    /// The row's line, counted from the start of its stretch.
    var line: Int32
    /// ``DossierCollector/countKey(unit:year:)``.
    var key: Int32
    var bits: UInt16

    /// `tally` without this row; the row counted as an anomaly instead.
    func remove(from tally: inout DossierTally) {
        tally.total -= 1
        if bits & Self.resolved != 0 { tally.resolved -= 1 }
        if bits & Self.onTime != 0 { tally.onTime -= 1 }
        if bits & Self.early != 0 { tally.early -= 1 }
        if bits & Self.overdue != 0 { tally.overdue -= 1 }
        if bits & Self.apologised != 0 { tally.overdueApologised -= 1 }
        if bits & Self.digitized != 0 { tally.digitized -= 1 }
        if bits & Self.online != 0 { tally.online -= 1 }
        if bits & Self.entered != 0 { tally.entered -= 1 }
        tally.anomalies += 1
    }

    /// FNV-1a of the id's bytes.
    static func hash(_ bytes: UnsafeBufferPointer<UInt8>) -> UInt64 {
        var hash: UInt64 = 0xcbf2_9ce4_8422_2325
        for byte in bytes { hash = (hash ^ UInt64(byte)) &* 0x100_0000_01b3 }
        return hash
    }
}

/// Every dossier id counted so far and the line it was first on, for the merge (one thread).
/// Ids are compared in full; the hash only finds the slot.
final class DossierIDTable: @unchecked Sendable {
    private var slots: [Int32] = Array(repeating: -1, count: 1 << 16)
    private var hashes: [UInt64] = []
    private var starts: [Int] = []
    private var lines: [Int32] = []
    private var text: [UInt8] = []

    /// The first line of `id` when it was seen before; else records it at `line` and returns nil.
    func firstLine(of id: ArraySlice<UInt8>, hash: UInt64, line: Int) -> Int? {
        if hashes.count * 2 >= slots.count { grow() }
        let mask = slots.count - 1
        var slot = Int(truncatingIfNeeded: hash) & mask
        while slots[slot] >= 0 {
            let entry = Int(slots[slot])
            if hashes[entry] == hash {
                let start = starts[entry]
                let end = entry + 1 < starts.count ? starts[entry + 1] : text.count
                if text[start..<end].elementsEqual(id) { return Int(lines[entry]) }
            }
            slot = (slot + 1) & mask
        }
        slots[slot] = Int32(hashes.count)
        hashes.append(hash)
        starts.append(text.count)
        lines.append(Int32(clamping: line))
        text.append(contentsOf: id)
        return nil
    }

    private func grow() {
        slots = Array(repeating: -1, count: slots.count * 2)
        let mask = slots.count - 1
        for (entry, hash) in hashes.enumerated() {
            var slot = Int(truncatingIfNeeded: hash) & mask
            while slots[slot] >= 0 { slot = (slot + 1) & mask }
            slots[slot] = Int32(entry)
        }
    }
}
