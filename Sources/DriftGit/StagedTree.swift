import CLibGit2
import Foundation

/// The files a commit would contain — HEAD's tree with a snapshot's changes laid over it —
/// answered path by path: nothing lists the whole index, so asking about a few paths of a
/// 50,000-file repository costs a few tree lookups, not a 50,000-entry dictionary per index change.
///
/// Paths are repository-relative and `/`-separated; the root folder is `""`. An instance is
/// immutable and answers are memoized, so one is made per snapshot and shared by every reader.
public final class StagedTree: @unchecked Sendable {
    /// What a staged path holds.
    public enum Node: Sendable, Equatable {
        /// A blob (regular file or symlink) or a submodule commit.
        case entry(StagedEntry)
        case folder
    }

    /// HEAD's root tree id (hex), or nil when HEAD is unborn.
    public let headTreeID: String?
    let head: HeadTree
    /// Entries the snapshot adds or changes, by path.
    private let staged: [String: StagedEntry]
    /// HEAD paths the snapshot deletes (renames included) and does not re-add.
    private let removed: Set<String>
    /// Child names that staged entries bring into each folder (every ancestor of a staged path).
    private let stagedChildren: [String: Set<String>]
    /// Folders with a removed path somewhere below them: they may have become empty.
    private let thinned: Set<String>
    private let lock = NSLock()
    private var listings: [String: [String]?] = [:]

    init(head: HeadTree, headTreeID: String?, changes: [StagedChange]) {
        self.head = head
        self.headTreeID = headTreeID
        var staged: [String: StagedEntry] = [:]
        var removed = Set<String>()
        for change in changes {
            if let id = change.newBlobID {
                staged[change.path] = StagedEntry(path: change.path, blobID: id, mode: change.mode)
            } else {
                removed.insert(change.path)
            }
            if change.status == .renamed, let old = change.oldPath, old != change.path { removed.insert(old) }
        }
        removed.subtract(staged.keys)
        var children: [String: Set<String>] = [:]
        for path in staged.keys {
            var child = path
            for folder in Self.ancestors(of: path) {
                children[folder, default: []].insert(Self.lastComponent(of: child))
                child = folder
            }
        }
        var thinned = Set<String>()
        for path in removed { thinned.formUnion(Self.ancestors(of: path)) }
        self.staged = staged
        self.removed = removed
        self.stagedChildren = children
        self.thinned = thinned
    }


    /// What `path` holds in the staged tree; nil when nothing is there.
    public func node(at path: String) -> Node? {
        if path.isEmpty { return .folder }
        if let entry = staged[path] { return .entry(entry) }
        if stagedChildren[path] != nil { return .folder }
        if removed.contains(path) { return nil }
        // A staged file where HEAD had a folder hides everything HEAD had under it.
        if Self.ancestors(of: path).contains(where: { staged[$0] != nil }) { return nil }
        switch head.node(at: path) {
        case nil:
            return nil
        case .entry(let entry)?:
            return .entry(entry)
        case .folder?:
            if thinned.contains(path), names(in: path) == nil { return nil }
            return .folder
        }
    }

    /// HEAD's tree alone, without the snapshot's changes (it shares HEAD's tree object).
    public var headOnly: StagedTree {
        StagedTree(head: head, headTreeID: headTreeID, changes: [])
    }

    /// The paths whose staged entry differs between this tree and `other`, when both have the same
    /// HEAD (nil otherwise): an answer about any other path is the same in both.
    public func changedPaths(since other: StagedTree) -> Set<String>? {
        guard headTreeID == other.headTreeID else { return nil }
        var paths = removed.symmetricDifference(other.removed)
        for (path, entry) in staged where other.staged[path] != entry { paths.insert(path) }
        for path in other.staged.keys where staged[path] == nil { paths.insert(path) }
        return paths
    }

    /// The staged entry (blob, symlink or submodule) at `path`; nil for a folder or nothing.
    public func entry(at path: String) -> StagedEntry? {
        if case .entry(let entry)? = node(at: path) { return entry }
        return nil
    }

    /// The names directly inside `folder`, sorted; nil when it is not a staged folder.
    public func names(in folder: String) -> [String]? {
        lock.lock()
        if let cached = listings[folder] { lock.unlock(); return cached }
        lock.unlock()
        let names = computeNames(in: folder)
        lock.lock()
        listings[folder] = names
        lock.unlock()
        return names
    }

