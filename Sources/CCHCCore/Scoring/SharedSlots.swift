import Dispatch
import Foundation

/// A fixed number of slots that many threads fill at once, each slot by one thread only (see
/// ``SharedSlots/fill(_:)``): results of independent units gathered without a lock.
final class SharedSlots<Element>: @unchecked Sendable {
    private let buffer: UnsafeMutableBufferPointer<Element>

    /// `count` slots holding `value`.
    init(count: Int, repeating value: Element) {
        buffer = .allocate(capacity: max(1, count))
        buffer.initialize(repeating: value)
    }

    deinit {
        _ = buffer.deinitialize()
        buffer.deallocate()
    }

    /// The number of slots.
    var count: Int { buffer.count }

    subscript(index: Int) -> Element {
        get { buffer[index] }
        set { buffer[index] = newValue }
    }

    /// The slots' values, in order (the first `count`; a slot for an empty list is left out).
    func values(count: Int) -> [Element] { Array(buffer.prefix(count)) }

    /// Calls `body` for every index in `0..<count`, the indices split in runs of at least 64 over
    /// the cores; `body` writes only its own index's slots.
    static func forEachConcurrently(_ count: Int, _ body: @Sendable (Int) -> Void) {
        let chunk = max(64, (count + 15) / 16)
        DispatchQueue.concurrentPerform(iterations: (count + chunk - 1) / chunk) { part in
            for index in part * chunk..<min(count, (part + 1) * chunk) { body(index) }
        }
    }
}

/// A thread-safe counter.
final class Counter: @unchecked Sendable {
    private let lock = NSLock()
    private var value = 0

    /// Adds one and returns the count after it.
    func increment() -> Int {
        lock.lock()
        defer { lock.unlock() }
        value += 1
        return value
    }
}

/// Independent pieces of work spread over the cores.
public enum Concurrently {
    /// `transform` of every index in `0..<count`, computed on all the cores one index at a time
    /// (for work of milliseconds an item, such as a unit's goal-seek), returned in index order.
    /// - Parameter done: called with the number of items finished so far, from any thread.
    public static func map<T: Sendable>(
        _ count: Int, done: (@Sendable (Int) -> Void)? = nil, _ transform: @Sendable (Int) -> T
    ) -> [T] {
        let slots = SharedSlots<T?>(count: count, repeating: nil)
        let finished = Counter()
        DispatchQueue.concurrentPerform(iterations: count) { index in
            slots[index] = transform(index)
            done?(finished.increment())
        }
        return slots.values(count: count).map { $0! }
    }
}
