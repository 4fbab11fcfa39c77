/// Everything a client sends: a handshake first, then one request per connection.
public enum ClientMessage: Sendable, Equatable {
    case hello(Handshake)
    case check(CheckRequest)
    case status
    case stop

    private enum Kind: UInt8 {
        case hello = 1, check = 2, status = 3, stop = 4
    }

    /// The payload (without the frame header).
    public func encoded() -> [UInt8] {
        var writer = ByteWriter()
        switch self {
        case .hello(let handshake):
            writer.write(Kind.hello.rawValue)
            handshake.write(to: &writer)
        case .check(let request):
            writer.write(Kind.check.rawValue)
            request.write(to: &writer)
        case .status:
            writer.write(Kind.status.rawValue)
        case .stop:
            writer.write(Kind.stop.rawValue)
        }
        return writer.bytes
    }

    /// The frame carrying this message.
    public func framed() -> [UInt8] { Frame.encode(encoded()) }

    public static func decode(_ payload: [UInt8]) throws(ProtocolError) -> ClientMessage {
        var reader = ByteReader(payload)
        let kindValue = try reader.readUInt8()
        guard let kind = Kind(rawValue: kindValue) else { throw .unknownKind(kindValue) }
        let message: ClientMessage
        switch kind {
        case .hello: message = .hello(try Handshake.read(from: &reader))
        case .check: message = .check(try CheckRequest.read(from: &reader))
        case .status: message = .status
        case .stop: message = .stop
        }
        try reader.finish()
        return message
    }
}
