import CLibGit2
import Foundation

extension GitRepository {
    /// Identity of one snapshot request: the index's bytes (through its trailing checksum and
    /// stat data), HEAD, and what was asked.
    struct SnapshotKey: Hashable {
        var indexPath: String
        var stamp: IndexStamp
        var head: String?
        var lookingUp: [String]
        var backend: Backend
    }

    /// What is staged in the index at `indexPath` (absolute; the repository's default index when
    /// nil) compared with HEAD's tree. Paths in `lookingUp` (e.g. `.drift.toml`) have their staged
    /// blob ids returned in `lookedUp`, whether they changed or not.
    ///
    /// A repeated request for an unchanged index and HEAD is answered from memory: the commit-msg
    /// hook asks for exactly what pre-commit asked a moment before.
    ///
    /// `replacingHead` (`git commit --amend`) compares with HEAD's first parent instead: the new
    /// commit replaces HEAD, so what HEAD added is part of what is judged (nothing, for a root commit).
    public func snapshot(
        indexPath: String? = nil, lookingUp: [String] = [], backend: Backend = .automatic, replacingHead: Bool = false
    ) throws -> StagedSnapshot {
        let indexPath = indexPath ?? defaultIndexPath
        // Only a regular file: opening a FIFO (or a device) would block the reader forever.
        var info = stat()
        if stat(indexPath, &info) == 0, (info.st_mode & S_IFMT) != S_IFREG {
            throw GitError("the index \(indexPath) is not a regular file")
        }
        lock.lock()
        defer { lock.unlock() }
        let useCommandLine = backend == .commandLine || handle == nil
        var head = try headCommit(commandLine: useCommandLine)
        if replacingHead, let replaced = head { head = try firstParent(of: replaced, commandLine: useCommandLine) }
        let stamp = IndexStamp(path: indexPath)
        if stamp == nil, head != nil {
            throw GitError("cannot read the index \(indexPath): no such file")
        }
        let key = SnapshotKey(
            indexPath: indexPath, stamp: stamp ?? IndexStamp.missing, head: head,
            lookingUp: lookingUp, backend: useCommandLine ? .commandLine : backend)
        if let cached = recentSnapshots[key] { return cached }

        var snapshot: StagedSnapshot
        if useCommandLine {
            snapshot = try commandLineSnapshot(indexPath: indexPath, head: head, lookingUp: lookingUp)
            if let commandLineReason { snapshot.notes.append(commandLineReason) }
        } else {
            do {
                do {
                    guard backend == .automatic else { throw IndexFile.Unsupported(message: "libgit2 index requested") }
                    snapshot = try indexReaderSnapshot(indexPath: indexPath, head: head, lookingUp: lookingUp)
                } catch is IndexFile.Unsupported {
                    // What the reader declines (initial commit, split or sparse index, conflicts,
                    // intent-to-add) goes to libgit2, and from there to the CLI if need be.
                    snapshot = try libgit2Snapshot(indexPath: indexPath, head: head, lookingUp: lookingUp)
                }
            } catch let failure as IndexUnreadable {
                snapshot = try commandLineSnapshot(indexPath: indexPath, head: head, lookingUp: lookingUp)
                snapshot.notes.append("libgit2 cannot read the index \(indexPath) (\(failure.message)); used the git CLI")
            }
        }
        // Index files named `next-index-<pid>.lock` are new for every commit; keep a handful only.
        if recentSnapshots.count >= 8 { recentSnapshots.removeAll(keepingCapacity: true) }
        recentSnapshots[key] = snapshot
        return snapshot
    }

    /// libgit2 could not parse the index (split index, sparse index, newer extensions).
    struct IndexUnreadable: Error {
        var message: String
    }

    /// HEAD's commit id, or nil when HEAD is unborn.
    private func headCommit(commandLine: Bool) throws -> String? {
        if commandLine || handle == nil {
            let output = try git.run(["rev-parse", "-q", "--verify", "HEAD^{commit}"])
            guard output.status == 0 else { return nil }
            return String(decoding: output.stdout, as: UTF8.self).trimmingCharacters(in: .whitespacesAndNewlines)
        }
        var oid = git_oid()
        let status = git_reference_name_to_id(&oid, handle, "HEAD")
        if status == 0 { return LibGit2.hex(oid) }
        if status == GIT_ENOTFOUND.rawValue || status == GIT_EUNBORNBRANCH.rawValue || git_repository_head_unborn(handle) == 1 {
            return nil
        }
        throw GitError("cannot resolve HEAD in \(gitDirectory): \(LibGit2.lastErrorMessage())")
    }

