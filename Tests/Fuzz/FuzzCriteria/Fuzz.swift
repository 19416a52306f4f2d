import CCHCCore
import FuzzSupport

// The criteria reader: YAML text to criteria sets, with every check a set file gets.

@_cdecl("LLVMFuzzerTestOneInput")
public func testOneInput(_ data: UnsafePointer<UInt8>?, _ size: Int) -> CInt {
    let text = String(decoding: bytes(data, size), as: UTF8.self)
    _ = try? CriteriaFile.parse(yaml: text, file: "fuzz.yaml")
    return 0
}

@_cdecl("FuzzCriteria_main")
public func fuzzMain(_ argc: CInt, _ argv: UnsafeMutablePointer<UnsafeMutablePointer<CChar>?>?) -> CInt {
    runFuzzer(argc, argv, testOneInput)
}
