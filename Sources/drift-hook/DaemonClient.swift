import DriftProtocol
import Glibc

/// Talks to driftd, starting it when nobody answers and replacing it when it is older than us.
struct DaemonClient {
    /// Where to find the daemon; nil to look each attempt (`SocketLocation.current()`), since the
    /// usual folder may be made unusable, or the fallback created, while we wait.
    var fixedLocation: SocketLocation?
    /// Bounds each exchange (`DRIFT_HOOK_TIMEOUT`, seconds; default 10).
    var timeoutMilliseconds = DaemonClient.milliseconds(fromEnvironment: "DRIFT_HOOK_TIMEOUT", default: 10_000)
    /// How long to keep retrying after starting a daemon (`DRIFT_HOOK_START_TIMEOUT`, seconds; default 1).
    var startupMilliseconds = DaemonClient.milliseconds(fromEnvironment: "DRIFT_HOOK_START_TIMEOUT", default: 1000)

    enum Outcome {
        case answered(ServerMessage)
        /// One line saying why nothing answered.
        case unavailable(String)
        /// The socket folder or the listener is not this user's alone: never talked to.
        case insecure(String)
    }

    /// Sends `request`; with `autostart`, starts driftd when needed.
    func send(_ request: ClientMessage, autostart: Bool) -> Outcome {
        // Only a client that will start a new daemon may ask an old one to step aside.
        let handshake = Handshake(mayReplace: autostart)
        var started = false
        var deadline = 0
        var lastProblem = ""
        var replaced = false
        while true {
            do {
                let (welcome, answer) = try DaemonConnection.exchange(
                    request, at: fixedLocation ?? SocketLocation.current(), timeoutMilliseconds: timeoutMilliseconds, handshake: handshake)
                switch welcome.decision {
                case .accepted:
                    guard let answer else { return .unavailable("the daemon did not answer") }
                    return .answered(answer)
                case .replacing:
                    // The old daemon is on its way out; a new one waits for its lock, so allow longer.
                    lastProblem = "daemon \(welcome.daemon.buildVersion) is older than drift-hook \(DriftBuild.version) and is being replaced"
                    // Only once: a driftd that is still older after a restart is an installation problem.
                    guard autostart, !replaced else { return .unavailable(lastProblem) }
                    replaced = true
                    started = false
                    deadline = MonotonicClock.milliseconds() + 3 * startupMilliseconds
                case .clientOutdated:
                    return .unavailable(
                        "driftd \(welcome.daemon.buildVersion) speaks protocol \(welcome.daemon.protocolVersion), "
                            + "drift-hook \(DriftBuild.version) speaks \(DriftBuild.protocolVersion); update drift-hook")
                }
            } catch .nobodyListening(let why) {
                lastProblem = why
                guard autostart else { return .unavailable(why) }
            } catch .insecure(let why) {
                return .insecure(why)
            } catch .timedOut(let milliseconds) {
                return .unavailable("no answer within \(milliseconds / 1000) s")
            } catch {
                // .broken: an unreadable answer or a hang-up.
                return .unavailable(error.description)
            }
            if !started {
                if let why = startDaemon() { return .unavailable(why) }
                started = true
                if deadline == 0 { deadline = MonotonicClock.milliseconds() + startupMilliseconds }
            }
            guard MonotonicClock.milliseconds() < deadline else {
                return .unavailable("driftd did not start within \(Double(startupMilliseconds) / 1000) s (\(lastProblem)); see \(logHint())")
            }
            usleep(10_000)
        }
    }

    /// Starts driftd in the background; returns why it could not, if so.
    private func startDaemon() -> String? {
        guard let driftd = DaemonClient.findDriftd() else { return "driftd not found next to drift-hook or in PATH" }
        if case .failure(let failure) = DetachedProcess.start([driftd, "--detached"]) { return "cannot start \(driftd): \(failure)" }
        return nil
    }

    /// driftd next to this drift-hook (installed together), else in PATH.
    static func findDriftd() -> String? {
        if let own = FileSystem.executablePath() {
            let sibling = FileSystem.directory(of: own) + "/driftd"
            if FileSystem.isExecutableFile(sibling) { return sibling }
        }
        return FileSystem.searchPath("driftd")
    }

    private func logHint() -> String {
        if let cache = FileSystem.environment("XDG_CACHE_HOME") { return cache + "/drift/driftd.log" }
        return "~/.cache/drift/driftd.log"
    }

    /// A positive number of seconds from the environment, in milliseconds.
    static func milliseconds(fromEnvironment name: String, default fallback: Int) -> Int {
        guard let text = FileSystem.environment(name), let seconds = Double(text), seconds > 0 else { return fallback }
        return Int(seconds * 1000)
    }
}
