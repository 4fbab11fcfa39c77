import DriftProtocol
import Foundation

/// How a daemon runs: where it listens and logs, how long it waits idle, which version it claims.
public struct DaemonOptions: Sendable {
    public var location: SocketLocation
    /// Exit after this long with no connection.
    public var idleTimeout: TimeInterval = 30 * 60
    /// Also log to standard error.
    public var foreground = false
    public var logPath: String
    /// The version announced in the handshake (tests pretend to be an old daemon).
    public var handshake = Handshake()
    /// How long a connection may take, from connecting, to send its whole request (a byte now
    /// and then does not extend it).
    public var requestReadTimeout: TimeInterval = 30
    /// How long one check may run before its client is answered that it took too long (and the
    /// check stops holding a worker others need).
    public var checkDeadline: TimeInterval = 20
    /// Listen in the fallback folder when the usual one cannot be trusted (off when a test gives
    /// a folder of its own).
    public var mayFallBack = true
    /// Exit cleanly on SIGTERM, SIGINT and SIGHUP (off when a test runs the daemon in-process).
    public var handlesSignals = true

    public init(location: SocketLocation? = nil, logPath: String = DaemonOptions.defaultLogPath()) {
        self.location = location ?? .current()
        self.mayFallBack = location == nil
        self.logPath = logPath
    }

    /// `$XDG_CACHE_HOME/drift/driftd.log`, else `~/.cache/drift/driftd.log`.
    public static func defaultLogPath() -> String { cacheDirectory() + "/driftd.log" }

    public static func cacheDirectory() -> String {
        let environment = ProcessInfo.processInfo.environment
        if let cache = environment["XDG_CACHE_HOME"], cache.hasPrefix("/") { return cache + "/drift" }
        let home = environment["HOME"].flatMap { $0.isEmpty ? nil : $0 } ?? NSHomeDirectory()
        return home + "/.cache/drift"
    }

    /// Reads `--foreground`, `--idle-timeout SECONDS` (or `DRIFTD_IDLE_TIMEOUT`) and the hidden
    /// `--pretend-version VERSION`.
    public static func parse(_ arguments: [String]) throws -> (DaemonOptions, detach: Bool) {
        var options = DaemonOptions()
        var detach = true
        if let value = ProcessInfo.processInfo.environment["DRIFTD_IDLE_TIMEOUT"] {
            guard let seconds = TimeInterval(value), seconds > 0 else {
                throw DaemonError("DRIFTD_IDLE_TIMEOUT must be a positive number of seconds, not '\(value)'")
            }
            options.idleTimeout = seconds
        }
        var index = 0
        func value(of flag: String) throws -> String {
            index += 1
            guard index < arguments.count else { throw DaemonError("\(flag) needs a value") }
            return arguments[index]
        }
        while index < arguments.count {
            let argument = arguments[index]
            switch argument {
            case "--foreground":
                options.foreground = true
                detach = false
            case "--detached":
                // Started by drift-hook, already in its own session with no terminal.
                detach = false
            case "--idle-timeout":
                let text = try value(of: argument)
                guard let seconds = TimeInterval(text), seconds > 0 else {
                    throw DaemonError("--idle-timeout must be a positive number of seconds, not '\(text)'")
                }
                options.idleTimeout = seconds
            case "--pretend-version":
                options.handshake.buildVersion = try value(of: argument)
            case "--version":
                print("driftd \(DriftBuild.version) (protocol \(DriftBuild.protocolVersion))")
                exit(0)
            case "-h", "--help":
                print("""
                    usage: driftd [--foreground] [--idle-timeout SECONDS]

                    The per-user Drift daemon; drift-hook starts it on demand. It listens on
                    $XDG_RUNTIME_DIR/drift/driftd.sock (else /tmp/drift-$UID/driftd.sock), logs to
                    $XDG_CACHE_HOME/drift/driftd.log and exits after SECONDS idle (default 1800,
                    or DRIFTD_IDLE_TIMEOUT).
                      --foreground   stay attached to the terminal and log to standard error too
                    """)
                exit(0)
            default:
                throw DaemonError("unknown argument '\(argument)'; see driftd --help")
            }
            index += 1
        }
        return (options, detach)
    }
}
