import DriftProtocol
import Logging
import NIOCore
import NIOPosix

/// Serves one client connection: handshake, then one request, then close.
final class ConnectionHandler: ChannelInboundHandler {
    typealias InboundIn = ByteBuffer
    typealias OutboundOut = ByteBuffer

    private enum Phase {
        case awaitingHello
        case awaitingRequest
        case answering
    }

    private let daemon: Daemon
    private var phase = Phase.awaitingHello
    private var reader = FrameReader(limit: Frame.requestLimit)

    init(daemon: Daemon) { self.daemon = daemon }

    /// Closes the connection if the whole request has not arrived in time.
    private var requestDeadline: Scheduled<Void>?

    func channelActive(context: ChannelHandlerContext) {
        daemon.state.connectionOpened()
        // The bound is on the whole request, not the gap between bytes: a client dribbling one
        // byte now and then must not hold a connection (and keep the daemon from exiting) forever.
        let seconds = daemon.options.requestReadTimeout
        let channel = context.channel
        let logger = daemon.logger
        requestDeadline = context.eventLoop.scheduleTask(in: .milliseconds(Int64(seconds * 1000))) { [self] in
            guard phase != .answering else { return }
            logger.notice("closed a connection that did not send its request within \(seconds) s")
            channel.close(promise: nil)
        }
        context.fireChannelActive()
    }

    func channelInactive(context: ChannelHandlerContext) {
        requestDeadline?.cancel()
        daemon.state.connectionClosed()
        context.fireChannelInactive()
    }

    func channelRead(context: ChannelHandlerContext, data: NIOAny) {
        let buffer = unwrapInboundIn(data)
        reader.append(buffer.readableBytesView)
        do {
            while let payload = try reader.next() {
                try handle(ClientMessage.decode(payload), context: context)
            }
        } catch {
            daemon.logger.warning("refused a malformed request: \(error)")
            reply(.failure("malformed request: \(error)"), context: context)
        }
    }

    func errorCaught(context: ChannelHandlerContext, error: Error) {
        context.close(promise: nil)
    }

    private func handle(_ message: ClientMessage, context: ChannelHandlerContext) throws {
        switch (phase, message) {
        case (.awaitingHello, .hello(let client)):
            let decision = Welcome.decision(daemon: daemon.options.handshake, client: client)
            let welcome = ServerMessage.welcome(Welcome(daemon: daemon.options.handshake, pid: UInt32(getpid()), decision: decision))
            switch decision {
            case .accepted:
                phase = .awaitingRequest
                context.writeAndFlush(wrapOutboundOut(ByteBuffer(bytes: welcome.framed())), promise: nil)
            case .replacing:
                daemon.logger.notice("a newer client (\(client.buildVersion), protocol \(client.protocolVersion)) asked; stepping aside")
                reply(welcome, context: context)
                daemon.shutDown()
            case .clientOutdated:
                reply(welcome, context: context)
            }
        case (.awaitingRequest, .check(let request)):
            phase = .answering
            daemon.state.served(repository: request.gitDir)
            let channel = context.channel
            let checker = daemon.checker
            let logger = daemon.logger
            let started = ContinuousClock.now
            daemon.runner.run(timers: context.eventLoop, { try checker.check(request) }) { result in
                let answer: ServerMessage
                switch result {
                case .success(let response):
                    answer = .result(response)
                    let elapsed = ContinuousClock.now - started
                    logger.info("\(request.hook.name) \(response.verdict.name) in \(elapsed)", metadata: ["repository": "\(request.gitDir)"])
                case .failure(let error):
                    logger.warning("check failed: \(error)", metadata: ["repository": "\(request.gitDir)"])
                    answer = .failure("\(error)")
                }
                channel.writeAndFlush(ByteBuffer(bytes: answer.framed())).whenComplete { _ in channel.close(promise: nil) }
            }
        case (.awaitingRequest, .status):
            reply(.status(daemon.status()), context: context)
        case (.awaitingRequest, .stop):
            daemon.logger.notice("asked to stop")
            reply(.stopping, context: context)
            daemon.shutDown()
        default:
            reply(.failure("unexpected message; start with the handshake and send one request"), context: context)
        }
    }

    /// Sends a last message and closes the connection once it is written.
    private func reply(_ message: ServerMessage, context: ChannelHandlerContext) {
        phase = .answering
        let channel = context.channel
        context.writeAndFlush(wrapOutboundOut(ByteBuffer(bytes: message.framed()))).whenComplete { _ in
            channel.close(promise: nil)
        }
    }
}
