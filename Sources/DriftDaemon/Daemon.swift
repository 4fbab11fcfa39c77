import DriftProtocol
import Foundation
import Logging
import NIOConcurrencyHelpers
import NIOCore
import NIOPosix

/// The per-user daemon: one live instance (a lock), a private Unix socket whose peers must be
/// this user, hooks served in parallel off the event loop, and an exit when idle or replaced.
public final class Daemon: Sendable {
    public let options: DaemonOptions
    let checker: CommitChecker
    let logger: Logger
    let state = DaemonState()
    let runner: CheckRunner
    private let group: MultiThreadedEventLoopGroup
    private let serverChannel = NIOLockedValueBox<Channel?>(nil)
    /// A stop asked for before the channel was stored (a client can be served as soon as the
    /// socket listens, a moment before `run` records the channel).
    private let stopRequested = NIOLockedValueBox(false)
    /// Where the daemon listens once `run` has chosen (the fallback when the usual folder is unsafe).
    private let chosenLocation: NIOLockedValueBox<SocketLocation>

    public init(options: DaemonOptions, checker: CommitChecker, logger: Logger) {
        self.options = options
        self.checker = checker
        self.logger = logger
        self.group = MultiThreadedEventLoopGroup(numberOfThreads: 1)
        // Analysis blocks, so it runs off the event loop; enough at once for a few repositories,
        // and a check past its deadline stops counting, so it cannot hold up the others.
        self.runner = CheckRunner(slots: max(2, System.coreCount), deadline: options.checkDeadline)
        self.chosenLocation = NIOLockedValueBox(options.location)
    }

    /// The socket folder in use.
    public var location: SocketLocation { chosenLocation.withLockedValue { $0 } }

    /// Serves until idle, stopped or replaced. Returns false without serving when another
    /// daemon is already live. Throws when the socket folder cannot be trusted.
    public func run() throws -> Bool {
        var location = options.location
        if let problem = location.prepare() {
            // Someone else's (or a broken) folder where ours should be: the private fallback,
            // which the hooks find the same way, rather than no daemon at all.
            guard options.mayFallBack, let fallback = SocketLocation.fallbackDirectory() else { throw DaemonError(problem) }
            location = SocketLocation(directory: fallback, passedOver: problem)
            if let second = location.prepare() { throw DaemonError("\(problem); the fallback folder cannot be used either: \(second)") }
            logger.warning("\(problem); listening in \(fallback) instead")
        }
        chosenLocation.withLockedValue { $0 = location }
        // A live daemon answers at once; one that was just told to step aside has stopped
        // listening but may still hold the lock while it finishes answering, so wait for that.
        let live = { DaemonConnection.isListening(at: location.socketPath) }
        guard let lock = try InstanceLock.acquire(at: location.lockPath, timeoutMilliseconds: 3000, giveUpWhen: live) else {
            let pid = InstanceLock.recordedPID(at: location.lockPath).map { " (pid \($0))" } ?? ""
            logger.info("another driftd\(pid) is live; exiting")
            return false
        }
        lock.record(pid: getpid())
        // We hold the lock, so any socket file left here belongs to a daemon that died: replace it.
        if unlink(location.socketPath) == 0 { logger.notice("replaced a stale socket at \(location.socketPath)") }

        let bootstrap = ServerBootstrap(group: group)
            .serverChannelOption(.backlog, value: 128)
            .childChannelInitializer { [self] channel in
                self.verifyPeer(of: channel).flatMapThrowing {
                    try channel.pipeline.syncOperations.addHandler(ConnectionHandler(daemon: self))
                }
            }
        let channel: Channel
        let ownSocket: SocketIdentity?
        do {
            // Bound here and handed over: NIO removes a socket file it bound itself when the
            // channel closes — by then possibly another daemon's, at the same path.
            let descriptor = try Self.boundSocket(at: location.socketPath)
            // Before listening, so no client (and no one swapping the file) comes in between.
            chmod(location.socketPath, 0o600)
            ownSocket = SocketIdentity(path: location.socketPath)
            channel = try bootstrap.withBoundSocket(descriptor).wait()
        } catch {
            throw DaemonError("cannot listen on \(location.socketPath): \(error)")
        }
        serverChannel.withLockedValue { $0 = channel }
        if stopRequested.withLockedValue({ $0 }) { channel.close(promise: nil) }
        logger.info("driftd \(options.handshake.buildVersion) (pid \(getpid())) listening on \(location.socketPath), idle exit after \(Int(options.idleTimeout)) s")

        let interval = TimeAmount.milliseconds(Int64(max(100, min(30_000, options.idleTimeout * 250))))
        let idleTimeout = options.idleTimeout
        group.next().scheduleRepeatedTask(initialDelay: interval, delay: interval) { [self] _ in
            if let idle = self.state.idleSeconds, idle >= idleTimeout {
                self.logger.info("idle for \(Int(idle)) s; exiting")
                self.shutDown()
            }
        }
        // logind removes $XDG_RUNTIME_DIR at logout, people remove /tmp folders: a daemon whose
        // socket is gone or is another daemon's can never be reached again, and must not linger
        // to remove the new daemon's socket when it finally exits.
        let socketPath = location.socketPath
        group.next().scheduleRepeatedTask(initialDelay: .seconds(1), delay: .seconds(1)) { [self] task in
            guard let ownSocket, SocketIdentity(path: socketPath) != ownSocket else { return }
            self.logger.notice("the socket \(socketPath) was removed or replaced; exiting")
            task.cancel()
            self.shutDown()
        }
        if options.handlesSignals { installSignalHandlers() }

        try channel.closeFuture.wait()
        // Let answers in flight finish (bounded), so a replaced daemon does not cut off a commit.
        let drainDeadline = Date().addingTimeInterval(5)
        while state.connections > 0, Date() < drainDeadline { usleep(5_000) }
        // Only our own socket: the same file we bound, and nobody (another daemon) listening on it.
        if let ownSocket, SocketIdentity(path: location.socketPath) == ownSocket,
           !DaemonConnection.isListening(at: location.socketPath) {
            unlink(location.socketPath)
        }
        try? group.syncShutdownGracefully()
        logger.info("stopped")
        withExtendedLifetime(lock) {}
        return true
    }

