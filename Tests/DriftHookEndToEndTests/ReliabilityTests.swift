import Foundation
import Testing

/// Ways the gate could quietly stop gating (issue 25), each reproduced with real commits, a real
/// driftd and real sockets; every test failed before its fix.
@Suite struct ReliabilityTests {
    /// Starts `arguments` without waiting; the caller kills it.
    static func start(_ arguments: [String], in folder: String, environment: [String: String]) throws -> Process {
        let process = Process()
        process.executableURL = URL(fileURLWithPath: "/usr/bin/env")
        process.arguments = arguments
        process.currentDirectoryURL = URL(fileURLWithPath: folder)
        process.environment = environment
        process.standardInput = FileHandle.nullDevice
        process.standardOutput = FileHandle.nullDevice
        process.standardError = FileHandle.nullDevice
        try process.run()
        return process
    }

    static func isAlive(_ pid: Int32) -> Bool { kill(pid, 0) == 0 }

    /// Waits up to `seconds` for `condition`.
    static func wait(seconds: Double, until condition: () throws -> Bool) rethrows -> Bool {
        let deadline = Date().addingTimeInterval(seconds)
        while Date() < deadline {
            if try condition() { return true }
            usleep(50_000)
        }
        return try condition()
    }

    // 1
    @Test func aDaemonWhoseSocketFolderIsRemovedExitsAndLeavesTheNewDaemonAlone() throws {
        let sandbox = try Sandbox()
        defer { sandbox.close() }
        let repo = try sandbox.repository()
        try sandbox.git("commit", "-q", "--allow-empty", "-m", "a", in: repo, allowFailure: false)
        let old = try #require(try sandbox.daemonPID())
        // What logind does at logout.
        try FileManager.default.removeItem(atPath: sandbox.socketDirectory)
        try sandbox.git("commit", "-q", "--allow-empty", "-m", "b", in: repo, allowFailure: false)
        let new = try #require(try sandbox.daemonPID())
        #expect(new != old)
        // The old daemon notices its socket is gone (its idle timeout is 120 s) and exits...
        #expect(Self.wait(seconds: 5) { !Self.isAlive(old) }, "the old daemon is still running")
        // ...without removing the new daemon's socket.
        #expect(FileManager.default.fileExists(atPath: sandbox.socketDirectory + "/driftd.sock"))
        try sandbox.stage(Snippet.elided, at: "bad.py", in: repo)
        let commit = try sandbox.git("commit", "-m", "c", in: repo)
        #expect(commit.status == 1, "\(commit)")
        #expect(commit.error.contains("bad.py:2:5: high [elided-code]"))
        #expect(try sandbox.daemonPID() == new)
    }

    // 2
    /// Acting as another user needs root and setpriv.
    static let canSwitchUser = getuid() == 0 && FileManager.default.isExecutableFile(atPath: "/usr/bin/setpriv")

    @Test(.enabled(if: canSwitchUser))
    func aSocketFolderMadeByAnotherUserDoesNotSwitchDriftOff() throws {
        let sandbox = try Sandbox()
        defer { sandbox.close() }
        // The runtime folder plays sticky /tmp: anyone may create a folder there, and does.
        chmod(sandbox.root, 0o711)
        chmod(sandbox.root + "/run", 0o1777)
        let squat = try sandbox.run(
            ["setpriv", "--reuid=65534", "--regid=65534", "--clear-groups", "mkdir", "-m", "700", sandbox.socketDirectory],
            in: "/")
        #expect(squat.status == 0, "\(squat)")
        var info = stat()
        #expect(lstat(sandbox.socketDirectory, &info) == 0 && info.st_uid == 65534)
        let repo = try sandbox.repository()
        try sandbox.stage(Snippet.elided, at: "bad.py", in: repo)
        let commit = try sandbox.git("commit", "-m", "x", in: repo)
        #expect(commit.status == 1, "\(commit)")
        #expect(commit.error.contains("bad.py:2:5: high [elided-code]"))
        #expect(!commit.error.contains("analysis skipped"))
        let status = try sandbox.run([Sandbox.driftHook, "status"], in: repo)
        #expect(status.status == 0, "\(status)")
        #expect(status.output.contains("socket: \(sandbox.root)/cache/drift/run/driftd.sock"), "\(status)")
        #expect(status.output.contains("warning: usual socket folder not used: socket directory \(sandbox.socketDirectory) is owned by uid 65534"))
        // The next commit finds the same daemon.
        let pid = try sandbox.daemonPID()
        let again = try sandbox.git("commit", "-m", "x", "-m", "Drift-Override: elided-code — demo", in: repo)
        #expect(again.status == 0, "\(again)")
        #expect(try sandbox.daemonPID() == pid)
    }

