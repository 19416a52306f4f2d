import Foundation

/// A baseline ranking of one set and year in a compact binary form, kept in the workspace so a
/// command that only needs the ranking (`rank` as a process) does not load and score the whole
/// year again. Valid while the workspace's revision and the year's content of the set are
/// those it was computed at (``Workspace/storedResult(_:year:setID:contentHash:revision:)``).
///
/// Each entry keeps what a ranking shows — totals, index, bands and gates, rank, group, missing
/// leaves, the reason for no rank — and the points of each field; a unit's leaves and deeper
/// nodes come from ``Evaluation/scorecard(unitID:scenario:)``, as for a computed ranking.
enum StoredRanking {
    /// The format's version, first in every payload: another one is not read.
    static let version: UInt8 = 1

    /// `scores` (one set's ranking, in order) as bytes.
    static func encode(_ scores: [UnitScore], set: CriteriaSet) -> Data {
        var writer = StoredBytesWriter()
        writer.bytes.append(version)
        writer.int(scores.count)
        let bands = Dictionary(set.bands.bands.enumerated().map { ($1.code, $0) }, uniquingKeysWith: { a, _ in a })
        let gates = Dictionary(set.bands.gates.enumerated().map { ($1.id, $0) }, uniquingKeysWith: { a, _ in a })
        for score in scores {
            writer.text(score.unit.id)
            for value in [score.achieved, score.applicableMax, score.bonus, score.penalty, score.total] {
                writer.double(value)
            }
            writer.double(score.indexPct ?? .nan)
            writer.int(score.bandBeforeGates.flatMap { bands[$0.code] } ?? -1)
            writer.int(score.band.flatMap { bands[$0.code] } ?? -1)
            writer.int(score.gatesApplied.count)
            for gate in score.gatesApplied { writer.int(gates[gate.id] ?? -1) }
            writer.int(score.rank ?? -1)
            writer.int(score.missingLeaves)
            writer.text(score.group)
            writer.int(score.unrankedReason == nil ? 0 : 1)
            writer.text(score.unrankedReason ?? "")
            let fields = set.fields.enumerated().compactMap { index, field in score.nodes[field.id].map { (index, $0) }
            }
            writer.int(fields.count)
            for (index, node) in fields {
                writer.int(index)
                writer.double(node.achieved)
                writer.double(node.applicableMax)
            }
        }
        return Data(writer.bytes)
    }

    /// The ranking in `data`, its units taken from `units` (by id); nil when it does not fit
    /// them or `set` (a unit gone, a band or gate index out of range, another format).
    static func decode(_ data: Data, set: CriteriaSet, units: [String: EvaluatedUnit]) -> [UnitScore]? {
        var reader = StoredBytesReader(bytes: [UInt8](data))
        guard reader.byte() == version, let count = reader.int(), count >= 0 else { return nil }
        let bands = set.bands.bands
        let gates = set.bands.gates
        func band(_ index: Int?) -> Band?? {
            guard let index else { return .none }
            if index == -1 { return .some(nil) }
            return bands.indices.contains(index) ? .some(bands[index]) : .none
        }
        var scores: [UnitScore] = []
        scores.reserveCapacity(count)
        for _ in 0..<count {
            guard let id = reader.text(), let unit = units[id], let achieved = reader.double(),
                let applicableMax = reader.double(), let bonus = reader.double(), let penalty = reader.double(),
                let total = reader.double(), let index = reader.double(), case .some(let before) = band(reader.int()),
                case .some(let after) = band(reader.int()), let gateCount = reader.int(), gateCount >= 0
            else { return nil }
            var applied: [Gate] = []
            for _ in 0..<gateCount {
                guard let gate = reader.int(), gates.indices.contains(gate) else { return nil }
                applied.append(gates[gate])
            }
            guard let rank = reader.int(), let missing = reader.int(), let group = reader.text(),
                let hasReason = reader.int(), let reason = reader.text(), let fieldCount = reader.int(), fieldCount >= 0
            else { return nil }
            var nodes: [String: NodeScore] = [:]
            nodes.reserveCapacity(fieldCount)
            for _ in 0..<fieldCount {
                guard let field = reader.int(), set.fields.indices.contains(field), let achieved = reader.double(),
                    let applicableMax = reader.double()
                else { return nil }
                let id = set.fields[field].id
                nodes[id] = NodeScore(id: id, achieved: achieved, applicableMax: applicableMax)
            }
            scores.append(
                UnitScore(
                    unit: unit, setID: set.id, leaves: [], nodes: nodes, achieved: achieved,
                    applicableMax: applicableMax, bonus: bonus, penalty: penalty, total: total,
                    indexPct: index.isNaN ? nil : index, bandBeforeGates: before, band: after, gatesApplied: applied,
                    rank: rank == -1 ? nil : rank, missingLeaves: missing, group: group,
                    unrankedReason: hasReason == 1 ? reason : nil))
        }
        return reader.atEnd ? scores : nil
    }
}
