import DriftTestSupport
import DriftGit
import Foundation
import Testing

/// Runs real `git commit`s with a pre-commit hook that records what git hands a hook (and copies
/// the index it names, since lock files vanish when the commit ends), then reads that index.
@Suite struct HookIndexTests {
    struct Capture {
        var indexFile: String
        var cwd: String
        var gitDir: String?
        var copiedIndex: String
    }

    /// Installs a capturing pre-commit hook that aborts the commit (exit 1).
    static func installCapturingHook(in repo: GitFixture, hooksDirectory: String? = nil) throws -> String {
        let capture = repo.root + ".capture"
        try FileManager.default.createDirectory(atPath: capture, withIntermediateDirectories: true)
        let hooks = try hooksDirectory ?? (repo.gitDirectory() + "/hooks")
        try FileManager.default.createDirectory(atPath: hooks, withIntermediateDirectories: true)
        let script = """
            #!/bin/sh
            printf '%s' "$GIT_INDEX_FILE" > '\(capture)/index-file'
            pwd > '\(capture)/cwd'
            printf '%s' "${GIT_DIR-}" > '\(capture)/git-dir'
            cp "$GIT_INDEX_FILE" '\(capture)/index'
            exit 1
            """
        try script.write(toFile: hooks + "/pre-commit", atomically: true, encoding: .utf8)
        chmod(hooks + "/pre-commit", 0o755)
        return capture
    }

    static func read(_ capture: String) throws -> Capture {
        func text(_ name: String) throws -> String {
            try String(contentsOfFile: capture + "/" + name, encoding: .utf8).trimmingCharacters(in: .newlines)
        }
        let gitDir = try text("git-dir")
        return Capture(indexFile: try text("index-file"), cwd: try text("cwd"), gitDir: gitDir.isEmpty ? nil : gitDir, copiedIndex: capture + "/index")
    }

    @Test func commitAllStagesIntoTheLockFileTheHookNames() throws {
        let repo = try GitFixture()
        try repo.write("a.py", numberedLines(2))
        try repo.commitAll()
        let capture = try Self.installCapturingHook(in: repo)
        try repo.write("a.py", numberedLines(3))  // modified, not added: only `-a` stages it

        try repo.git(["commit", "-a", "-q", "-m", "x"], allowFailure: true)
        let hook = try Self.read(capture)
        #expect(hook.indexFile.hasSuffix(".git/index.lock"))

        let repository = try GitRepository.open(cwd: hook.cwd, gitDir: hook.gitDir)
        #expect(try repository.snapshot().changes.isEmpty, "the default index has nothing staged")
        let change = try #require(try repository.snapshot(indexPath: hook.copiedIndex).changes.first)
        #expect(change.path == "a.py")
        #expect(change.addedLines.ranges == [3...3])
    }

    @Test func commitOfPathsUsesANextIndexWithOnlyThosePaths() throws {
        let repo = try GitFixture()
        try repo.write("a.py", "a\n")
        try repo.write("b.py", "b\n")
        try repo.commitAll()
        let capture = try Self.installCapturingHook(in: repo)
        try repo.write("a.py", "a\nstaged a\n")
        try repo.git("add", "a.py")
        try repo.write("b.py", "b\nonly in the work tree\n")

        try repo.git(["commit", "-q", "-m", "x", "b.py"], allowFailure: true)
        let hook = try Self.read(capture)
        #expect(hook.indexFile.contains("next-index-"))
        let snapshot = try GitRepository.open(cwd: hook.cwd, gitDir: hook.gitDir).snapshot(indexPath: hook.copiedIndex)
        // `git commit <paths>` commits HEAD + those paths: a.py's staged change is not part of it.
        #expect(snapshot.changes.map(\.path) == ["b.py"])
    }

    @Test func plainCommitNamesARelativeIndex() throws {
        let repo = try GitFixture()
        try repo.write("a.py", "a\n")
        try repo.git("add", "a.py")
        let capture = try Self.installCapturingHook(in: repo)
        try repo.git(["commit", "-q", "-m", "x"], allowFailure: true)
        let hook = try Self.read(capture)
        #expect(hook.indexFile == ".git/index")
        let repository = try GitRepository.open(cwd: hook.cwd, gitDir: hook.gitDir)
        let snapshot = try repository.snapshot(indexPath: repository.indexPath(hook.indexFile, cwd: hook.cwd))
        #expect(snapshot.changes.map(\.path) == ["a.py"])
        #expect(snapshot.head == nil)
    }

    @Test func worktreeWithGitFileAndAbsoluteGitDir() throws {
        let repo = try GitFixture()
        try repo.write("a.py", "a\n")
        try repo.commitAll()
        let worktreePath = repo.root + "-wt"
        try repo.git("worktree", "add", "-q", "-b", "feature", worktreePath)
        let worktree = GitFixture(existing: worktreePath)
        try worktree.write("a.py", "a\nfrom the worktree\n")
        try worktree.git("add", "a.py")
        // The worktree's hooks are the main repository's.
        let capture = try Self.installCapturingHook(in: repo)
        try worktree.git(["commit", "-q", "-m", "x"], allowFailure: true)
        let hook = try Self.read(capture)
        let gitDir = try #require(hook.gitDir)
        #expect(gitDir.hasPrefix("/") && gitDir.contains("/.git/worktrees/"))

        let repository = try GitRepository.open(cwd: hook.cwd, gitDir: gitDir)
        #expect(repository.workTree == worktreePath)
        let snapshot = try repository.snapshot(indexPath: repository.indexPath(hook.indexFile, cwd: hook.cwd))
        #expect(snapshot.changes.first?.addedLines.ranges == [2...2])
        // Found from the work tree alone too (`.git` is a file there).
        let discovered = try GitRepository.open(cwd: worktreePath + "/")
        #expect(discovered.gitDirectory == gitDir)
        #expect(try discovered.snapshot() == snapshot)
    }

    @Test func submoduleWithGitFileAndAbsoluteGitDir() throws {
        let base = FileManager.default.temporaryDirectory.appendingPathComponent("drift-sub-\(UUID().uuidString)").path
        defer { try? FileManager.default.removeItem(atPath: base) }
        let library = try GitFixture(in: base, name: "library")
        try library.write("lib.py", "def f():\n    return 1\n")
        try library.commitAll()
        let app = try GitFixture(in: base, name: "app")
        try app.write("main.py", "print(1)\n")
        try app.commitAll()
        try app.git(["-c", "protocol.file.allow=always", "submodule", "add", "-q", library.root, "vendor/library"])
        try app.git("commit", "-q", "-m", "add submodule")

        let submodule = GitFixture(existing: app.root + "/vendor/library")
        try submodule.write("lib.py", "def f():\n    return 2\n")
        try submodule.git("add", "lib.py")
        let capture = try Self.installCapturingHook(in: submodule)
        try submodule.git(["commit", "-q", "-m", "x"], allowFailure: true)
        let hook = try Self.read(capture)
        let gitDir = try #require(hook.gitDir)
        #expect(gitDir.hasSuffix("/.git/modules/vendor/library"))

        let repository = try GitRepository.open(cwd: hook.cwd, gitDir: gitDir)
        #expect(repository.workTree == submodule.root)
        let snapshot = try repository.snapshot(indexPath: repository.indexPath(hook.indexFile, cwd: hook.cwd))
        #expect(snapshot.changes.map(\.path) == ["lib.py"])
        #expect(snapshot.changes.first?.addedLines.ranges == [2...2])
    }
}
