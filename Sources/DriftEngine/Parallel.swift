import Dispatch

/// Maps over items on all cores, keeping order.
enum Parallel {
    static func map<T: Sendable, R: Sendable>(_ items: [T], _ transform: @Sendable (T) -> R) -> [R] {
        let slots = Slots<R>(count: items.count)
        DispatchQueue.concurrentPerform(iterations: items.count) { index in
            slots.store(transform(items[index]), at: index)
        }
        return slots.values
    }

    /// Fixed storage where each slot is written by exactly one iteration, so no lock is needed.
    private final class Slots<R>: @unchecked Sendable {
        private let buffer: UnsafeMutableBufferPointer<R?>

        init(count: Int) {
            buffer = .allocate(capacity: count)
            buffer.initialize(repeating: nil)
        }

        deinit {
            buffer.deinitialize()
            buffer.deallocate()
        }

        func store(_ value: R, at index: Int) { buffer[index] = value }

        var values: [R] { buffer.map { $0! } }
    }
}