    @Test func whenNoFolderCanBeTrustedTheCommitIsBlockedWithTheReason() throws {
        let sandbox = try Sandbox()
        defer { sandbox.close() }
        try FileManager.default.createDirectory(atPath: sandbox.socketDirectory, withIntermediateDirectories: true, attributes: [.posixPermissions: 0o755])
        try FileManager.default.createDirectory(atPath: sandbox.root + "/cache/drift", withIntermediateDirectories: true)
        try FileManager.default.createSymbolicLink(atPath: sandbox.root + "/cache/drift/run", withDestinationPath: "/tmp")
        let repo = try sandbox.repository()
        try sandbox.stage(Snippet.clean, at: "ok.py", in: repo)
        let commit = try sandbox.git("commit", "-m", "x", in: repo)
        #expect(commit.status == 1, "\(commit)")
        #expect(commit.error.contains("drift: commit blocked — cannot reach driftd safely: socket directory \(sandbox.root)/cache/drift/run is a symbolic link"))
        #expect(try sandbox.git("commit", "--no-verify", "-m", "x", in: repo).status == 0)
    }

    // 3
    @Test func aMalformedStagedConfigurationBlocksTheCommitThatBringsIt() throws {
        let sandbox = try Sandbox()
        defer { sandbox.close() }
        let repo = try sandbox.repository()
        try sandbox.write("blok_at = \"high\"\n", to: repo + "/.drift.toml")
        try sandbox.stage(Snippet.elided, at: "bad.py", in: repo, adding: ".")
        let commit = try sandbox.git("commit", "-m", "x", in: repo)
        #expect(commit.status == 1, "\(commit)")
        #expect(!commit.error.contains("analysis skipped"))
        #expect(commit.error.contains("drift: commit blocked — the staged .drift.toml does not parse: .drift.toml:1:"), "\(commit)")
        // Judged with the defaults meanwhile, so the finding is shown too.
        #expect(commit.error.contains("bad.py:2:5: high [elided-code]"))
        // An override of the finding does not override the broken file.
        let overridden = try sandbox.git("commit", "-m", "x", "-m", "Drift-Override: all — demo", in: repo)
        #expect(overridden.status == 1, "\(overridden)")
        // Fixed, it goes through (with the override for the finding).
        try sandbox.stage("block_at = \"high\"\n", at: ".drift.toml", in: repo)
        let fixed = try sandbox.git("commit", "-m", "x", "-m", "Drift-Override: all — demo", in: repo)
        #expect(fixed.status == 0, "\(fixed)")
    }

    @Test func aBrokenConfigurationAlreadyCommittedIsJudgedWithTheDefaultsAndSaysSo() throws {
        let sandbox = try Sandbox()
        defer { sandbox.close() }
        let repo = try sandbox.repository()
        try sandbox.stage("blok_at = \"high\"\n", at: ".drift.toml", in: repo)
        try sandbox.git("commit", "-q", "--no-verify", "-m", "broken config", in: repo, allowFailure: false)
        try sandbox.stage(Snippet.clean, at: "ok.py", in: repo)
        let clean = try sandbox.git("commit", "-m", "clean", in: repo)
        #expect(clean.status == 0, "\(clean)")
        #expect(clean.error.contains("drift: .drift.toml does not parse: .drift.toml:1:"), "\(clean)")
        #expect(clean.error.contains("judged with the default settings"))
        try sandbox.stage(Snippet.elided, at: "bad.py", in: repo)
        let bad = try sandbox.git("commit", "-m", "bad", in: repo)
        #expect(bad.status == 1, "\(bad)")
        #expect(bad.error.contains("bad.py:2:5: high [elided-code]"))
    }

