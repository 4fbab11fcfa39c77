import CLibGit2
import Foundation

/// One git repository, read through libgit2 or, where libgit2 1.5 cannot, the `git` CLI.
///
/// libgit2 objects are not thread-safe, so every call takes the repository's lock; callers may
/// share one `GitRepository` across threads.
public final class GitRepository: @unchecked Sendable {
    /// Which reader `snapshot` should use.
    public enum Backend: Sendable {
        /// Drift's index reader with libgit2 trees and diffs; `git_index_open` where the reader
        /// declines; the CLI where libgit2 cannot read the index or repository.
        case automatic
        /// `git_index_open` (then the CLI), never Drift's index reader.
        case libgit2
        /// Always the `git` CLI (used to cross-check the two paths).
        case commandLine
    }

    /// Absolute path of the git directory (`.git`, `.git/worktrees/<name>`, `.git/modules/<name>`).
    public let gitDirectory: String
    /// Absolute path of the work tree, or nil for a bare repository.
    public let workTree: String?
    /// Why libgit2 could not open the repository, when only the CLI can read it.
    public let commandLineReason: String?

    let lock = NSLock()
    /// nil when libgit2 cannot open the repository (e.g. SHA-256 object format).
    var handle: OpaquePointer?
    let git: CommandLineGit
    /// Recent snapshots by index identity and HEAD, so the commit-msg hook reuses pre-commit's.
    var recentSnapshots: [SnapshotKey: StagedSnapshot] = [:]

    private init(handle: OpaquePointer?, gitDirectory: String, workTree: String?, commandLineReason: String?) {
        self.handle = handle
        self.gitDirectory = gitDirectory
        self.workTree = workTree
        self.commandLineReason = commandLineReason
        self.git = CommandLineGit(gitDirectory: gitDirectory, workTree: workTree)
    }

    deinit {
        if let handle { git_repository_free(handle) }
    }

    /// Opens the repository a hook runs in: `gitDir` is the hook's `GIT_DIR` (absolute in worktrees
    /// and submodules, where `.git` is a file), otherwise the repository is found from `cwd` upwards.
    public static func open(cwd: String, gitDir: String? = nil) throws -> GitRepository {
        LibGit2.initialize()
        let cwd = Path.absolute(cwd, relativeTo: FileManager.default.currentDirectoryPath)
        let explicit = gitDir.map { Path.absolute($0, relativeTo: cwd) }
        var handle: OpaquePointer?
        let flags: UInt32 = explicit == nil ? 0 : GIT_REPOSITORY_OPEN_NO_SEARCH.rawValue
        let status = git_repository_open_ext(&handle, explicit ?? cwd, flags, nil)
        if status == 0, let handle {
            let gitDirectory = Path.trimmingSlash(String(cString: git_repository_path(handle)))
            var workTree = git_repository_workdir(handle).map { Path.trimmingSlash(String(cString: $0)) }
            if workTree == nil, explicit != nil, git_repository_is_bare(handle) == 0 { workTree = cwd }
            return GitRepository(handle: handle, gitDirectory: gitDirectory, workTree: workTree, commandLineReason: nil)
        }
        let message = LibGit2.lastErrorMessage()
        if status == GIT_ENOTFOUND.rawValue && !message.contains("extension") {
            throw GitError("not a git repository: \(explicit ?? cwd) (run drift inside a git work tree)")
        }
        // libgit2 1.5 refuses repositories using extensions it does not know (SHA-256 object
        // format); the git CLI reads them, so locate the repository with it and read through it.
        var environment = ProcessInfo.processInfo.environment.filter { !$0.key.hasPrefix("GIT_") }
        if let explicit { environment["GIT_DIR"] = explicit }
        let output = try CommandLineGit.spawn(
            ["rev-parse", "--absolute-git-dir", "--show-toplevel"], environment: environment, directory: cwd)
        let lines = String(decoding: output.stdout, as: UTF8.self).split(separator: "\n").map(String.init)
        guard output.status == 0, let directory = lines.first else {
            if output.stderr.contains("not a git repository") {
                throw GitError("not a git repository: \(explicit ?? cwd) (run drift inside a git work tree)")
            }
            throw GitError("cannot open the git repository at \(explicit ?? cwd): \(message)")
        }
        return GitRepository(
            handle: nil, gitDirectory: directory, workTree: lines.count > 1 ? lines[1] : nil,
            commandLineReason: "libgit2 cannot open this repository (\(message)); using the git CLI")
    }

    /// The default index of this repository (`<git dir>/index`).
    public var defaultIndexPath: String { gitDirectory + "/index" }

    /// Resolves a hook's `GIT_INDEX_FILE` (relative to `cwd` for a plain commit) to an absolute path.
    public func indexPath(_ path: String?, cwd: String) -> String {
        guard let path, !path.isEmpty else { return defaultIndexPath }
        return Path.absolute(path, relativeTo: Path.absolute(cwd, relativeTo: FileManager.default.currentDirectoryPath))
    }

    // MARK: Blobs

    /// The bytes of a blob.
    public func blob(id: String) throws -> [UInt8] {
        guard let bytes = try blobs(ids: [id])[id] else { throw GitError("blob \(id) not found") }
        return bytes
    }

    /// The bytes of several blobs, read in one go (one `git cat-file --batch` on the CLI path).
    /// Ids that are not found are missing from the result.
    public func blobs(ids: [String]) throws -> [String: [UInt8]] {
        lock.lock()
        defer { lock.unlock() }
        guard let handle else { return try commandLineBlobs(ids) }
        var result: [String: [UInt8]] = [:]
        for id in ids where result[id] == nil {
            guard var oid = LibGit2.oid(id) else { continue }
            var blob: OpaquePointer?
            guard git_blob_lookup(&blob, handle, &oid) == 0, let blob else { continue }
            defer { git_blob_free(blob) }
            let size = Int(git_blob_rawsize(blob))
            if size == 0 { result[id] = []; continue }
            let start = git_blob_rawcontent(blob)!.assumingMemoryBound(to: UInt8.self)
            result[id] = Array(UnsafeBufferPointer(start: start, count: size))
        }
        return result
    }

    private func commandLineBlobs(_ ids: [String]) throws -> [String: [UInt8]] {
        let unique = Array(Set(ids))
        guard !unique.isEmpty else { return [:] }
        let input = Array((unique.joined(separator: "\n") + "\n").utf8)
        let out = try git.checked(["cat-file", "--batch"], input: input)
        return CommandLineGit.parseBatch(out)
    }
}

/// Path arithmetic without touching the file system.
enum Path {
    static func absolute(_ path: String, relativeTo base: String) -> String {
        let joined = path.hasPrefix("/") ? path : (base.hasSuffix("/") ? base : base + "/") + path
        return normalized(joined)
    }

    /// Removes `.` and `..` components and repeated slashes (symlinks are left alone).
    static func normalized(_ path: String) -> String {
        var parts: [Substring] = []
        for part in path.split(separator: "/", omittingEmptySubsequences: true) {
            if part == "." { continue }
            if part == ".." { _ = parts.popLast(); continue }
            parts.append(part)
        }
        return "/" + parts.joined(separator: "/")
    }

    static func trimmingSlash(_ path: String) -> String {
        path.count > 1 && path.hasSuffix("/") ? String(path.dropLast()) : path
    }
}
