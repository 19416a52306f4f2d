import CCHCREPL
import FuzzSupport

// The line tokenizer. Besides not trapping: every word it gives, quoted, tokenizes back to
// itself (what `history` and stored scenarios rely on).

@_cdecl("LLVMFuzzerTestOneInput")
public func testOneInput(_ data: UnsafePointer<UInt8>?, _ size: Int) -> CInt {
    let line = String(decoding: bytes(data, size), as: UTF8.self)
    guard let words = try? Tokenizer.tokenize(line) else { return 0 }
    let quoted = words.map(Tokenizer.quoted).joined(separator: " ")
    let again = try? Tokenizer.tokenize(quoted)
    require(again == words, "\(words) quoted as \(quoted) tokenizes to \(String(describing: again))")
    return 0
}

@_cdecl("FuzzTokenizer_main")
public func fuzzMain(_ argc: CInt, _ argv: UnsafeMutablePointer<UnsafeMutablePointer<CChar>?>?) -> CInt {
    runFuzzer(argc, argv, testOneInput)
}
