import Foundation

/// A bounded hand-over of batches from a producing thread to a consuming one: `put` waits while
/// `capacity` batches are waiting, `take` while none is.
final class BoundedChannel<Element>: @unchecked Sendable {
    private let condition = NSCondition()
    private var batches: [[Element]] = []
    private var finished = false
    private var cancelled = false
    private let capacity: Int

    init(capacity: Int = 8) { self.capacity = capacity }

    /// Hands `batch` over, waiting while the channel is full; drops it once the consumer has
    /// cancelled (so a producer never waits for a consumer that stopped).
    func put(_ batch: [Element]) {
        condition.lock()
        while batches.count >= capacity && !cancelled { condition.wait() }
        if cancelled {
            condition.unlock()
            return
        }
        batches.append(batch)
        condition.broadcast()
        condition.unlock()
    }

    func finish() {
        condition.lock()
        finished = true
        condition.broadcast()
        condition.unlock()
    }

    /// The consumer stops taking (it failed): waiting and later puts return at once.
    func cancel() {
        condition.lock()
        cancelled = true
        batches.removeAll()
        condition.broadcast()
        condition.unlock()
    }

    /// The next batch, or `nil` once the producer finished and everything was taken.
    func take() -> [Element]? {
        condition.lock()
        defer { condition.unlock() }
        while batches.isEmpty && !finished { condition.wait() }
        if batches.isEmpty { return nil }
        let batch = batches.removeFirst()
        condition.broadcast()
        return batch
    }
}
