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

    /// The band an index falls in before gates: the first whose threshold is reached.
    public func band(forIndex index: Double) -> Band? {
        bands.first { index + Scoring.tolerance >= $0.minIndex } ?? bands.last
    }
}