    private func computeNames(in folder: String) -> [String]? {
        if staged[folder] != nil { return nil }
        let added = stagedChildren[folder] ?? []
        let covered = !folder.isEmpty && Self.ancestors(of: folder).contains { staged[$0] != nil }
        let headNames = covered ? nil : head.names(in: folder)
        guard headNames != nil || !added.isEmpty else { return nil }
        let prefix = folder.isEmpty ? "" : folder + "/"
        var result = Set(added)
        for name in headNames ?? [] where !added.contains(name) {
            let path = prefix + name
            if removed.contains(path) { continue }
            // Only a folder some deletion reached can have emptied; asking costs one listing.
            if thinned.contains(path), names(in: path) == nil { continue }
            result.insert(name)
        }
        // git has no empty folders: one whose every file is deleted is gone.
        return result.isEmpty && !folder.isEmpty ? nil : result.sorted()
    }

    /// The folders above `path`, nearest first, ending with the root `""`.
    public static func ancestors(of path: String) -> [String] {
        var result: [String] = []
        var current = Substring(path)
        while let slash = current.lastIndex(of: "/") {
            current = current[..<slash]
            result.append(String(current))
        }
        result.append("")
        return result
    }

    /// The last component of `path` (the whole path at the top level).
    public static func lastComponent(of path: String) -> String {
        path.lastIndex(of: "/").map { String(path[path.index(after: $0)...]) } ?? path
    }
}

/// HEAD's side of a staged tree: nothing (unborn HEAD), a libgit2 tree read lazily, or a listing
/// from `git ls-tree` where libgit2 cannot open the repository. Shared by the trees of every
/// snapshot made on the same HEAD.
final class HeadTree: @unchecked Sendable {
    enum Source {
        case none
        /// HEAD's root tree; every use takes the repository's lock (libgit2 objects are not thread-safe).
        case libgit2(OpaquePointer)
        /// Every entry of HEAD's tree by path (folders with mode 0o040000), and each folder's names.
        case listing(entries: [String: StagedEntry], names: [String: [String]])
    }

    let source: Source
    /// The HEAD commit the tree belongs to (nil when HEAD is unborn).
    let commit: String?
    let repository: GitRepository
    /// Answers already read from libgit2: HEAD's tree never changes, and reading a deltified tree
    /// out of a pack is an inflate per lookup (walks of thousands of paths per request otherwise).
    private let memoLock = NSLock()
    private var nodes: [String: StagedTree.Node?] = [:]
    private var listings: [String: [String]?] = [:]
    /// Memoized answers kept at most (a walk of a huge tree must not grow memory without bound).
    private static let memoLimit = 200_000

    init(_ source: Source, commit: String?, repository: GitRepository) {
        self.source = source
        self.commit = commit
        self.repository = repository
    }

    deinit {
        if case .libgit2(let tree) = source {
            repository.lock.lock()
            git_tree_free(tree)
            repository.lock.unlock()
        }
    }

    func node(at path: String) -> StagedTree.Node? {
        memoized(path, in: \.nodes) { readNode(at: path) }
    }

    func names(in folder: String) -> [String]? {
        memoized(folder, in: \.listings) {
            guard let children = readChildren(of: folder) else { return nil }
            // A walk asks about each child next: libgit2 would inflate the folder's tree again per
            // child (trees over 4 KiB stay out of its object cache), so their nodes are kept now.
            let prefix = folder.isEmpty ? "" : folder + "/"
            memoLock.lock()
            if nodes.count + listings.count + children.count < Self.memoLimit {
                for child in children { nodes[prefix + child.name] = .some(child.node) }
            }
            memoLock.unlock()
            return children.map(\.name)
        }
    }

    private func memoized<T>(_ key: String, in table: ReferenceWritableKeyPath<HeadTree, [String: T?]>, _ read: () -> T?) -> T? {
        memoLock.lock()
        if let known = self[keyPath: table][key] { memoLock.unlock(); return known }
        memoLock.unlock()
        let value = read()
        memoLock.lock()
        if nodes.count + listings.count < Self.memoLimit { self[keyPath: table][key] = .some(value) }
        memoLock.unlock()
        return value
    }

    private func readNode(at path: String) -> StagedTree.Node? {
        switch source {
        case .none:
            return nil
        case .listing(let entries, _):
            guard let entry = entries[path] else { return nil }
            return entry.mode == 0o040000 ? .folder : .entry(entry)
        case .libgit2(let tree):
            repository.lock.lock()
            defer { repository.lock.unlock() }
            var found: OpaquePointer?
            guard git_tree_entry_bypath(&found, tree, path) == 0, let found else { return nil }
            defer { git_tree_entry_free(found) }
            let mode = git_tree_entry_filemode(found).rawValue
            if mode == 0o040000 { return .folder }
            return .entry(StagedEntry(path: path, blobID: LibGit2.hex(git_tree_entry_id(found)!.pointee), mode: mode))
        }
    }