    /// The first parent of `commit`, or nil for a root commit.
    private func firstParent(of commit: String, commandLine: Bool) throws -> String? {
        if commandLine || handle == nil {
            let output = try git.run(["rev-parse", "-q", "--verify", "\(commit)^1^{commit}"])
            guard output.status == 0 else { return nil }
            return String(decoding: output.stdout, as: UTF8.self).trimmingCharacters(in: .whitespacesAndNewlines)
        }
        guard var oid = LibGit2.oid(commit) else { throw GitError("not a commit id: \(commit)") }
        var object: OpaquePointer?
        guard git_commit_lookup(&object, handle, &oid) == 0, let object else {
            throw GitError("cannot read commit \(commit): \(LibGit2.lastErrorMessage())")
        }
        defer { git_commit_free(object) }
        guard git_commit_parentcount(object) > 0, let parent = git_commit_parent_id(object, 0) else { return nil }
        return LibGit2.hex(parent.pointee)
    }

    private func libgit2Snapshot(indexPath: String, head: String?, lookingUp: [String]) throws -> StagedSnapshot {
        var index: OpaquePointer?
        guard git_index_open(&index, indexPath) == 0, let index else {
            throw IndexUnreadable(message: LibGit2.lastErrorMessage())
        }
        defer { git_index_free(index) }
        let tree = try headTree(head)
        defer { if let tree { git_tree_free(tree) } }
        var lookedUp: [String: String] = [:]
        for path in lookingUp {
            if let entry = git_index_get_bypath(index, path, 0)?.pointee {
                lookedUp[path] = LibGit2.hex(entry.id)
            }
        }
        let changes = try changes(from: tree, to: index, only: nil)
        return StagedSnapshot(head: head, changes: changes, lookedUp: lookedUp, indexPath: indexPath, source: .libgit2)
    }

    /// HEAD's tree (nil when HEAD is unborn); the caller frees it.
    func headTree(_ head: String?) throws -> OpaquePointer? {
        guard let head, var oid = LibGit2.oid(head) else { return nil }
        var commit: OpaquePointer?
        guard git_commit_lookup(&commit, handle, &oid) == 0, let commit else {
            throw GitError("cannot read HEAD commit \(head): \(LibGit2.lastErrorMessage())")
        }
        defer { git_commit_free(commit) }
        var tree: OpaquePointer?
        guard git_commit_tree(&tree, commit) == 0 else {
            throw GitError("cannot read HEAD's tree: \(LibGit2.lastErrorMessage())")
        }
        return tree
    }

    /// Diffs `tree` against `index` with zero context and rename detection; `paths`, when given,
    /// limits the diff to exactly those paths (the index reader already knows what changed).
    func changes(from tree: OpaquePointer?, to index: OpaquePointer, only paths: [[UInt8]]?) throws -> [StagedChange] {
        var options = git_diff_options()
        git_diff_options_init(&options, UInt32(GIT_DIFF_OPTIONS_VERSION))
        options.context_lines = 0
        options.interhunk_lines = 0
        // Without this flag a file that became a symlink shows as a deletion plus an addition.
        options.flags = GIT_DIFF_INCLUDE_TYPECHANGE.rawValue
        var pathspec: [UnsafeMutablePointer<CChar>?] = []
        defer { pathspec.forEach { free($0) } }
        if let paths {
            options.flags |= GIT_DIFF_DISABLE_PATHSPEC_MATCH.rawValue
            pathspec = paths.map { path in
                let copy = malloc(path.count + 1)!.assumingMemoryBound(to: CChar.self)
                path.withUnsafeBufferPointer { _ = memcpy(copy, $0.baseAddress!, path.count) }
                copy[path.count] = 0
                return copy
            }
        }
        var diff: OpaquePointer?
        let status = pathspec.withUnsafeMutableBufferPointer { buffer -> Int32 in
            if paths != nil { options.pathspec = git_strarray(strings: buffer.baseAddress, count: buffer.count) }
            return git_diff_tree_to_index(&diff, handle, tree, index, &options)
        }
        guard status == 0, let diff else {
            throw GitError("cannot diff the index against HEAD: \(LibGit2.lastErrorMessage())")
        }
        defer { git_diff_free(diff) }
        return try changes(in: diff)
    }

