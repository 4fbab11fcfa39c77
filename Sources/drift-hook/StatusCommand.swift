import DriftProtocol
import Glibc

/// `drift-hook status` and `drift-hook stop`: ask a running daemon, never start one.
enum StatusCommand {
    static func status() -> Int32 {
        switch DaemonClient().send(.status, autostart: false) {
        case .answered(.status(let status)):
            var text = "driftd \(status.version), pid \(status.pid), up \(duration(status.uptimeSeconds))"
            text += " (exits after \(duration(status.idleTimeoutSeconds)) idle)\n"
            text += "socket: \(status.socketPath)\nlog: \(status.logPath)\n"
            text += "requests: \(status.requests); blob cache: \(status.cacheHits) hits, \(status.cacheMisses) misses\n"
            text += "memory: \(megabytes(status.residentBytes)) resident\n"
            text += "disk cache: " + (status.warnings.contains { $0.hasPrefix("disk cache off") } ? "off\n" : "on\n")
            for warning in status.warnings { text += "warning: \(warning)\n" }
            text += status.repositories.isEmpty ? "repositories: none yet\n" : "repositories:\n"
            for repository in status.repositories { text += "  \(repository)\n" }
            Output.out(text)
            return 0
        case .answered(let other):
            Output.error("drift-hook: unexpected answer from driftd: \(other)\n")
            return 1
        case .unavailable(let why):
            Output.out("driftd is not running (\(why))\n")
            return 3
        case .insecure(let why):
            Output.error("drift-hook: \(why)\n")
            return 1
        }
    }

    static func stop() -> Int32 {
        let client = DaemonClient()
        switch client.send(.status, autostart: false) {
        case .answered(.status(let status)):
            _ = client.send(.stop, autostart: false)
            // Wait (briefly) until it has really gone, so a start right after gets a fresh daemon.
            let deadline = MonotonicClock.milliseconds() + 5000
            while kill(pid_t(status.pid), 0) == 0, MonotonicClock.milliseconds() < deadline { usleep(10_000) }
            Output.out("driftd (pid \(status.pid)) stopped\n")
            return 0
        case .unavailable(let why):
            Output.out("driftd is not running (\(why))\n")
            return 0
        case .insecure(let why):
            Output.error("drift-hook: \(why)\n")
            return 1
        case .answered(let other):
            Output.error("drift-hook: unexpected answer from driftd: \(other)\n")
            return 1
        }
    }

    static func duration(_ seconds: UInt64) -> String {
        if seconds < 60 { return "\(seconds)s" }
        if seconds < 3600 { return "\(seconds / 60)m \(seconds % 60)s" }
        return "\(seconds / 3600)h \(seconds % 3600 / 60)m"
    }

    static func megabytes(_ bytes: UInt64) -> String {
        let tenths = bytes * 10 / (1 << 20)
        return "\(tenths / 10).\(tenths % 10) MiB"
    }
}
