import DriftProtocol
import Testing

@Suite struct MessageTests {
    static let request = CheckRequest(
        hook: .commitMsg, mode: .warn, cwd: "/r", gitDir: "/r/.git", indexPath: "/r/.git/index.lock",
        message: "Fix — ünïcode\n\nDrift-Override: all — why\n", messagePath: ".git/COMMIT_EDITMSG",
        width: 132, color: true, allLines: true)

    @Test(arguments: [
        ClientMessage.hello(Handshake()), .check(request), .status, .stop,
        .check(CheckRequest(hook: .preCommit, cwd: "", gitDir: "", indexPath: "")),
    ])
    func clientMessagesRoundTrip(message: ClientMessage) throws {
        #expect(try ClientMessage.decode(message.encoded()) == message)
    }

    @Test(arguments: [
        ServerMessage.welcome(Welcome(pid: 42, decision: .replacing)),
        .result(CheckResponse(text: "a.py:1:1: high …\n", verdict: .block, exitCode: 1)),
        .status(DaemonStatus(
            pid: 7, version: "0.1.0", uptimeSeconds: 99, repositories: ["/a/.git", "/b/.git"], requests: 3,
            cacheHits: 10, cacheMisses: 2, residentBytes: 1 << 24, idleTimeoutSeconds: 1800,
            socketPath: "/tmp/drift-0/driftd.sock", logPath: "/root/.cache/drift/driftd.log")),
        .stopping, .failure("not a git repository"),
    ])
    func serverMessagesRoundTrip(message: ServerMessage) throws {
        #expect(try ServerMessage.decode(message.encoded()) == message)
    }

    @Test func everyTruncationIsRejected() {
        let bytes = ClientMessage.check(Self.request).encoded()
        // The last byte (`amend`) came later: a request without it is an older client's.
        for length in 0..<bytes.count - 1 {
            #expect(throws: ProtocolError.self) { try ClientMessage.decode(Array(bytes.prefix(length))) }
        }
    }

    @Test func anOlderClientsRequestWithoutLaterFieldsIsRead() throws {
        var amending = Self.request
        amending.amend = true
        let bytes = ClientMessage.check(amending).encoded()
        #expect(try ClientMessage.decode(bytes) == .check(amending))
        #expect(try ClientMessage.decode(Array(bytes.dropLast())) == .check(Self.request))
        let status = DaemonStatus(
            pid: 1, version: "0.1.0", uptimeSeconds: 1, repositories: [], requests: 0, cacheHits: 0, cacheMisses: 0,
            residentBytes: 0, idleTimeoutSeconds: 1, socketPath: "/s", logPath: "/l", warnings: ["disk cache off: locked"])
        #expect(try ServerMessage.decode(ServerMessage.status(status).encoded()) == .status(status))
    }

    @Test func trailingBytesAreRejected() {
        #expect(throws: ProtocolError.trailingBytes(1)) { try ClientMessage.decode(ClientMessage.status.encoded() + [0]) }
    }

    @Test func handshakesFromOtherBuildsAreRead() throws {
        // An older build sends no `mayReplace`; a newer one may append fields we do not know.
        var older = ClientMessage.hello(Handshake()).encoded()
        older.removeLast()
        #expect(try ClientMessage.decode(older) == .hello(Handshake(mayReplace: true)))
        let newer = ClientMessage.hello(Handshake(mayReplace: false)).encoded() + [9, 9, 9]
        #expect(try ClientMessage.decode(newer) == .hello(Handshake(mayReplace: false)))
    }

    @Test func unknownKindsAndValuesAreRejected() {
        #expect(throws: ProtocolError.unknownKind(99)) { try ClientMessage.decode([99]) }
        var bytes = ClientMessage.check(Self.request).encoded()
        bytes[1] = 7  // hook
        #expect(throws: ProtocolError.invalidValue(field: "hook", value: 7)) { try ClientMessage.decode(bytes) }
    }

    @Test func aHugeStringLengthIsRejectedWithoutAllocating() {
        var writer = ByteWriter()
        writer.write(UInt8(2))
        writer.write(UInt8(0))
        writer.write(UInt8(0))
        writer.write(UInt32.max)  // cwd length
        #expect(throws: ProtocolError.truncated) { try ClientMessage.decode(writer.bytes) }
    }

    @Test func invalidUTF8IsRejected() {
        var bytes = ServerMessage.failure("ab").encoded()
        bytes[bytes.count - 1] = 0xFF
        #expect(throws: ProtocolError.invalidText(field: "failure")) { try ServerMessage.decode(bytes) }
    }

    @Test func somethingElseOnTheSocketIsRecognised() {
        var bytes = ClientMessage.hello(Handshake()).encoded()
        bytes[1] = UInt8(ascii: "G")
        #expect(throws: ProtocolError.badMagic) { try ClientMessage.decode(bytes) }
    }

    @Test func randomBytesNeverCrash() {
        var generator = SystemRandomNumberGenerator()
        for _ in 0..<2000 {
            let bytes = (0..<Int.random(in: 0..<64, using: &generator)).map { _ in UInt8.random(in: 0...255, using: &generator) }
            _ = try? ClientMessage.decode(bytes)
            _ = try? ServerMessage.decode(bytes)
        }
    }
}
