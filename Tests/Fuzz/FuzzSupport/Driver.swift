import Foundation

/// libFuzzer's entry for a program that has its own `main` (SwiftPM names an executable's entry
/// `<Module>_main`; libFuzzer's own `main` is not linked then).
@_silgen_name("LLVMFuzzerRunDriver")
private func LLVMFuzzerRunDriver(
    _ argc: UnsafeMutablePointer<CInt>,
    _ argv: UnsafeMutablePointer<UnsafeMutablePointer<UnsafeMutablePointer<CChar>?>?>,
    _ callback: @convention(c) (UnsafePointer<UInt8>?, Int) -> CInt
) -> CInt

/// Runs libFuzzer with the program's arguments (`-max_total_time=600 corpus/` …), calling
/// `callback` with each input.
public func runFuzzer(
    _ argc: CInt, _ argv: UnsafeMutablePointer<UnsafeMutablePointer<CChar>?>?,
    _ callback: @convention(c) (UnsafePointer<UInt8>?, Int) -> CInt
) -> CInt {
    var count = argc
    var arguments = argv
    return LLVMFuzzerRunDriver(&count, &arguments, callback)
}

/// The input as bytes.
public func bytes(_ data: UnsafePointer<UInt8>?, _ size: Int) -> [UInt8] {
    guard let data, size > 0 else { return [] }
    return Array(UnsafeBufferPointer(start: data, count: size))
}

/// A file of this process's own, rewritten with each input (the readers under test take paths).
public final class InputFile: @unchecked Sendable {
    public let path: String

    /// - Parameter suffix: the file's extension with its dot (`.csv`, `.xlsx`).
    public init(suffix: String) {
        let folder = ProcessInfo.processInfo.environment["CCHC_FUZZ_TMP"] ?? NSTemporaryDirectory()
        path = folder + "/cchc-fuzz-\(getpid())\(suffix)"
    }

    /// Writes `bytes` to the file, replacing what it held.
    public func write(_ bytes: [UInt8]) -> String {
        let handle = fopen(path, "wb")!
        _ = bytes.withUnsafeBufferPointer { fwrite($0.baseAddress, 1, $0.count, handle) }
        fclose(handle)
        return path
    }
}

/// Fails loudly (libFuzzer records the input) when a property of the code under test is broken.
public func require(_ condition: Bool, _ message: @autoclosure () -> String) {
    if !condition {
        FileHandle.standardError.write(Data("property broken: \(message())\n".utf8))
        abort()
    }
}
