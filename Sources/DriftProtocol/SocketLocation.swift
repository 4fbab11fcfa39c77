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
    /// Why the usual folder was passed over for this one (nil when this is the usual folder).
    public var passedOver: String?

    public init(directory: String, passedOver: String? = nil) {
        self.directory = directory
        self.passedOver = passedOver
    }

    /// `$XDG_RUNTIME_DIR/drift`, else `/tmp/drift-$UID` (XDG_RUNTIME_DIR is often unset) — unless
    /// that folder exists and cannot be trusted (say, another user made `/tmp/drift-$UID` first,
    /// which the victim cannot remove from sticky /tmp). Then the private fallback folder under the
    /// user's cache folder is used, which only the user (or root) can create: an unsafe folder
    /// never switches Drift off.
    public static func current(environment: (String) -> String? = SocketLocation.environment) -> SocketLocation {
        let usual = usualLocation(environment: environment)
        guard let problem = usual.problem(), usual.exists else { return usual }
        guard let fallback = fallbackDirectory(environment: environment) else { return usual }
        return SocketLocation(directory: fallback, passedOver: problem)
    }

    /// The folder Drift uses when nothing is wrong with it.
    public static func usualLocation(environment: (String) -> String? = SocketLocation.environment) -> SocketLocation {
        if let runtime = environment("XDG_RUNTIME_DIR"), runtime.hasPrefix("/") {
            return SocketLocation(directory: trimmingSlashes(runtime) + "/drift")
        }
        return SocketLocation(directory: "/tmp/drift-\(getuid())")
    }

    /// `$XDG_CACHE_HOME/drift/run`, else `$HOME/.cache/drift/run`; nil when the socket path there
    /// would not fit in `sun_path`.
    public static func fallbackDirectory(environment: (String) -> String? = SocketLocation.environment) -> String? {
        var cache: String
        if let xdg = environment("XDG_CACHE_HOME"), xdg.hasPrefix("/") {
            cache = trimmingSlashes(xdg) + "/drift"
        } else if let home = environment("HOME") ?? homeFromPasswd(), home.hasPrefix("/") {
            cache = trimmingSlashes(home) + "/.cache/drift"
        } else {
            return nil
        }
        cache += "/run"
        return (cache + "/driftd.sock").utf8.count < 108 ? cache : nil
    }

    private static func homeFromPasswd() -> String? {
        guard let entry = getpwuid(getuid()), let directory = entry.pointee.pw_dir else { return nil }
        return String(cString: directory)
    }

    /// Whether anything exists at the folder's path (a symlink counts).
    public var exists: Bool {
        var info = stat()
        return lstat(directory, &info) == 0 || errno != ENOENT
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

    /// Creates the folder (0700, and any missing folder above it) when missing, then checks it;
    /// returns why it cannot be used, if so.
    public func prepare() -> String? {
        var info = stat()
        if lstat(directory, &info) != 0 {
            guard errno == ENOENT else { return problem() }
            var missing: [String] = []
            var folder = directory
            while folder != "/", lstat(folder, &info) != 0, errno == ENOENT {
                missing.append(folder)
                folder = SocketLocation.parent(of: folder)
            }
            for folder in missing.reversed() where mkdir(folder, 0o700) != 0 && errno != EEXIST {
                return "cannot create socket directory \(folder) (\(String(cString: strerror(errno))))"
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
