import DriftTestSupport
import DriftGit
import Foundation
import Testing

/// The staged tree (HEAD plus the snapshot's changes) lists exactly what `git ls-files --stage`
/// lists, whichever reader made the snapshot.
@Suite struct StagedTreeTests {
    /// Every entry reachable from the root through `names(in:)`, as `mode id path` lines.
    static func enumerate(_ tree: StagedTree) -> [String] {
        var lines: [String] = []
        var folders = [""]
        while let folder = folders.popLast() {
            for name in tree.names(in: folder) ?? [] {
                let path = folder.isEmpty ? name : folder + "/" + name
                switch tree.node(at: path) {
                case .folder?:
                    #expect(tree.names(in: path)?.isEmpty == false, "empty folder listed: \(path)")
                    folders.append(path)
                case .entry(let entry)?:
                    #expect(entry.path == path)
                    #expect(tree.entry(at: path) == entry)
                    lines.append(String(entry.mode, radix: 8) + " " + entry.blobID + " " + path)
                case nil:
                    Issue.record("listed but absent: \(path)")
                }
            }
        }
        return lines.sorted()
    }

    /// What git says the index holds, in the same form.
    static func listed(_ repo: GitFixture) throws -> [String] {
        try repo.git("ls-files", "--stage", "-z").split(separator: "\0").map { record in
            let (header, path) = (record.split(separator: "\t", maxSplits: 1)[0], record.split(separator: "\t", maxSplits: 1)[1])
            let fields = header.split(separator: " ")
            return fields[0] + " " + fields[1] + " " + path
        }.sorted()
    }

    static func expectAgreement(_ repo: GitFixture, backends: [GitRepository.Backend] = [.automatic, .libgit2, .commandLine]) throws {
        let expected = try listed(repo)
        for backend in backends {
            // A fresh repository per backend: snapshots are remembered per index.
            let repository = try GitRepository.open(cwd: repo.root)
            let snapshot = try repository.snapshot(backend: backend)
            let tree = try repository.stagedTree(for: snapshot)
            #expect(enumerate(tree) == expected, "backend \(backend), source \(snapshot.source)")
        }
    }

    /// Every kind of change at once: edits, deletions (of a file, of a whole folder), a rename,
    /// a file that became a folder and a folder that became a file, a symlink, a mode change.
    static func changeEverything(_ repo: GitFixture) throws {
        try repo.write("keep.py", "k = 1\n")
        try repo.write("edit.py", "e = 1\n")
        try repo.write("gone.py", "g = 1\n")
        try repo.write("old/deep/a.py", "a = 1\n")
        try repo.write("old/deep/b.py", "b = 1\n")
        try repo.write("half/x.py", "x = 1\n")
        try repo.write("half/y.py", "y = 1\n")
        try repo.write("moved.py", numberedLines(20))
        try repo.write("becomes_folder", "f\n")
        try repo.write("becomes_file/inner.py", "i = 1\n")
        try repo.write("run.sh", "echo\n")
        try repo.commitAll()

        try repo.write("edit.py", "e = 2\n")
        try repo.git("rm", "-q", "gone.py", "half/y.py")
        try repo.git("rm", "-q", "-r", "old")
        try repo.git("mv", "moved.py", "half/renamed.py")
        try repo.git("rm", "-q", "becomes_folder")
        try repo.write("becomes_folder/now.py", "n = 1\n")
        try repo.git("rm", "-q", "-r", "becomes_file")
        try repo.write("becomes_file", "now a file\n")
        try repo.write("new/nested/z.py", "z = 1\n")
        try FileManager.default.createSymbolicLink(atPath: repo.root + "/link.py", withDestinationPath: "keep.py")
        try repo.git("add", "-A")
        try repo.git("update-index", "--chmod=+x", "run.sh")
    }

    @Test func everyReaderAgreesWithLsFiles() throws {
        let repo = try GitFixture()
        try Self.changeEverything(repo)
        try Self.expectAgreement(repo)

        let tree = try GitRepository.open(cwd: repo.root).stagedTree(for: try GitRepository.open(cwd: repo.root).snapshot())
        #expect(tree.node(at: "old") == nil)
        #expect(tree.node(at: "old/deep/a.py") == nil)
        #expect(tree.names(in: "old") == nil)
        #expect(tree.names(in: "half") == ["renamed.py", "x.py"])
        #expect(tree.node(at: "becomes_file/inner.py") == nil)
        #expect(tree.node(at: "becomes_folder") == .folder)
        #expect(tree.entry(at: "link.py")?.mode == 0o120000)
        #expect(tree.entry(at: "run.sh")?.mode == 0o100755)
        #expect(tree.entry(at: "keep.py")?.blobID == (try repo.stagedID("keep.py")))
        #expect(tree.node(at: "missing.py") == nil)
        #expect(tree.node(at: "keep.py/inside") == nil)
    }

    @Test func theFirstCommitIsAllChanges() throws {
        let repo = try GitFixture()
        try repo.write("a.py", "a\n")
        try repo.write("src/pkg/b.py", "b\n")
        try repo.git("add", "-A")
        try Self.expectAgreement(repo)
        let repository = try GitRepository.open(cwd: repo.root)
        #expect(try repository.stagedTree(for: try repository.snapshot()).headTreeID == nil)
    }

    @Test func aRepositoryOnlyTheCLICanRead() throws {
        let repo = try GitFixture(objectFormat: "sha256")
        try Self.changeEverything(repo)
        let repository = try GitRepository.open(cwd: repo.root)
        #expect(repository.commandLineReason != nil)
        try Self.expectAgreement(repo, backends: [.automatic])
    }

    /// A real repository — Drift's own history, cloned — with a whole source folder deleted, a
    /// test file renamed, and files added and edited.
    @Test func driftsOwnRepositoryWithChangesStaged() throws {
        let source = URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent().deletingLastPathComponent().path
        let parent = FileManager.default.temporaryDirectory.appendingPathComponent("drift-tree-\(UUID().uuidString)").path
        defer { try? FileManager.default.removeItem(atPath: parent) }
        let top = try GitFixture(in: parent, name: "top")
        try top.git("clone", "-q", "--no-hardlinks", source, parent + "/clone")
        let repo = GitFixture(existing: parent + "/clone")
        try repo.git("rm", "-q", "-r", "Sources/DriftGit")
        try repo.git("mv", "Package.swift", "Manifest.swift")
        try repo.write("Sources/DriftGit/Replacement.swift", "// new\n")
        try repo.write("Tests/New/Deep/File.swift", "// new\n")
        try repo.write("README.md", "changed\n")
        try repo.git("add", "-A")
        try Self.expectAgreement(repo)
    }
}