    // 4
    @Test func anAmendIsJudgedAgainstTheParentOfHEAD() throws {
        let sandbox = try Sandbox()
        defer { sandbox.close() }
        let repo = try sandbox.repository()
        try sandbox.stage(Snippet.clean, at: "ok.py", in: repo)
        try sandbox.git("commit", "-q", "-m", "start", in: repo, allowFailure: false)
        try sandbox.stage(Snippet.elided, at: "bad.py", in: repo)
        let wip = try sandbox.git("commit", "-m", "wip", "-m", "Drift-Override: elided-code — x", in: repo)
        #expect(wip.status == 0, "\(wip)")
        let head = try sandbox.git("rev-parse", "HEAD", in: repo).output
        // Rewording away the trailer would erase the override from history: blocked.
        let amend = try sandbox.git("commit", "--amend", "-m", "clean", in: repo)
        #expect(amend.status == 1, "\(amend)")
        #expect(amend.error.contains("bad.py:2:5: high [elided-code]"))
        #expect(try sandbox.git("rev-parse", "HEAD", in: repo).output == head)
        // Abbreviated, as git's option parser allows.
        #expect(try sandbox.git("commit", "--am", "-m", "clean", in: repo).status == 1)
        // Keeping the trailer keeps the commit allowed.
        let kept = try sandbox.git("commit", "--amend", "--no-edit", in: repo)
        #expect(kept.status == 0, "\(kept)")
        #expect(try sandbox.git("log", "-1", "--format=%B", in: repo).output.contains("Drift-Override: elided-code — x"))
        // A root commit amended is judged as a whole.
        let root = try sandbox.repository("root")
        try sandbox.stage(Snippet.elided, at: "bad.py", in: root)
        try sandbox.git("commit", "-q", "-m", "r", "-m", "Drift-Override: all — x", in: root, allowFailure: false)
        #expect(try sandbox.git("commit", "--amend", "-m", "r2", in: root).status == 1)
    }

