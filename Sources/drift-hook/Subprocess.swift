import DriftProtocol
import Glibc

/// Running git to completion with `posix_spawn` (driftd is started by `DetachedProcess`).
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
        guard let pid = spawn(arguments, actions: &actions, environment: DetachedProcess.currentEnvironment()) else {
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

    /// Starts `arguments[0]`, looked up in PATH, with `environment`.
    private static func spawn(_ arguments: [String], actions: inout posix_spawn_file_actions_t, environment: [String]) -> pid_t? {
        var argv = arguments.map { strdup($0) } + [nil]
        var envp = environment.map { strdup($0) } + [nil]
        defer {
            for pointer in argv { free(pointer) }
            for pointer in envp { free(pointer) }
        }
        var pid: pid_t = 0
        return posix_spawnp(&pid, arguments[0], &actions, nil, &argv, &envp) == 0 ? pid : nil
    }
}
