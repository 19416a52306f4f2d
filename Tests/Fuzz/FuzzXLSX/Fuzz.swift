import CCHCCore
import FuzzSupport

// The workbook reader: a ZIP archive, its workbook, shared strings and first sheet, read row
// by row as imports and `inspect` read them.

private let file = InputFile(suffix: ".xlsx")

@_cdecl("LLVMFuzzerTestOneInput")
public func testOneInput(_ data: UnsafePointer<UInt8>?, _ size: Int) -> CInt {
    let path = file.write(bytes(data, size))
    guard let reader = try? XLSXSheetReader(path: path, fileName: "fuzz.xlsx", sheet: nil) else { return 0 }
    var cells = 0
    try? reader.forEachRow { _, row in cells += row.count }
    return 0
}

@_cdecl("FuzzXLSX_main")
public func fuzzMain(_ argc: CInt, _ argv: UnsafeMutablePointer<UnsafeMutablePointer<CChar>?>?) -> CInt {
    runFuzzer(argc, argv, testOneInput)
}