    // 5
    @Test func aLockedCacheAtStartNeitherFailsOpenNorStaysOff() throws {
        let sandbox = try Sandbox()
        defer { sandbox.close() }
        let repo = try sandbox.repository()
        try sandbox.stage(Snippet.clean, at: "ok.py", in: repo)
        try sandbox.git("commit", "-q", "-m", "start", in: repo, allowFailure: false)
        try sandbox.run([Sandbox.driftHook, "stop"], in: repo)
        let database = sandbox.root + "/cache/drift/cache.sqlite"
        #expect(FileManager.default.fileExists(atPath: database))
        let ready = sandbox.root + "/locked"
        let holder = try Self.start(["python3", "-c", """
            import sqlite3, time, sys
            db = sqlite3.connect(sys.argv[1], isolation_level=None)
            db.execute("BEGIN EXCLUSIVE")
            open(sys.argv[2], "w").close()
            time.sleep(60)
            """, database, ready], in: sandbox.root, environment: sandbox.environment)
        defer { holder.terminate() }
        #expect(Self.wait(seconds: 10) { FileManager.default.fileExists(atPath: ready) })
        try sandbox.stage(Snippet.elided, at: "bad.py", in: repo)
        // The default start-up wait: a daemon that opened the cache before listening missed it.
        let commit = try sandbox.git("commit", "-m", "x", in: repo, environment: ["DRIFT_HOOK_START_TIMEOUT": "1"])
        #expect(commit.status == 1, "\(commit)")
        #expect(commit.error.contains("bad.py:2:5: high [elided-code]"))
        let status = try sandbox.run([Sandbox.driftHook, "status"], in: repo)
        #expect(status.output.contains("disk cache: off"), "\(status)")
        #expect(status.output.contains("is locked by another process"), "\(status)")
        holder.terminate()
        holder.waitUntilExit()
        // Retried: once the lock is gone the cache is used again.
        var round = 0
        #expect(try Self.wait(seconds: 20) {
            // New content each time, so the commit asks the cache.
            round += 1
            try sandbox.stage("def f\(round)():\n    return \(round)\n", at: "ok\(round).py", in: repo)
            _ = try sandbox.git("commit", "-q", "-m", "y", in: repo)
            return try sandbox.run([Sandbox.driftHook, "status"], in: repo).output.contains("disk cache: on")
        })
    }

    // 6
    @Test func anIndexThatIsAFIFOStallsNeitherItsHookNorAnotherRepository() throws {
        let sandbox = try Sandbox()
        defer { sandbox.close() }
        let stuck = try sandbox.repository("stuck")
        let other = try sandbox.repository("other")
        try sandbox.stage(Snippet.clean, at: "ok.py", in: other)
        try sandbox.git("commit", "-q", "-m", "start", in: other, allowFailure: false)
        let fifo = sandbox.root + "/index.fifo"
        #expect(mkfifo(fifo, 0o600) == 0)
        // More hooks than the daemon has workers, all pointed at the FIFO.
        let hooks = try (0..<4).map { _ in
            try Self.start([Sandbox.driftHook, "pre-commit"], in: stuck, environment: sandbox.environment.merging(["GIT_INDEX_FILE": fifo]) { $1 })
        }
        defer { hooks.forEach { if $0.isRunning { $0.terminate() } } }
        let started = Date()
        try sandbox.stage(Snippet.elided, at: "bad.py", in: other)
        let commit = try sandbox.git("commit", "-m", "x", in: other)
        #expect(commit.status == 1, "\(commit)")
        #expect(commit.error.contains("bad.py:2:5: high [elided-code]"))
        #expect(Date().timeIntervalSince(started) < 8)
        #expect(Self.wait(seconds: 8) { hooks.allSatisfy { !$0.isRunning } })
        let direct = try sandbox.run([Sandbox.driftHook, "pre-commit"], in: stuck, environment: ["GIT_INDEX_FILE": fifo])
        #expect(direct.error.contains("analysis skipped — the index \(fifo) is not a regular file"), "\(direct)")
    }

    // 7
    @Test func aResetBeforeTheHandshakeStartsADaemonInsteadOfFailingOpen() throws {
        let sandbox = try Sandbox()
        defer { sandbox.close() }
        try FileManager.default.createDirectory(atPath: sandbox.socketDirectory, withIntermediateDirectories: true, attributes: [.posixPermissions: 0o700])
        let socket = sandbox.socketDirectory + "/driftd.sock"
        // A daemon on its way out: it accepts, then drops the connection unread (a reset).
        let dying = try Self.start(["python3", "-c", """
            import socket, sys
            s = socket.socket(socket.AF_UNIX)
            s.bind(sys.argv[1]); s.listen(16)
            while True:
                c, _ = s.accept(); c.close()
            """, socket], in: sandbox.root, environment: sandbox.environment)
        defer { dying.terminate() }
        #expect(Self.wait(seconds: 10) { FileManager.default.fileExists(atPath: socket) })
        let repo = try sandbox.repository()
        try sandbox.stage(Snippet.elided, at: "bad.py", in: repo)
        let commit = try sandbox.git("commit", "-m", "x", in: repo)
        #expect(commit.status == 1, "\(commit)")
        #expect(commit.error.contains("bad.py:2:5: high [elided-code]"))
    }

    // 8
    @Test func controlCharactersInFileNamesAreEscapedAsGitDoes() throws {
        let sandbox = try Sandbox()
        defer { sandbox.close() }
        let repo = try sandbox.repository()
        try sandbox.stage(Snippet.elided, at: "evil\u{1B}[2K\u{1B}[1Gok\u{07}.py", in: repo, adding: ".")
        try sandbox.stage(Snippet.elided, at: "two\nlines.py", in: repo, adding: ".")
        let commit = try sandbox.git("commit", "-m", "x", in: repo)
        #expect(commit.status == 1, "\(commit)")
        #expect(commit.error.contains(#""evil\033[2K\033[1Gok\a.py":2:5: high [elided-code]"#), "\(commit)")
        #expect(commit.error.contains(#""two\nlines.py":2:5: high [elided-code]"#))
        #expect(!commit.error.contains("\u{1B}"))
        #expect(!commit.error.contains("\u{07}"))
    }

    // Also: one fail-open line per commit.
    @Test func theFailOpenLineIsPrintedOncePerCommit() throws {
        let sandbox = try Sandbox()
        defer { sandbox.close() }
        let repo = try LifecycleTests.startedRepository(sandbox)
        let pid = try #require(try sandbox.daemonPID())
        kill(pid, SIGSTOP)
        defer { kill(pid, SIGKILL) }
        try sandbox.stage(Snippet.elided, at: "bad.py", in: repo)
        let commit = try sandbox.git("commit", "-m", "x", in: repo, environment: ["DRIFT_HOOK_TIMEOUT": "0.5"])
        #expect(commit.status == 0, "\(commit)")
        #expect(commit.error.components(separatedBy: "drift: analysis skipped").count == 2, "\(commit)")
    }
}

