import Foundation

/// Number formatting with the precision the regulation uses.
public enum Format {
    /// `value` rounded half away from zero to `decimals` places (robust to binary fractions such
    /// as 87.125 stored as 87.12499…).
    public static func round(_ value: Double, decimals: Int = 2) -> Double {
        let scale = pow(10, Double(decimals))
        let scaled = value * scale
        let nudged = scaled + (scaled >= 0 ? 1e-7 : -1e-7)
        return nudged.rounded(.toNearestOrAwayFromZero) / scale
    }

    /// `value` with exactly `decimals` places: `2.00`, `87.13`.
    public static func fixed(_ value: Double, decimals: Int = 2) -> String {
        String(format: "%.\(decimals)f", round(value, decimals: decimals))
    }

    /// `value` as ``number(_:)`` writes it when that reads back as exactly `value`, else in full
    /// (`6666666.666666666`): for what is stored as text and read again (a scenario's words).
    public static func exact(_ value: Double) -> String {
        let short = number(value)
        return Double(short) == value ? short : "\(value)"
    }

    /// `value` as written by people: no trailing zeros (`2`, `2.5`, `0.75`).
    public static func number(_ value: Double) -> String {
        if value == value.rounded() && abs(value) < 1e15 { return String(Int(value)) }
        var text = String(format: "%.4f", value)
        while text.hasSuffix("0") { text.removeLast() }
        if text.hasSuffix(".") { text.removeLast() }
        return text
    }
}
