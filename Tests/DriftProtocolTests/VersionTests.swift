import DriftProtocol
import Testing

@Suite struct VersionTests {
    @Test func versionsCompareNumerically() {
        #expect(DriftBuild.isVersion("0.9.1", olderThan: "0.10.0"))
        #expect(!DriftBuild.isVersion("0.10.0", olderThan: "0.9.1"))
        #expect(!DriftBuild.isVersion("1.0", olderThan: "1.0.0"))
        #expect(DriftBuild.isVersion("1.0.0-dev", olderThan: "1.0.0"))
    }

    @Test func anOlderDaemonStepsAside() {
        let daemon = Handshake(protocolVersion: 1, buildVersion: "0.1.0")
        #expect(Welcome.decision(daemon: daemon, client: Handshake(protocolVersion: 1, buildVersion: "0.2.0")) == .replacing)
        #expect(Welcome.decision(daemon: daemon, client: Handshake(protocolVersion: 2, buildVersion: "0.1.0")) == .replacing)
        #expect(Welcome.decision(daemon: daemon, client: daemon) == .accepted)
        let newer = Handshake(protocolVersion: 2, buildVersion: "0.3.0")
        #expect(Welcome.decision(daemon: newer, client: Handshake(protocolVersion: 1, buildVersion: "0.1.0")) == .clientOutdated)
        let observer = Handshake(protocolVersion: 1, buildVersion: "0.2.0", mayReplace: false)
        #expect(Welcome.decision(daemon: daemon, client: observer) == .accepted)
    }
}
