import Foundation

/// The files of a project as Drift reads them: the work tree on disk for `drift check`, the staged
/// tree (HEAD plus the index's changes) in the hook and `drift scan --staged`. Paths are absolute.
///
/// Installed packages (`node_modules`, virtualenvs) are not part of it: they are never committed,
/// so their readers (`NodeModules`, `PythonEnvironment`) always read the disk.
public protocol ProjectFiles: Sendable {
    /// The bytes of the regular file at `path`; nil when there is none or it is larger than `limit`.
    func contents(_ path: String, limit: Int) -> [UInt8]?
    /// Whether `path` is a regular file, a folder, or nothing.
    func kind(of path: String) -> ProjectFileKind?
    /// The entry names of folder `path`; nil when it is not a folder.
    func names(in folder: String) -> [String]?

    /// `compute` over the contents of the file at `path` (at most 1 MiB). A tree that knows
    /// file versions (the staged tree: blob ids) may keep the answer across views by version.
    func derived<T: Sendable>(_ kind: String, of path: String, _ compute: ([UInt8]) -> T?) -> T?

    /// `compute`'s value for `key`. A tree that records what was read (the staged tree) may keep
    /// it across views while those answers hold, so `compute` must read the project through these
    /// files only.
    func shared<T: Sendable>(_ key: String, _ compute: () -> T) -> T

    /// What the disk holds at `path`, whatever tree these files are: where the tree lacks a path,
    /// the disk tells a generated or unstaged file from a missing one, and it holds what is never
    /// committed (`.git`, `.pnp.cjs`, an active virtualenv). A tree that records its reads (the
    /// staged tree) records this answer too, so a result that relied on it is not reused once
    /// the disk says otherwise.
    func kindOnDisk(_ path: String) -> ProjectFileKind?
    /// The entry names the disk has in `folder` (see `kindOnDisk`).
    func namesOnDisk(in folder: String) -> [String]?

    /// The names the Python files of the package tree at `root` add to builtins, when the tree
    /// keeps an index of them (the staged tree does, by blob id); nil: walk and read the files.
    func injectedPythonBuiltins(under root: String) -> Set<String>?
}

public enum ProjectFileKind: Sendable, Equatable {
    case file
    case folder
}

extension ProjectFiles {
    /// Computed afresh: the disk has no versions to keep answers by.
    public func derived<T: Sendable>(_ kind: String, of path: String, _ compute: ([UInt8]) -> T?) -> T? {
        contents(path, limit: 1 << 20).flatMap(compute)
    }

    public func shared<T: Sendable>(_ key: String, _ compute: () -> T) -> T { compute() }

    /// A tree that is the disk asks itself.
    public func kindOnDisk(_ path: String) -> ProjectFileKind? { kind(of: path) }
    public func namesOnDisk(in folder: String) -> [String]? { names(in: folder) }

    public func injectedPythonBuiltins(under root: String) -> Set<String>? { nil }

    public func isFile(_ path: String) -> Bool { kind(of: path) == .file }
    public func isFolder(_ path: String) -> Bool { kind(of: path) == .folder }
    public func exists(_ path: String) -> Bool { kind(of: path) != nil }

    /// The file's text, when it is at most `limit` bytes (1 MiB by default).
    public func text(_ path: String, limit: Int = 1 << 20) -> String? {
        contents(path, limit: limit).map { String(decoding: $0, as: UTF8.self) }
    }
}

/// The project as it is on disk.
public struct DiskFiles: ProjectFiles {
    public init() {}

    public func contents(_ path: String, limit: Int) -> [UInt8]? {
        guard kind(of: path) == .file, let handle = FileHandle(forReadingAtPath: path) else { return nil }
        defer { try? handle.close() }
        let data = (try? handle.read(upToCount: limit + 1)) ?? Data()  // nil at end of file: empty
        return data.count <= limit ? [UInt8](data) : nil
    }

    public func kind(of path: String) -> ProjectFileKind? {
        var isDirectory: ObjCBool = false
        guard FileManager.default.fileExists(atPath: path, isDirectory: &isDirectory) else { return nil }
        return isDirectory.boolValue ? .folder : .file
    }

    public func names(in folder: String) -> [String]? {
        try? FileManager.default.contentsOfDirectory(atPath: folder)
    }
}