/// A clean merge concludes with commit-msg alone; what the merged branch brought was judged there.
@Suite struct MergeCommitTests {
    @Test func aCleanMergeOfABranchWhoseFindingWasOverriddenIsNotBlockedAgain() throws {
        let sandbox = try Sandbox()
        defer { sandbox.close() }
        let repo = try sandbox.repository()
        try sandbox.stage(Snippet.clean, at: "ok.py", in: repo)
        try sandbox.git("commit", "-q", "-m", "start", in: repo, allowFailure: false)
        try sandbox.git("checkout", "-q", "-b", "topic", in: repo, allowFailure: false)
        try sandbox.stage(Snippet.elided, at: "bad.py", in: repo)
        let overridden = try sandbox.git("commit", "-m", "stub", "-m", "Drift-Override: elided-code — kept on purpose", in: repo)
        #expect(overridden.status == 0, "\(overridden)")
        try sandbox.git("checkout", "-q", "main", in: repo, allowFailure: false)
        try sandbox.stage(Snippet.cleanToo, at: "other.py", in: repo)
        try sandbox.git("commit", "-q", "-m", "main moves on", in: repo, allowFailure: false)
        let merge = try sandbox.git("merge", "--no-ff", "-m", "Merge topic", "topic", in: repo)
        #expect(merge.status == 0, "\(merge)")
        #expect(try sandbox.git("rev-list", "--parents", "-1", "HEAD", in: repo).output.split(separator: " ").count == 3)
        // A merge whose resolution adds a finding of its own is still judged.
        try sandbox.git("checkout", "-q", "-b", "second", "HEAD~1", in: repo, allowFailure: false)
        try sandbox.stage(Snippet.clean + "\n" + Snippet.clean.replacingOccurrences(of: "add", with: "plus"), at: "ok.py", in: repo)
        try sandbox.git("commit", "-q", "-m", "edit ok", in: repo, allowFailure: false)
        try sandbox.git("checkout", "-q", "main", in: repo, allowFailure: false)
        let conflicting = try sandbox.git("merge", "--no-ff", "--no-commit", "second", in: repo)
        #expect(conflicting.status == 0, "\(conflicting)")
        try sandbox.stage(Snippet.clean + Snippet.elided, at: "ok.py", in: repo)
        let resolved = try sandbox.git("commit", "-m", "Merge second", in: repo)
        #expect(resolved.status == 1, "\(resolved)")
        #expect(resolved.error.contains("ok.py:4:5: high [elided-code]"))
    }
}
