import Foundation

/// What an ``XMLByteScanner`` reports, as bytes: no string or dictionary is made per element.
protocol XMLByteHandler: AnyObject {
    /// An element starts; `name` is its local name (without a namespace prefix).
    func start(_ name: UnsafeBufferPointer<UInt8>, attributes: XMLAttributes) throws
    /// Character data, entities and character references already decoded; a run may come in
    /// several pieces.
    func text(_ bytes: UnsafeBufferPointer<UInt8>)
    /// An element ends (also right after `start` for an empty element, `<c r="B2"/>`).
    func end(_ name: UnsafeBufferPointer<UInt8>) throws
}

/// The attributes of a start tag, read on demand from its bytes.
struct XMLAttributes {
    /// The bytes between the element's name and `>` (or `/>`).
    let bytes: UnsafeBufferPointer<UInt8>

    /// The value of the attribute whose local name is `name`, references decoded, as text;
    /// nil when there is none or it is not well-formed.
    func string(_ name: StaticString) -> String? {
        guard let raw = value(name) else { return nil }
        var decoded: [UInt8] = []
        guard (try? XMLByteScanner.decodeReferences(raw, into: &decoded)) != nil else { return nil }
        return String(decoding: decoded, as: UTF8.self)
    }

    /// The raw value of the attribute whose local name is `name` (`r`, `t`, `s`), without
    /// entity decoding (the attributes read this way are numbers, references and type codes).
    func value(_ name: StaticString) -> UnsafeBufferPointer<UInt8>? {
        var index = 0
        let count = bytes.count
        while index < count {
            while index < count, XMLByteScanner.isSpace(bytes[index]) { index += 1 }
            let nameStart = index
            while index < count, bytes[index] != UInt8(ascii: "="), !XMLByteScanner.isSpace(bytes[index]) {
                index += 1
            }
            let nameEnd = index
            while index < count, bytes[index] != UInt8(ascii: "=") { index += 1 }
            index += 1
            while index < count, XMLByteScanner.isSpace(bytes[index]) { index += 1 }
            guard index < count else { return nil }
            let quote = bytes[index]
            guard quote == UInt8(ascii: "\"") || quote == UInt8(ascii: "'") else { return nil }
            index += 1
            let valueStart = index
            while index < count, bytes[index] != quote { index += 1 }
            let valueEnd = min(index, count)
            index += 1
            let local = XMLByteScanner.localName(UnsafeBufferPointer(rebasing: bytes[nameStart..<nameEnd]))
            if XMLByteScanner.equals(local, name) {
                return UnsafeBufferPointer(rebasing: bytes[valueStart..<valueEnd])
            }
        }
        return nil
    }
}

/// A small, non-validating XML tokenizer over bytes fed in chunks (as a ZIP entry inflates),
/// for the large parts of a workbook (a sheet, the shared strings), where FoundationXML's
/// `XMLParser` spends most of its time making strings and dictionaries for every element.
///
/// It reads elements, attributes, character data, CDATA sections, comments, processing
/// instructions and the five predefined entities and character references. It checks what a
/// truncated or corrupt part would break: tags are closed in order, the root element is closed,
/// nothing but spaces follows it, references are known. It refuses a document type declaration
/// (entity expansion attacks) — the feeder refuses one before it gets here too.
final class XMLByteScanner {
    /// Why the part is not well-formed, for "… is not well-formed XML (reason)".
    struct Malformed: Error { let reason: String }
    /// The part declares a document type (`<!DOCTYPE`), where entity-expansion attacks live.
    struct DocumentType: Error {}

    private let handler: XMLByteHandler
    private var pending: [UInt8] = []
    /// The open elements' names, end to end (no array per element).
    private var nameBytes: [UInt8] = []
    private var nameStarts: [Int] = []
    private var closedRoot = false
    private var decoded: [UInt8] = []
    private var started = false
    /// The most a single tag or run of text may hold before more input arrives.
    static let tokenLimit = 64 << 20

    init(handler: XMLByteHandler) { self.handler = handler }

    /// Reads `chunk`, reporting every token it completes; an unfinished one waits for the next.
    /// - Throws: ``Malformed``; what the handler throws.
    func feed(_ chunk: UnsafeRawBufferPointer) throws {
        pending.append(contentsOf: chunk.bindMemory(to: UInt8.self))
        if !started {
            guard pending.count >= 3 else { return }
            started = true
            if pending.starts(with: [0xEF, 0xBB, 0xBF]) { pending.removeFirst(3) }  // a byte-order mark
        }
        let used = try pending.withUnsafeBufferPointer { try scan($0, final: false) }
        if used > 0 { pending.removeFirst(used) }
        if pending.count > Self.tokenLimit {
            throw Malformed(reason: "a tag or text longer than \(Self.tokenLimit >> 20) MiB")
        }
    }

