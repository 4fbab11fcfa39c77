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
    let pool: NIOThreadPool
    private let group: MultiThreadedEventLoopGroup
    private let serverChannel = NIOLockedValueBox<Channel?>(nil)

    public init(options: DaemonOptions, checker: CommitChecker, logger: Logger) {
        self.options = options
        self.checker = checker
        self.logger = logger
        self.group = MultiThreadedEventLoopGroup(numberOfThreads: 1)
        // Analysis blocks, so it runs here; enough threads for a few repositories at once.
        self.pool = NIOThreadPool(numberOfThreads: max(2, System.coreCount))
    }

    /// Serves until idle, stopped or replaced. Returns false without serving when another
    /// daemon is already live. Throws when the socket folder cannot be trusted.
    public func run() throws -> Bool {
        let location = options.location
        if let problem = location.prepare() { throw DaemonError(problem) }
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

        pool.start()
        let bootstrap = ServerBootstrap(group: group)
            .serverChannelOption(.backlog, value: 128)
            .childChannelInitializer { [self] channel in
                self.verifyPeer(of: channel).flatMapThrowing {
                    // A client that connects and then says nothing must not hold a connection (and
                    // keep the daemon from its idle exit) forever.
                    try channel.pipeline.syncOperations.addHandlers([
                        IdleStateHandler(readTimeout: .milliseconds(Int64(self.options.requestReadTimeout * 1000))),
                        ConnectionHandler(daemon: self),
                    ])
                }
            }
        let channel: Channel
        do {
            channel = try bootstrap.bind(unixDomainSocketPath: location.socketPath, cleanupExistingSocketFile: false).wait()
        } catch {
            throw DaemonError("cannot listen on \(location.socketPath): \(error)")
        }
        chmod(location.socketPath, 0o600)
        var socketInfo = stat()
        lstat(location.socketPath, &socketInfo)
        serverChannel.withLockedValue { $0 = channel }
        logger.info("driftd \(options.handshake.buildVersion) (pid \(getpid())) listening on \(location.socketPath), idle exit after \(Int(options.idleTimeout)) s")

        let interval = TimeAmount.milliseconds(Int64(max(100, min(30_000, options.idleTimeout * 250))))
        let idleTimeout = options.idleTimeout
        group.next().scheduleRepeatedTask(initialDelay: interval, delay: interval) { [self] _ in
            if let idle = self.state.idleSeconds, idle >= idleTimeout {
                self.logger.info("idle for \(Int(idle)) s; exiting")
                self.shutDown()
            }
        }
        if options.handlesSignals { installSignalHandlers() }

        try channel.closeFuture.wait()
        // Let answers in flight finish (bounded), so a replaced daemon does not cut off a commit.
        let drainDeadline = Date().addingTimeInterval(5)
        while state.connections > 0, Date() < drainDeadline { usleep(5_000) }
        var current = stat()
        if lstat(location.socketPath, &current) == 0, current.st_ino == socketInfo.st_ino { unlink(location.socketPath) }
        try? group.syncShutdownGracefully()
        try? pool.syncShutdownGracefully()
        logger.info("stopped")
        withExtendedLifetime(lock) {}
        return true
    }

    /// Stops accepting connections; `run` returns once those open are answered.
    public func shutDown() {
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
            idleTimeoutSeconds: UInt64(options.idleTimeout), socketPath: options.location.socketPath,
            logPath: options.logPath)
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
