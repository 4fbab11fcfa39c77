/// What a commit would change: the staged index compared with HEAD's tree.
public struct StagedSnapshot: Sendable, Equatable {
    /// How the snapshot was read.
    public enum Source: String, Sendable, Equatable {
        /// libgit2 read the whole index (`git_index_open`) and diffed it against HEAD.
        case libgit2
        /// Drift read the index itself and libgit2 diffed only the paths that differ from HEAD.
        case indexReader
        /// The `git` CLI, for index formats and repositories libgit2 1.5 cannot read.
        case commandLine
    }

    /// HEAD's commit id, or nil when HEAD is unborn (the first commit).
    public var head: String?
    /// Changed entries, sorted by path.
    public var changes: [StagedChange]
    /// Staged blob ids of the paths asked for with `lookingUp:` that exist in the index.
    public var lookedUp: [String: String]
    /// The absolute path of the index that was read.
    public var indexPath: String
    public var source: Source
    /// Why the command-line path was taken, when it was (one line each).
    public var notes: [String]

    public init(
        head: String?, changes: [StagedChange], lookedUp: [String: String] = [:], indexPath: String,
        source: Source, notes: [String] = []
    ) {
        self.head = head
        self.changes = changes.sorted { $0.path < $1.path }
        self.lookedUp = lookedUp
        self.indexPath = indexPath
        self.source = source
        self.notes = notes
    }
}

/// One path whose staged entry differs from HEAD's.
public struct StagedChange: Sendable, Hashable {
    /// What happened to the path.
    public enum Status: String, Sendable, Hashable, CaseIterable {
        case added
        case modified
        case deleted
        case renamed
        case copied
        /// A regular file became a symlink or a submodule, or the reverse.
        case typeChange
    }

    /// The staged path (for a deleted file, the path it had).
    public var path: String
    /// The path in HEAD; nil for an added file, different from `path` for a rename or copy.
    public var oldPath: String?
    public var status: Status
    /// The staged blob id (hex); nil for a deleted file.
    public var newBlobID: String?
    /// HEAD's blob id (hex); nil for an added file.
    public var oldBlobID: String?
    /// The staged file mode (HEAD's for a deleted file): 0o100644, 0o100755, 0o120000 (symlink),
    /// 0o160000 (submodule).
    public var mode: UInt32
    /// Size in bytes of the staged blob (0 for a deleted file or a submodule).
    public var size: Int
    /// Lines the staged version adds or modifies.
    public var addedLines: AddedLines

    public init(
        path: String, oldPath: String?, status: Status, newBlobID: String?, oldBlobID: String?,
        mode: UInt32, size: Int, addedLines: AddedLines
    ) {
        self.path = path
        self.oldPath = oldPath
        self.status = status
        self.newBlobID = newBlobID
        self.oldBlobID = oldBlobID
        self.mode = mode
        self.size = size
        self.addedLines = addedLines
    }

    /// Whether the staged entry is a regular file (not a symlink, a submodule or a deletion).
    public var isRegularFile: Bool {
        newBlobID != nil && (mode == 0o100644 || mode == 0o100755)
    }
}

/// One entry of the staged index (stage 0).
public struct StagedEntry: Sendable, Hashable {
    public var path: String
    public var blobID: String
    public var mode: UInt32

    public init(path: String, blobID: String, mode: UInt32) {
        self.path = path
        self.blobID = blobID
        self.mode = mode
    }
}
