import DriftTestSupport
import DriftGit
import DriftKnowledge
import Foundation
import Testing
@testable import DriftEngine

/// The staged tree seen as project files: work-tree paths in, staged contents out.
@Suite struct StagedFilesTests {
    static func files(_ repo: GitFixture) throws -> StagedFiles {
        let repository = try GitRepository.open(cwd: repo.root)
        let tree = try repository.stagedTree(for: try repository.snapshot())
        return StagedFiles(
            tree: tree, root: try #require(repository.workTree), repository: repository, blobs: BlobContents(),
            builtins: InjectedBuiltinsIndex())
    }

    @Test func pathsUnderTheWorkTreeReadTheStagedTree() throws {
        let repo = try GitFixture()
        try repo.write("src/app.py", "old\n")
        try repo.write("src/gone.py", "gone\n")
        try repo.commitAll()
        try repo.write("src/app.py", "staged\n")
        try repo.git("add", "src/app.py")
        try repo.write("src/app.py", "work tree\n")
        try repo.git("rm", "-q", "--cached", "src/gone.py")
        try FileManager.default.createSymbolicLink(atPath: repo.root + "/src/link.py", withDestinationPath: "app.py")
        try repo.git("add", "src/link.py")
        let files = try Self.files(repo)
        let root = files.root

        #expect(files.text(root + "/src/app.py") == "staged\n")
        #expect(files.contents(root + "/src/app.py", limit: 3) == nil, "over the limit")
        #expect(files.kind(of: root + "/src") == .folder)
        #expect(files.kind(of: root) == .folder)
        #expect(files.kind(of: root + "/src/gone.py") == nil, "deleted in the index, still on disk")
        #expect(files.kind(of: root + "/src/link.py") == nil, "symlinks are not followed")
        #expect(files.names(in: root + "/src") == ["app.py", "link.py"])
        #expect(files.kind(of: root + "/src/../src/app.py") == nil)
        #expect(files.kind(of: root + "x/src/app.py") == nil)
        #expect(files.kind(of: "/etc/passwd") == nil)
    }

    @Test func injectedBuiltinsCountOnlyFilesThePackageWalkReaches() throws {
        let repo = try GitFixture()
        try repo.write("pkg/__init__.py", "")
        try repo.write("pkg/core.py", "x = 1\n")
        try repo.write("loose/setup_i18n.py", "import builtins\nbuiltins._u = str\n")  // not a package
        try repo.commitAll()
        try repo.write("pkg/i18n.py", "import builtins\nbuiltins._t = str\n")
        try repo.git("add", "pkg/i18n.py")
        let files = try Self.files(repo)
        #expect(files.injectedPythonBuiltins(under: files.root) == ["_t"])

        // A new package brings its files in (the walk, not the overlay, answers then).
        try repo.write("loose/__init__.py", "")
        try repo.git("add", "loose/__init__.py")
        let grown = try Self.files(repo)
        #expect(grown.injectedPythonBuiltins(under: grown.root) == ["_t", "_u"])
    }
}
