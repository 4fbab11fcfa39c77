import Foundation

/// Runs the `git` CLI for one repository, isolated from the environment of whoever started us.
///
/// A daemon spawned from inside a hook inherits that hook's `GIT_DIR`, `GIT_INDEX_FILE` and
/// friends; passing them on would point every later command at the wrong repository, so all
/// `GIT_*` variables are dropped and the ones we mean are set explicitly.
struct CommandLineGit: Sendable {
    let gitDirectory: String
    let workTree: String?

    struct Output {
        var status: Int32
        var stdout: [UInt8]
        var stderr: String
    }

    static var executable: String {
        for folder in (ProcessInfo.processInfo.environment["PATH"] ?? "/usr/bin:/bin").split(separator: ":") {
            let candidate = "\(folder)/git"
            if FileManager.default.isExecutableFile(atPath: candidate) { return candidate }
        }
        return "/usr/bin/git"
    }

    /// Runs `git arguments…`; `indexPath` becomes `GIT_INDEX_FILE`.
    func run(_ arguments: [String], indexPath: String? = nil, input: [UInt8]? = nil) throws -> Output {
        var environment = ProcessInfo.processInfo.environment.filter { !$0.key.hasPrefix("GIT_") }
        environment["GIT_DIR"] = gitDirectory
        if let workTree { environment["GIT_WORK_TREE"] = workTree }
        if let indexPath { environment["GIT_INDEX_FILE"] = indexPath }
        // Reading must never take the index lock or refresh the index: Drift never writes it.
        environment["GIT_OPTIONAL_LOCKS"] = "0"
        environment["LC_ALL"] = "C"
        return try CommandLineGit.spawn(arguments, environment: environment, directory: workTree ?? gitDirectory, input: input)
    }

    /// How long one git command may run before it is killed (a read stuck on a FIFO or a hung
    /// file system must not hold a daemon's worker for ever).
    static let deadline: TimeInterval = 20

    /// Runs git with the given environment; stdout, stderr and stdin are pumped concurrently so
    /// no pipe can fill up and deadlock. Killed, and reported as failed, after `deadline` seconds.
    static func spawn(
        _ arguments: [String], environment: [String: String], directory: String, input: [UInt8]? = nil,
        deadline: TimeInterval = CommandLineGit.deadline
    ) throws -> Output {
        let process = Process()
        process.executableURL = URL(fileURLWithPath: executable)
        process.arguments = arguments
        process.environment = environment
        process.currentDirectoryURL = URL(fileURLWithPath: directory)
        let stdout = Pipe(), stderr = Pipe()
        process.standardOutput = stdout
        process.standardError = stderr
        let stdin = Pipe()
        process.standardInput = input == nil ? FileHandle.nullDevice : stdin
        do {
            try process.run()
        } catch {
            throw GitError("cannot run git (\(executable)): \(error.localizedDescription)")
        }
        let group = DispatchGroup()
        let errorBox = Box()
        let finished = Box()
        let pid = process.processIdentifier
        DispatchQueue.global().asyncAfter(deadline: .now() + deadline) {
            finished.lock.lock()
            defer { finished.lock.unlock() }
            guard !finished.done else { return }
            finished.timedOut = true
            kill(pid, SIGKILL)
        }
        DispatchQueue.global().async(group: group) {
            errorBox.data = stderr.fileHandleForReading.readDataToEndOfFile()
        }
        if let input {
            let writer = stdin.fileHandleForWriting
            DispatchQueue.global().async(group: group) {
                try? writer.write(contentsOf: Data(input))
                try? writer.close()
            }
        }
        let output = stdout.fileHandleForReading.readDataToEndOfFile()
        group.wait()
        process.waitUntilExit()
        finished.lock.lock()
        finished.done = true
        let timedOut = finished.timedOut
        finished.lock.unlock()
        if timedOut {
            throw GitError("git \(arguments.first ?? "") did not finish within \(Int(deadline)) s and was stopped")
        }
        return Output(status: process.terminationStatus, stdout: [UInt8](output), stderr: String(decoding: errorBox.data, as: UTF8.self))
    }

    /// Written by exactly one background block before `group.wait()` returns (`data`), or under
    /// `lock` (whether the command finished or was stopped at its deadline).
    private final class Box: @unchecked Sendable {
        var data = Data()
        let lock = NSLock()
        var done = false
        var timedOut = false
    }

    /// Runs git and returns stdout, or throws a one-line error naming the command.
    func checked(_ arguments: [String], indexPath: String? = nil, input: [UInt8]? = nil) throws -> [UInt8] {
        let output = try run(arguments, indexPath: indexPath, input: input)
        guard output.status == 0 else {
            let firstLine = output.stderr.split(separator: "\n").first.map(String.init) ?? "exit status \(output.status)"
            throw GitError("git \(arguments.first ?? "") failed: \(firstLine)")
        }
        return output.stdout
    }
}
