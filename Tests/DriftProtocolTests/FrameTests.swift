import DriftProtocol
import Testing

@Suite struct FrameTests {
    @Test func framesArriveInPiecesAndTogether() throws {
        let first = ClientMessage.hello(Handshake()).framed()
        let second = ClientMessage.status.framed()
        var reader = FrameReader(limit: Frame.requestLimit)
        let all = first + second
        var payloads: [[UInt8]] = []
        for byte in all {
            reader.append([byte])
            while let payload = try reader.next() { payloads.append(payload) }
        }
        #expect(try payloads.map(ClientMessage.decode) == [.hello(Handshake()), .status])
        #expect(reader.buffered == 0)
    }

    @Test func anOversizedFrameIsRefusedFromItsHeader() {
        var reader = FrameReader(limit: 1024)
        reader.append([0, 0, 4, 1])  // 1025 bytes announced, none sent
        #expect(throws: ProtocolError.oversized(length: 1025, limit: 1024)) { try reader.next() }
    }

    @Test func aFrameAtTheLimitIsAccepted() throws {
        var reader = FrameReader(limit: 8)
        reader.append(Frame.encode(Array(repeating: 1, count: 8)))
        #expect(try reader.next()?.count == 8)
    }
}
