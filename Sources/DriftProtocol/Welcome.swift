/// The daemon's answer to a client's handshake.
public struct Welcome: Sendable, Equatable {
    /// What the daemon will do with this client.
    public enum Decision: UInt8, Sendable {
        /// Same protocol, daemon not older: the request that follows is served.
        case accepted = 0
        /// The daemon is older than the client: it exits now so the client can start a newer one.
        case replacing = 1
        /// The client is older and speaks another protocol: it must be updated.
        case clientOutdated = 2
    }

    public var daemon: Handshake
    public var pid: UInt32
    public var decision: Decision

    public init(daemon: Handshake = Handshake(), pid: UInt32, decision: Decision) {
        self.daemon = daemon
        self.pid = pid
        self.decision = decision
    }

    /// How a daemon built as `daemon` treats a client that introduced itself as `client`.
    public static func decision(daemon: Handshake, client: Handshake) -> Decision {
        if !client.mayReplace { return daemon.protocolVersion == client.protocolVersion ? .accepted : .clientOutdated }
        if DriftBuild.isVersion(daemon.buildVersion, olderThan: client.buildVersion) { return .replacing }
        if daemon.protocolVersion > client.protocolVersion { return .clientOutdated }
        // A newer client with an unchanged version string but another protocol still replaces us.
        if daemon.protocolVersion < client.protocolVersion { return .replacing }
        return .accepted
    }
}
