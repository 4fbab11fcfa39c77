import Foundation
import Testing

/// The daemon's life as hooks see it: started on demand, replaced, killed, refused.
@Suite struct LifecycleTests {
    /// A repository with one clean commit, hooks installed.
    static func startedRepository(_ sandbox: Sandbox) throws -> String {
        let repo = try sandbox.repository()
        try sandbox.stage(Snippet.clean, at: "app.py", in: repo, adding: ".")
        let first = try sandbox.git("commit", "-m", "Start", in: repo)
        #expect(first.status == 0, "\(first)")
        return repo
    }

    @Test func aDaemonKilledMidCommitFailsOpenAndIsRestartedNextCommit() throws {
        let sandbox = try Sandbox()
        defer { sandbox.close() }
        let repo = try Self.startedRepository(sandbox)
        let pid = try #require(try sandbox.daemonPID())
        // Frozen: it accepts the connection but never answers, as if it died mid-request.
        kill(pid, SIGSTOP)
        try sandbox.stage(Snippet.elided, at: "handler.py", in: repo, adding: ".")
        let skipped = try sandbox.git("commit", "-m", "While frozen", in: repo, environment: ["DRIFT_HOOK_TIMEOUT": "0.5"])
        kill(pid, SIGKILL)
        #expect(skipped.status == 0, "\(skipped)")
        #expect(skipped.error.contains("drift: analysis skipped — daemon unavailable: no answer within"))
        // Its socket file is left behind; the next commit starts a new daemon that replaces it.
        #expect(FileManager.default.fileExists(atPath: sandbox.socketDirectory + "/driftd.sock"))
        try sandbox.stage(Snippet.clean + Snippet.elided, at: "app.py", in: repo, adding: ".")
        let next = try sandbox.git("commit", "-m", "After restart", in: repo)
        #expect(next.status == 1, "\(next)")
        let newPID = try #require(try sandbox.daemonPID())
        #expect(newPID != pid)
    }

    @Test func aStaleSocketFileIsReplaced() throws {
        let sandbox = try Sandbox()
        defer { sandbox.close() }
        try FileManager.default.createDirectory(atPath: sandbox.socketDirectory, withIntermediateDirectories: true, attributes: [.posixPermissions: 0o700])
        #expect(FileManager.default.createFile(atPath: sandbox.socketDirectory + "/driftd.sock", contents: Data("stale".utf8)))
        let repo = try sandbox.repository()
        try sandbox.stage(Snippet.elided, at: "handler.py", in: repo, adding: ".")
        let commit = try sandbox.git("commit", "-m", "Add handler", in: repo)
        #expect(commit.status == 1, "\(commit)")
        #expect(try sandbox.daemonPID() != nil)
    }

    @Test func aSocketFolderOpenToOthersIsPassedOverForThePrivateFallback() throws {
        let sandbox = try Sandbox()
        defer { sandbox.close() }
        try FileManager.default.createDirectory(atPath: sandbox.socketDirectory, withIntermediateDirectories: true, attributes: [.posixPermissions: 0o755])
        let repo = try sandbox.repository()
        try sandbox.stage(Snippet.elided, at: "handler.py", in: repo, adding: ".")
        let commit = try sandbox.git("commit", "-m", "Add handler", in: repo)
        #expect(commit.status == 1, "\(commit)")
        #expect(commit.error.contains("handler.py:2:5: high [elided-code]"))
        // Nothing was put in the open folder.
        #expect(!FileManager.default.fileExists(atPath: sandbox.socketDirectory + "/driftd.sock"))
        let status = try sandbox.run([Sandbox.driftHook, "status"], in: sandbox.root)
        #expect(status.status == 0, "\(status)")
        #expect(status.output.contains("socket: \(sandbox.root)/cache/drift/run/driftd.sock"))
        #expect(status.output.contains("warning: usual socket folder not used: socket directory \(sandbox.socketDirectory) has mode 755"))
        let driftd = try sandbox.run([Sandbox.binDirectory + "/driftd", "--foreground"], in: sandbox.root)
        #expect(driftd.status == 0)
        #expect(driftd.error.contains("already running"))
    }

