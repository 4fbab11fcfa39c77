import Foundation
import Testing

/// `drift scan --staged` on real repositories, run as a user would, inside and outside a hook.
@Suite struct ScanCommandTests {
    /// A fresh repository with its own cache folder.
    final class Repository {
        let root: URL
        let cache: URL

        init() throws {
            let base = FileManager.default.temporaryDirectory.appendingPathComponent("drift-scan-\(UUID().uuidString)")
            root = base.appendingPathComponent("repo")
            cache = base.appendingPathComponent("cache")
            try FileManager.default.createDirectory(at: root, withIntermediateDirectories: true)
            try git("init", "-q", "-b", "main")
        }

        deinit { try? FileManager.default.removeItem(at: root.deletingLastPathComponent()) }

        @discardableResult
        func git(_ arguments: String...) throws -> Int32 {
            let process = Process()
            process.executableURL = URL(fileURLWithPath: "/usr/bin/git")
            process.arguments = arguments
            process.currentDirectoryURL = root
            var environment = ProcessInfo.processInfo.environment.filter { !$0.key.hasPrefix("GIT_") }
            environment["GIT_CONFIG_GLOBAL"] = "/dev/null"
            for role in ["AUTHOR", "COMMITTER"] {
                environment["GIT_\(role)_NAME"] = "Drift Test"
                environment["GIT_\(role)_EMAIL"] = "test@example.com"
            }
            process.environment = environment
            process.standardOutput = FileHandle.nullDevice
            process.standardError = FileHandle.nullDevice
            try process.run()
            process.waitUntilExit()
            return process.terminationStatus
        }

        func write(_ path: String, _ text: String) throws {
            let url = root.appendingPathComponent(path)
            try FileManager.default.createDirectory(at: url.deletingLastPathComponent(), withIntermediateDirectories: true)
            try Data(text.utf8).write(to: url)
        }

        func scan(_ arguments: [String] = []) throws -> DriftProcess.Output {
            try DriftProcess.run(["scan", "--staged", "--color", "never"] + arguments, in: root, environment: [
                "XDG_CACHE_HOME": cache.path, "GIT_DIR": "", "GIT_INDEX_FILE": "",
            ])
        }
    }

    @Test func blocksOnAnAddedHighFindingAndShowsTheStagedLine() throws {
        let repo = try Repository()
        try repo.write("app.py", "def f():\n    # ... rest of the implementation\n    return 1\n")
        try repo.git("add", "app.py")
        let output = try repo.scan()
        #expect(output.status == 1)
        #expect(output.stdout.contains("app.py:2:5: high [elided-code]"))
        #expect(output.stdout.contains("  2 |     # ... rest of the implementation"))
        #expect(FileManager.default.fileExists(atPath: repo.cache.path + "/drift/cache.sqlite"))
    }

    @Test func oldFindingsShowOnlyWithAllLines() throws {
        let repo = try Repository()
        try repo.write("app.py", "# ... rest of the implementation\n")
        try repo.git("add", "app.py")
        try repo.git("commit", "-q", "-m", "first", "--no-verify")
        try repo.write("app.py", "# ... rest of the implementation\nx = 1\n")
        try repo.git("add", "app.py")
        let added = try repo.scan(["--format", "json"])
        #expect(added.status == 0)
        let document = try #require(try JSONSerialization.jsonObject(with: Data(added.stdout.utf8)) as? [String: Any])
        #expect((document["findings"] as? [Any])?.isEmpty == true)
        let all = try repo.scan(["--all-lines"])
        #expect(all.status == 1)
        #expect(all.stdout.contains("app.py:1:1: high [elided-code]"))
    }

    /// `drift scan --staged` as a pre-commit hook: real `git commit -a` and `git commit <path>`
    /// runs, where git names a lock file as the index.
    @Test func asAPreCommitHookItJudgesTheIndexGitNames() throws {
        let repo = try Repository()
        try repo.write("a.py", "x = 1\n")
        try repo.write("b.py", "y = 1\n")
        try repo.git("add", "-A")
        try repo.git("commit", "-q", "-m", "first")
        let hook = repo.root.appendingPathComponent(".git/hooks/pre-commit")
        try FileManager.default.createDirectory(at: hook.deletingLastPathComponent(), withIntermediateDirectories: true)
        try """
            #!/bin/sh
            XDG_CACHE_HOME='\(repo.cache.path)' exec '\(DriftProcess.binary.path)' scan --staged --color never
            """.write(to: hook, atomically: true, encoding: .utf8)
        chmod(hook.path, 0o755)

        // Not staged: only `-a` puts it into the commit (through .git/index.lock).
        try repo.write("a.py", "x = 1\napi_key = \"YOUR_API_KEY\"\n")
        #expect(try repo.git("commit", "-a", "-q", "-m", "all") == 1, "blocked: the finding is in the -a index")

        // `git commit b.py` commits only b.py (through next-index-<pid>.lock): a.py does not count.
        try repo.write("b.py", "y = 1\nz = 2\n")
        #expect(try repo.git("commit", "-q", "-m", "only b", "b.py") == 0)
    }

    @Test func errorsExitWithTwo() throws {
        let folder = FileManager.default.temporaryDirectory.appendingPathComponent("drift-scan-none-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: folder, withIntermediateDirectories: true)
        let outside = try DriftProcess.run(["scan", "--staged"], in: folder, environment: ["GIT_DIR": "", "GIT_INDEX_FILE": ""])
        #expect(outside.status == 2)
        #expect(outside.stderr.hasPrefix("drift: not a git repository"))

        let repo = try Repository()
        try repo.write(".drift.toml", "block_at = \"severe\"\n")
        try repo.git("add", ".drift.toml")
        let malformed = try repo.scan()
        #expect(malformed.status == 2)
        #expect(malformed.stderr.contains(".drift.toml:1: "))

        let usage = try DriftProcess.run(["scan"], in: repo.root)
        #expect(usage.status == 2)
    }
}
