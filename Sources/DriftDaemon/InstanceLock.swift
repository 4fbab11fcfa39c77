import Foundation

/// The lock that makes one daemon per user: held (`flock`) for the daemon's whole life, released
/// by the kernel when it exits, however it exits.
final class InstanceLock {
    private let descriptor: Int32

    private init(descriptor: Int32) { self.descriptor = descriptor }

    /// Takes the lock at `path`, retrying until `timeoutMilliseconds` or until `giveUp` says the
    /// holder is alive and well; nil when another daemon keeps it.
    static func acquire(at path: String, timeoutMilliseconds: Int, giveUpWhen giveUp: () -> Bool) throws -> InstanceLock? {
        let descriptor = open(path, O_RDWR | O_CREAT | O_CLOEXEC | O_NOFOLLOW, 0o600)
        guard descriptor >= 0 else {
            throw DaemonError("cannot open the lock file \(path) (\(String(cString: strerror(errno))))")
        }
        let deadline = Date().addingTimeInterval(Double(timeoutMilliseconds) / 1000)
        while flock(descriptor, LOCK_EX | LOCK_NB) != 0 {
            guard errno == EWOULDBLOCK || errno == EINTR, Date() < deadline, !giveUp() else {
                close(descriptor)
                return nil
            }
            usleep(10_000)
        }
        return InstanceLock(descriptor: descriptor)
    }

    /// Records our pid in the lock file, for `drift-hook status` and for people reading /tmp.
    func record(pid: Int32) {
        let text = Array("\(pid)\n".utf8)
        _ = ftruncate(descriptor, 0)
        _ = text.withUnsafeBytes { pwrite(descriptor, $0.baseAddress, $0.count, 0) }
    }

    /// The pid recorded in the lock file at `path`, if any.
    static func recordedPID(at path: String) -> Int32? {
        guard let text = try? String(contentsOfFile: path, encoding: .utf8) else { return nil }
        return Int32(text.trimmingCharacters(in: .whitespacesAndNewlines))
    }
}
