import Crypto
import Foundation

/// SHA-256 content hashes of criteria sets and imported files, as lowercase hex (what
/// `sha256sum` prints). swift-crypto computes them, with the processor's SHA instructions where
/// it has them.
public enum ContentHash {
    /// The hash of `bytes`.
    public static func hex<Bytes: Sequence>(_ bytes: Bytes) -> String where Bytes.Element == UInt8 {
        hex(SHA256.hash(data: Array(bytes)))
    }

    /// The hash of a file's bytes, read in blocks; "" when it cannot be read or `isCancelled`
    /// says so between blocks.
    public static func file(_ path: String, isCancelled: () -> Bool = { false }) -> String {
        let descriptor = openForReading(path)
        guard descriptor >= 0 else { return "" }
        defer { closeDescriptor(descriptor) }
        var hash = SHA256()
        let size = 1 << 20
        let block = UnsafeMutableRawBufferPointer.allocate(byteCount: size, alignment: 16)
        defer { block.deallocate() }
        while true {
            if isCancelled() { return "" }
            let count = read(descriptor, block.baseAddress, size)
            if count < 0 { return "" }
            if count == 0 { break }
            hash.update(bufferPointer: UnsafeRawBufferPointer(rebasing: block[0..<count]))
        }
        return hex(hash.finalize())
    }

    private static func hex(_ digest: SHA256.Digest) -> String {
        let digits = Array("0123456789abcdef".utf8)
        var text: [UInt8] = []
        text.reserveCapacity(64)
        for byte in digest {
            text.append(digits[Int(byte >> 4)])
            text.append(digits[Int(byte & 15)])
        }
        return String(decoding: text, as: UTF8.self)
    }
}
