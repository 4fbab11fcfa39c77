// libFuzzer target for the hook ↔ daemon wire format: frames, client and server messages.
// Built together with Sources/DriftProtocol as one module (Fuzz/protocol/build.sh), so it needs
// no SwiftPM build. Any crash or sanitizer report is a bug; every decoded message must encode
// back to bytes that decode to the same message.

@_cdecl("LLVMFuzzerTestOneInput")
public func fuzz(_ data: UnsafePointer<UInt8>, _ size: Int) -> Int32 {
    let bytes = Array(UnsafeBufferPointer(start: data, count: size))
    if let message = try? ClientMessage.decode(bytes) {
        guard (try? ClientMessage.decode(message.encoded())) == message else { fatalError("client message round trip") }
    }
    if let message = try? ServerMessage.decode(bytes) {
        guard (try? ServerMessage.decode(message.encoded())) == message else { fatalError("server message round trip") }
    }
    // The same bytes as a stream cut at every 7th byte, as a socket may deliver them.
    var reader = FrameReader(limit: Frame.requestLimit)
    var offset = 0
    while offset < bytes.count {
        reader.append(bytes[offset..<min(bytes.count, offset + 7)])
        offset += 7
        while let payload = try? reader.next() {
            _ = try? ClientMessage.decode(payload)
        }
    }
    return 0
}
