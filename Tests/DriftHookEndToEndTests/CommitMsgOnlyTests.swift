import Foundation
import Testing

/// `drift-hook install --commit-msg-only`: one hook, linked straight to drift-hook, through real `git commit`s.
@Suite struct CommitMsgOnlyTests {
    /// A fresh repository with `install --commit-msg-only` and any `extra` options.
    static func repository(_ sandbox: Sandbox, _ extra: String...) throws -> String {
        let repo = try sandbox.repository(install: false)
        let install = try sandbox.run([Sandbox.driftHook, "install", "--commit-msg-only"] + extra, in: repo)
        #expect(install.status == 0, "\(install)")
        return repo
    }

    static func linkTarget(_ path: String) -> String? {
        try? FileManager.default.destinationOfSymbolicLink(atPath: path)
    }

    /// The path drift-hook records for itself (/proc/self/exe, symbolic links resolved).
    static var resolvedDriftHook: String { (Sandbox.driftHook as NSString).resolvingSymlinksInPath }

    @Test func commitMsgIsALinkToTheInstallingDriftHookAndPreCommitIsLeftOut() throws {
        let sandbox = try Sandbox()
        defer { sandbox.close() }
        let repo = try Self.repository(sandbox)
        #expect(Self.linkTarget(repo + "/.git/hooks/commit-msg") == Self.resolvedDriftHook)
        #expect(!FileManager.default.fileExists(atPath: repo + "/.git/hooks/pre-commit"))
        #expect(!FileManager.default.fileExists(atPath: repo + "/.git/hooks/commit-msg.drift-mode"))
    }

    @Test func aHighFindingBlocksAndTheMessageCanBeReused() throws {
        let sandbox = try Sandbox()
        defer { sandbox.close() }
        let repo = try Self.repository(sandbox)
        try sandbox.stage(Snippet.elided, at: "handler.py", in: repo, adding: ".")
        let commit = try sandbox.git("commit", "-m", "Add handler", in: repo)
        #expect(commit.status == 1, "\(commit)")
        #expect(commit.error.contains("handler.py:2:5: high [elided-code]"))
        #expect(commit.error.contains("Drift-Override: elided-code — <why this is safe>"))
        #expect(commit.error.contains("git commit -e -F .git/COMMIT_EDITMSG"))
        #expect(try sandbox.git("rev-parse", "--verify", "HEAD", in: repo).status != 0)
        // The trailer lets it through; the analysis ran once per commit (no pre-commit request).
        let allowed = try sandbox.git("commit", "-m", "Add handler", "-m", "Drift-Override: elided-code — stub kept for the demo", in: repo)
        #expect(allowed.status == 0, "\(allowed)")
        #expect(allowed.error.contains("override accepted for elided-code: stub kept for the demo"))
        let status = try sandbox.run([Sandbox.driftHook, "status"], in: repo).output
        #expect(status.contains("requests: 2"), "\(status)")
    }

    @Test func warnModeNeverBlocksAndInstallIsIdempotent() throws {
        let sandbox = try Sandbox()
        defer { sandbox.close() }
        let repo = try Self.repository(sandbox, "--mode", "warn")
        let again = try sandbox.run([Sandbox.driftHook, "install", "--commit-msg-only", "--mode", "warn"], in: repo)
        #expect(again.status == 0, "\(again)")
        #expect(Self.linkTarget(repo + "/.git/hooks/commit-msg") == Self.resolvedDriftHook)
        #expect(try String(contentsOfFile: repo + "/.git/hooks/commit-msg.drift-mode", encoding: .utf8) == "warn\n")
        let hooks = try FileManager.default.contentsOfDirectory(atPath: repo + "/.git/hooks").filter { !$0.hasSuffix(".sample") }
        #expect(hooks.sorted() == ["commit-msg", "commit-msg.drift-mode"])
        try sandbox.stage(Snippet.elided, at: "handler.py", in: repo, adding: ".")
        let commit = try sandbox.git("commit", "-m", "Add handler", in: repo)
        #expect(commit.status == 0, "\(commit)")
        #expect(commit.error.contains("handler.py:2:5"))
        #expect(commit.error.contains("warn mode"))
        // Back to block: the mode file goes, and the next finding blocks.
        #expect(try sandbox.run([Sandbox.driftHook, "install", "--commit-msg-only"], in: repo).status == 0)
        #expect(!FileManager.default.fileExists(atPath: repo + "/.git/hooks/commit-msg.drift-mode"))
        try sandbox.stage(Snippet.clean + Snippet.elided, at: "app.py", in: repo, adding: ".")
        #expect(try sandbox.git("commit", "-m", "Add app", in: repo).status == 1)
    }

