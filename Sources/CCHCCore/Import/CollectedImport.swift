import Foundation

#if canImport(Glibc)
    import Glibc
#elseif canImport(Darwin)
    import Darwin
#endif

extension Evaluation {
    /// Runs `collector` on a file and stores what it found, all or nothing: values with their
    /// provenance (collector, file, SHA-256, rows, time), the exceptions behind them, and an audit
    /// row for every value that changed. A file already imported by the collector is named in a
    /// warning; its values come out unchanged.
    ///
    /// - Parameter progress: shows how far the reading has got (on a terminal).
    /// - Throws: ``FileError/cannotRead(_:reason:)`` when the file cannot be read; what the collector throws when the
    ///   source cannot be read at all; a write error. Problems with rows are returned, not thrown.
    public func importCollected(
        _ collector: any EvidenceCollector, path: String, fileName: String? = nil, year: Int? = nil,
        options: [String: String] = [:], table: TableOptions = TableOptions(), strict: Bool = false, check: Bool,
        progress: (@Sendable (String) -> Void)? = nil
    ) throws -> ImportOutcome {
        let name = fileName ?? path
        if let year { try Limits.check(year: year) }
        if collector.readsFiles, access(path, R_OK) != 0 {
            throw FileError.cannotRead(name, reason: String(cString: strerror(errno)))
        }
        let units = Dictionary(uniqueKeysWithValues: try self.units().map { ($0.id, $0) })
        // A database has no file to hash: its provenance is the source named, the query's rows
        // and the time. A file is hashed on a thread of its own while the collector reads it.
        let hashing = collector.readsFiles ? ConcurrentHash(path) : nil
        defer { hashing?.cancel() }  // when the collector fails: stop reading the file
        let source = try collector.readsFiles ? TableSource(path: path, fileName: name, options: table) : nil
        defer { source?.remove() }
        var request = CollectionRequest(
            path: source?.path ?? path, fileName: name, units: units, year: year, defaultYear: try self.year(),
            asOf: clock(),
            options: options)
        request.progress = progress
        request.table = table
        request.strict = strict
        request.table.readsSheet = source?.sheet != nil
        let collected = try collector.collect(request)
        var warnings = collected.warnings
        let hash = hashing?.value()
        if let hash, let earlier = try workspace().importTime(collector: collector.id, sourceHash: hash) {
            // When, in Vietnam's time, as the screen shows times.
            let when = Cell.localTime(earlier) ?? earlier
            warnings.append("This file (sha256 \(hash.prefix(12))) was already imported on \(when)")
        }
        let write = try storeEvidence(
            collected.values.map { EvidenceRow(unit: $0.unitID, key: $0.key, year: $0.year, value: $0.value) },
            items: collected.items, itemKeys: Set(collector.keys), collector: collector.id, fileName: name,
            fileHash: hash, sourceRows: collected.rows, defaultYear: try year ?? self.year(),
            apply: collected.problemCount == 0 && !check, volumeKey: collector.volumeKey)
        // What the values would stand on matters only for a file that can be imported.
        if collected.problemCount == 0 { warnings += write.warnings }
        // The years the file's values are for (a dossier's is the year it was received): named
        // in the closing line, and warned of when none is the evaluation year the views show.
        let years = Set(collected.values.map(\.year)).sorted()
        let evaluationYear = try self.year()
        if year == nil, !years.isEmpty, !years.contains(evaluationYear) {
            let named = years.map(String.init).joined(separator: ", ")
            warnings.append(
                "The file's values are for \(named), not the evaluation year \(evaluationYear) ('year \(years[0])' shows them; --year imports one year only)"
            )
        }
        return ImportOutcome(
            file: name, rows: collected.rows, problems: collected.problems.map { source?.relocate($0) ?? $0 },
            problemCount: collected.problemCount, warnings: warnings, applied: write.applied,
            summary: write.summary + Self.yearsNamed(years),
            counts: write.counts,
            reading: (source?.reading ?? []) + collected.reading)
    }
}

/// The hash of a file, computed on a thread of its own.
final class ConcurrentHash: @unchecked Sendable {
    private let done = DispatchSemaphore(value: 0)
    private let lock = NSLock()
    private var hash = ""
    private var cancelled = false

    init(_ path: String) {
        Thread { [self] in
            let hash = ContentHash.file(path, isCancelled: { self.lock.withLock { self.cancelled } })
            lock.withLock { self.hash = hash }
            done.signal()
        }.start()
    }

    /// Waits for the hash.
    func value() -> String {
        done.wait()
        done.signal()
        return lock.withLock { hash }
    }

    /// Stops hashing when the hash is no longer wanted.
    func cancel() { lock.withLock { cancelled = true } }
}
