extension String {
    /// The string without leading and trailing whitespace, nor the invisible characters that
    /// ride along with pasted text (zero-width spaces and joiners, word joiners, a stray
    /// byte-order mark): `2.2​` typed from a web page is `2.2`.
    public var trimmingWhitespace: String {
        let scalars = unicodeScalars
        guard let start = scalars.firstIndex(where: { !Self.isTrimmed($0) }),
            let end = scalars.lastIndex(where: { !Self.isTrimmed($0) })
        else { return "" }
        return String(scalars[start...end])
    }

    private static func isTrimmed(_ scalar: Unicode.Scalar) -> Bool {
        switch scalar.value {
        case 0x200B, 0x200C, 0x200D, 0x2060, 0xFEFF: true
        default: scalar.properties.isWhitespace
        }
    }
}
