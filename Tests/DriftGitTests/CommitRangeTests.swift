import DriftTestSupport
import DriftGit
import Foundation
import Testing

/// Ranges of commits for `drift scan --range`, checked against what the git CLI says; SHA-256
/// repositories (which libgit2 1.5 cannot open) are read through the CLI and must agree.
@Suite struct CommitRangeTests {
    private func head(_ repo: GitFixture, _ revision: String = "HEAD") throws -> String {
        try repo.git("rev-parse", revision).trimmingCharacters(in: .whitespacesAndNewlines)
    }

    @Test(arguments: [String?.none, "sha256"]) func rangesResolveAsGitReadsThem(objectFormat: String?) throws {
        let repo = try GitFixture(objectFormat: objectFormat)
        try repo.write("a.py", "x = 1\n")
        try repo.commitAll("base")
        let base = try head(repo)
        try repo.git("checkout", "-q", "-b", "topic")
        try repo.write("b.py", "y = 1\n")
        try repo.commitAll("topic 1")
        try repo.write("b.py", "y = 1\nz = 2\n")
        try repo.commitAll("topic 2")
        let topic = try head(repo)
        try repo.git("checkout", "-q", "main")
        try repo.write("a.py", "x = 2\n")
        try repo.commitAll("main moves on")
        let main = try head(repo)

        let repository = try GitRepository.open(cwd: repo.root)
        #expect(try repository.mergeBase("main", "topic") == base)
        #expect(try repository.mergeBase("main", "topic") == repo.git("merge-base", "main", "topic").trimmingCharacters(in: .whitespacesAndNewlines))

        let twoDots = try repository.range("main..topic")
        #expect(twoDots.base == main && twoDots.head == topic)
        let listed = try repo.git("rev-list", "main..topic").split(separator: "\n").map(String.init)
        #expect(twoDots.commits == listed)
        let threeDots = try repository.range("main...topic")
        #expect(threeDots.base == base && threeDots.head == topic)
        #expect(threeDots.commits.count == 2)
        let single = try repository.range(base)
        #expect(single.base == base && single.head == main)
        #expect(single.commits == [main])
        let emptyRight = try repository.range("\(base)..")
        #expect(emptyRight.head == main)

        #expect(throws: GitError.self) { try repository.range("nope..main") }
    }

    @Test(arguments: [String?.none, "sha256"]) func aRangeSnapshotIsTheDiffBetweenTwoTrees(objectFormat: String?) throws {
        let repo = try GitFixture(objectFormat: objectFormat)
        try repo.write("keep.py", numberedLines(5))
        try repo.write("gone.py", "x = 1\n")
        try repo.write(".drift.toml", "block_at = \"medium\"\n")
        try repo.commitAll("base")
        let base = try head(repo)
        var lines = numberedLines(5).split(separator: "\n").map(String.init)
        lines[2] = "changed 3"
        lines.append("line 6")
        try repo.write("keep.py", lines.joined(separator: "\n") + "\n")
        try repo.git("rm", "-q", "gone.py")
        try repo.write("new/added.py", "a = 1\nb = 2\n")
        try repo.commitAll("changes")

        let repository = try GitRepository.open(cwd: repo.root)
        let range = try repository.range("\(base)..HEAD")
        let snapshot = try repository.snapshot(of: range, lookingUp: [".drift.toml"])
        #expect(snapshot.head == base, "the base plays HEAD, so the staged tree is the head commit's tree")
        #expect(snapshot.changes.map(\.path) == ["gone.py", "keep.py", "new/added.py"])
        #expect(snapshot.changes.map(\.status) == [.deleted, .modified, .added])
        #expect(snapshot.changes[1].addedLines.ranges == [3...3, 6...6])
        #expect(snapshot.changes[2].addedLines.ranges == [1...2])
        #expect(snapshot.lookedUp[".drift.toml"] == (try repo.stagedID(".drift.toml")))

        let tree = try repository.stagedTree(for: snapshot)
        #expect(tree.entry(at: "gone.py") == nil)
        #expect(tree.entry(at: "new/added.py")?.blobID == (try repo.stagedID("new/added.py")))
        #expect(tree.names(in: "") == [".drift.toml", "keep.py", "new"])

        let whole = try repository.snapshot(of: try repository.wholeTree(), lineNumbers: false)
        #expect(whole.head == nil)
        #expect(whole.changes.map(\.path) == [".drift.toml", "keep.py", "new/added.py"])
        #expect(whole.changes.allSatisfy { $0.status == .added && $0.addedLines.isEmpty })
    }

    @Test(arguments: [String?.none, "sha256"]) func blameFindsTheCommitThatLastChangedEachLine(objectFormat: String?) throws {
        let repo = try GitFixture(objectFormat: objectFormat)
        try repo.write("f.py", "one\ntwo\n")
        try repo.commitAll("first")
        let first = try head(repo)
        try repo.write("f.py", "zero\none\ntwo\nthree\n")
        try repo.commitAll("second")
        let second = try head(repo)

        let repository = try GitRepository.open(cwd: repo.root)
        let blamed = try repository.lastChanges(of: "f.py", lines: [1, 2, 3, 4, 9], at: second)
        #expect(blamed == [1: second, 2: first, 3: first, 4: second])
        let atFirst = try repository.lastChanges(of: "f.py", lines: [1, 2], at: first)
        #expect(atFirst == [1: first, 2: first])
    }

    @Test(arguments: [String?.none, "sha256"]) func commitInfoAndHistoryWalk(objectFormat: String?) throws {
        let repo = try GitFixture(objectFormat: objectFormat)
        try repo.write("a", "1\n")
        try repo.commitAll("one")
        try repo.write("a", "2\n")
        try repo.git("add", "-A")
        try repo.git(["commit", "-q", "-m", "two", "-m", "Drift-Override: all — because"],
                     environment: ["GIT_AUTHOR_DATE": "2026-03-04T05:06:07+02:00"])
        let repository = try GitRepository.open(cwd: repo.root)
        let ids = try repository.commits(from: "HEAD")
        let listed = try repo.git("rev-list", "HEAD").split(separator: "\n").map(String.init)
        #expect(ids == listed)
        let info = try repository.commitInfo(ids[0])
        #expect(info.authorName == "Drift Test" && info.authorEmail == "test@example.com")
        #expect(info.authorDate == "2026-03-04T05:06:07+02:00")
        #expect(info.message == "two\n\nDrift-Override: all — because\n")
        #expect(info.parents == [ids[1]])
        #expect(try repository.commits(from: "HEAD", hiding: ids[1]) == [ids[0]])
    }
}
