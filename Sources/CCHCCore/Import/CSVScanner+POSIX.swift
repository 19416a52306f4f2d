import Foundation

#if canImport(Glibc)
    import Glibc
#elseif canImport(Darwin)
    import Darwin
#endif

func openForReading(_ path: String) -> Int32 { open(path, O_RDONLY) }

func closeDescriptor(_ descriptor: Int32) { _ = close(descriptor) }
