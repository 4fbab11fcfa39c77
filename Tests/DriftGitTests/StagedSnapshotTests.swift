import DriftTestSupport
import DriftGit
import Foundation
import Testing

@Suite struct StagedSnapshotTests {
    @Test func unbornHeadShowsEveryStagedFileAsAdded() throws {
        let repo = try GitFixture()
        try repo.write("a.py", "x = 1\ny = 2\n")
        try repo.write("src/b.ts", "export const b = 1;\n")
        try repo.git("add", "-A")

        let snapshot = try GitRepository.open(cwd: repo.root).snapshot()
        #expect(snapshot.head == nil)
        #expect(snapshot.source == .libgit2)
        #expect(snapshot.changes.map(\.path) == ["a.py", "src/b.ts"])
        #expect(snapshot.changes.allSatisfy { $0.status == .added && $0.oldPath == nil && $0.oldBlobID == nil })
        #expect(snapshot.changes[0].addedLines.ranges == [1...2])
        #expect(snapshot.changes[0].newBlobID == (try repo.stagedID("a.py")))
        #expect(snapshot.changes[0].size == 12)
        #expect(snapshot.changes[0].mode == 0o100644)
    }

    @Test func modifiedFileReportsOnlyAddedAndChangedLines() throws {
        let repo = try GitFixture()
        try repo.write("m.py", numberedLines(8))
        try repo.commitAll()
        var lines = numberedLines(8).split(separator: "\n").map(String.init)
        lines[1] = "changed 2"                        // line 2 modified
        lines.insert(contentsOf: ["new a", "new b"], at: 4)  // new lines 5-6
        lines.remove(at: 9)                           // old line 8 deleted
        try repo.write("m.py", lines.joined(separator: "\n") + "\n")
        try repo.git("add", "m.py")

        let snapshot = try GitRepository.open(cwd: repo.root).snapshot()
        let change = try #require(snapshot.changes.first)
        #expect(snapshot.changes.count == 1)
        #expect(change.status == .modified)
        #expect(change.oldPath == "m.py")
        #expect(change.addedLines.ranges == [2...2, 5...6])
        #expect(snapshot.head == (try repo.git("rev-parse", "HEAD").trimmingCharacters(in: .whitespacesAndNewlines)))
    }