    /// The changes of a zero-context diff (index against tree, or tree against tree), renames
    /// found as `git diff -M` finds them. Without `lineNumbers` no patch is made and every
    /// change's `addedLines` stays empty (a whole-tree scan reports every line anyway).
    func changes(in diff: OpaquePointer, lineNumbers: Bool = true) throws -> [StagedChange] {
        var find = git_diff_find_options()
        git_diff_find_options_init(&find, UInt32(GIT_DIFF_FIND_OPTIONS_VERSION))
        find.flags = GIT_DIFF_FIND_RENAMES.rawValue  // as `git diff -M`: 50% similarity
        guard git_diff_find_similar(diff, &find) == 0 else {
            throw GitError("rename detection failed: \(LibGit2.lastErrorMessage())")
        }

        var odb: OpaquePointer?
        guard git_repository_odb(&odb, handle) == 0, let odb else {
            throw GitError("cannot open the object database: \(LibGit2.lastErrorMessage())")
        }
        defer { git_odb_free(odb) }

        var changes: [StagedChange] = []
        for position in 0..<git_diff_num_deltas(diff) {
            guard let delta = git_diff_get_delta(diff, position)?.pointee else { continue }
            let status: StagedChange.Status
            switch delta.status {
            case GIT_DELTA_ADDED: status = .added
            case GIT_DELTA_DELETED: status = .deleted
            case GIT_DELTA_MODIFIED: status = .modified
            case GIT_DELTA_RENAMED: status = .renamed
            case GIT_DELTA_COPIED: status = .copied
            case GIT_DELTA_TYPECHANGE: status = .typeChange
            default: continue  // unmodified, ignored, untracked, conflicted: nothing to commit
            }
            let newPath = String(cString: delta.new_file.path)
            let oldPath = String(cString: delta.old_file.path)
            let newID = status == .deleted || LibGit2.isZero(delta.new_file.id) ? nil : LibGit2.hex(delta.new_file.id)
            let oldID = status == .added || LibGit2.isZero(delta.old_file.id) ? nil : LibGit2.hex(delta.old_file.id)
            let mode = UInt32(status == .deleted ? delta.old_file.mode : delta.new_file.mode)

            var size = 0
            if var oid = Optional(delta.new_file.id), newID != nil, mode != 0o160000 {
                var length = 0
                var type = GIT_OBJECT_ANY
                if git_odb_read_header(&length, &type, odb, &oid) == 0 { size = length }
            }

            var lines: [Int] = []
            if lineNumbers, status == .typeChange, mode != 0o160000, var oid = Optional(delta.new_file.id) {
                // libgit2 gives no hunks for a type change; git shows it as a deletion plus a
                // creation, so every line of the new content is added.
                var blob: OpaquePointer?
                if git_blob_lookup(&blob, handle, &oid) == 0, let blob {
                    defer { git_blob_free(blob) }
                    let size = Int(git_blob_rawsize(blob))
                    if size > 0, let start = git_blob_rawcontent(blob)?.assumingMemoryBound(to: UInt8.self) {
                        let bytes = UnsafeBufferPointer(start: start, count: size)
                        if !bytes.prefix(8000).contains(0) {
                            let newlines = bytes.count { $0 == UInt8(ascii: "\n") }
                            let count = newlines + (bytes.last == UInt8(ascii: "\n") ? 0 : 1)
                            lines = Array(1...count)
                        }
                    }
                }
            } else if status != .deleted, lineNumbers {
                var patch: OpaquePointer?
                if git_patch_from_diff(&patch, diff, position) == 0, let patch {
                    defer { git_patch_free(patch) }
                    lines = Self.addedLines(in: patch)
                }
            }
            changes.append(StagedChange(
                path: status == .deleted ? oldPath : newPath,
                oldPath: status == .added ? nil : oldPath,
                status: status, newBlobID: newID, oldBlobID: oldID, mode: mode, size: size,
                addedLines: AddedLines(lines: lines)))
        }

        return changes
    }

    /// New-side line numbers of the patch's `GIT_DIFF_LINE_ADDITION` lines.
    static func addedLines(in patch: OpaquePointer) -> [Int] {
        var lines: [Int] = []
        for hunk in 0..<git_patch_num_hunks(patch) {
            let count = git_patch_num_lines_in_hunk(patch, hunk)
            guard count > 0 else { continue }
            for index in 0..<Int(count) {
                var line: UnsafePointer<git_diff_line>?
                guard git_patch_get_line_in_hunk(&line, patch, hunk, index) == 0, let line else { continue }
                if line.pointee.origin == CChar(UInt8(ascii: "+")) {  // GIT_DIFF_LINE_ADDITION
                    lines.append(Int(line.pointee.new_lineno))
                }
            }
        }
        return lines
    }
}
