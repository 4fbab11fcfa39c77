/// Length-prefixed framing: a 4-byte big-endian payload length, then the payload.
public enum Frame {
    /// Largest request a daemon accepts: a commit message and a few paths fit many times over.
    public static let requestLimit = 1 << 20
    /// Largest response a client accepts: a rendered report of thousands of findings.
    public static let responseLimit = 16 << 20

    /// The frame carrying `payload`.
    public static func encode(_ payload: [UInt8]) -> [UInt8] {
        var writer = ByteWriter()
        writer.write(UInt32(payload.count))
        return writer.bytes + payload
    }

    /// The payload length a 4-byte header announces, checked against `limit` before anything
    /// is buffered.
    public static func payloadLength(header: some Collection<UInt8>, limit: Int) throws(ProtocolError) -> Int {
        guard header.count >= 4 else { throw .truncated }
        let length = header.prefix(4).reduce(0) { $0 << 8 | Int($1) }
        guard length <= limit else { throw .oversized(length: length, limit: limit) }
        return length
    }
}
