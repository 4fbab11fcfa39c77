/// Why bytes from the other end could not be read as a message.
public enum ProtocolError: Error, Sendable, Equatable, CustomStringConvertible {
    /// A frame announced more bytes than the receiver accepts.
    case oversized(length: Int, limit: Int)
    /// The payload ended in the middle of a field.
    case truncated
    /// The payload held bytes after the last field.
    case trailingBytes(Int)
    /// The message kind byte is not one this build knows.
    case unknownKind(UInt8)
    /// An enumeration field held a value this build does not know.
    case invalidValue(field: String, value: Int)
    /// A text field was not valid UTF-8.
    case invalidText(field: String)
    /// The first message did not start with Drift's magic number: something else is on the socket.
    case badMagic

    public var description: String {
        switch self {
        case .oversized(let length, let limit): "message of \(length) bytes exceeds the limit of \(limit) bytes"
        case .truncated: "message ended early"
        case .trailingBytes(let count): "message has \(count) unexpected trailing bytes"
        case .unknownKind(let kind): "unknown message kind \(kind)"
        case .invalidValue(let field, let value): "invalid value \(value) for \(field)"
        case .invalidText(let field): "\(field) is not valid UTF-8"
        case .badMagic: "peer does not speak the Drift protocol"
        }
    }
}