    /// Reads what is left and checks the document ended whole.
    /// - Throws: ``Malformed`` when it did not.
    func finish() throws {
        if !started, pending.starts(with: [0xEF, 0xBB, 0xBF]) { pending.removeFirst(3) }
        started = true
        let used = try pending.withUnsafeBufferPointer { try scan($0, final: true) }
        pending.removeFirst(used)
        if !pending.allSatisfy(Self.isSpace) || !nameStarts.isEmpty || !closedRoot {
            throw Malformed(reason: "it ends before its root element is closed")
        }
    }

    /// Scans `buffer` from the start; returns how many bytes were consumed.
    private func scan(_ buffer: UnsafeBufferPointer<UInt8>, final: Bool) throws -> Int {
        let count = buffer.count
        var index = 0
        while index < count {
            if buffer[index] != UInt8(ascii: "<") {
                // Character data up to the next tag.
                var end = index
                while end < count, buffer[end] != UInt8(ascii: "<") { end += 1 }
                if end == count && !final {
                    // Hold back a reference that may be cut: from the last `&`.
                    var cut = end
                    var look = end
                    while look > index, end - look < 12 {
                        look -= 1
                        if buffer[look] == UInt8(ascii: "&") {
                            cut = look
                            break
                        }
                        if buffer[look] == UInt8(ascii: ";") { break }
                    }
                    if cut > index { try text(UnsafeBufferPointer(rebasing: buffer[index..<cut])) }
                    return cut
                }
                try text(UnsafeBufferPointer(rebasing: buffer[index..<end]))
                index = end
                continue
            }
            guard let consumed = try markup(UnsafeBufferPointer(rebasing: buffer[index...])) else {
                if final { throw Malformed(reason: "it ends inside a tag") }
                return index
            }
            index += consumed
        }
        return index
    }

    /// One piece of markup starting at `<`; returns its length, or nil when it is not complete.
    private func markup(_ bytes: UnsafeBufferPointer<UInt8>) throws -> Int? {
        let count = bytes.count
        guard count >= 2 else { return nil }
        switch bytes[1] {
        case UInt8(ascii: "?"):
            return Self.find("?>", in: bytes, from: 2).map { $0 + 2 }
        case UInt8(ascii: "!"):
            if Self.hasPrefix(bytes, "<!--") {
                return Self.find("-->", in: bytes, from: 4).map { $0 + 3 }
            }
            if Self.hasPrefix(bytes, "<![CDATA[") {
                guard let end = Self.find("]]>", in: bytes, from: 9) else { return nil }
                if !nameStarts.isEmpty { handler.text(UnsafeBufferPointer(rebasing: bytes[9..<end])) }
                return end + 3
            }
            if count < 9 { return nil }
            if Self.hasPrefix(bytes, "<!DOCTYPE") { throw DocumentType() }
            throw Malformed(reason: "it has markup it may not have ('<!' that is no comment or CDATA)")
        case UInt8(ascii: "/"):
            guard let close = Self.find(">", in: bytes, from: 2) else { return nil }
            var nameEnd = close
            while nameEnd > 2, Self.isSpace(bytes[nameEnd - 1]) { nameEnd -= 1 }
            let name = UnsafeBufferPointer(rebasing: bytes[2..<nameEnd])
            guard let start = nameStarts.last, nameBytes[start...].elementsEqual(name) else {
                throw Malformed(reason: "a closing tag does not match the open element")
            }
            nameStarts.removeLast()
            nameBytes.removeSubrange(start...)
            if nameStarts.isEmpty { closedRoot = true }
            try handler.end(Self.localName(name))
            return close + 1
        default:
            // A start tag: its end is the first `>` outside a quoted attribute value.
            var index = 1
            var quote: UInt8 = 0
            while index < count {
                let byte = bytes[index]
                if quote != 0 {
                    if byte == quote { quote = 0 }
                } else if byte == UInt8(ascii: "\"") || byte == UInt8(ascii: "'") {
                    quote = byte
                } else if byte == UInt8(ascii: ">") {
                    break
                }
                index += 1
            }
            guard index < count else { return nil }
            let empty = bytes[index - 1] == UInt8(ascii: "/")
            let inner = 1..<(empty ? index - 1 : index)
            var nameEnd = inner.lowerBound
            while nameEnd < inner.upperBound, !Self.isSpace(bytes[nameEnd]) { nameEnd += 1 }
            let name = UnsafeBufferPointer(rebasing: bytes[inner.lowerBound..<nameEnd])
            guard !name.isEmpty else { throw Malformed(reason: "a tag has no name") }
            if nameStarts.isEmpty && closedRoot { throw Malformed(reason: "there is an element after the root") }
            let local = Self.localName(name)
            try handler.start(
                local,
                attributes: XMLAttributes(bytes: UnsafeBufferPointer(rebasing: bytes[nameEnd..<inner.upperBound])))
            if empty {
                if nameStarts.isEmpty { closedRoot = true }
                try handler.end(local)
            } else {
                nameStarts.append(nameBytes.count)
                nameBytes.append(contentsOf: name)
            }
            return index + 1
        }
    }

