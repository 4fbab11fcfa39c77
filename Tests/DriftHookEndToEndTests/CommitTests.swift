import Foundation
import Testing

/// Real `git commit`s through the installed shims, the built drift-hook and a real driftd.
@Suite struct CommitTests {
    @Test func theInitialCommitIsBlockedOnAHighFinding() throws {
        let sandbox = try Sandbox()
        defer { sandbox.close() }
        let repo = try sandbox.repository()
        try sandbox.stage(Snippet.elided, at: "handler.py", in: repo)
        let commit = try sandbox.git("commit", "-m", "Add handler", in: repo)
        #expect(commit.status == 1, "\(commit)")
        #expect(commit.error.contains("handler.py:2:5: high [elided-code]"))
        #expect(commit.error.contains("Drift-Override: elided-code — <why this is safe>"))
        #expect(commit.error.contains("git commit -e -F .git/COMMIT_EDITMSG"))
        #expect(try sandbox.git("rev-parse", "--verify", "HEAD", in: repo).status != 0)
    }

    @Test func aCleanInitialCommitPassesAndSaysSo() throws {
        let sandbox = try Sandbox()
        defer { sandbox.close() }
        let repo = try sandbox.repository()
        try sandbox.stage(Snippet.clean, at: "math.py", in: repo, adding: ".")
        let commit = try sandbox.git("commit", "-m", "Add math", in: repo)
        #expect(commit.status == 0, "\(commit)")
        #expect(commit.error.contains("drift: ✓ No findings in 1 file."))
    }

    @Test func commitMsgSkipsTheDaemonWhenPreCommitFoundNothing() throws {
        let sandbox = try Sandbox()
        defer { sandbox.close() }
        let repo = try sandbox.repository()
        func requests() throws -> String? {
            let status = try sandbox.run([Sandbox.driftHook, "status"], in: repo).output
            return status.firstMatch(of: /requests: (\d+)/).map { String($0.1) }
        }
        try sandbox.stage(Snippet.clean, at: "math.py", in: repo, adding: ".")
        #expect(try sandbox.git("commit", "-m", "Add math", in: repo).status == 0)
        #expect(try requests() == "1")
        // With a finding, commit-msg must ask: the message decides.
        try sandbox.stage(Snippet.elided, at: "handler.py", in: repo, adding: ".")
        #expect(try sandbox.git("commit", "-m", "Add handler", "-m", "Drift-Override: all — demo", in: repo).status == 0)
        #expect(try requests() == "3")
    }

    @Test func aValidTrailerLetsTheCommitThrough() throws {
        let sandbox = try Sandbox()
        defer { sandbox.close() }
        let repo = try sandbox.repository()
        try sandbox.stage(Snippet.elided, at: "handler.py", in: repo, adding: ".")
        let commit = try sandbox.git("commit", "-m", "Add handler", "-m", "Drift-Override: elided-code — stub kept for the demo", in: repo)
        #expect(commit.status == 0, "\(commit)")
        #expect(commit.error.contains("override accepted for elided-code: stub kept for the demo"))
        let message = try sandbox.git("log", "-1", "--format=%B", in: repo).output
        #expect(message.contains("Drift-Override: elided-code — stub kept for the demo"))
    }

    @Test func aTrailerWithoutAReasonIsRejected() throws {
        let sandbox = try Sandbox()
        defer { sandbox.close() }
        let repo = try sandbox.repository()
        try sandbox.stage(Snippet.elided, at: "handler.py", in: repo, adding: ".")
        let commit = try sandbox.git("commit", "-m", "Add handler", "-m", "Drift-Override: elided-code", in: repo)
        #expect(commit.status == 1, "\(commit)")
        #expect(commit.error.contains("ignored `Drift-Override: elided-code` — it has no reason"))
        let unknown = try sandbox.git("commit", "-m", "Add handler", "-m", "Drift-Override: elided-cod -- typo", in: repo)
        #expect(unknown.status == 1)
        #expect(unknown.error.contains("unknown rule id 'elided-cod' (did you mean 'elided-code'?)"))
    }

    @Test func commitAllJudgesWhatItStages() throws {
        let sandbox = try Sandbox()
        defer { sandbox.close() }
        let repo = try sandbox.repository()
        try sandbox.stage(Snippet.clean, at: "app.py", in: repo, adding: ".")
        try sandbox.git("commit", "-q", "-m", "Start", in: repo, allowFailure: false)
        try sandbox.write(Snippet.clean + Snippet.elided, to: repo + "/app.py")  // modified, not staged
        let commit = try sandbox.git("commit", "-a", "-m", "Change app", in: repo)
        #expect(commit.status == 1, "\(commit)")
        #expect(commit.error.contains("app.py:4:5: high [elided-code]"))
    }

