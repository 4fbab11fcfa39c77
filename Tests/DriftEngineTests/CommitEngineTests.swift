import DriftTestSupport
import DriftCore
import DriftEngine
import DriftGit
import Foundation
import Testing

/// The commit path end to end on real repositories: snapshot, cache, configuration from the
/// staged `.drift.toml`, suppressions and the added-lines filter.
@Suite struct CommitEngineTests {
    static let elided = "# ... rest of the implementation\n"
    static let credential = "api_key = \"YOUR_API_KEY\"\n"

    static func engine() -> (CommitEngine, BlobCache) {
        let cache = BlobCache(path: nil)
        return (CommitEngine(cache: cache), cache)
    }

    static func evaluate(_ repo: GitFixture, allLines: Bool = false, engine: CommitEngine? = nil) throws -> CommitEvaluation {
        try (engine ?? Self.engine().0).evaluate(CommitRequest(cwd: repo.root, allLines: allLines))
    }

    static func summary(_ report: Report) -> [String] {
        report.findings.map { "\($0.path):\($0.line) \($0.ruleID) \($0.severity.rawValue)" }
    }

    @Test func onlyAddedLinesAreReportedUnlessAllLinesIsAsked() throws {
        let repo = try GitFixture()
        try repo.write("app.py", "def f():\n" + Self.elided + "    return 1\n")
        try repo.commitAll()
        try repo.write("app.py", "def f():\n" + Self.elided + "    return 1\n" + Self.credential)
        try repo.git("add", "app.py")

        let evaluation = try Self.evaluate(repo)
        #expect(Self.summary(evaluation.report) == ["app.py:4 placeholder-credential high"])
        #expect(evaluation.report.isBlocked)
        #expect(evaluation.report.filesChecked == 1)
        #expect(evaluation.sourceLine(path: "app.py", line: 4) == "api_key = \"YOUR_API_KEY\"")

        let all = try Self.evaluate(repo, allLines: true)
        #expect(Self.summary(all.report) == ["app.py:2 elided-code high", "app.py:4 placeholder-credential high"])
    }

    @Test func theFirstCommitChecksEverything() throws {
        let repo = try GitFixture()
        try repo.write("src/a.py", Self.elided)
        try repo.write("README.md", Self.elided)  // not a language Drift reads
        try repo.git("add", "-A")
        let evaluation = try Self.evaluate(repo)
        #expect(Self.summary(evaluation.report) == ["src/a.py:1 elided-code high"])
        #expect(evaluation.report.skipped.isEmpty)
    }

    @Test func theStagedVersionIsJudgedNotTheWorkTree() throws {
        let repo = try GitFixture()
        try repo.write("a.py", "x = 1\n")
        try repo.commitAll()
        try repo.write("a.py", "x = 1\n" + Self.credential)
        try repo.git("add", "a.py")
        try repo.write("a.py", "x = 1\n" + Self.elided)  // fixed in the work tree, not staged

        let evaluation = try Self.evaluate(repo)
        #expect(Self.summary(evaluation.report) == ["a.py:2 placeholder-credential high"])
        #expect(evaluation.sourceLine(path: "a.py", line: 2) == "api_key = \"YOUR_API_KEY\"")
    }

    @Test func theSameBlobIsJudgedByItsPathsRole() throws {
        let repo = try GitFixture()
        try repo.write("src/client.py", Self.credential)
        try repo.write("tests/test_client.py", Self.credential)
        try repo.git("add", "-A")
        let (engine, cache) = Self.engine()
        let evaluation = try Self.evaluate(repo, engine: engine)
        #expect(Self.summary(evaluation.report) == ["src/client.py:1 placeholder-credential high"])
        #expect(cache.statistics.misses == 2, "one blob, two roles, two cache entries")
    }

