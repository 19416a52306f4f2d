import Foundation
import GRDB

/// How an ``EvidenceValue`` is kept in the workspace's `evidence` table: a kind word, a value and,
/// for fractions, a denominator. The one place that encodes and decodes it.
public struct StoredEvidenceValue: Sendable, Equatable {
    /// `number`, `percent`, `fraction` or `bool`.
    public var kind: String
    /// The number, the percentage (0–100), the numerator, or 1/0 for yes/no.
    public var value: Double
    /// The denominator of a fraction; `nil` otherwise.
    public var denominator: Double?

    /// The stored form of `value`.
    public init(_ value: EvidenceValue) {
        switch value {
        case .number(let number): (kind, self.value, denominator) = ("number", number, nil)
        case .percent(let percent): (kind, self.value, denominator) = ("percent", percent, nil)
        case .fraction(let numerator, let denominator):
            (kind, self.value, self.denominator) = ("fraction", numerator, denominator)
        case .bool(let truth): (kind, self.value, denominator) = ("bool", truth ? 1 : 0, nil)
        }
    }

    /// A stored form read back from its columns.
    public init(kind: String, value: Double, denominator: Double?) {
        self.kind = kind
        self.value = value
        self.denominator = denominator
    }

    /// The value it stores (an unknown kind reads as a number).
    public var evidenceValue: EvidenceValue {
        switch kind {
        case "percent": .percent(value)
        case "fraction": .fraction(numerator: value, denominator: denominator ?? 0)
        case "bool": .bool(value != 0)
        default: .number(value)
        }
    }
}
