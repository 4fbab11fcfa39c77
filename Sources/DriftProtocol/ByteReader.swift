/// Reads fields written by `ByteWriter`, never past the end of the payload.
public struct ByteReader: Sendable {
    private let bytes: [UInt8]
    private var offset = 0

    public init(_ bytes: [UInt8]) { self.bytes = bytes }

    public var remaining: Int { bytes.count - offset }

    public mutating func readUInt8() throws(ProtocolError) -> UInt8 {
        guard remaining >= 1 else { throw .truncated }
        defer { offset += 1 }
        return bytes[offset]
    }

    public mutating func readBool() throws(ProtocolError) -> Bool {
        let value = try readUInt8()
        guard value <= 1 else { throw .invalidValue(field: "flag", value: Int(value)) }
        return value == 1
    }

    public mutating func readUInt16() throws(ProtocolError) -> UInt16 {
        UInt16(try readUnsigned(bytes: 2))
    }

    public mutating func readUInt32() throws(ProtocolError) -> UInt32 {
        UInt32(try readUnsigned(bytes: 4))
    }

    public mutating func readUInt64() throws(ProtocolError) -> UInt64 {
        try readUnsigned(bytes: 8)
    }

    public mutating func readString(field: String) throws(ProtocolError) -> String {
        let length = Int(try readUInt32())
        // Checked before slicing so a hostile length cannot make us allocate or trap.
        guard length <= remaining else { throw .truncated }
        let slice = bytes[offset..<offset + length]
        offset += length
        guard let text = String(validating: slice, as: UTF8.self) else { throw .invalidText(field: field) }
        return text
    }

    public mutating func readStrings(field: String) throws(ProtocolError) -> [String] {
        let count = Int(try readUInt32())
        // Every string needs at least its 4-byte length, which bounds a believable count.
        guard count <= remaining / 4 else { throw .truncated }
        var texts: [String] = []
        texts.reserveCapacity(count)
        for _ in 0..<count { texts.append(try readString(field: field)) }
        return texts
    }

    /// Consumes whatever is left (fields from a newer build this one does not know).
    public mutating func skipRemaining() { offset = bytes.count }

    /// Throws unless every byte was consumed.
    public func finish() throws(ProtocolError) {
        guard remaining == 0 else { throw .trailingBytes(remaining) }
    }

    private mutating func readUnsigned(bytes count: Int) throws(ProtocolError) -> UInt64 {
        guard remaining >= count else { throw .truncated }
        var value: UInt64 = 0
        for index in offset..<offset + count { value = value << 8 | UInt64(bytes[index]) }
        offset += count
        return value
    }
}