    @Test func configurationComesFromTheStagedDriftToml() throws {
        let repo = try GitFixture()
        try repo.write("a.py", "x = 1\n")
        try repo.commitAll()
        try repo.write(".drift.toml", """
            exclude = ["generated/**"]
            [rules]
            elided-code = "off"
            placeholder-credential = "low"
            """)
        try repo.write("a.py", "x = 1\n" + Self.elided + Self.credential)
        try repo.write("generated/b.py", Self.credential)
        try repo.git("add", "-A")
        try repo.write(".drift.toml", "[rules]\n")  // the work tree's copy must not count

        let evaluation = try Self.evaluate(repo)
        #expect(Self.summary(evaluation.report) == ["a.py:3 placeholder-credential low"])
        #expect(!evaluation.report.isBlocked)
        #expect(evaluation.configuration.path == ".drift.toml")
    }

    @Test func aMalformedStagedConfigurationIsAnErrorWithItsLine() throws {
        let repo = try GitFixture()
        try repo.write(".drift.toml", "block_at = \"high\"\nblok_at = 1\n")
        try repo.write("a.py", "x = 1\n")
        try repo.git("add", "-A")
        let error = try #require(throws: ConfigurationError.self) { try Self.evaluate(repo) }
        #expect(error.line == 2)
        #expect(error.description.hasPrefix(".drift.toml:2: "))
    }

    @Test func inlineSuppressionsWithAReasonSilenceFindings() throws {
        let repo = try GitFixture()
        try repo.write("a.py", """
            # drift-ignore: elided-code — template filled in by the generator
            # ... rest of the implementation
            key = "YOUR_API_KEY"  # drift-ignore: placeholder-credential
            """ + "\n")
        try repo.git("add", "-A")
        let evaluation = try Self.evaluate(repo)
        #expect(Self.summary(evaluation.report) == ["a.py:3 placeholder-credential high", "a.py:3 malformed-suppression low"])
    }

