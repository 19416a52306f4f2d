/// Bytes of a result kept in the workspace (``StoredRanking``, ``ScoreMatrix``): integers and
/// numbers as 8 little-endian bytes, text as its UTF-8 length then bytes.
struct StoredBytesWriter {
    var bytes: [UInt8] = []

    mutating func int(_ value: Int) {
        withUnsafeBytes(of: Int64(value).littleEndian) { bytes.append(contentsOf: $0) }
    }

    mutating func double(_ value: Double) {
        withUnsafeBytes(of: value.bitPattern.littleEndian) { bytes.append(contentsOf: $0) }
    }

    /// Many numbers at once, in the same form as ``double(_:)``.
    mutating func doubles(_ values: [Double]) {
        #if _endian(little)
            values.withUnsafeBytes { bytes.append(contentsOf: $0) }
        #else
            for value in values { double(value) }
        #endif
    }

    mutating func text(_ value: String) {
        int(value.utf8.count)
        bytes.append(contentsOf: value.utf8)
    }
}

/// Reads what ``StoredBytesWriter`` wrote; every read answers nil past the end.
struct StoredBytesReader {
    let bytes: [UInt8]
    var offset = 0
    var atEnd: Bool { offset == bytes.count }

    mutating func byte() -> UInt8? {
        guard offset < bytes.count else { return nil }
        defer { offset += 1 }
        return bytes[offset]
    }

    private mutating func word() -> UInt64? {
        guard offset + 8 <= bytes.count else { return nil }
        var value: UInt64 = 0
        for index in 0..<8 { value |= UInt64(bytes[offset + index]) << (8 * UInt64(index)) }
        offset += 8
        return value
    }

    mutating func int() -> Int? { word().map { Int(Int64(bitPattern: $0)) } }
    mutating func double() -> Double? { word().map { Double(bitPattern: $0) } }

    /// `count` numbers written by ``StoredBytesWriter/doubles(_:)``.
    mutating func doubles(_ count: Int) -> [Double]? {
        guard count >= 0, count <= (bytes.count - offset) / 8 else { return nil }
        #if _endian(little)
            let values = [Double](unsafeUninitializedCapacity: count) { buffer, initialized in
                bytes.withUnsafeBytes { raw in
                    UnsafeMutableRawBufferPointer(buffer).copyMemory(
                        from: UnsafeRawBufferPointer(rebasing: raw[offset..<offset + count * 8]))
                }
                initialized = count
            }
            offset += count * 8
            return values
        #else
            return (0..<count).map { _ in double()! }
        #endif
    }

    /// `count` bytes each 0 or 1, as booleans.
    mutating func flags(_ count: Int) -> [Bool]? {
        guard count >= 0, count <= bytes.count - offset else { return nil }
        defer { offset += count }
        return bytes[offset..<offset + count].map { $0 != 0 }
    }

    mutating func text() -> String? {
        guard let count = int(), count >= 0, offset + count <= bytes.count else { return nil }
        defer { offset += count }
        return String(decoding: bytes[offset..<offset + count], as: UTF8.self)
    }
}