    @Test func onlyTheStagedVersionIsSeen() throws {
        let repo = try GitFixture()
        try repo.write("p.py", numberedLines(3))
        try repo.commitAll()
        try repo.write("p.py", numberedLines(3) + "staged\n")
        try repo.git("add", "p.py")
        try repo.write("p.py", "unstaged\n" + numberedLines(3) + "staged\n")  // not added

        let repository = try GitRepository.open(cwd: repo.root)
        let change = try #require(repository.snapshot().changes.first)
        #expect(change.addedLines.ranges == [4...4])
        let bytes = try repository.blob(id: try #require(change.newBlobID))
        #expect(String(decoding: bytes, as: UTF8.self) == numberedLines(3) + "staged\n")
    }

    /// Renames, deletions, type changes, binary files and mode changes, read by libgit2 and by the
    /// CLI fallback: both must give the same snapshot.
    @Test func libgit2AndCommandLineAgree() throws {
        let repo = try GitFixture()
        try repo.write("keep.py", numberedLines(20))
        try repo.write("old_name.py", numberedLines(30, prefix: "content"))
        try repo.write("gone.js", "console.log(1);\n")
        try repo.write("becomes_link.txt", "text\n")
        try repo.write("script.sh", "echo hi\n")
        try repo.write("tab\tname.py", "a = 1\n")
        try repo.commitAll()

        try repo.write("keep.py", numberedLines(20) + "appended\n")
        try repo.git("mv", "old_name.py", "new_name.py")
        try repo.write("new_name.py", numberedLines(30, prefix: "content") + "one more\n")
        try repo.git("rm", "-q", "gone.js")
        try repo.git("rm", "-q", "becomes_link.txt")
        try FileManager.default.createSymbolicLink(atPath: repo.root + "/becomes_link.txt", withDestinationPath: "keep.py")
        try repo.write("image.bin", bytes: [0x89, 0x50, 0x4E, 0x47, 0, 0, 0, 1, 2, 3, 0, 0xFF])
        try repo.write("tab\tname.py", "a = 1\nb = 2\n")
        try repo.write("ünïcode.py", "x = 'ü'\n")
        try repo.git("add", "-A")
        try repo.git("update-index", "--chmod=+x", "script.sh")

        let repository = try GitRepository.open(cwd: repo.root)
        let native = try repository.snapshot(lookingUp: ["keep.py", "absent.toml"])
        let libgit2 = try repository.snapshot(lookingUp: ["keep.py", "absent.toml"], backend: .libgit2)
        let cli = try repository.snapshot(lookingUp: ["keep.py", "absent.toml"], backend: .commandLine)
        #expect(native.source == .indexReader)
        #expect(libgit2.source == .libgit2)
        #expect(cli.source == .commandLine)
        #expect(native.changes == cli.changes)
        #expect(libgit2.changes == cli.changes)
        #expect(native.head == cli.head && libgit2.head == cli.head)
        #expect(native.lookedUp == cli.lookedUp && libgit2.lookedUp == cli.lookedUp)
        #expect(native.lookedUp == ["keep.py": try repo.stagedID("keep.py")])

        let byPath = Dictionary(uniqueKeysWithValues: native.changes.map { ($0.path, $0) })
        #expect(byPath["keep.py"]?.addedLines.ranges == [21...21])
        #expect(byPath["new_name.py"]?.status == .renamed)
        #expect(byPath["new_name.py"]?.oldPath == "old_name.py")
        #expect(byPath["new_name.py"]?.addedLines.ranges == [31...31])
        #expect(byPath["gone.js"]?.status == .deleted)
        #expect(byPath["gone.js"]?.newBlobID == nil)
        #expect(byPath["gone.js"]?.addedLines.isEmpty == true)
        #expect(byPath["becomes_link.txt"]?.status == .typeChange)
        #expect(byPath["becomes_link.txt"]?.mode == 0o120000)
        #expect(byPath["becomes_link.txt"]?.isRegularFile == false)
        #expect(byPath["becomes_link.txt"]?.addedLines.ranges == [1...1], "a type change adds the whole new content")
        #expect(byPath["image.bin"]?.status == .added)
        #expect(byPath["image.bin"]?.addedLines.isEmpty == true)
        #expect(byPath["image.bin"]?.size == 12)
        #expect(byPath["script.sh"]?.status == .modified)
        #expect(byPath["script.sh"]?.mode == 0o100755)
        #expect(byPath["script.sh"]?.addedLines.isEmpty == true)
        #expect(byPath["tab\tname.py"]?.addedLines.ranges == [2...2])
        #expect(byPath["ünïcode.py"]?.addedLines.ranges == [1...1])
        #expect(native.changes.count == 8)
    }

    @Test func aRepeatedRequestIsAnsweredFromMemoryUntilTheIndexChanges() throws {
        let repo = try GitFixture()
        try repo.write("a.py", "a\n")
        try repo.commitAll()
        try repo.write("a.py", "a\nb\n")
        try repo.git("add", "a.py")
        let repository = try GitRepository.open(cwd: repo.root)
        let first = try repository.snapshot()
        #expect(try repository.snapshot() == first)

        try repo.write("a.py", "a\nb\nc\n")
        try repo.git("add", "a.py")
        let second = try repository.snapshot()
        #expect(second.changes.first?.addedLines.ranges == [2...3])

        try repo.git("commit", "-q", "-m", "next")
        #expect(try repository.snapshot().changes.isEmpty)
    }

    @Test func aMissingIndexIsAnErrorOnceThereIsAHead() throws {
        let repo = try GitFixture()
        try repo.write("a.py", "a\n")
        try repo.commitAll()
        let repository = try GitRepository.open(cwd: repo.root)
        #expect(throws: GitError.self) { try repository.snapshot(indexPath: repo.root + "/.git/no-such-index") }
    }

    @Test func outsideARepositoryTheErrorSaysSo() throws {
        let folder = FileManager.default.temporaryDirectory.appendingPathComponent("drift-norepo-\(UUID().uuidString)").path
        try FileManager.default.createDirectory(atPath: folder, withIntermediateDirectories: true)
        let error = try #require(throws: GitError.self) { try GitRepository.open(cwd: folder) }
        #expect(error.message.hasPrefix("not a git repository"))
        #expect(!error.message.contains("\n"))
    }

    @Test func relativeIndexPathsResolveAgainstTheHookDirectory() throws {
        let repo = try GitFixture()
        let repository = try GitRepository.open(cwd: repo.root)
        #expect(repository.indexPath(".git/index", cwd: repo.root) == (try repo.gitDirectory()) + "/index")
        #expect(repository.indexPath(nil, cwd: "/") == repository.defaultIndexPath)
        #expect(repository.indexPath("/abs/x.lock", cwd: repo.root) == "/abs/x.lock")
    }

    @Test func addedLinesMergeAndSearch() {
        let lines = AddedLines(lines: [9, 3, 4, 5, 5, 1, 10, 20])
        #expect(lines.ranges == [1...1, 3...5, 9...10, 20...20])
        #expect(lines.count == 7)
        #expect(lines.contains(4) && lines.contains(20) && !lines.contains(2) && !lines.contains(21))
        #expect(lines.overlaps(6...9) && !lines.overlaps(6...8))
        #expect(lines.description == "1,3-5,9-10,20")
    }
}