    @Test func binaryAndOversizedFilesAreSkippedAndSaidSo() throws {
        let repo = try GitFixture()
        try repo.write(".drift.toml", "max_file_bytes = 100\n")
        try repo.write("big.py", String(repeating: "x = 1\n", count: 50))
        try repo.write("blob.js", bytes: [0x63, 0x6F, 0, 0x6E, 0x0A])
        try repo.write("ok.py", "y = 2\n")
        try repo.git("add", "-A")
        let evaluation = try Self.evaluate(repo)
        #expect(evaluation.report.skipped == [
            .init(path: "big.py", reason: "larger than max_file_bytes (100 bytes)"),
            .init(path: "blob.js", reason: "binary file"),
        ])
        #expect(evaluation.report.filesChecked == 1)
    }

    @Test func deletionsRenamesAndSymlinksAddNothingToJudge() throws {
        let repo = try GitFixture()
        try repo.write("old.py", Self.elided + numberedLines(10, prefix: "# note"))
        try repo.write("gone.py", Self.credential)
        try repo.commitAll()
        try repo.git("mv", "old.py", "new.py")
        try repo.git("rm", "-q", "gone.py")
        try FileManager.default.createSymbolicLink(atPath: repo.root + "/link.py", withDestinationPath: "new.py")
        try repo.git("add", "-A")
        let evaluation = try Self.evaluate(repo)
        #expect(evaluation.report.findings.isEmpty)
        #expect(evaluation.report.filesChecked == 1, "the renamed file is read (from the cache) but adds no line")
        #expect(evaluation.snapshot.changes.map(\.status).sorted { $0.rawValue < $1.rawValue } == [.added, .deleted, .renamed])
        #expect(Self.summary(try Self.evaluate(repo, allLines: true).report) == ["new.py:1 elided-code high"])
    }

    @Test func warmRequestsAreAnsweredFromTheCache() throws {
        let repo = try GitFixture()
        for index in 0..<30 { try repo.write("pkg/m\(index).py", "x = \(index)\n" + (index % 3 == 0 ? Self.elided : "")) }
        try repo.git("add", "-A")
        let folder = FileManager.default.temporaryDirectory.appendingPathComponent("drift-engine-\(UUID().uuidString)").path
        let cache = BlobCache(path: folder + "/cache.sqlite")
        let engine = CommitEngine(cache: cache)
        let first = try Self.evaluate(repo, engine: engine)
        #expect(first.report.findings.count == 10)
        #expect(cache.statistics.misses == 30)
        let second = try Self.evaluate(repo, engine: engine)
        #expect(Self.summary(second.report) == Self.summary(first.report))
        #expect(cache.statistics.memoryHits == 30 && cache.statistics.misses == 30)

        // Another process (a fresh engine on the same file) reads the disk cache.
        let otherCache = BlobCache(path: folder + "/cache.sqlite")
        let third = try Self.evaluate(repo, engine: CommitEngine(cache: otherCache))
        #expect(Self.summary(third.report) == Self.summary(first.report))
        #expect(otherCache.statistics.diskHits == 30 && otherCache.statistics.misses == 0)
        #expect(third.sourceLine(path: "pkg/m0.py", line: 2) == "# ... rest of the implementation")
    }

    @Test func theIndexOfGitCommitAllIsTheOneJudged() throws {
        let repo = try GitFixture()
        try repo.write("a.py", "x = 1\n")
        try repo.commitAll()
        let capture = repo.root + ".capture"
        try FileManager.default.createDirectory(atPath: capture, withIntermediateDirectories: true)
        let hook = try repo.gitDirectory() + "/hooks/pre-commit"
        try "#!/bin/sh\ncp \"$GIT_INDEX_FILE\" '\(capture)/index'\nexit 1\n".write(toFile: hook, atomically: true, encoding: .utf8)
        chmod(hook, 0o755)
        try repo.write("a.py", "x = 1\n" + Self.credential)
        try repo.git(["commit", "-a", "-q", "-m", "x"], allowFailure: true)

        let engine = Self.engine().0
        #expect(try engine.evaluate(CommitRequest(cwd: repo.root)).report.findings.isEmpty, "nothing in the default index")
        let evaluation = try engine.evaluate(CommitRequest(cwd: repo.root, gitDir: try repo.gitDirectory(), indexPath: capture + "/index"))
        #expect(Self.summary(evaluation.report) == ["a.py:2 placeholder-credential high"])
    }

    @Test func anUnreadableIndexFormatFallsBackToTheCommandLine() throws {
        let repo = try GitFixture()
        try repo.write("a.py", "x = 1\n")
        try repo.commitAll()
        try repo.git("update-index", "--split-index")
        try repo.write("a.py", "x = 1\n" + Self.credential)
        try repo.git("add", "a.py")
        let evaluation = try Self.evaluate(repo)
        #expect(Self.summary(evaluation.report) == ["a.py:2 placeholder-credential high"])
        #expect(evaluation.notes.count == 1)
        #expect(evaluation.snapshot.source == .commandLine)
    }

    @Test func outsideARepositoryTheErrorIsOneLine() throws {
        let folder = FileManager.default.temporaryDirectory.appendingPathComponent("drift-none-\(UUID().uuidString)").path
        try FileManager.default.createDirectory(atPath: folder, withIntermediateDirectories: true)
        let error = try #require(throws: CommitEngine.Failure.self) { try Self.engine().0.evaluate(CommitRequest(cwd: folder)) }
        #expect(error.description.hasPrefix("not a git repository"))
    }

    @Test func concurrentRequestsShareOneEngine() async throws {
        let repo = try GitFixture()
        for index in 0..<12 { try repo.write("f\(index).py", Self.elided) }
        try repo.git("add", "-A")
        let engine = Self.engine().0
        let root = repo.root
        let counts = try await withThrowingTaskGroup(of: Int.self) { group in
            for _ in 0..<8 {
                group.addTask { try engine.evaluate(CommitRequest(cwd: root)).report.findings.count }
            }
            return try await group.reduce(into: [Int]()) { $0.append($1) }
        }
        #expect(counts == Array(repeating: 12, count: 8))
    }
}
