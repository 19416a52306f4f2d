import CCHCCore
import FuzzSupport

// The CSV scanner as every import uses it: records, the header found among title rows (with the
// Vietnamese headers), each field read as a number, a yes/no and an evidence value.

private let file = InputFile(suffix: ".csv")
private let header = TableHeader(
    required: ["unit_id", "criterion_id", "stage", "points"], optional: ["note", "evidence_ref", "year"])

@_cdecl("LLVMFuzzerTestOneInput")
public func testOneInput(_ data: UnsafePointer<UInt8>?, _ size: Int) -> CInt {
    let path = file.write(bytes(data, size))
    guard var reader = try? CSVReader(path: path, fileName: "fuzz.csv") else { return 0 }
    defer { reader.close() }
    var state = CSVImportState(file: "fuzz.csv")
    let columns = try? state.findHeader(header, next: { try reader.next() })
    while let record = try? reader.next() {
        _ = state.checkWidth(record)
        for index in record.fields.indices {
            let text = record.value(index)
            _ = Values.number(text, decimalComma: reader.delimiter == UInt8(ascii: ";"))
            _ = Values.yesNo(text)
            _ = try? Values.checkedEvidence(text, decimalComma: true)
        }
        if let columns, let points = columns["points"] { _ = Values.number(record.value(points), decimalComma: true) }
    }
    return 0
}

@_cdecl("FuzzCSV_main")
public func fuzzMain(_ argc: CInt, _ argv: UnsafeMutablePointer<UnsafeMutablePointer<CChar>?>?) -> CInt {
    runFuzzer(argc, argv, testOneInput)
}
