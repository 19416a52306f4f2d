/// A fact about a unit read by rules: a number, a percentage, a fraction or a yes/no.
public enum EvidenceValue: Sendable, Equatable {
    /// A count or any other number.
    case number(Double)
    /// A percentage 0…100.
    case percent(Double)
    /// A fraction of cases, e.g. 39/40; 0/0 means no cases.
    case fraction(numerator: Double, denominator: Double)
    /// Yes or no.
    case bool(Bool)

    /// The value as a percentage, when it is one (fractions included); `nil` for 0/0.
    public var percentage: Double? {
        switch self {
        case .percent(let value), .number(let value): value
        case .fraction(let numerator, let denominator): denominator == 0 ? nil : numerator / denominator * 100
        case .bool(let value): value ? 100 : 0
        }
    }

    /// True when the value is a fraction with no cases.
    public var hasNoCases: Bool {
        if case .fraction(_, let denominator) = self { return denominator == 0 }
        return false
    }

    /// The value as a number (counts, indices).
    public var number: Double? {
        switch self {
        case .number(let value), .percent(let value): value
        case .fraction: percentage
        case .bool(let value): value ? 1 : 0
        }
    }

    /// The value as a yes/no.
    public var truth: Bool {
        switch self {
        case .bool(let value): value
        case .number(let value), .percent(let value): value != 0
        case .fraction(let numerator, _): numerator != 0
        }
    }

    /// The value as users write it: `97.5%`, `39/40`, `yes`, `3`.
    public var display: String { text(Format.number) }

    /// The value as ``display`` writes it, its numbers exact (``Format/exact(_:)``): what is
    /// stored as text and read again.
    public var exact: String { text(Format.exact) }

    private func text(_ number: (Double) -> String) -> String {
        switch self {
        case .number(let value): number(value)
        case .percent(let value): number(value) + "%"
        case .fraction(let numerator, let denominator): "\(number(numerator))/\(number(denominator))"
        case .bool(let value): value ? "yes" : "no"
        }
    }
}

/// An evidence value with where it came from.
public struct Evidence: Sendable, Equatable {
    /// Dotted snake_case key, e.g. `dossiers.on_time_rate`.
    public var key: String
    /// The value.
    public var value: EvidenceValue
    /// Where it came from: a collector, a file or query, or the sample generator.
    public var source: String

    /// Creates an evidence value.
    public init(key: String, value: EvidenceValue, source: String) {
        self.key = key
        self.value = value
        self.source = source
    }
}

/// How a criteria set reads an evidence key, which says what values make sense for it.
public enum EvidenceUse: Sendable, Equatable {
    /// A ratio rule: a rate, as a percentage within 0…100 or cases met / all cases.
    case rate
    /// A ratio rule over amounts (`above_100: true`): a percentage that may pass 100, up to
    /// ``Values/percentageLimit`` (revenue against the estimate: 123.4 %).
    case rateOfAmounts
    /// A boolean rule: yes or no.
    case yesNo
    /// A deduction rule: a whole count of 0 or more.
    case count
    /// A survey rule: an index within 0…100.
    case index
    /// Only a gate reads it: a number of 0 or more.
    case gateNumber

    /// A ratio rule's use, of cases or of amounts.
    public var isRate: Bool { self == .rate || self == .rateOfAmounts }

    /// Why `value` cannot be read this way (a sentence fragment naming what is expected), or nil
    /// when it can. `text` is the value as written.
    public func problem(with value: EvidenceValue, written text: String) -> String? {
        // Empty reads as "no" (x/empty); for anything but a yes/no it is a missing value.
        if self != .yesNo, text.trimmingWhitespace.isEmpty {
            return EvidenceValueError.notAValue(text).description
        }
        switch (self, value) {
        case (.rate, .percent(let percent)):
            return percent <= 100 ? nil : EvidenceValueError.percentageOutOfRange(text).description
        case (.rateOfAmounts, .percent), (.rate, .fraction), (.rateOfAmounts, .fraction), (.yesNo, .bool): return nil
        case (.rate, .number(let number)) where number > 0 && number < 1,
            (.rateOfAmounts, .number(let number)) where number > 0 && number < 1:
            // What a spreadsheet shows for a ratio left in General format (=B2/C2): a share of 1.
            return
                "Rate '\(text)' is a share of 1, not a percentage: write \(Format.number(number * 100))% (or \(text)% if under 1 % is meant), or format the cell as a percentage"
        case (.rateOfAmounts, .number(let number)):
            return (0...Values.percentageLimit).contains(number)
                ? nil : "Rate '\(text)' is outside 0…\(Format.number(Values.percentageLimit)) (a percentage)"
        case (.rate, .number(let number)):
            return (0...100).contains(number)
                ? nil : "Rate '\(text)' is outside 0…100 (a percentage, or cases met/all cases such as 39/40)"
        case (.yesNo, .number(let number)) where number == 0 || number == 1: return nil
        case (.count, .number(let number)):
            return number >= 0 && number.rounded() == number
                ? nil : "Count '\(text)' is not a whole number of 0 or more"
        case (.index, .percent(let number)) where number > 100:
            return EvidenceValueError.percentageOutOfRange(text).description
        case (.index, .number(let number)), (.index, .percent(let number)):
            return (0...100).contains(number) ? nil : "Index '\(text)' is outside 0…100"
        case (.gateNumber, .number(let number)):
            return number >= 0 ? nil : "Value '\(text)' is below 0"
        case (.rate, _), (.rateOfAmounts, _):
            return "Value '\(text)' is not a rate; expected a percentage (97.5%) or cases met/all cases (39/40)"
        case (.yesNo, _): return "Value '\(text)' is not yes or no"
        case (.count, _): return "Value '\(text)' is not a count; expected a whole number of 0 or more"
        case (.index, _): return "Value '\(text)' is not an index; expected a number within 0…100"
        case (.gateNumber, _): return "Value '\(text)' is not a number"
        }
    }
}