    /// A Unix stream socket bound to `path` (not yet listening).
    private static func boundSocket(at path: String) throws -> Int32 {
        var address = sockaddr_un()
        address.sun_family = sa_family_t(AF_UNIX)
        let bytes = Array(path.utf8)
        guard bytes.count < MemoryLayout.size(ofValue: address.sun_path) else { throw DaemonError("socket path too long") }
        withUnsafeMutableBytes(of: &address.sun_path) { raw in
            raw.copyBytes(from: bytes)
            raw[bytes.count] = 0
        }
        let descriptor = socket(AF_UNIX, Int32(SOCK_STREAM.rawValue) | Int32(SOCK_CLOEXEC.rawValue), 0)
        guard descriptor >= 0 else { throw DaemonError(String(cString: strerror(errno))) }
        let bound = withUnsafePointer(to: &address) {
            $0.withMemoryRebound(to: sockaddr.self, capacity: 1) { bind(descriptor, $0, socklen_t(MemoryLayout<sockaddr_un>.size)) }
        }
        guard bound == 0 else {
            let why = String(cString: strerror(errno))
            close(descriptor)
            throw DaemonError(why)
        }
        return descriptor
    }

    /// Stops accepting connections; `run` returns once those open are answered.
    public func shutDown() {
        stopRequested.withLockedValue { $0 = true }
        let channel = serverChannel.withLockedValue { $0 }
        channel?.close(promise: nil)
    }

    func status() -> DaemonStatus {
        let snapshot = state.snapshot
        let counts = checker.cacheCounts
        return DaemonStatus(
            pid: UInt32(getpid()), version: options.handshake.buildVersion, uptimeSeconds: UInt64(snapshot.uptime),
            repositories: snapshot.repositories, requests: snapshot.requests, cacheHits: counts.hits,
            cacheMisses: counts.misses, residentBytes: DaemonState.residentBytes(),
            idleTimeoutSeconds: UInt64(options.idleTimeout), socketPath: location.socketPath,
            logPath: options.logPath, warnings: warnings())
    }

    /// What `status` should point out: the disk cache off, the usual socket folder passed over.
    private func warnings() -> [String] {
        var lines: [String] = []
        if let cache = checker.cacheProblem { lines.append("disk cache off: \(cache)") }
        if let passedOver = location.passedOver { lines.append("usual socket folder not used: \(passedOver)") }
        let overdue = runner.overdue
        if overdue > 0 { lines.append("\(overdue) check(s) past their deadline still running") }
        return lines
    }

    /// A socket file as bound: device, inode, type and change time, so a new file that happens to
    /// reuse the inode number (ext4 does, at once) is still told apart.
    struct SocketIdentity: Equatable {
        var device: UInt64
        var inode: UInt64
        var mode: UInt32
        var changed: Int64

        init?(path: String) {
            var info = stat()
            guard lstat(path, &info) == 0 else { return nil }
            device = UInt64(info.st_dev)
            inode = UInt64(info.st_ino)
            mode = UInt32(info.st_mode)
            changed = Int64(info.st_ctim.tv_sec) * 1_000_000_000 + Int64(info.st_ctim.tv_nsec)
        }
    }

    /// Refuses any peer that is not this user: the folder is private, but the check is cheap and
    /// does not depend on the folder's permissions staying right.
    private func verifyPeer(of channel: Channel) -> EventLoopFuture<Void> {
        guard let provider = channel as? SocketOptionProvider else {
            return channel.eventLoop.makeFailedFuture(DaemonError("cannot read peer credentials"))
        }
        let logger = self.logger
        return provider.unsafeGetSocketOption(level: SocketOptionLevel(SOL_SOCKET), name: SocketOptionName(SO_PEERCRED))
            .flatMapThrowing { (peer: PeerCredentials) in
                guard peer.uid == getuid() else {
                    logger.warning("refused a connection from uid \(peer.uid) (pid \(peer.pid))")
                    throw DaemonError("peer uid \(peer.uid) is not the daemon's")
                }
            }
    }

    private func installSignalHandlers() {
        for signalNumber in [SIGTERM, SIGINT, SIGHUP] {
            signal(signalNumber, SIG_IGN)
            let source = DispatchSource.makeSignalSource(signal: signalNumber, queue: .global())
            source.setEventHandler { [self] in
                self.logger.notice("signal \(signalNumber); exiting")
                self.shutDown()
            }
            source.resume()
            signalSources.keep(source)
        }
    }

    private let signalSources = SignalSources()

    /// Keeps signal sources alive for the daemon's life.
    private final class SignalSources: @unchecked Sendable {
        private var sources: [any DispatchSourceSignal] = []
        private let lock = NSLock()

        func keep(_ source: any DispatchSourceSignal) {
            lock.lock()
            sources.append(source)
            lock.unlock()
        }
    }
}
