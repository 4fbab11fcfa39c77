import Glibc

/// Starts a program that outlives its starter: its own session, stdio on /dev/null, none of the
/// starter's other descriptors, and none of git's per-commit variables. Both `drift-hook` (starting
/// `driftd` on demand) and `driftd` (putting itself in the background) start the daemon this way.
public enum DetachedProcess {
    /// Starts `arguments[0]` (an absolute path) with `arguments` and does not wait; the pid, or the
    /// `errno` of the failure.
    public static func start(_ arguments: [String]) -> Result<pid_t, SpawnFailure> {
        var attributes = posix_spawnattr_t()
        posix_spawnattr_init(&attributes)
        defer { posix_spawnattr_destroy(&attributes) }
        posix_spawnattr_setflags(&attributes, Int16(0x80))  // POSIX_SPAWN_SETSID (hidden behind _GNU_SOURCE)
        var actions = posix_spawn_file_actions_t()
        posix_spawn_file_actions_init(&actions)
        defer { posix_spawn_file_actions_destroy(&actions) }
        for descriptor: Int32 in [0, 1, 2] {
            posix_spawn_file_actions_addopen(&actions, descriptor, "/dev/null", descriptor == 0 ? O_RDONLY : O_WRONLY, 0)
        }
        // Whatever else git or a GUI client left open (the pipe it reads hook output from) must
        // not stay open in a daemon that lives for half an hour: the reader would wait for EOF.
        for descriptor in openDescriptors() where descriptor > 2 {
            posix_spawn_file_actions_addclose(&actions, descriptor)
        }
        // GIT_DIR, GIT_INDEX_FILE and friends describe one commit; a daemon serving every
        // repository must never inherit them (its git fallback would read the wrong index).
        var argv = arguments.map { strdup($0) } + [nil]
        var envp = currentEnvironment().filter { !$0.hasPrefix("GIT_") }.map { strdup($0) } + [nil]
        defer {
            for pointer in argv { free(pointer) }
            for pointer in envp { free(pointer) }
        }
        var pid: pid_t = 0
        let result = posix_spawn(&pid, arguments[0], &actions, &attributes, &argv, &envp)
        guard result == 0 else { return .failure(SpawnFailure(code: result)) }
        // It outlives us; reap it if it exits at once (say, another daemon won the race).
        _ = waitpid(pid, nil, WNOHANG)
        return .success(pid)
    }

    /// Why a program could not be started.
    public struct SpawnFailure: Error, CustomStringConvertible {
        public var code: Int32
        public var description: String { String(cString: strerror(code)) }
    }

    /// The descriptors open in this process, from /proc/self/fd (empty where there is none).
    static func openDescriptors() -> [Int32] {
        guard let directory = opendir("/proc/self/fd") else { return [] }
        let own = dirfd(directory)
        var result: [Int32] = []
        while let entry = readdir(directory) {
            let name = withUnsafeBytes(of: entry.pointee.d_name) { raw in
                String(decoding: raw.prefix(while: { $0 != 0 }), as: UTF8.self)
            }
            if let descriptor = Int32(name), descriptor != own { result.append(descriptor) }
        }
        closedir(directory)
        return result
    }

    /// This process's environment as `NAME=value` strings.
    public static func currentEnvironment() -> [String] {
        var result: [String] = []
        var pointer = environ
        while let entry = pointer.pointee {
            result.append(String(cString: entry))
            pointer += 1
        }
        return result
    }
}
