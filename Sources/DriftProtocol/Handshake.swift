/// What each side says first: who it is and which protocol and build it speaks.
public struct Handshake: Sendable, Equatable {
    /// "DRFT": lets either side tell at once that something else answered on the socket.
    public static let magic: UInt32 = 0x4452_4654

    public var protocolVersion: UInt16
    public var buildVersion: String
    /// Whether an older daemon should step aside for this client; `status` only looks, so it says no.
    public var mayReplace: Bool

    public init(protocolVersion: UInt16 = DriftBuild.protocolVersion, buildVersion: String = DriftBuild.version, mayReplace: Bool = true) {
        self.protocolVersion = protocolVersion
        self.buildVersion = buildVersion
        self.mayReplace = mayReplace
    }

    func write(to writer: inout ByteWriter) {
        writer.write(Handshake.magic)
        writer.write(protocolVersion)
        writer.write(buildVersion)
        writer.write(mayReplace)
    }

    /// Reads a handshake that ends its message.
    static func read(from reader: inout ByteReader) throws(ProtocolError) -> Handshake {
        guard try reader.readUInt32() == magic else { throw .badMagic }
        let protocolVersion = try reader.readUInt16()
        let buildVersion = try reader.readString(field: "build version")
        // Fields added later are appended; a reader that does not know them skips them, so any two
        // builds can always exchange handshakes and learn which one must give way.
        let mayReplace = reader.remaining > 0 ? try reader.readBool() : true
        reader.skipRemaining()
        return Handshake(protocolVersion: protocolVersion, buildVersion: buildVersion, mayReplace: mayReplace)
    }
}
