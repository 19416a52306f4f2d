import CCHCREPL
import FuzzSupport

// Every row-based import of the sample workspace, as `--check` (the whole reading and checking
// path, no write): units, scores, evidence, dossiers, units history. A thrown error or a
// reported problem is a right answer; a trap, a leak or a hang is not.

nonisolated(unsafe) private let engine = try! Engine(context: Workbench.makeContext(data: .sample, actor: "fuzz"))
private let file = InputFile(suffix: ".csv")
private let commands = [
    "import units", "import scores", "import evidence", "import dossiers", "import units-history",
]

@_cdecl("LLVMFuzzerTestOneInput")
public func testOneInput(_ data: UnsafePointer<UInt8>?, _ size: Int) -> CInt {
    let path = file.write(bytes(data, size))
    for command in commands {
        _ = engine.handle("\(command) \(path) --check")
    }
    return 0
}

@_cdecl("FuzzImport_main")
public func fuzzMain(_ argc: CInt, _ argv: UnsafeMutablePointer<UnsafeMutablePointer<CChar>?>?) -> CInt {
    runFuzzer(argc, argv, testOneInput)
}
