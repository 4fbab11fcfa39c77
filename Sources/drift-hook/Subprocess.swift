import Glibc

/// Starting other programs with `posix_spawn` (git for install, driftd on demand).
enum Subprocess {
    /// Runs `arguments` (looked up in PATH) to completion; returns its exit status and standard output.
    static func run(_ arguments: [String]) -> (status: Int32, output: String)? {
        var pipeDescriptors: [Int32] = [0, 0]
        guard pipe(&pipeDescriptors) == 0 else { return nil }
        var actions = posix_spawn_file_actions_t()
        posix_spawn_file_actions_init(&actions)
        defer { posix_spawn_file_actions_destroy(&actions) }
        posix_spawn_file_actions_adddup2(&actions, pipeDescriptors[1], 1)
        posix_spawn_file_actions_addclose(&actions, pipeDescriptors[0])
        posix_spawn_file_actions_addopen(&actions, 0, "/dev/null", O_RDONLY, 0)
        // git's own "fatal: …" would repeat what the caller says in one line.
        posix_spawn_file_actions_addopen(&actions, 2, "/dev/null", O_WRONLY, 0)
        guard let pid = spawn(arguments, actions: &actions, attributes: nil, environment: currentEnvironment(), searchPath: true) else {
            close(pipeDescriptors[0])
            close(pipeDescriptors[1])
            return nil
        }
        close(pipeDescriptors[1])
        var output: [UInt8] = []
        var chunk = [UInt8](repeating: 0, count: 4096)
        while true {
            let count = chunk.withUnsafeMutableBytes { read(pipeDescriptors[0], $0.baseAddress, $0.count) }
            if count < 0, errno == EINTR { continue }
            if count <= 0 { break }
            output += chunk[0..<count]
        }
        close(pipeDescriptors[0])
        var status: Int32 = 0
        while waitpid(pid, &status, 0) < 0, errno == EINTR {}
        let exited = (status & 0x7f) == 0
        return (exited ? (status >> 8) & 0xff : 128 + (status & 0x7f), String(decoding: output, as: UTF8.self))
    }

    /// Starts `arguments[0]` in a new session, stdio on /dev/null, without git's variables, and does not wait.
    static func spawnDetached(_ arguments: [String]) -> Bool {
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
        // GIT_DIR, GIT_INDEX_FILE and friends describe this one commit; a daemon serving every
        // repository must never inherit them (its git fallback would read the wrong index).
        let environment = currentEnvironment().filter { !$0.hasPrefix("GIT_") }
        guard let pid = spawn(arguments, actions: &actions, attributes: &attributes, environment: environment, searchPath: false) else {
            return false
        }
        // The daemon outlives us; reap it if it exits at once (say, another one won the race).
        _ = waitpid(pid, nil, WNOHANG)
        return true
    }

    private static func spawn(
        _ arguments: [String], actions: inout posix_spawn_file_actions_t, attributes: UnsafePointer<posix_spawnattr_t>?,
        environment: [String], searchPath: Bool
    ) -> pid_t? {
        var argv = arguments.map { strdup($0) } + [nil]
        var envp = environment.map { strdup($0) } + [nil]
        defer {
            for pointer in argv { free(pointer) }
            for pointer in envp { free(pointer) }
        }
        var pid: pid_t = 0
        let result = searchPath
            ? posix_spawnp(&pid, arguments[0], &actions, attributes, &argv, &envp)
            : posix_spawn(&pid, arguments[0], &actions, attributes, &argv, &envp)
        return result == 0 ? pid : nil
    }

    /// The descriptors open in this process, from /proc/self/fd (empty where there is none).
    private static func openDescriptors() -> [Int32] {
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
    static func currentEnvironment() -> [String] {
        var result: [String] = []
        var pointer = environ
        while let entry = pointer.pointee {
            result.append(String(cString: entry))
            pointer += 1
        }
        return result
    }
}
