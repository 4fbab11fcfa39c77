/// Collects bytes as they arrive and hands out whole payloads, refusing oversized frames
/// as soon as their header is seen.
public struct FrameReader: Sendable {
    public let limit: Int
    private var buffer: [UInt8] = []

    public init(limit: Int) { self.limit = limit }

    public mutating func append(_ bytes: some Sequence<UInt8>) { buffer.append(contentsOf: bytes) }

    /// The next complete payload, or nil until more bytes arrive.
    public mutating func next() throws(ProtocolError) -> [UInt8]? {
        guard buffer.count >= 4 else { return nil }
        let length = try Frame.payloadLength(header: buffer, limit: limit)
        guard buffer.count >= 4 + length else { return nil }
        let payload = Array(buffer[4..<4 + length])
        buffer.removeFirst(4 + length)
        return payload
    }

    /// Bytes received but not yet handed out.
    public var buffered: Int { buffer.count }
}
