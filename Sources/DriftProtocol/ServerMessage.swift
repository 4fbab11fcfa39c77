/// Everything a daemon sends: its welcome, then the answer to the one request.
public enum ServerMessage: Sendable, Equatable {
    case welcome(Welcome)
    case result(CheckResponse)
    case status(DaemonStatus)
    case stopping
    /// The request could not be served; the text is one line for the user.
    case failure(String)

    private enum Kind: UInt8 {
        case welcome = 0x81, result = 0x82, status = 0x83, stopping = 0x84, failure = 0x85
    }

    /// The payload (without the frame header).
    public func encoded() -> [UInt8] {
        var writer = ByteWriter()
        switch self {
        case .welcome(let welcome):
            writer.write(Kind.welcome.rawValue)
            // The handshake goes last: it may grow, and readers skip what they do not know.
            writer.write(welcome.pid)
            writer.write(welcome.decision.rawValue)
            welcome.daemon.write(to: &writer)
        case .result(let response):
            writer.write(Kind.result.rawValue)
            response.write(to: &writer)
        case .status(let status):
            writer.write(Kind.status.rawValue)
            status.write(to: &writer)
        case .stopping:
            writer.write(Kind.stopping.rawValue)
        case .failure(let text):
            writer.write(Kind.failure.rawValue)
            writer.write(text)
        }
        return writer.bytes
    }

    /// The frame carrying this message.
    public func framed() -> [UInt8] { Frame.encode(encoded()) }

    public static func decode(_ payload: [UInt8]) throws(ProtocolError) -> ServerMessage {
        var reader = ByteReader(payload)
        let kindValue = try reader.readUInt8()
        guard let kind = Kind(rawValue: kindValue) else { throw .unknownKind(kindValue) }
        let message: ServerMessage
        switch kind {
        case .welcome:
            let pid = try reader.readUInt32()
            let value = try reader.readUInt8()
            guard let decision = Welcome.Decision(rawValue: value) else {
                throw .invalidValue(field: "decision", value: Int(value))
            }
            let daemon = try Handshake.read(from: &reader)
            message = .welcome(Welcome(daemon: daemon, pid: pid, decision: decision))
        case .result: message = .result(try CheckResponse.read(from: &reader))
        case .status: message = .status(try DaemonStatus.read(from: &reader))
        case .stopping: message = .stopping
        case .failure: message = .failure(try reader.readString(field: "failure"))
        }
        try reader.finish()
        return message
    }
}
