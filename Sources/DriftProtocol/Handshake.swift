/// What each side says first: who it is and which protocol and build it speaks.
public struct Handshake: Sendable, Equatable {
    /// "DRFT": lets either side tell at once that something else answered on the socket.
    public static let magic: UInt32 = 0x4452_4654

    public var protocolVersion: UInt16
    public var buildVersion: String

    public init(protocolVersion: UInt16 = DriftBuild.protocolVersion, buildVersion: String = DriftBuild.version) {
        self.protocolVersion = protocolVersion
        self.buildVersion = buildVersion
    }

    func write(to writer: inout ByteWriter) {
        writer.write(Handshake.magic)
        writer.write(protocolVersion)
        writer.write(buildVersion)
    }

    static func read(from reader: inout ByteReader) throws(ProtocolError) -> Handshake {
        guard try reader.readUInt32() == magic else { throw .badMagic }
        return Handshake(protocolVersion: try reader.readUInt16(), buildVersion: try reader.readString(field: "build version"))
    }
}