    @Test func anOlderDaemonIsReplacedByTheHook() throws {
        let sandbox = try Sandbox()
        defer { sandbox.close() }
        let start = try sandbox.run([Sandbox.binDirectory + "/driftd", "--pretend-version", "0.0.1"], in: sandbox.root)
        #expect(start.status == 0, "\(start)")
        var oldStatus = ""
        for _ in 0..<500 where !oldStatus.contains("driftd 0.0.1") {
            oldStatus = try sandbox.run([Sandbox.driftHook, "status"], in: sandbox.root).output
            usleep(20_000)
        }
        #expect(oldStatus.contains("driftd 0.0.1"))
        let repo = try sandbox.repository()
        try sandbox.stage(Snippet.elided, at: "handler.py", in: repo, adding: ".")
        let commit = try sandbox.git("commit", "-m", "Add handler", in: repo)
        #expect(commit.status == 1, "\(commit)")
        #expect(commit.error.contains("handler.py:2:5"))
        let status = try sandbox.run([Sandbox.driftHook, "status"], in: sandbox.root)
        #expect(status.output.contains("driftd 0.1.0"), "\(status)")
    }

    @Test func aSecondDriftdFindsTheLiveOneAndExits() throws {
        let sandbox = try Sandbox()
        defer { sandbox.close() }
        _ = try Self.startedRepository(sandbox)
        let pid = try #require(try sandbox.daemonPID())
        let second = try sandbox.run([Sandbox.binDirectory + "/driftd", "--foreground"], in: sandbox.root)
        #expect(second.status == 0)
        #expect(second.error.contains("already running"))
        #expect(try sandbox.daemonPID() == pid)
    }

    @Test func statusAndStop() throws {
        let sandbox = try Sandbox()
        defer { sandbox.close() }
        let repo = try Self.startedRepository(sandbox)
        let status = try sandbox.run([Sandbox.driftHook, "status"], in: sandbox.root)
        #expect(status.status == 0, "\(status)")
        for expected in ["driftd 0.1.0, pid ", "up ", "blob cache: ", "hits", "misses", "memory: ", "MiB resident", repo + "/.git"] {
            #expect(status.output.contains(expected), "missing \(expected) in \(status.output)")
        }
        let stop = try sandbox.run([Sandbox.driftHook, "stop"], in: sandbox.root)
        #expect(stop.output.contains("stopped"))
        let after = try sandbox.run([Sandbox.driftHook, "status"], in: sandbox.root)
        #expect(after.status == 3)
        #expect(after.output.contains("driftd is not running"))
    }

    /// Acting as another user needs root, and python3 to switch user and speak the protocol.
    static let canActAsAnotherUser = getuid() == 0
        && (ProcessInfo.processInfo.environment["PATH"] ?? "").split(separator: ":").contains {
            FileManager.default.isExecutableFile(atPath: "\($0)/python3")
        }

    @Test(.enabled(if: canActAsAnotherUser))
    func anotherUserIsRefusedByPeerCredentials() throws {
        let sandbox = try Sandbox()
        defer { sandbox.close() }
        _ = try Self.startedRepository(sandbox)
        // Open the way for uid 65534 on purpose; the daemon must still refuse it.
        chmod(sandbox.root, 0o711)
        chmod(sandbox.root + "/run", 0o711)
        chmod(sandbox.socketDirectory, 0o711)
        chmod(sandbox.socketDirectory + "/driftd.sock", 0o666)
        let script = """
            import os, socket, struct
            os.setgid(65534); os.setuid(65534)
            s = socket.socket(socket.AF_UNIX)
            s.settimeout(5)
            s.connect("\(sandbox.socketDirectory)/driftd.sock")
            hello = bytes([1]) + b"DRFT" + struct.pack(">H", 1) + struct.pack(">I", 5) + b"0.1.0" + bytes([0])
            try:
                s.sendall(struct.pack(">I", len(hello)) + hello + struct.pack(">I", 1) + bytes([3]))
                print("answer", len(s.recv(4096)))
            except (ConnectionResetError, BrokenPipeError):
                print("answer 0")
            """
        let result = try sandbox.run(["python3", "-c", script], in: "/")
        chmod(sandbox.socketDirectory, 0o700)
        #expect(result.output.contains("answer 0"), "\(result)")
    }
}
