import DriftGit
import DriftKnowledge
import Foundation

/// The staged tree as the project files a `ProjectKnowledge` view reads: absolute paths under the work
/// tree map to repository paths of the staged tree, contents come from the object database through
/// the engine's shared blob cache, and paths outside the work tree are not there.
///
/// Installed packages (`node_modules`, a virtualenv's `site-packages`) are never committed: paths
/// inside them are read from disk, as their own readers (`NodeModules`, `PythonEnvironment`) do.
public struct StagedFiles: ProjectFiles {
    /// The staged tree read.
    public private(set) var tree: StagedTree
    /// Absolute path of the work tree, the root the staged paths hang from.
    public let root: String
    let repository: GitRepository
    let blobs: BlobContents
    /// Names injected into Python's builtins, shared across requests by blob id.
    let builtins: InjectedBuiltinsIndex
    /// Values views derive from the staged tree (manifests, walks of the package root), shared
    /// across requests.
    let derivations: StagedDerivations
    /// `InstalledEnvironments.stamp` of the work tree when the request began.
    let installed: [Int64]
    /// Where answers are recorded, for reusing the findings of the file that asked.
    private(set) var reads: StagedReads?

    init(tree: StagedTree, root: String, repository: GitRepository, blobs: BlobContents, builtins: InjectedBuiltinsIndex,
         derivations: StagedDerivations = StagedDerivations(), installed: [Int64] = []) {
        self.tree = tree
        self.root = root
        self.repository = repository
        self.blobs = blobs
        self.builtins = builtins
        self.derivations = derivations
        self.installed = installed
    }

    /// `compute`'s value, shared across requests while every answer it was given (through these
    /// files) is unchanged; `compute` must read the project through these files only.
    public func shared<T: Sendable>(_ key: String, _ compute: () -> T) -> T {
        guard let reads else { return compute() }
        return derivations.value(key, in: self, reads: reads, compute)
    }

    /// The same work tree over another staged tree.
    func with(tree: StagedTree) -> StagedFiles {
        var copy = self
        copy.tree = tree
        return copy
    }

    /// The same files recording their answers into `reads` (nil: recording nothing).
    func recording(into reads: StagedReads?) -> StagedFiles {
        var copy = self
        copy.reads = reads
        return copy
    }

    /// The repository path of absolute `path`; nil outside the work tree.
    func relative(_ path: String) -> String? {
        if path == root { return "" }
        guard path.hasPrefix(root + "/") else { return nil }
        let relative = String(path.dropFirst(root.count + 1))
        // `..` or `.` components could step outside; the staged tree never has them.
        guard !relative.split(separator: "/", omittingEmptySubsequences: false)
            .contains(where: { $0 == ".." || $0 == "." || $0.isEmpty }) else { return nil }
        return relative
    }

    /// Whether repository path `relative` lies inside installed packages (read from disk).
    static func isInstalled(_ relative: String) -> Bool {
        relative.split(separator: "/").contains { $0 == "node_modules" || $0 == "site-packages" || $0 == "dist-packages" }
    }

    func node(_ relative: String) -> StagedTree.Node? {
        let node = tree.node(at: relative)
        reads?.record(.node(relative), .node(node))
        return node
    }

    public func contents(_ path: String, limit: Int) -> [UInt8]? {
        guard let relative = relative(path) else { return nil }
        if Self.isInstalled(relative) { return DiskFiles().contents(path, limit: limit) }
        guard case .entry(let entry)? = node(relative), Self.isRegular(entry.mode),
              let bytes = blobs.bytes(of: entry.blobID, in: repository), bytes.count <= limit else { return nil }
        return bytes
    }

    public func kind(of path: String) -> ProjectFileKind? {
        guard let relative = relative(path) else { return nil }
        if Self.isInstalled(relative) { return DiskFiles().kind(of: path) }
        let kind = Self.kind(of: tree.node(at: relative))
        reads?.record(.kind(relative), .kind(kind))
        return kind
    }

    /// The kind of file a staged node is; symlinks and submodules are not followed.
    static func kind(of node: StagedTree.Node?) -> ProjectFileKind? {
        switch node {
        case .folder?: return .folder
        case .entry(let entry)? where isRegular(entry.mode): return .file
        default: return nil
        }
    }

    public func names(in folder: String) -> [String]? {
        guard let relative = relative(folder) else { return nil }
        if Self.isInstalled(relative) { return DiskFiles().names(in: folder) }
        let names = tree.names(in: relative)
        reads?.record(.names(relative), .names(names))
        return names
    }

    /// `compute` over the staged contents of absolute `path` (at most 1 MiB), kept by blob id
    /// and `kind` across requests: another file's facts or symbols are derived once per version.
    public func derived<T: Sendable>(_ kind: String, of path: String, _ compute: ([UInt8]) -> T?) -> T? {
        guard let relative = relative(path) else { return nil }
        if Self.isInstalled(relative) { return DiskFiles().contents(path, limit: 1 << 20).flatMap(compute) }
        guard case .entry(let entry)? = node(relative), Self.isRegular(entry.mode) else { return nil }
        return blobs.derived(kind, of: entry.blobID) {
            blobs.bytes(of: entry.blobID, in: repository).flatMap { $0.count <= 1 << 20 ? compute($0) : nil }
        }
    }

    /// What the disk holds at absolute `path` (generated or unstaged files, `.git`), recorded:
    /// a result that relied on it is reused only while the disk still says the same.
    public func kindOnDisk(_ path: String) -> ProjectFileKind? {
        let kind = DiskFiles().kind(of: path)
        reads?.record(.diskKind(path), .kind(kind))
        return kind
    }

    /// The entries the disk has in absolute `folder` (sorted), recorded as `kindOnDisk` is.
    public func namesOnDisk(in folder: String) -> [String]? {
        let names = DiskFiles().names(in: folder)?.sorted()
        reads?.record(.diskNames(folder), .names(names))
        return names
    }

    /// The names Python files in the package tree at absolute `packageRoot` add to builtins.
    public func injectedPythonBuiltins(under packageRoot: String) -> Set<String>? {
        guard let relative = relative(packageRoot) else { return nil }
        let names = builtins.names(under: relative, in: self)
        reads?.record(.injectedBuiltins(root: relative), .injectedBuiltins(names))
        return names
    }

    static func isRegular(_ mode: UInt32) -> Bool { mode == 0o100644 || mode == 0o100755 }
}
