import Foundation

/// Counters and activity the daemon keeps for `status` and for deciding when it is idle.
final class DaemonState: @unchecked Sendable {
    private let lock = NSLock()
    private let started = Date()
    private var lastActivity = Date()
    private var openConnections = 0
    private var requests: UInt64 = 0
    /// Git directories served, most recent last.
    private var repositories: [String] = []

    func connectionOpened() {
        lock.lock(); defer { lock.unlock() }
        openConnections += 1
        lastActivity = Date()
    }

    func connectionClosed() {
        lock.lock(); defer { lock.unlock() }
        openConnections -= 1
        lastActivity = Date()
    }

    func served(repository: String) {
        lock.lock(); defer { lock.unlock() }
        requests += 1
        repositories.removeAll { $0 == repository }
        repositories.append(repository)
        if repositories.count > 100 { repositories.removeFirst() }
    }

    /// Seconds since the last connection closed, or nil while one is open.
    var idleSeconds: TimeInterval? {
        lock.lock(); defer { lock.unlock() }
        return openConnections > 0 ? nil : Date().timeIntervalSince(lastActivity)
    }

    var connections: Int {
        lock.lock(); defer { lock.unlock() }
        return openConnections
    }

    var snapshot: (uptime: TimeInterval, requests: UInt64, repositories: [String]) {
        lock.lock(); defer { lock.unlock() }
        return (Date().timeIntervalSince(started), requests, repositories.reversed())
    }

    /// Resident memory of this process, from /proc (0 where there is none).
    static func residentBytes() -> UInt64 {
        guard let text = try? String(contentsOfFile: "/proc/self/statm", encoding: .utf8) else { return 0 }
        let fields = text.split(separator: " ")
        guard fields.count > 1, let pages = UInt64(fields[1]) else { return 0 }
        return pages * UInt64(sysconf(Int32(_SC_PAGESIZE)))
    }
}
