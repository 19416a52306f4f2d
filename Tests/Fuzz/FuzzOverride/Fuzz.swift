import CCHCCore
import CCHCREPL
import FuzzSupport

// The override parser (`set …`, `exclude …`, `amend …` as typed after `whatif` and as stored in
// a scenario). Besides not trapping: an override parsed from words gives those words back and
// parses from them to itself (scenarios are stored as words).

@_cdecl("LLVMFuzzerTestOneInput")
public func testOneInput(_ data: UnsafePointer<UInt8>?, _ size: Int) -> CInt {
    let line = String(decoding: bytes(data, size), as: UTF8.self)
    guard let words = try? Tokenizer.tokenize(line), let parsed = try? Override.parse(words) else { return 0 }
    let again = try? Override.parse(parsed.words)
    require(again == parsed, "\(parsed.words) parses to \(String(describing: again)), not \(parsed)")
    return 0
}

@_cdecl("FuzzOverride_main")
public func fuzzMain(_ argc: CInt, _ argv: UnsafeMutablePointer<UnsafeMutablePointer<CChar>?>?) -> CInt {
    runFuzzer(argc, argv, testOneInput)
}
