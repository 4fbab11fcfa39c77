import Foundation
import NIOCore

/// Runs checks off the event loop, a bounded number at once, each with a deadline.
///
/// A check that passes its deadline is answered as failed and stops counting against the bound:
/// a stuck read in one repository (a FIFO for an index, a hung file system) then costs its own
/// client an answer, never another repository's commit. Its thread finishes when the read does.
final class CheckRunner: @unchecked Sendable {
    /// The answer given when a check passes its deadline or cannot start.
    struct Late: Error, CustomStringConvertible {
        var description: String
    }

    let slots: Int
    let deadline: TimeInterval
    /// Checks past their deadline still running; past this many, new checks are refused at once.
    static let overdueLimit = 32

    private let lock = NSLock()
    private var active = 0
    private var stuck = 0
    private var waiting: [Job] = []

    init(slots: Int, deadline: TimeInterval) {
        self.slots = slots
        self.deadline = deadline
    }

    /// Checks past their deadline that have not returned yet.
    var overdue: Int {
        lock.lock()
        defer { lock.unlock() }
        return stuck
    }

    /// Runs `work` when a slot is free; `completion` gets its result, or `Late` at the deadline,
    /// which `timers` keeps (an event loop: its thread never blocks, unlike GCD's few workers,
    /// which blocking pipe reads elsewhere in the process can use up).
    func run<T: Sendable>(
        timers: any EventLoop, _ work: @escaping @Sendable () throws -> T, completion: @escaping @Sendable (Result<T, Error>) -> Void
    ) {
        let job = Job(
            timers: timers,
            work: { try work() },
            completion: { result in completion(result.map { $0 as! T }) })
        lock.lock()
        if stuck >= Self.overdueLimit {
            lock.unlock()
            completion(.failure(Late(description: "\(stuck) earlier checks are stuck past their deadline; see the daemon log")))
            return
        }
        if active < slots {
            active += 1
            lock.unlock()
            start(job)
        } else {
            waiting.append(job)
            lock.unlock()
        }
    }

    private func start(_ job: Job) {
        let seconds = deadline
        job.timers.scheduleTask(in: .nanoseconds(Int64(seconds * 1_000_000_000))) { [self] in
            guard job.settle() else { return }
            lock.lock()
            stuck += 1
            lock.unlock()
            let limit = seconds >= 1 ? "\(Int(seconds)) s" : "\(Int(seconds * 1000)) ms"
            job.completion(.failure(Late(description: "the check did not finish within \(limit)")))
            release()
        }
        // A thread of its own, not a GCD worker: Linux's libdispatch does not add workers when
        // its few block, so stuck checks there would also starve the deadline timers.
        Thread.detachNewThread { [self] in
            let result = Result { try job.work() }
            if job.settle() {
                job.completion(result)
                release()
            } else {
                lock.lock()
                stuck -= 1
                lock.unlock()
            }
        }
    }

    /// Gives the finished (or overdue) check's slot to the next one waiting.
    private func release() {
        lock.lock()
        if waiting.isEmpty {
            active -= 1
            lock.unlock()
            return
        }
        let next = waiting.removeFirst()
        lock.unlock()
        start(next)
    }

    private final class Job: @unchecked Sendable {
        let timers: any EventLoop
        let work: () throws -> any Sendable
        let completion: (Result<any Sendable, Error>) -> Void
        private let lock = NSLock()
        private var settled = false

        init(timers: any EventLoop, work: @escaping () throws -> any Sendable, completion: @escaping (Result<any Sendable, Error>) -> Void) {
            self.timers = timers
            self.work = work
            self.completion = completion
        }

        /// True for the first caller only: the work's end or the deadline, whichever comes first.
        func settle() -> Bool {
            lock.lock()
            defer { lock.unlock() }
            if settled { return false }
            settled = true
            return true
        }
    }
}