    /// Character data with references decoded, handed on only inside the root element.
    private func text(_ bytes: UnsafeBufferPointer<UInt8>) throws {
        guard !nameStarts.isEmpty else {
            if !bytes.allSatisfy(Self.isSpace) { throw Malformed(reason: "there is text outside the root element") }
            return
        }
        guard bytes.contains(UInt8(ascii: "&")) else {
            handler.text(bytes)
            return
        }
        decoded.removeAll(keepingCapacity: true)
        try Self.decodeReferences(bytes, into: &decoded)
        decoded.withUnsafeBufferPointer { handler.text($0) }
    }

    /// Appends `bytes` to `decoded` with the predefined entities and character references
    /// replaced.
    /// - Throws: ``Malformed`` for an `&` that is not a known reference.
    static func decodeReferences(_ bytes: UnsafeBufferPointer<UInt8>, into decoded: inout [UInt8]) throws {
        var index = 0
        while index < bytes.count {
            let byte = bytes[index]
            guard byte == UInt8(ascii: "&") else {
                decoded.append(byte)
                index += 1
                continue
            }
            guard let semicolon = bytes[index...].prefix(12).firstIndex(of: UInt8(ascii: ";")) else {
                throw Malformed(reason: "an '&' is not a reference")
            }
            let name = UnsafeBufferPointer(rebasing: bytes[(index + 1)..<semicolon])
            if equals(name, "amp") {
                decoded.append(UInt8(ascii: "&"))
            } else if equals(name, "lt") {
                decoded.append(UInt8(ascii: "<"))
            } else if equals(name, "gt") {
                decoded.append(UInt8(ascii: ">"))
            } else if equals(name, "quot") {
                decoded.append(UInt8(ascii: "\""))
            } else if equals(name, "apos") {
                decoded.append(UInt8(ascii: "'"))
            } else if name.first == UInt8(ascii: "#") {
                let digits = String(decoding: name.dropFirst(), as: UTF8.self)
                let value =
                    digits.hasPrefix("x") || digits.hasPrefix("X")
                    ? UInt32(digits.dropFirst(), radix: 16) : UInt32(digits, radix: 10)
                guard let value, let scalar = Unicode.Scalar(value), value != 0 else {
                    throw Malformed(reason: "'&\(String(decoding: name, as: UTF8.self));' is not a character")
                }
                decoded.append(contentsOf: String(Character(scalar)).utf8)
            } else {
                throw Malformed(reason: "'&\(String(decoding: name, as: UTF8.self));' is not a known entity")
            }
            index = semicolon + 1
        }
    }

    // MARK: Bytes

    @inline(__always) static func isSpace(_ byte: UInt8) -> Bool {
        byte == 0x20 || byte == 0x0A || byte == 0x0D || byte == 0x09
    }

    /// `x:row` → `row`.
    static func localName(_ name: UnsafeBufferPointer<UInt8>) -> UnsafeBufferPointer<UInt8> {
        guard let colon = name.lastIndex(of: UInt8(ascii: ":")) else { return name }
        return UnsafeBufferPointer(rebasing: name[(colon + 1)...])
    }

    static func equals(_ bytes: UnsafeBufferPointer<UInt8>, _ word: StaticString) -> Bool {
        guard bytes.count == word.utf8CodeUnitCount else { return false }
        guard let base = bytes.baseAddress else { return bytes.isEmpty }
        return memcmp(base, word.utf8Start, bytes.count) == 0
    }

    static func hasPrefix(_ bytes: UnsafeBufferPointer<UInt8>, _ word: StaticString) -> Bool {
        bytes.count >= word.utf8CodeUnitCount && memcmp(bytes.baseAddress!, word.utf8Start, word.utf8CodeUnitCount) == 0
    }

    /// Where `word` first occurs in `bytes` at or after `start`.
    static func find(_ word: StaticString, in bytes: UnsafeBufferPointer<UInt8>, from start: Int) -> Int? {
        let length = word.utf8CodeUnitCount
        guard bytes.count >= length, start <= bytes.count - length else { return nil }
        let first = word.utf8Start.pointee
        var index = start
        while index <= bytes.count - length {
            if bytes[index] == first, memcmp(bytes.baseAddress! + index, word.utf8Start, length) == 0 {
                return index
            }
            index += 1
        }
        return nil
    }
}
