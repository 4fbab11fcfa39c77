import DriftTestSupport
import DriftGit
import Foundation
import Testing

/// Drift's own index reader must agree with libgit2's `git_index_open` path and with the git CLI
/// on every shape of change, and step aside for what it does not handle.
@Suite struct IndexReaderTests {
    static func expectAgreement(_ repo: GitFixture, source: StagedSnapshot.Source = .indexReader,
                                sourceLocation: SourceLocation = #_sourceLocation) throws -> StagedSnapshot {
        let repository = try GitRepository.open(cwd: repo.root)
        let fast = try repository.snapshot(lookingUp: ["a.py", "dir/nested/deep.py"])
        let libgit2 = try repository.snapshot(lookingUp: ["a.py", "dir/nested/deep.py"], backend: .libgit2)
        let cli = try repository.snapshot(lookingUp: ["a.py", "dir/nested/deep.py"], backend: .commandLine)
        #expect(fast.source == source, sourceLocation: sourceLocation)
        #expect(fast.changes == libgit2.changes, sourceLocation: sourceLocation)
        #expect(fast.changes == cli.changes, sourceLocation: sourceLocation)
        #expect(fast.lookedUp == libgit2.lookedUp && fast.lookedUp == cli.lookedUp, sourceLocation: sourceLocation)
        return fast
    }

    /// Nested folders, a file replaced by a folder and the reverse, a deleted folder, a change deep
    /// down next to untouched siblings.
    static func reshaped(_ repo: GitFixture) throws {
        try repo.write("a.py", "a = 1\n")
        try repo.write("dir/nested/deep.py", numberedLines(5))
        try repo.write("dir/nested/sibling.py", "s = 1\n")
        try repo.write("dir/other/o.py", "o = 1\n")
        try repo.write("becomes_dir", "file\n")
        try repo.write("becomes_file/inner.py", "i = 1\n")
        try repo.write("removed/x.py", "x = 1\n")
        try repo.write("removed/deeper/y.py", "y = 1\n")
        for index in 0..<20 { try repo.write("many/m\(index).py", "m = \(index)\n") }
        try FileManager.default.createSymbolicLink(atPath: repo.root + "/link", withDestinationPath: "a.py")
        try repo.write("image.bin", bytes: [0, 1, 2, 3, 0, 5])
        try repo.commitAll()

        try FileManager.default.removeItem(atPath: repo.root + "/link")
        try FileManager.default.createSymbolicLink(atPath: repo.root + "/link", withDestinationPath: "dir/other/o.py")
        try repo.write("image.bin", bytes: [0, 1, 2, 3, 0, 5, 6])

        try repo.write("dir/nested/deep.py", numberedLines(5) + "six\n")
        try FileManager.default.removeItem(atPath: repo.root + "/becomes_dir")
        try repo.write("becomes_dir/now.py", "n = 1\n")
        try FileManager.default.removeItem(atPath: repo.root + "/becomes_file")
        try repo.write("becomes_file", "plain\n")
        try FileManager.default.removeItem(atPath: repo.root + "/removed")
        try repo.write("many/m7.py", "m = 7\nextra = 1\n")
        try repo.write("zz_new/top.py", "t = 1\n")
        try repo.git("add", "-A")
    }

    @Test func reshapedTreesAgree() throws {
        let repo = try GitFixture()
        try Self.reshaped(repo)
        let snapshot = try Self.expectAgreement(repo)
        #expect(snapshot.changes.map(\.path) == [
            "becomes_dir", "becomes_dir/now.py", "becomes_file", "becomes_file/inner.py", "dir/nested/deep.py",
            "image.bin", "link", "many/m7.py", "removed/deeper/y.py", "removed/x.py", "zz_new/top.py",
        ])
    }

    /// Names that sort around `/`, look like globs, or are not ASCII: pathspecs are literal.
    @Test func unusualNamesAgree() throws {
        let repo = try GitFixture()
        for name in ["a-b/x.py", "a/x.py", "a0/x.py", "a.py", "glob[1]*?.py", "with space/ü.py", "*"] {
            try repo.write(name, "v = 1\n")
        }
        try repo.commitAll()
        for name in ["a-b/x.py", "a/x.py", "glob[1]*?.py", "with space/ü.py"] {
            try repo.write(name, "v = 1\nw = 2\n")
        }
        try repo.git("add", "-A")
        let snapshot = try Self.expectAgreement(repo)
        #expect(snapshot.changes.map(\.path) == ["a-b/x.py", "a/x.py", "glob[1]*?.py", "with space/ü.py"])
    }

    @Test func indexVersion4Agrees() throws {
        let repo = try GitFixture()
        try Self.reshaped(repo)
        try repo.git("update-index", "--index-version", "4")
        _ = try Self.expectAgreement(repo)
    }

    @Test func anIndexWithoutCacheTreeAgrees() throws {
        let repo = try GitFixture()
        try Self.reshaped(repo)
        // read-tree drops the cache tree; adding back rebuilds only what add touches.
        try repo.git("read-tree", "--empty")
        try repo.git("add", "-A")
        _ = try Self.expectAgreement(repo)
    }

    @Test func nothingStagedAfterACommit() throws {
        let repo = try GitFixture()
        try Self.reshaped(repo)
        try repo.git("commit", "-q", "-m", "all")
        let snapshot = try Self.expectAgreement(repo)
        #expect(snapshot.changes.isEmpty)
        #expect(snapshot.lookedUp["dir/nested/deep.py"] == (try repo.stagedID("dir/nested/deep.py")))
    }

    @Test func intentToAddIsLeftToLibgit2() throws {
        let repo = try GitFixture()
        try repo.write("a.py", "a = 1\n")
        try repo.commitAll()
        try repo.write("later.py", "l = 1\n")
        try repo.git("add", "-N", "later.py")
        try repo.write("a.py", "a = 2\n")
        try repo.git("add", "a.py")
        let repository = try GitRepository.open(cwd: repo.root)
        let snapshot = try repository.snapshot()
        #expect(snapshot.source == .libgit2)
        #expect(snapshot.changes.map(\.path).contains("a.py"))
    }
}