    @Test func commitWithPathsJudgesOnlyThosePaths() throws {
        let sandbox = try Sandbox()
        defer { sandbox.close() }
        let repo = try sandbox.repository()
        try sandbox.stage(Snippet.clean, at: "app.py", in: repo, adding: ".")
        try sandbox.git("commit", "-q", "-m", "Start", in: repo, allowFailure: false)
        // A bad file is staged, but `git commit app.py` commits only app.py.
        try sandbox.stage(Snippet.elided, at: "staged.py", in: repo)
        try sandbox.write(Snippet.clean + Snippet.cleanToo, to: repo + "/app.py")
        let clean = try sandbox.git("commit", "app.py", "-m", "Extend app", in: repo)
        #expect(clean.status == 0, "\(clean)")
        // And the other way round: a clean file staged, a bad change to the named path.
        try sandbox.git("reset", "-q", "staged.py", in: repo)
        try sandbox.stage(Snippet.clean, at: "staged.py", in: repo)
        try sandbox.write(Snippet.clean + Snippet.elided, to: repo + "/app.py")
        let bad = try sandbox.git("commit", "app.py", "-m", "Break app", in: repo)
        #expect(bad.status == 1, "\(bad)")
        #expect(bad.error.contains("app.py:"))
        #expect(!bad.error.contains("staged.py:"))
    }

    @Test func onlyTheStagedVersionOfAPartiallyStagedFileIsJudged() throws {
        let sandbox = try Sandbox()
        defer { sandbox.close() }
        let repo = try sandbox.repository()
        try sandbox.stage(Snippet.clean, at: "app.py", in: repo, adding: ".")
        try sandbox.write(Snippet.clean + Snippet.elided, to: repo + "/app.py")  // unstaged addition
        let clean = try sandbox.git("commit", "-m", "Stage the clean part", in: repo)
        #expect(clean.status == 0, "\(clean)")
        // Staged bad, working tree fixed: still blocked.
        try sandbox.git("add", "app.py", in: repo, allowFailure: false)
        try sandbox.write(Snippet.clean + Snippet.cleanToo, to: repo + "/app.py")
        let bad = try sandbox.git("commit", "-m", "Stage the bad part", in: repo)
        #expect(bad.status == 1, "\(bad)")
    }

    @Test func amendJudgesTheAmendedCommit() throws {
        let sandbox = try Sandbox()
        defer { sandbox.close() }
        let repo = try sandbox.repository()
        try sandbox.stage(Snippet.clean, at: "app.py", in: repo, adding: ".")
        try sandbox.git("commit", "-q", "-m", "Start", in: repo, allowFailure: false)
        try sandbox.stage(Snippet.clean + Snippet.elided, at: "app.py", in: repo, adding: ".")
        let blocked = try sandbox.git("commit", "--amend", "--no-edit", in: repo)
        #expect(blocked.status == 1, "\(blocked)")
        let allowed = try sandbox.git("commit", "--amend", "-m", "Start", "-m", "Drift-Override: all — amend demo", in: repo)
        #expect(allowed.status == 0, "\(allowed)")
        #expect(try sandbox.git("rev-list", "--count", "HEAD", in: repo).output.trimmingCharacters(in: .whitespacesAndNewlines) == "1")
    }

    @Test func deletedAndRenamedFilesPass() throws {
        let sandbox = try Sandbox()
        defer { sandbox.close() }
        let repo = try sandbox.repository()
        try sandbox.write(Snippet.elided, to: repo + "/legacy.py")
        try sandbox.stage(Snippet.clean, at: "gone.py", in: repo, adding: ".")
        try sandbox.git("commit", "-q", "-m", "Start", "-m", "Drift-Override: all — existing code", in: repo, allowFailure: false)
        try sandbox.git("rm", "-q", "gone.py", in: repo, allowFailure: false)
        let deleted = try sandbox.git("commit", "-m", "Remove gone", in: repo)
        #expect(deleted.status == 0, "\(deleted)")
        // A pure rename adds no lines, so the old finding is not the commit's.
        try sandbox.git("mv", "legacy.py", "renamed.py", in: repo, allowFailure: false)
        let renamed = try sandbox.git("commit", "-m", "Rename legacy", in: repo)
        #expect(renamed.status == 0, "\(renamed)")
    }

    @Test func binaryAndOversizedFilesAreSkippedAndSaidSo() throws {
        let sandbox = try Sandbox()
        defer { sandbox.close() }
        let repo = try sandbox.repository()
        try sandbox.write("max_file_bytes = 200\n", to: repo + "/.drift.toml")
        var binary = Data(Snippet.elided.utf8)
        binary.append(contentsOf: [0, 1, 2, 0])
        try binary.write(to: URL(fileURLWithPath: repo + "/blob.py"))
        try sandbox.stage(Snippet.elided + String(repeating: "# padding line\n", count: 40), at: "big.py", in: repo, adding: ".")
        let commit = try sandbox.git("commit", "-m", "Add data", in: repo)
        #expect(commit.status == 0, "\(commit)")
        #expect(commit.error.contains("skipped blob.py: binary file"))
        #expect(commit.error.contains("skipped big.py: larger than max_file_bytes (200 bytes)"))
    }

