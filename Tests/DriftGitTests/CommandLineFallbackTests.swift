import DriftTestSupport
import DriftGit
import Foundation
import Testing

/// Index formats and repositories libgit2 1.5 cannot read go through the git CLI, with the same result.
@Suite struct CommandLineFallbackTests {
    /// A repository with one commit, then a modification and an addition staged.
    static func prepared(_ repo: GitFixture, before: (GitFixture) throws -> Void = { _ in }) throws {
        try repo.write("app.py", numberedLines(3))
        try repo.write("lib/util.py", "u = 1\n")
        try repo.write("docs/guide.py", "g = 1\n")
        try repo.commitAll()
        try before(repo)
        try repo.write("app.py", numberedLines(3) + "added\n")
        try repo.write("new.py", "n = 1\nm = 2\n")
        try repo.git("add", "app.py", "new.py")
    }

    static func expectStagedChanges(_ snapshot: StagedSnapshot, in repo: GitFixture, repository: GitRepository) throws {
        #expect(snapshot.source == .commandLine)
        #expect(snapshot.changes.map(\.path) == ["app.py", "new.py"])
        #expect(snapshot.changes.map(\.status) == [.modified, .added])
        #expect(snapshot.changes.map(\.addedLines) == [AddedLines(lines: [4]), AddedLines(lines: [1, 2])])
        #expect(snapshot.changes[1].newBlobID == (try repo.stagedID("new.py")))
        #expect(snapshot.changes[1].size == 12)
        let bytes = try repository.blob(id: try #require(snapshot.changes[0].newBlobID))
        #expect(String(decoding: bytes, as: UTF8.self) == numberedLines(3) + "added\n")
        #expect(snapshot.lookedUp["app.py"] == (try repo.stagedID("app.py")))
        let paths = StagedTreeTests.enumerate(try repository.stagedTree(for: snapshot)).map { $0.split(separator: " ", maxSplits: 2)[2] }.sorted()
        #expect(paths == ["app.py", "docs/guide.py", "lib/util.py", "new.py"])
    }

    @Test func splitIndex() throws {
        let repo = try GitFixture()
        try Self.prepared(repo) { try $0.git("update-index", "--split-index") }
        let repository = try GitRepository.open(cwd: repo.root)
        let snapshot = try repository.snapshot(lookingUp: ["app.py"])
        #expect(snapshot.notes.first?.contains("link") == true, "\(snapshot.notes)")
        try Self.expectStagedChanges(snapshot, in: repo, repository: repository)
    }

    @Test func sparseIndex() throws {
        let repo = try GitFixture()
        try Self.prepared(repo) { try $0.git("sparse-checkout", "init", "--cone", "--sparse-index") }
        let repository = try GitRepository.open(cwd: repo.root)
        let snapshot = try repository.snapshot(lookingUp: ["app.py"])
        #expect(snapshot.notes.first?.contains("libgit2 cannot read the index") == true, "\(snapshot.notes)")
        try Self.expectStagedChanges(snapshot, in: repo, repository: repository)
    }

    @Test func sha256Repository() throws {
        let repo = try GitFixture(objectFormat: "sha256")
        try Self.prepared(repo)
        let repository = try GitRepository.open(cwd: repo.root)
        #expect(repository.commandLineReason != nil)
        let snapshot = try repository.snapshot(lookingUp: ["app.py"])
        #expect(snapshot.changes.allSatisfy { $0.newBlobID?.count == 64 })
        #expect(snapshot.head?.count == 64)
        try Self.expectStagedChanges(snapshot, in: repo, repository: repository)
    }

    @Test func unbornHeadOnTheCommandLine() throws {
        let repo = try GitFixture()
        try repo.write("a.py", "a\nb\n")
        try repo.git("add", "a.py")
        let repository = try GitRepository.open(cwd: repo.root)
        let snapshot = try repository.snapshot(backend: .commandLine)
        #expect(snapshot.head == nil)
        #expect(snapshot.changes == (try repository.snapshot()).changes)
    }
}