    @Test func anExistingCommitMsgHookIsChainedThroughAShimAndRestoredByteForByte() throws {
        let sandbox = try Sandbox()
        defer { sandbox.close() }
        let repo = try sandbox.repository(install: false)
        let hook = repo + "/.git/hooks/commit-msg"
        let existing = "#!/bin/sh\n# the team's own hook\necho ran >> \"$(git rev-parse --git-dir)/existing-hook-ran\"\n"
        try existing.write(toFile: hook, atomically: true, encoding: .utf8)
        chmod(hook, 0o750)
        let original = try InstallTests.attributes(hook)
        for _ in 0..<2 {
            let install = try sandbox.run([Sandbox.driftHook, "install", "--commit-msg-only"], in: repo)
            #expect(install.status == 0, "\(install)")
            #expect(install.output.contains("a shim that runs the existing hook first"))
        }
        #expect(Self.linkTarget(hook) == nil)
        #expect(try InstallTests.attributes(hook + ".drift-previous") == original)
        try sandbox.stage(Snippet.elided, at: "handler.py", in: repo, adding: ".")
        let commit = try sandbox.git("commit", "-m", "Add handler", in: repo)
        #expect(commit.status == 1, "\(commit)")
        #expect(FileManager.default.fileExists(atPath: repo + "/.git/existing-hook-ran"))
        let uninstall = try sandbox.run([Sandbox.driftHook, "uninstall"], in: repo)
        #expect(uninstall.status == 0, "\(uninstall)")
        #expect(try InstallTests.attributes(hook) == original)
        #expect(!FileManager.default.fileExists(atPath: hook + ".drift-previous"))
    }

    @Test func switchingFromTwoHooksRestoresThePreCommitHookAndBack() throws {
        let sandbox = try Sandbox()
        defer { sandbox.close() }
        let repo = try sandbox.repository(install: false)
        let preCommit = repo + "/.git/hooks/pre-commit"
        try InstallTests.existingHook.write(toFile: preCommit, atomically: true, encoding: .utf8)
        chmod(preCommit, 0o755)
        let original = try InstallTests.attributes(preCommit)
        #expect(try sandbox.run([Sandbox.driftHook, "install"], in: repo).status == 0)
        let single = try sandbox.run([Sandbox.driftHook, "install", "--commit-msg-only"], in: repo)
        #expect(single.status == 0, "\(single)")
        #expect(single.output.contains("restored the previous pre-commit"))
        #expect(try InstallTests.attributes(preCommit) == original)
        #expect(Self.linkTarget(repo + "/.git/hooks/commit-msg") == Self.resolvedDriftHook)
        // The team's pre-commit still runs (git runs it); Drift judges in commit-msg.
        try sandbox.stage(Snippet.elided, at: "handler.py", in: repo, adding: ".")
        #expect(try sandbox.git("commit", "-m", "Add handler", in: repo).status == 1)
        #expect(FileManager.default.fileExists(atPath: repo + "/.git/existing-hook-ran"))
        // And back to two shims, then nothing of Drift's.
        #expect(try sandbox.run([Sandbox.driftHook, "install"], in: repo).status == 0)
        #expect(Self.linkTarget(repo + "/.git/hooks/commit-msg") == nil)
        #expect(try String(contentsOfFile: preCommit, encoding: .utf8).contains("# drift-hook shim:"))
        #expect(try sandbox.run([Sandbox.driftHook, "uninstall"], in: repo).status == 0)
        #expect(try InstallTests.attributes(preCommit) == original)
        #expect(!FileManager.default.fileExists(atPath: repo + "/.git/hooks/commit-msg"))
    }

    @Test func aCleanMergeIsJudgedByTheLinkedHook() throws {
        let sandbox = try Sandbox()
        defer { sandbox.close() }
        let repo = try Self.repository(sandbox)
        try sandbox.stage(Snippet.clean, at: "app.py", in: repo, adding: ".")
        try sandbox.git("commit", "-q", "-m", "Start", in: repo, allowFailure: false)
        try sandbox.git("checkout", "-q", "-b", "feature", in: repo, allowFailure: false)
        try sandbox.stage(Snippet.elided, at: "handler.py", in: repo, adding: ".")
        try sandbox.git("commit", "-q", "--no-verify", "-m", "Feature", in: repo, allowFailure: false)
        try sandbox.git("checkout", "-q", "main", in: repo, allowFailure: false)
        let merge = try sandbox.git("merge", "--no-ff", "-m", "Merge feature", "feature", in: repo)
        #expect(merge.status != 0, "\(merge)")
        #expect(merge.error.contains("handler.py:2:5"))
    }

    /// The one promise a link cannot keep: with the installing drift-hook gone, git skips the
    /// dangling hook without a word (a shim would look in PATH, then print one line).
    @Test func aDanglingLinkIsSkippedSilentlyByGitAndUninstallStillRemovesIt() throws {
        let sandbox = try Sandbox()
        defer { sandbox.close() }
        let repo = try sandbox.repository(install: false)
        let copy = sandbox.root + "/copy/drift-hook"
        try FileManager.default.createDirectory(atPath: sandbox.root + "/copy", withIntermediateDirectories: true)
        try FileManager.default.copyItem(atPath: Sandbox.driftHook, toPath: copy)
        #expect(try sandbox.run([copy, "install", "--commit-msg-only"], in: repo).status == 0)
        try FileManager.default.removeItem(atPath: copy)
        try sandbox.stage(Snippet.elided, at: "handler.py", in: repo, adding: ".")
        let commit = try sandbox.git("commit", "-m", "Add handler", in: repo)
        #expect(commit.status == 0, "\(commit)")
        #expect(!commit.error.contains("drift"), "\(commit)")
        let uninstall = try sandbox.run([Sandbox.driftHook, "uninstall"], in: repo)
        #expect(uninstall.status == 0, "\(uninstall)")
        #expect(!FileManager.default.fileExists(atPath: repo + "/.git/hooks/commit-msg")
            && (try? FileManager.default.destinationOfSymbolicLink(atPath: repo + "/.git/hooks/commit-msg")) == nil)
    }
}
