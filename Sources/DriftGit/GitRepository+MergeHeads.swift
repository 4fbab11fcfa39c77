import CLibGit2
import Foundation

extension GitRepository {
    /// The commits a commit being made now merges in (`MERGE_HEAD`, one line per head), or none.
    public func mergeHeads() -> [String] {
        guard let text = try? String(contentsOfFile: gitDirectory + "/MERGE_HEAD", encoding: .utf8) else { return [] }
        return text.split(whereSeparator: \.isNewline).map { $0.trimmingCharacters(in: .whitespaces) }
            .filter { $0.count >= 40 && $0.allSatisfy(\.isHexDigit) }
    }

    /// For each of `paths`, the lines of its version in the index at `indexPath` that `commit`'s
    /// version does not have (empty when they are the same file); nil when this cannot be told
    /// (a repository only the git CLI reads, an unreadable index or commit).
    public func addedLines(of paths: [String], indexPath: String, comparedWith commit: String) -> [String: AddedLines]? {
        lock.lock()
        defer { lock.unlock() }
        guard handle != nil, !paths.isEmpty else { return nil }
        var index: OpaquePointer?
        guard git_index_open(&index, indexPath) == 0, let index else { return nil }
        defer { git_index_free(index) }
        guard let tree = try? headTree(commit) else { return nil }
        defer { git_tree_free(tree) }
        guard let changes = try? changes(from: tree, to: index, only: paths.map { Array($0.utf8) }) else { return nil }
        var result = Dictionary(uniqueKeysWithValues: paths.map { ($0, AddedLines()) })
        for change in changes where result[change.path] != nil { result[change.path] = change.addedLines }
        return result
    }
}

extension AddedLines {
    /// The lines in both.
    public func intersection(_ other: AddedLines) -> AddedLines {
        var lines: [Int] = []
        for range in ranges {
            for line in range where other.contains(line) { lines.append(line) }
        }
        return AddedLines(lines: lines)
    }
}

extension GitRepository {
    /// The messages of the commits reachable from `head` but not from `base` (what a merge of
    /// `head` brings), newest first, at most `limit`; nil when they cannot be read.
    public func messages(of head: String, notIn base: String?, limit: Int = 2000) -> [String]? {
        lock.lock()
        defer { lock.unlock() }
        guard let handle, var headID = LibGit2.oid(head) else { return nil }
        var walk: OpaquePointer?
        guard git_revwalk_new(&walk, handle) == 0, let walk else { return nil }
        defer { git_revwalk_free(walk) }
        guard git_revwalk_push(walk, &headID) == 0 else { return nil }
        if let base, var baseID = LibGit2.oid(base), git_revwalk_hide(walk, &baseID) != 0 { return nil }
        var messages: [String] = []
        var id = git_oid()
        while messages.count < limit, git_revwalk_next(&id, walk) == 0 {
            var commit: OpaquePointer?
            guard git_commit_lookup(&commit, handle, &id) == 0, let commit else { return nil }
            defer { git_commit_free(commit) }
            messages.append(git_commit_message(commit).map { String(cString: $0) } ?? "")
        }
        return messages
    }
}
