#if canImport(Glibc)
import Glibc
#endif

/// One exchange with the daemon: connect, introduce ourselves, send one request, read the answer.
public enum DaemonConnection {
    /// Why the exchange did not happen; `description` is one line for the user.
    public enum Failure: Error, Sendable, Equatable, CustomStringConvertible {
        /// Nobody is listening (no socket file, or a stale one): starting a daemon may help.
        case nobodyListening(String)
        /// The socket folder is not private to this user: never connect.
        case insecure(String)
        /// No answer within the time limit.
        case timedOut(milliseconds: Int)
        /// The daemon answered with something unreadable, or hung up.
        case broken(String)

        public var description: String {
            switch self {
            case .nobodyListening(let why): why
            case .insecure(let why): why
            case .timedOut(let milliseconds): "no answer within \(milliseconds) ms"
            case .broken(let why): why
            }
        }
    }

    /// Sends `request` after the handshake and returns the daemon's welcome and, when it accepted
    /// the client, its answer. `timeout` bounds the whole exchange.
    public static func exchange(
        _ request: ClientMessage, at location: SocketLocation, timeoutMilliseconds timeout: Int,
        handshake: Handshake = Handshake()
    ) throws(Failure) -> (Welcome, ServerMessage?) {
        if let problem = location.problem() {
            var info = stat()
            if lstat(location.directory, &info) != 0, errno == ENOENT {
                throw .nobodyListening("no daemon socket at \(location.socketPath)")
            }
            throw .insecure(problem)
        }
        let deadline = MonotonicClock.milliseconds() + timeout
        let socket = try connect(to: location.socketPath)
        defer { close(socket) }
        #if os(Linux)
        // The folder is private, but check the listener too: it must be us.
        if let peer = PeerCredentials.of(descriptor: socket), peer.uid != getuid() {
            throw .insecure("the daemon socket \(location.socketPath) belongs to uid \(peer.uid), not you")
        }
        #endif
        // A daemon that is exiting may still have accepted us (its backlog) and then resets the
        // connection: until its handshake arrives, a hang-up means nobody is there to answer, so
        // the caller starts a new daemon rather than letting the commit through unchecked.
        let gone = "the daemon at \(location.socketPath) hung up before its handshake"
        try send(ClientMessage.hello(handshake).framed() + request.framed(), on: socket, deadline: deadline, timeout: timeout, hangUp: gone)
        var reader = FrameReader(limit: Frame.responseLimit)
        let welcomePayload = try receive(on: socket, into: &reader, deadline: deadline, timeout: timeout, hangUp: gone)
        let first: ServerMessage
        do {
            first = try ServerMessage.decode(welcomePayload)
        } catch {
            throw .broken("unreadable answer from the daemon: \(error)")
        }
        guard case .welcome(let welcome) = first else { throw .broken("the daemon did not start with a handshake") }
        guard welcome.decision == .accepted else { return (welcome, nil) }
        let payload = try receive(on: socket, into: &reader, deadline: deadline, timeout: timeout)
        do {
            return (welcome, try ServerMessage.decode(payload))
        } catch {
            throw .broken("unreadable answer from the daemon: \(error)")
        }
    }

    /// Whether something accepts connections on the socket at `path` right now.
    public static func isListening(at path: String) -> Bool {
        guard let socket = try? connect(to: path) else { return false }
        close(socket)
        return true
    }

    private static func connect(to path: String) throws(Failure) -> Int32 {
        var address = sockaddr_un()
        address.sun_family = sa_family_t(AF_UNIX)
        let bytes = Array(path.utf8)
        let capacity = MemoryLayout.size(ofValue: address.sun_path)
        guard bytes.count < capacity else { throw .broken("socket path \(path) is longer than \(capacity - 1) bytes") }
        withUnsafeMutableBytes(of: &address.sun_path) { raw in
            raw.copyBytes(from: bytes)
            raw[bytes.count] = 0
        }
        let socket = Glibc.socket(AF_UNIX, Int32(SOCK_STREAM.rawValue) | Int32(SOCK_CLOEXEC.rawValue), 0)
        guard socket >= 0 else { throw .broken("cannot create a socket (\(String(cString: strerror(errno))))") }
        let result = withUnsafePointer(to: &address) {
            $0.withMemoryRebound(to: sockaddr.self, capacity: 1) {
                Glibc.connect(socket, $0, socklen_t(MemoryLayout<sockaddr_un>.size))
            }
        }
        if result != 0 {
            let code = errno
            close(socket)
            switch code {
            case ENOENT: throw .nobodyListening("no daemon socket at \(path)")
            case ECONNREFUSED: throw .nobodyListening("nobody listens on \(path)")
            default: throw .broken("cannot connect to \(path) (\(String(cString: strerror(code))))")
            }
        }
        return socket
    }

    /// `hangUp`, when given, is the reason reported as `.nobodyListening` if the peer hangs up.
    private static func send(_ bytes: [UInt8], on socket: Int32, deadline: Int, timeout: Int, hangUp: String? = nil) throws(Failure) {
        var offset = 0
        while offset < bytes.count {
            try wait(for: Int16(POLLOUT), on: socket, deadline: deadline, timeout: timeout)
            let written = bytes[offset...].withUnsafeBytes { Glibc.send(socket, $0.baseAddress, $0.count, Int32(MSG_NOSIGNAL)) }
            if written < 0 {
                if errno == EINTR || errno == EAGAIN { continue }
                let code = errno
                if let hangUp, code == EPIPE || code == ECONNRESET { throw .nobodyListening(hangUp) }
                throw .broken("the daemon hung up (\(String(cString: strerror(code))))")
            }
            offset += written
        }
    }

    private static func receive(
        on socket: Int32, into reader: inout FrameReader, deadline: Int, timeout: Int, hangUp: String? = nil
    ) throws(Failure) -> [UInt8] {
        var chunk = [UInt8](repeating: 0, count: 64 * 1024)
        while true {
            do {
                if let payload = try reader.next() { return payload }
            } catch {
                throw .broken("unreadable answer from the daemon: \(error)")
            }
            try wait(for: Int16(POLLIN), on: socket, deadline: deadline, timeout: timeout)
            let count = chunk.withUnsafeMutableBytes { recv(socket, $0.baseAddress, $0.count, 0) }
            if count < 0 {
                if errno == EINTR || errno == EAGAIN { continue }
                let code = errno
                if let hangUp, code == ECONNRESET || code == EPIPE { throw .nobodyListening(hangUp) }
                throw .broken("the daemon hung up (\(String(cString: strerror(code))))")
            }
            if count == 0 {
                if let hangUp, reader.buffered == 0 { throw .nobodyListening(hangUp) }
                throw .broken("the daemon closed the connection before answering")
            }
            reader.append(chunk[0..<count])
        }
    }

    private static func wait(for events: Int16, on socket: Int32, deadline: Int, timeout: Int) throws(Failure) {
        while true {
            let remaining = deadline - MonotonicClock.milliseconds()
            guard remaining > 0 else { throw .timedOut(milliseconds: timeout) }
            var descriptor = pollfd(fd: socket, events: events, revents: 0)
            let ready = poll(&descriptor, 1, Int32(min(remaining, Int(Int32.max))))
            if ready > 0 { return }
            if ready < 0, errno != EINTR { throw .broken("poll failed (\(String(cString: strerror(errno))))") }
        }
    }
}
