import DriftProtocol
import Glibc

/// Tells the commit-msg shim of the same `git commit` that pre-commit found nothing, so it can
/// skip starting drift-hook a second time: with no findings at all, no message can block.
///
/// The token names git's process (pid and start time, so a reused pid never matches) and the
/// index it commits; the shim compares it with builtins only. It lives in the private socket folder.
enum CleanCommitToken {
    static func record(clean: Bool) {
        let location = SocketLocation.current()
        let path = location.directory + "/clean-commit"
        let git = getppid()
        guard clean, location.problem() == nil, let start = startTime(of: git) else {
            unlink(path)
            return
        }
        let index = FileSystem.environment("GIT_INDEX_FILE") ?? ""
        _ = FileSystem.writeAtomically("\(git) \(start) \(index)\n", to: path, mode: 0o600)
    }

    /// Field 22 of /proc/PID/stat: when the process started, in clock ticks since boot.
    static func startTime(of pid: pid_t) -> String? {
        guard let bytes = FileSystem.read("/proc/\(pid)/stat") else { return nil }
        let text = String(decoding: bytes, as: UTF8.self)
        // The command name (field 2) may hold spaces; fields after its closing parenthesis do not.
        guard let close = text.lastIndex(of: ")") else { return nil }
        let fields = text[text.index(after: close)...].split(separator: " ")
        return fields.count > 19 ? String(fields[19]) : nil
    }
}
