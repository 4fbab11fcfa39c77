#if canImport(Glibc)
import Glibc
#endif

/// The process at the other end of a Unix socket, as the kernel reports it (`SO_PEERCRED`).
///
/// Glibc exports `SO_PEERCRED` but hides `struct ucred` behind `_GNU_SOURCE`, so the 12-byte
/// layout is declared here; `getsockopt` fills it in.
public struct PeerCredentials: Sendable, Equatable {
    public var pid: Int32
    public var uid: UInt32
    public var gid: UInt32

    public init(pid: Int32 = 0, uid: UInt32 = 0, gid: UInt32 = 0) {
        self.pid = pid
        self.uid = uid
        self.gid = gid
    }

    #if os(Linux)
    /// The peer of socket `descriptor`, or nil when the kernel does not say.
    public static func of(descriptor: Int32) -> PeerCredentials? {
        var credentials = PeerCredentials()
        var length = socklen_t(MemoryLayout<PeerCredentials>.size)
        guard getsockopt(descriptor, SOL_SOCKET, SO_PEERCRED, &credentials, &length) == 0,
              Int(length) == MemoryLayout<PeerCredentials>.size else { return nil }
        return credentials
    }
    #endif
}
