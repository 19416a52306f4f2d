import Foundation

/// Scans a large CSV file on several threads and merges what each stretch gave in file order,
/// so the result is the one a single pass from the top gives, with memory that does not grow
/// with the file.
///
/// The data after the header is cut into stretches of `chunkSize` bytes. A stretch other than
/// the first starts after the first line break in it: a guess at a record boundary that is
/// wrong only when the break is inside a quoted field. The merge checks each guess against
/// where the stretch before really ended, and scans a stretch again from there when it was
/// wrong (or when its scan ran far past its end, which a wrong guess inside quotes can cause).
public enum CSVParallelScan {
    /// The cores, at most 8: beyond that the disk or the merge is the limit, and each worker holds
    /// a buffer and a few stretches' results.
    public static var defaultWorkers: Int { min(max(ProcessInfo.processInfo.activeProcessorCount, 1), 8) }

    /// What one stretch gave and where it really began and ended.
    struct Outcome<Partial: Sendable>: Sendable {
        var partial: Partial?
        var failure: (any Error)?
        var start: Int
        var end: Int
        var newlines: Int
    }

    /// The shared state of the workers and the merge.
    final class Board<Partial: Sendable>: @unchecked Sendable {
        let condition = NSCondition()
        var next = 0
        var merged = 0
        var stopped = false
        var outcomes: [Int: Outcome<Partial>] = [:]
    }

    /// Scans `path`: `header` reads records up to the header with the function it is given
    /// (nil at the end of the file; rows of separators alone are skipped) and gives the work
    /// on a stretch, or nil to stop. That work consumes the records of one stretch with
    /// ``CSVScanner/next()``, on any thread, so it may only read what it captures. `merge` folds each stretch's result into
    /// `total` in file order, with the number of lines before the stretch (add it to the
    /// stretch's 1-based line numbers), and returns false to stop. A stretch whose scan runs
    /// `overrun` bytes past its end is scanned again from where the one before ended. `progress`
    /// gets the part of the file merged so far, after each stretch (on the calling thread).
    /// - Throws: ``UserError`` when the file cannot be read, ``InputProblem`` from the header,
    ///   and what `chunk` throws.
    public static func scan<Partial: Sendable, Total>(
        path: String, fileName: String, into total: Total, workers: Int = CSVParallelScan.defaultWorkers,
        chunkSize: Int = 8 << 20, overrun: Int = 4 << 20,
        header: (_ next: () throws -> CSVRecord?) throws -> (@Sendable (CSVScanner) throws -> Partial)?,
        merge: (inout Total, Partial, _ linesBefore: Int) -> Bool,
        progress: ((_ fraction: Double) -> Void)? = nil
    ) throws -> Total {
        var total = total
        let descriptor = try CSVScanner.open(path, fileName: fileName)
        defer { closeDescriptor(descriptor) }
        let prologue = CSVScanner.prologue(descriptor)
        let first = CSVScanner(
            descriptor: descriptor, fileName: fileName, prologue: prologue, start: prologue.start, limit: Int.max,
            alignToLine: false)
        let next = { () throws -> CSVRecord? in
            while try first.next() { if !first.isBlankRecord { return first.record } }
            return nil
        }
        guard let chunk = try header(next) else { return total }
        let dataStart = first.offset
        let size = Int(lseek(descriptor, 0, SEEK_END))
        let count = (size - dataStart + chunkSize - 1) / max(chunkSize, 1)
        if workers < 2 || count < 2 {
            _ = merge(&total, try chunk(first), 0)
            return total
        }
        @Sendable func limit(_ index: Int) -> Int { index + 1 == count ? Int.max : dataStart + (index + 1) * chunkSize }
        @Sendable func run(_ index: Int, from offset: Int, guessed: Bool) -> Outcome<Partial> {
            let scanner = CSVScanner(
                descriptor: descriptor, fileName: fileName, prologue: prologue, start: offset, limit: limit(index),
                alignToLine: guessed, overrun: guessed ? overrun : Int.max)
            let start = scanner.offset
            do {
                let partial = try chunk(scanner)
                return Outcome(partial: partial, start: start, end: scanner.offset, newlines: scanner.newlines)
            } catch {
                return Outcome(failure: error, start: start, end: scanner.offset, newlines: scanner.newlines)
            }
        }
        let board = Board<Partial>()
        let window = 2 * workers + 2
        let done = DispatchGroup()
        for _ in 0..<workers {
            done.enter()
            Thread {
                while true {
                    board.condition.lock()
                    while !board.stopped && board.next < count && board.next - board.merged >= window {
                        board.condition.wait()
                    }
                    if board.stopped || board.next >= count {
                        board.condition.unlock()
                        break
                    }
                    let index = board.next
                    board.next += 1
                    board.condition.unlock()
                    let outcome = run(
                        index, from: index == 0 ? dataStart : dataStart + index * chunkSize, guessed: index > 0)
                    board.condition.lock()
                    board.outcomes[index] = outcome
                    board.condition.broadcast()
                    board.condition.unlock()
                }
                done.leave()
            }.start()
        }
        defer {
            board.condition.lock()
            board.stopped = true
            board.condition.broadcast()
            board.condition.unlock()
            done.wait()
        }
        var expected = dataStart
        var linesBefore = first.newlines
        for index in 0..<count {
            board.condition.lock()
            while board.outcomes[index] == nil { board.condition.wait() }
            var outcome = board.outcomes.removeValue(forKey: index)!
            board.condition.unlock()
            if outcome.start != expected || outcome.failure is CSVScanner.Overrun {
                outcome = run(index, from: expected, guessed: false)
            }
            if let failure = outcome.failure { throw failure }
            let goOn = merge(&total, outcome.partial!, linesBefore)
            board.condition.lock()
            board.merged = index + 1
            board.condition.broadcast()
            board.condition.unlock()
            if !goOn { break }
            expected = outcome.end
            linesBefore += outcome.newlines
            progress?(Double(min(expected, size)) / Double(max(size, 1)))
        }
        return total
    }
}
