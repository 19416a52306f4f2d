/// A ranking band such as Xuất sắc (index ≥ 90).
public struct Band: Sendable, Equatable {
    /// Stable code, e.g. `xuat_sac`.
    public var code: String
    /// Vietnamese name.
    public var name: String
    /// English name.
    public var nameEN: String
    /// The lowest index % (inclusive) of the band.
    public var minIndex: Double
    /// Creates a band.
    public init(code: String, name: String, nameEN: String, minIndex: Double) {
        self.code = code
        self.name = name
        self.nameEN = nameEN
        self.minIndex = minIndex
    }
}

/// A rule that demotes a unit from a band, e.g. "not Xuất sắc when a field is under 70 %".
public struct Gate: Sendable, Equatable {
    /// What triggers the gate.
    public enum Condition: Sendable, Equatable {
        /// Some field's index (achieved ÷ applicable max) is below this percentage.
        case anyFieldBelow(Double)
        /// An evidence value is greater than this number.
        case evidenceGreaterThan(key: String, value: Double)

        /// Whether the condition holds for a unit.
        /// - Parameters:
        ///   - fieldIndices: the index % (unrounded) of each of the set's fields (lĩnh vực), a
        ///     field that is a single leaf included; `nil` where nothing in the field applies.
        ///   - evidence: the unit's value of an evidence key, as a number; `nil` when missing.
        public func holds(fieldIndices: some Sequence<Double?>, evidence: (String) -> Double?) -> Bool {
            switch self {
            case .anyFieldBelow(let percent):
                fieldIndices.contains { index in index.map { $0 + Scoring.tolerance < percent } ?? false }
            case .evidenceGreaterThan(let key, let value):
                evidence(key).map { $0 > value + Scoring.tolerance } ?? false
            }
        }
    }

    /// Stable id.
    public var id: String
    /// The gate's text for users.
    public var text: String
    /// The band it applies to.
    public var appliesTo: String
    /// The band a unit is demoted to.
    public var demoteTo: String
    /// The condition.
    public var condition: Condition
    /// Creates a gate.
    public init(id: String, text: String, appliesTo: String, demoteTo: String, condition: Condition) {
        self.id = id
        self.text = text
        self.appliesTo = appliesTo
        self.demoteTo = demoteTo
        self.condition = condition
    }
}

/// Bands ordered from the highest threshold down, plus gates.
public struct BandScheme: Sendable, Equatable {
    /// Bands, highest `minIndex` first.
    public var bands: [Band]
    /// Gates, applied in order.
    public var gates: [Gate]
    /// Creates a scheme.
    public init(bands: [Band], gates: [Gate] = []) {
        self.bands = bands
        self.gates = gates
    }

    /// The band with `code`.
    public func band(_ code: String) -> Band? { bands.first { $0.code == code } }

    /// The band a word users write names: its code or its name, in any case, with or without
    /// diacritics, with spaces, hyphens or underscores alike (`tot`, `Tốt`, `xuat sac`,
    /// `xuat-sac`, `xuat_sac`, `Xuất sắc`); nil otherwise.
    public func band(written text: String) -> Band? {
        func folded(_ text: String) -> String { VietnameseText.fold(text).filter { !" _-".contains($0) } }
        let key = folded(text)
        return band(text) ?? bands.first { folded($0.code) == key || folded($0.name) == key }
    }

    /// The band an index falls in before gates: the first whose threshold is reached.
    public func band(forIndex index: Double) -> Band? {
        bandPosition(forIndex: index).map { bands[$0] }
    }

    /// The position in ``bands`` of the band an index falls in before gates; `nil` without bands.
    public func bandPosition(forIndex index: Double) -> Int? {
        bands.firstIndex { index + Scoring.tolerance >= $0.minIndex } ?? (bands.isEmpty ? nil : bands.count - 1)
    }

    /// Where a unit with `index` (rounded, the published precision) stands after the gates: the
    /// position in ``bands`` and the positions in ``gates`` of the gates that demoted it, in
    /// order. A gate applies to the band the unit is in when its turn comes, so gates chain.
    ///
    /// The one implementation of banding: ``Scoring`` and ``ScoreMatrix`` both call it.
    /// - Parameter holds: whether a gate's condition holds for the unit (see
    ///   ``Gate/Condition/holds(fieldIndices:evidence:)``); asked only of gates that apply.
    public func placement(forIndex index: Double, holds: (_ gate: Gate, _ position: Int) -> Bool) -> (
        band: Int, gates: [Int]
    )? {
        guard var band = bandPosition(forIndex: index) else { return nil }
        var demoted: [Int] = []
        for (position, gate) in gates.enumerated() where bands[band].code == gate.appliesTo {
            if holds(gate, position), let target = bands.firstIndex(where: { $0.code == gate.demoteTo }) {
                band = target
                demoted.append(position)
            }
        }
        return (band, demoted)
    }
}