    /// The entries directly inside `folder`, with what each holds; nil when it is not a folder.
    private func readChildren(of folder: String) -> [(name: String, node: StagedTree.Node)]? {
        let prefix = folder.isEmpty ? "" : folder + "/"
        switch source {
        case .none:
            return nil
        case .listing(let entries, let names):
            return names[folder]?.compactMap { name in
                guard let entry = entries[prefix + name] else { return nil }
                return (name, entry.mode == 0o040000 ? .folder : .entry(entry))
            }
        case .libgit2(let root):
            repository.lock.lock()
            defer { repository.lock.unlock() }
            var tree: OpaquePointer? = root
            if !folder.isEmpty {
                var found: OpaquePointer?
                guard git_tree_entry_bypath(&found, root, folder) == 0, let found else { return nil }
                defer { git_tree_entry_free(found) }
                guard git_tree_entry_type(found) == GIT_OBJECT_TREE else { return nil }
                tree = nil
                guard git_tree_lookup(&tree, repository.handle, git_tree_entry_id(found)) == 0 else { return nil }
            }
            defer { if !folder.isEmpty { git_tree_free(tree) } }
            return (0..<git_tree_entrycount(tree)).map { position in
                let entry = git_tree_entry_byindex(tree, position)
                let name = String(cString: git_tree_entry_name(entry))
                let mode = git_tree_entry_filemode(entry).rawValue
                if mode == 0o040000 { return (name, .folder) }
                return (name, .entry(StagedEntry(path: prefix + name, blobID: LibGit2.hex(git_tree_entry_id(entry)!.pointee), mode: mode)))
            }
        }
    }
}

extension GitRepository {
    /// The staged tree `snapshot` describes: HEAD's tree (the snapshot's `head`) with its changes.
    /// When `previous` was made on the same HEAD, the new tree shares its HEAD side and so what
    /// was already read of it (the commit path passes the tree of the last request).
    public func stagedTree(for snapshot: StagedSnapshot, sharingHeadWith previous: StagedTree? = nil) throws -> StagedTree {
        lock.lock()
        defer { lock.unlock() }
        let head: HeadTree
        let treeID: String?
        if let previous, previous.head.repository === self, let commit = snapshot.head, previous.head.commit == commit {
            (head, treeID) = (previous.head, previous.headTreeID)
        } else if let commit = snapshot.head, handle == nil {
            let (listing, names, id) = try commandLineHeadListing(commit)
            (head, treeID) = (HeadTree(.listing(entries: listing, names: names), commit: commit, repository: self), id)
        } else if let tree = try headTree(snapshot.head) {
            (head, treeID) = (HeadTree(.libgit2(tree), commit: snapshot.head, repository: self), LibGit2.hex(git_tree_id(tree)!.pointee))
        } else {
            (head, treeID) = (HeadTree(.none, commit: nil, repository: self), nil)
        }
        return StagedTree(head: head, headTreeID: treeID, changes: snapshot.changes)
    }

    /// HEAD's whole tree from `git ls-tree -r -t`: only where libgit2 cannot open the repository.
    private func commandLineHeadListing(_ head: String) throws -> ([String: StagedEntry], [String: [String]], String) {
        let treeID = String(decoding: try git.checked(["rev-parse", head + "^{tree}"]), as: UTF8.self)
            .trimmingCharacters(in: .whitespacesAndNewlines)
        var entries: [String: StagedEntry] = [:]
        var names: [String: [String]] = ["": []]
        // `mode type id\tpath\0`, parents before children.
        for record in try git.checked(["ls-tree", "-r", "-t", "-z", "--full-tree", head]).split(separator: 0) {
            guard let tab = record.firstIndex(of: UInt8(ascii: "\t")) else { continue }
            let fields = String(decoding: record[record.startIndex..<tab], as: UTF8.self).split(separator: " ")
            guard fields.count == 3, let mode = UInt32(fields[0], radix: 8) else { continue }
            let path = String(decoding: record[(tab + 1)...], as: UTF8.self)
            entries[path] = StagedEntry(path: path, blobID: String(fields[2]), mode: mode)
            if mode == 0o040000 { names[path] = [] }
            names[StagedTree.ancestors(of: path)[0], default: []].append(StagedTree.lastComponent(of: path))
        }
        return (entries, names, treeID)
    }
}