    @Test func aWorktreeUsesTheSharedHooksAndItsOwnIndex() throws {
        let sandbox = try Sandbox()
        defer { sandbox.close() }
        let repo = try sandbox.repository()
        try sandbox.stage(Snippet.clean, at: "app.py", in: repo, adding: ".")
        try sandbox.git("commit", "-q", "-m", "Start", in: repo, allowFailure: false)
        let worktree = sandbox.root + "/wt"
        try sandbox.git("worktree", "add", "-q", worktree, in: repo, allowFailure: false)
        try sandbox.stage(Snippet.elided, at: "handler.py", in: worktree, adding: ".")
        let commit = try sandbox.git("commit", "-m", "Add handler", in: worktree)
        #expect(commit.status == 1, "\(commit)")
        #expect(commit.error.contains("handler.py:2:5"))
        // The worktree's message file is absolute: the hint must name it so.
        #expect(commit.error.contains("git commit -e -F /"))
    }

    @Test func aSubmoduleCommitIsJudged() throws {
        let sandbox = try Sandbox()
        defer { sandbox.close() }
        let library = try sandbox.repository("library", install: false)
        try sandbox.stage(Snippet.clean, at: "lib.py", in: library, adding: ".")
        try sandbox.git("commit", "-q", "-m", "Library", in: library, allowFailure: false)
        let app = try sandbox.repository("app", install: false)
        try sandbox.git("submodule", "add", "-q", library, "vendor/library", in: app, allowFailure: false)
        let submodule = app + "/vendor/library"
        let install = try sandbox.run([Sandbox.driftHook, "install"], in: submodule)
        #expect(install.status == 0, "\(install)")
        #expect(install.output.contains("/app/.git/modules/vendor/library/hooks"))
        try sandbox.stage(Snippet.elided, at: "handler.py", in: submodule, adding: ".")
        let commit = try sandbox.git("commit", "-m", "Add handler", in: submodule)
        #expect(commit.status == 1, "\(commit)")
        #expect(commit.error.contains("handler.py:2:5"))
    }

    @Test func aMergeCommitRunsCommitMsgAlone() throws {
        let sandbox = try Sandbox()
        defer { sandbox.close() }
        let repo = try sandbox.repository()
        try sandbox.stage(Snippet.clean, at: "app.py", in: repo, adding: ".")
        try sandbox.git("commit", "-q", "-m", "Start", in: repo, allowFailure: false)
        try sandbox.git("checkout", "-q", "-b", "feature", in: repo, allowFailure: false)
        try sandbox.stage(Snippet.elided, at: "handler.py", in: repo, adding: ".")
        try sandbox.git("commit", "-q", "--no-verify", "-m", "Feature", in: repo, allowFailure: false)
        try sandbox.git("checkout", "-q", "main", in: repo, allowFailure: false)
        try sandbox.stage(Snippet.cleanToo, at: "other.py", in: repo, adding: ".")
        try sandbox.git("commit", "-q", "-m", "Other", in: repo, allowFailure: false)
        let merge = try sandbox.git("merge", "--no-ff", "-m", "Merge feature", "feature", in: repo)
        #expect(merge.status != 0, "\(merge)")
        #expect(merge.error.contains("handler.py:2:5"))
        #expect(merge.error.contains("commit blocked"))
        let conclude = try sandbox.git("commit", "-m", "Merge feature", "-m", "Drift-Override: elided-code — reviewed on the branch", in: repo)
        #expect(conclude.status == 0, "\(conclude)")
        #expect(try sandbox.git("rev-list", "--parents", "-1", "HEAD", in: repo).output.split(separator: " ").count == 3)
    }

    @Test func blockAtAIHoldsAssistantCommitsToAStricterThreshold() throws {
        let sandbox = try Sandbox()
        defer { sandbox.close() }
        let repo = try sandbox.repository()
        try sandbox.write("block_at_ai = \"medium\"\n\n[rules]\nmalformed-suppression = \"medium\"\n", to: repo + "/.drift.toml")
        try sandbox.stage("x = 1  # drift-ignore: elided-code\n", at: "settings.py", in: repo, adding: ".")
        let assisted = try sandbox.git("commit", "-m", "Add settings", "-m", "Co-authored-by: Claude <noreply@anthropic.com>", in: repo)
        #expect(assisted.status == 1, "\(assisted)")
        #expect(assisted.error.contains("Claude is named as co-author, so findings at or above medium block (block_at_ai)"))
        let human = try sandbox.git("commit", "-m", "Add settings", in: repo)
        #expect(human.status == 0, "\(human)")
        #expect(human.error.contains("settings.py:1:8: medium [malformed-suppression]"))
    }

    @Test func warnModeNeverBlocks() throws {
        let sandbox = try Sandbox()
        defer { sandbox.close() }
        let repo = try sandbox.repository(install: false)
        let install = try sandbox.run([Sandbox.driftHook, "install", "--mode", "warn"], in: repo)
        #expect(install.status == 0, "\(install)")
        try sandbox.stage(Snippet.elided, at: "handler.py", in: repo, adding: ".")
        let commit = try sandbox.git("commit", "-m", "Add handler", in: repo)
        #expect(commit.status == 0, "\(commit)")
        #expect(commit.error.contains("handler.py:2:5"))
        #expect(commit.error.contains("warn mode"))
    }
}
