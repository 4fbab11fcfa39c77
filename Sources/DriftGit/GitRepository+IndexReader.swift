import CLibGit2
import Foundation

extension GitRepository {
    /// The fast path: the index read by `IndexFile`, compared with HEAD's tree directory by
    /// directory (skipping every directory whose cache-tree id equals HEAD's), then libgit2 diffs
    /// only the changed paths, through a small in-memory index, with the same options as the
    /// full diff — so renames and added lines come out exactly as `libgit2Snapshot`'s.
    func indexReaderSnapshot(indexPath: String, head: String?, lookingUp: [String]) throws -> StagedSnapshot {
        // An initial commit changes everything; nothing is saved over reading the index with libgit2.
        guard head != nil else { throw IndexFile.Unsupported(message: "unborn HEAD") }
        let file = try IndexFile(path: indexPath)
        guard let tree = try headTree(head) else { throw IndexFile.Unsupported(message: "no HEAD tree") }
        defer { git_tree_free(tree) }

        var lookedUp: [String: String] = [:]
        for path in lookingUp {
            if let position = file.position(of: Array(path.utf8)) {
                lookedUp[path] = IndexFile.hex(file.id(position))
            }
        }

        var walk = TreeWalk(file: file, repository: handle!)
        try walk.compare(prefix: [], range: 0..<file.entries.count, tree: tree, node: file.cacheTree)
        var changes = try walk.modified.map { item in
            try modifiedChange(
                path: Array(file.path(item.position)), oldID: item.headID, newID: Array(file.id(item.position)),
                mode: file.entries[item.position].mode)
        }
        guard !walk.changed.isEmpty || !walk.deleted.isEmpty else {
            return StagedSnapshot(head: head, changes: changes, lookedUp: lookedUp, indexPath: indexPath, source: .indexReader)
        }

        var small: OpaquePointer?
        guard git_index_new(&small) == 0, let small else {
            throw GitError("cannot create an in-memory index: \(LibGit2.lastErrorMessage())")
        }
        defer { git_index_free(small) }
        var paths = walk.deleted
        for position in walk.changed {
            let path = Array(file.path(position))
            paths.append(path)
            var entry = git_index_entry()
            entry.mode = file.entries[position].mode
            withUnsafeMutableBytes(of: &entry.id.id) { raw in
                for (offset, byte) in file.id(position).enumerated() { raw[offset] = byte }
            }
            let status = (path + [0]).withUnsafeBufferPointer { buffer in
                buffer.withMemoryRebound(to: CChar.self) { characters in
                    entry.path = characters.baseAddress
                    return git_index_add(small, &entry)
                }
            }
            guard status == 0 else { throw IndexFile.Unsupported(message: "libgit2 rejects entry: \(LibGit2.lastErrorMessage())") }
        }
        changes += try self.changes(from: tree, to: small, only: paths)
        return StagedSnapshot(head: head, changes: changes, lookedUp: lookedUp, indexPath: indexPath, source: .indexReader)
    }

    /// A file changed in place, diffed blob to blob with the options of the tree diff.
    private func modifiedChange(path: [UInt8], oldID: [UInt8], newID: [UInt8], mode: UInt32) throws -> StagedChange {
        var oldOID = TreeWalk.oid(oldID), newOID = TreeWalk.oid(newID)
        var oldBlob: OpaquePointer?, newBlob: OpaquePointer?
        guard git_blob_lookup(&oldBlob, handle, &oldOID) == 0, let oldBlob,
              git_blob_lookup(&newBlob, handle, &newOID) == 0, let newBlob else {
            throw GitError("cannot read blob \(TreeWalk.hex(newID)): \(LibGit2.lastErrorMessage())")
        }
        defer {
            git_blob_free(oldBlob)
            git_blob_free(newBlob)
        }
        var options = git_diff_options()
        git_diff_options_init(&options, UInt32(GIT_DIFF_OPTIONS_VERSION))
        options.context_lines = 0
        options.interhunk_lines = 0
        options.flags = GIT_DIFF_INCLUDE_TYPECHANGE.rawValue
        var patch: OpaquePointer?
        let name = String(decoding: path, as: UTF8.self)
        guard git_patch_from_blobs(&patch, oldBlob, name, newBlob, name, &options) == 0, let patch else {
            throw GitError("cannot diff \(name): \(LibGit2.lastErrorMessage())")
        }
        defer { git_patch_free(patch) }
        return StagedChange(
            path: name, oldPath: name, status: .modified, newBlobID: TreeWalk.hex(newID), oldBlobID: TreeWalk.hex(oldID),
            mode: mode, size: Int(git_blob_rawsize(newBlob)), addedLines: AddedLines(lines: Self.addedLines(in: patch)))
    }
}

/// Finds the index entries that differ from HEAD's tree and the HEAD paths missing from the index.
private struct TreeWalk {
    let file: IndexFile
    let repository: OpaquePointer
    /// Positions of index entries that are new or differ from HEAD in a way libgit2 must diff
    /// (additions, submodules, anything that may take part in a rename).
    var changed: [Int] = []
    /// Files whose content or mode changed in place, both sides blobs of the same type (the
    /// common case): diffed blob to blob, without a tree diff.
    var modified: [(position: Int, headID: [UInt8], headMode: UInt32)] = []
    /// HEAD paths with no index entry.
    var deleted: [[UInt8]] = []

    init(file: IndexFile, repository: OpaquePointer) {
        self.file = file
        self.repository = repository
    }

    private struct HeadEntry {
        var id: [UInt8]
        var mode: UInt32
        var isTree: Bool { mode == 0o040000 }
    }

