#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif

/// Where the per-user daemon listens, and the checks that make the place safe to trust.
public struct SocketLocation: Sendable, Equatable {
    /// The private folder holding the socket and the lock; mode 0700, owned by the user.
    public var directory: String
    public var socketPath: String { directory + "/driftd.sock" }
    /// Held (flock) by the one live daemon for its whole life.
    public var lockPath: String { directory + "/driftd.lock" }

    public init(directory: String) { self.directory = directory }

    /// `$XDG_RUNTIME_DIR/drift`, else `/tmp/drift-$UID` (XDG_RUNTIME_DIR is often unset).
    public static func current(environment: (String) -> String? = SocketLocation.environment) -> SocketLocation {
        if let runtime = environment("XDG_RUNTIME_DIR"), runtime.hasPrefix("/") {
            return SocketLocation(directory: trimmingSlashes(runtime) + "/drift")
        }
        return SocketLocation(directory: "/tmp/drift-\(getuid())")
    }

    public static func environment(_ name: String) -> String? {
        guard let value = getenv(name) else { return nil }
        let text = String(cString: value)
        return text.isEmpty ? nil : text
    }

    /// Why the folder cannot be trusted, or nil when it is a real folder owned by this user that
    /// nobody else can enter. `lstat`, so a symlink planted in /tmp is refused rather than followed.
    public func problem() -> String? {
        var info = stat()
        guard lstat(directory, &info) == 0 else {
            return "socket directory \(directory) cannot be examined (\(String(cString: strerror(errno))))"
        }
        if (info.st_mode & S_IFMT) == S_IFLNK {
            return "socket directory \(directory) is a symbolic link; remove it and try again"
        }
        guard (info.st_mode & S_IFMT) == S_IFDIR else {
            return "socket directory \(directory) is not a directory; remove it and try again"
        }
        guard info.st_uid == getuid() else {
            return "socket directory \(directory) is owned by uid \(info.st_uid), not you (uid \(getuid())); remove it and try again"
        }
        let permissions = info.st_mode & 0o777
        guard permissions & 0o077 == 0 else {
            let octal = String(permissions, radix: 8)
            return "socket directory \(directory) has mode \(octal), open to other users; run `chmod 700 \(directory)`"
        }
        return nil
    }

    /// Creates the folder (0700) when missing, then checks it; returns why it cannot be used, if so.
    public func prepare() -> String? {
        var info = stat()
        if lstat(directory, &info) != 0 {
            guard errno == ENOENT else { return problem() }
            let parent = SocketLocation.parent(of: directory)
            if lstat(parent, &info) != 0, errno == ENOENT {
                // $XDG_RUNTIME_DIR itself may be missing in odd setups; create it private too.
                _ = mkdir(parent, 0o700)
            }
            if mkdir(directory, 0o700) != 0, errno != EEXIST {
                return "cannot create socket directory \(directory) (\(String(cString: strerror(errno))))"
            }
        }
        return problem()
    }

    private static func parent(of path: String) -> String {
        guard let slash = path.lastIndex(of: "/"), slash != path.startIndex else { return "/" }
        return String(path[..<slash])
    }

    private static func trimmingSlashes(_ path: String) -> String {
        var path = path
        while path.count > 1, path.hasSuffix("/") { path.removeLast() }
        return path
    }
}
