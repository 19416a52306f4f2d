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

    /// A 64-bit fingerprint of the id's bytes, taken eight bytes at a time (a byte at a time,
    /// each step waits for the multiply before it): each word is folded in by a multiply and a
    /// shift, the length first and murmur3's fmix64 last, so every bit depends on every byte.
    static func hash(_ bytes: UnsafeBufferPointer<UInt8>) -> UInt64 {
        let multiplier: UInt64 = 0x9e37_79b9_7f4a_7c15
        var hash = 0xcbf2_9ce4_8422_2325 ^ (UInt64(bytes.count) &* multiplier)
        guard let base = UnsafeRawPointer(bytes.baseAddress) else { return fmix(hash) }
        var offset = 0
        while offset + 8 <= bytes.count {
            let word = UInt64(littleEndian: base.loadUnaligned(fromByteOffset: offset, as: UInt64.self))
            hash = (hash ^ word) &* multiplier
            hash ^= hash >> 29
            offset += 8
        }
        if offset < bytes.count {
            var word: UInt64 = 0
            for index in offset..<bytes.count { word |= UInt64(bytes[index]) << (8 * UInt64(index - offset)) }
            hash = (hash ^ word) &* multiplier
            hash ^= hash >> 29
        }
        return fmix(hash)
    }

    /// murmur3's final mix.
    private static func fmix(_ value: UInt64) -> UInt64 {
        var hash = value
        hash ^= hash >> 33
        hash &*= 0xff51_afd7_ed55_8ccd
        hash ^= hash >> 33
        hash &*= 0xc4ce_b9fe_1a85_ec53
        hash ^= hash >> 33
        return hash
    }
}

/// Every dossier id counted so far, as a 64-bit fingerprint, and the line it was first on: for
/// the merge (one thread). 12 bytes a slot, at most 3/4 full: about 16 bytes per dossier (200 MB
/// for 10 million). Two different ids share a fingerprint with a chance below one in a million
/// even for ten million dossiers (n²/2⁶⁵), so ids are not kept to compare in full.
final class DossierIDTable: @unchecked Sendable {
    // Raw storage: the merge probes it once per counted row, and arrays in a class's fields
    // cost an exclusivity check and a uniqueness check on every access.
    @exclusivity(unchecked) private var fingerprints = UnsafeMutableBufferPointer<UInt64>.allocate(capacity: 1 << 16)
    @exclusivity(unchecked) private var lines = UnsafeMutableBufferPointer<UInt32>.allocate(capacity: 1 << 16)
    @exclusivity(unchecked) private var count = 0

    init() {
        fingerprints.initialize(repeating: 0)
        lines.initialize(repeating: 0)
    }

    deinit {
        fingerprints.deallocate()
        lines.deallocate()
    }

    /// Makes room for `more` ids at once (one growth for a stretch of the file, not several).
    func reserve(adding more: Int) {
        var size = fingerprints.count
        while (count + more + 1) * 4 > size * 3 { size *= 2 }
        if size != fingerprints.count { grow(to: size) }
    }

    /// The first line of the id whose hash is `hash` when it was seen before; else records it
    /// at `line` and returns nil.
    func firstLine(hash: UInt64, line: Int) -> Int? {
        if (count + 1) * 4 > fingerprints.count * 3 { grow(to: fingerprints.count * 2) }
        let key = hash == 0 ? 1 : hash  // 0 marks an empty slot
        let mask = fingerprints.count - 1
        var slot = Int(truncatingIfNeeded: key >> 7) & mask
        while true {
            let found = fingerprints[slot]
            if found == 0 { break }
            if found == key { return Int(lines[slot]) }
            slot = (slot + 1) & mask
        }
        fingerprints[slot] = key
        lines[slot] = UInt32(clamping: line)
        count += 1
        return nil
    }

    private func grow(to size: Int) {
        let (oldKeys, oldLines) = (fingerprints, lines)
        fingerprints = .allocate(capacity: size)
        fingerprints.initialize(repeating: 0)
        lines = .allocate(capacity: size)
        lines.initialize(repeating: 0)
        let mask = size - 1
        for index in oldKeys.indices where oldKeys[index] != 0 {
            let key = oldKeys[index]
            var slot = Int(truncatingIfNeeded: key >> 7) & mask
            while fingerprints[slot] != 0 { slot = (slot + 1) & mask }
            fingerprints[slot] = key
            lines[slot] = oldLines[index]
        }
        oldKeys.deallocate()
        oldLines.deallocate()
    }
}
