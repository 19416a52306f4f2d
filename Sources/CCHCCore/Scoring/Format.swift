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

    /// `value` with exactly `decimals` places: `2.00`, `87.13` (rounded as ``round(_:decimals:)``
    /// rounds; a negative value that rounds to zero keeps its sign, `-0.00`, as C's `%.2f` writes
    /// it).
    public static func fixed(_ value: Double, decimals: Int = 2) -> String {
        let scale = pow(10, Double(decimals))
        let scaled = value * scale
        let whole = (scaled + (scaled >= 0 ? 1e-7 : -1e-7)).rounded(.toNearestOrAwayFromZero)
        // The digits of `whole` are what `%.Nf` writes for `whole / scale` while the quotient's
        // error stays under half the last place: below 2^52 it does, for up to 15 places.
        guard (0...15).contains(decimals), abs(whole) < 4e15 else {
            return String(format: "%.\(decimals)f", whole / scale)
        }
        var digits = UInt64(abs(whole))
        // Filled from the end: up to 16 integer digits, a point, 15 places and a sign.
        return String(unsafeUninitializedCapacity: 34) { buffer in
            var end = 34
            func put(_ byte: UInt8) {
                end -= 1
                buffer[end] = byte
            }
            for _ in 0..<decimals {
                put(UInt8(ascii: "0") + UInt8(digits % 10))
                digits /= 10
            }
            if decimals > 0 { put(UInt8(ascii: ".")) }
            repeat {
                put(UInt8(ascii: "0") + UInt8(digits % 10))
                digits /= 10
            } while digits > 0
            if whole.sign == .minus { put(UInt8(ascii: "-")) }
            let count = 34 - end
            for index in 0..<count { buffer[index] = buffer[end + index] }
            return count
        }
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