    /// Compares the index entries in `range` (all under `prefix`) with `tree`.
    mutating func compare(prefix: [UInt8], range: Range<Int>, tree: OpaquePointer, node: IndexFile.CacheNode?) throws {
        // git keeps the staged tree id of every directory `git add` did not touch: equal ids, equal contents.
        if let node, node.entryCount == range.count, let staged = node.treeID, staged == Self.id(git_tree_id(tree)!.pointee) {
            return
        }
        var head: [[UInt8]: HeadEntry] = [:]
        for position in 0..<git_tree_entrycount(tree) {
            let entry = git_tree_entry_byindex(tree, position)
            let name = Self.name(of: entry)
            head[name] = HeadEntry(id: Self.id(git_tree_entry_id(entry)!.pointee), mode: git_tree_entry_filemode(entry).rawValue)
        }

        var position = range.lowerBound
        while position < range.upperBound {
            let path = file.path(position)
            let rest = path.dropFirst(prefix.count)
            if let slash = rest.firstIndex(of: UInt8(ascii: "/")) {
                let name = Array(rest[rest.startIndex..<slash])
                let childPrefix = prefix + name + [UInt8(ascii: "/")]
                let child = node?.children[String(decoding: name, as: UTF8.self)]
                // Entries are sorted, so the folder's entries are contiguous: find where they end
                // by binary search rather than by testing up to every entry of the index.
                var low = position + 1, high = range.upperBound
                while low < high {
                    let mid = (low + high) / 2
                    if file.path(mid).starts(with: childPrefix) { low = mid + 1 } else { high = mid }
                }
                let end = low
                let headEntry = head.removeValue(forKey: name)
                if let headEntry, headEntry.isTree, let child, child.entryCount == end - position, child.treeID == headEntry.id {
                    // Unchanged folder, decided from ids alone: loading its tree (often too big
                    // for libgit2's object cache, so inflated every time) is what this avoids.
                    position = end
                    continue
                }
                if let headEntry, headEntry.isTree {
                    var subtree: OpaquePointer?
                    var oid = Self.oid(headEntry.id)
                    guard git_tree_lookup(&subtree, repository, &oid) == 0, let subtree else {
                        throw GitError("cannot read tree \(Self.hex(headEntry.id)): \(LibGit2.lastErrorMessage())")
                    }
                    defer { git_tree_free(subtree) }
                    try compare(prefix: childPrefix, range: position..<end, tree: subtree, node: child)
                } else {
                    if headEntry != nil { deleted.append(prefix + name) }  // a file became a folder
                    changed.append(contentsOf: position..<end)
                }
                position = end
            } else {
                let name = Array(rest)
                switch head.removeValue(forKey: name) {
                case nil:
                    changed.append(position)
                case let headEntry? where headEntry.isTree:
                    changed.append(position)  // a folder became a file
                    try deleteAll(prefix: prefix + name + [UInt8(ascii: "/")], id: headEntry.id)
                case let headEntry?:
                    let mode = file.entries[position].mode
                    if headEntry.mode != mode || !file.id(position).elementsEqual(headEntry.id) {
                        // Same kind of blob on both sides (file/file or link/link): no rename, no
                        // submodule, no type change can be involved.
                        if Self.isBlob(mode), Self.isBlob(headEntry.mode), mode & 0o170000 == headEntry.mode & 0o170000 {
                            modified.append((position, headEntry.id, headEntry.mode))
                        } else {
                            changed.append(position)
                        }
                    }
                }
                position += 1
            }
        }
        for (name, entry) in head {
            if entry.isTree {
                try deleteAll(prefix: prefix + name + [UInt8(ascii: "/")], id: entry.id)
            } else {
                deleted.append(prefix + name)
            }
        }
    }

    /// Records every file under HEAD's tree `id` as deleted.
    private mutating func deleteAll(prefix: [UInt8], id: [UInt8]) throws {
        var tree: OpaquePointer?
        var oid = Self.oid(id)
        guard git_tree_lookup(&tree, repository, &oid) == 0, let tree else {
            throw GitError("cannot read tree \(Self.hex(id)): \(LibGit2.lastErrorMessage())")
        }
        defer { git_tree_free(tree) }
        for position in 0..<git_tree_entrycount(tree) {
            let entry = git_tree_entry_byindex(tree, position)
            let name = Self.name(of: entry)
            if git_tree_entry_filemode(entry).rawValue == 0o040000 {
                try deleteAll(prefix: prefix + name + [UInt8(ascii: "/")], id: Self.id(git_tree_entry_id(entry)!.pointee))
            } else {
                deleted.append(prefix + name)
            }
        }
    }

    static func isBlob(_ mode: UInt32) -> Bool {
        mode == 0o100644 || mode == 0o100755 || mode == 0o120000
    }

    static func name(of entry: OpaquePointer?) -> [UInt8] {
        let name = git_tree_entry_name(entry)!
        return Array(UnsafeRawBufferPointer(start: name, count: strlen(name)).bindMemory(to: UInt8.self))
    }

    static func id(_ oid: git_oid) -> [UInt8] {
        withUnsafeBytes(of: oid.id) { Array($0.prefix(IndexFile.idSize)) }
    }

    static func oid(_ bytes: [UInt8]) -> git_oid {
        var oid = git_oid()
        withUnsafeMutableBytes(of: &oid.id) { raw in
            for (offset, byte) in bytes.enumerated() { raw[offset] = byte }
        }
        return oid
    }

    static func hex(_ bytes: [UInt8]) -> String {
        bytes.map { String(format: "%02x", $0) }.joined()
    }
}
