import CLibGit2
import Foundation

/// What `drift scan --range` compares: the tree of `base` against the tree of `head`, and the
/// commits that lie between them.
public struct CommitRange: Sendable, Equatable {
    /// The commit whose tree the change is measured from; nil for the empty tree (`--all`, or a
    /// range that starts before the first commit).
    public var base: String?
    /// The commit whose tree is scanned.
    public var head: String
    /// The commits the range brings in: reachable from `head` and not from `base`, newest first.
    public var commits: [String]

    public init(base: String?, head: String, commits: [String]) {
        self.base = base
        self.head = head
        self.commits = commits
    }
}

/// One commit as `drift overrides` and the range scan read it.
public struct CommitInfo: Sendable, Equatable {
    public var id: String
    public var parents: [String]
    public var authorName: String
    public var authorEmail: String
    /// Seconds since 1970 and the author's offset from UTC in minutes, as git records them.
    public var authorTime: Int64
    public var authorOffsetMinutes: Int
    public var message: String

    /// The author date in ISO 8601 with the author's own offset (`2026-12-04T18:30:00+01:00`).
    public var authorDate: String {
        let local = Date(timeIntervalSince1970: TimeInterval(authorTime + Int64(authorOffsetMinutes) * 60))
        var calendar = Calendar(identifier: .gregorian)
        calendar.timeZone = TimeZone(identifier: "UTC")!
        let c = calendar.dateComponents([.year, .month, .day, .hour, .minute, .second], from: local)
        let sign = authorOffsetMinutes < 0 ? "-" : "+"
        let offset = abs(authorOffsetMinutes)
        return String(format: "%04d-%02d-%02dT%02d:%02d:%02d%@%02d:%02d",
                      c.year!, c.month!, c.day!, c.hour!, c.minute!, c.second!, sign, offset / 60, offset % 60)
    }
}

extension GitRepository {
    /// The commit a revision names (`main`, `HEAD~2`, `origin/main`, a full or short id).
    public func commitID(of revision: String) throws -> String {
        lock.lock()
        defer { lock.unlock() }
        return try resolveCommit(revision)
    }

    /// Reads `BASE..HEAD` (changes from BASE to HEAD), `BASE...HEAD` (from their merge base to
    /// HEAD, as `git diff A...B` reads it) or a single revision (from it to HEAD). An empty side
    /// means HEAD, as in git.
    public func range(_ spec: String) throws -> CommitRange {
        lock.lock()
        defer { lock.unlock() }
        let base: String?
        let head: String
        if let dots = spec.range(of: "...") {
            let left = String(spec[..<dots.lowerBound]), right = String(spec[dots.upperBound...])
            head = try resolveCommit(right.isEmpty ? "HEAD" : right)
            let other = try resolveCommit(left.isEmpty ? "HEAD" : left)
            guard let found = try lockedMergeBase(other, head) else {
                throw GitError("\(left.isEmpty ? "HEAD" : left) and \(right.isEmpty ? "HEAD" : right) have no common ancestor; use BASE..HEAD")
            }
            base = found
        } else if let dots = spec.range(of: "..") {
            let left = String(spec[..<dots.lowerBound]), right = String(spec[dots.upperBound...])
            head = try resolveCommit(right.isEmpty ? "HEAD" : right)
            base = try resolveCommit(left.isEmpty ? "HEAD" : left)
        } else {
            head = try resolveCommit("HEAD")
            base = try resolveCommit(spec)
        }
        return CommitRange(base: base, head: head, commits: try lockedCommits(from: head, hiding: base))
    }

    /// The whole tree of `revision` (default HEAD), as if every file were added.
    public func wholeTree(at revision: String = "HEAD") throws -> CommitRange {
        lock.lock()
        defer { lock.unlock() }
        let head = try resolveCommit(revision)
        return CommitRange(base: nil, head: head, commits: [])
    }

    /// The best common ancestor of two commits, or nil when their histories never meet.
    public func mergeBase(_ a: String, _ b: String) throws -> String? {
        lock.lock()
        defer { lock.unlock() }
        return try lockedMergeBase(try resolveCommit(a), try resolveCommit(b))
    }

    /// The changes from `range.base`'s tree to `range.head`'s, in the shape of a staged snapshot
    /// whose "HEAD" is the base: its `stagedTree` is then exactly the head commit's tree, and the
    /// engine judges a range as it judges a commit. `lineNumbers: false` skips making patches
    /// (a whole-tree scan reports every line).
    public func snapshot(of range: CommitRange, lookingUp: [String] = [], lineNumbers: Bool = true) throws -> StagedSnapshot {
        lock.lock()
        defer { lock.unlock() }
        guard let handle else { return try commandLineSnapshot(of: range, lookingUp: lookingUp, lineNumbers: lineNumbers) }
        let baseTree = try headTree(range.base)
        defer { if let baseTree { git_tree_free(baseTree) } }
        guard let headTree = try headTree(range.head) else { throw GitError("cannot read commit \(range.head)") }
        defer { git_tree_free(headTree) }

        var options = git_diff_options()
        git_diff_options_init(&options, UInt32(GIT_DIFF_OPTIONS_VERSION))
        options.context_lines = 0
        options.interhunk_lines = 0
        options.flags = GIT_DIFF_INCLUDE_TYPECHANGE.rawValue
        var diff: OpaquePointer?
        guard git_diff_tree_to_tree(&diff, handle, baseTree, headTree, &options) == 0, let diff else {
            throw GitError("cannot diff \(range.base ?? "the empty tree") against \(range.head): \(LibGit2.lastErrorMessage())")
        }
        defer { git_diff_free(diff) }
        let changes = try changes(in: diff, lineNumbers: lineNumbers)

        var lookedUp: [String: String] = [:]
        for path in lookingUp {
            var entry: OpaquePointer?
            guard git_tree_entry_bypath(&entry, headTree, path) == 0, let entry else { continue }
            defer { git_tree_entry_free(entry) }
            if git_tree_entry_type(entry) == GIT_OBJECT_BLOB { lookedUp[path] = LibGit2.hex(git_tree_entry_id(entry)!.pointee) }
        }
        return StagedSnapshot(
            head: range.base, changes: changes, lookedUp: lookedUp, indexPath: "", source: .libgit2)
    }

    /// Commits reachable from `head` and not from `hiding`, newest first (topological order).
    public func commits(from head: String, hiding: String? = nil) throws -> [String] {
        lock.lock()
        defer { lock.unlock() }
        return try lockedCommits(from: try resolveCommit(head), hiding: try hiding.map(resolveCommit))
    }

    /// A commit's author, date and message.
    public func commitInfo(_ id: String) throws -> CommitInfo {
        lock.lock()
        defer { lock.unlock() }
        guard let handle else { return try commandLineCommitInfo(id) }
        guard var oid = LibGit2.oid(id) else { throw GitError("cannot read commit \(id)") }
        var commit: OpaquePointer?
        guard git_commit_lookup(&commit, handle, &oid) == 0, let commit else {
            throw GitError("cannot read commit \(id): \(LibGit2.lastErrorMessage())")
        }
        defer { git_commit_free(commit) }
        let author = git_commit_author(commit)!.pointee
        let parents = (0..<git_commit_parentcount(commit)).compactMap { git_commit_parent_id(commit, $0).map { LibGit2.hex($0.pointee) } }
        return CommitInfo(
            id: id, parents: parents,
            authorName: author.name.map { String(cString: $0) } ?? "",
            authorEmail: author.email.map { String(cString: $0) } ?? "",
            authorTime: Int64(author.when.time), authorOffsetMinutes: Int(author.when.offset),
            message: git_commit_message(commit).map { String(cString: $0) } ?? "")
    }

    /// For each of `lines` (1-based, in `path` as `head` has it), the commit that last changed it,
    /// as `git blame` finds it. Lines blame cannot place are missing from the answer.
    public func lastChanges(of path: String, lines: [Int], at head: String) throws -> [Int: String] {
        lock.lock()
        defer { lock.unlock() }
        guard let handle else { return try commandLineLastChanges(of: path, lines: lines, at: head) }
        guard let newest = LibGit2.oid(head) else { return [:] }
        var options = git_blame_options()
        git_blame_options_init(&options, UInt32(GIT_BLAME_OPTIONS_VERSION))
        options.newest_commit = newest
        var blame: OpaquePointer?
        guard git_blame_file(&blame, handle, path, &options) == 0, let blame else {
            throw GitError("cannot blame \(path) at \(head): \(LibGit2.lastErrorMessage())")
        }
        defer { git_blame_free(blame) }
        var result: [Int: String] = [:]
        for line in lines where line >= 1 {
            guard let hunk = git_blame_get_hunk_byline(blame, line) else { continue }
            result[line] = LibGit2.hex(hunk.pointee.final_commit_id)
        }
        return result
    }

    // MARK: Under the lock

    private func resolveCommit(_ revision: String) throws -> String {
        if handle == nil {
            let output = try git.run(["rev-parse", "-q", "--verify", revision + "^{commit}"])
            guard output.status == 0 else { throw GitError("unknown revision '\(revision)' (not a commit in \(gitDirectory))") }
            return String(decoding: output.stdout, as: UTF8.self).trimmingCharacters(in: .whitespacesAndNewlines)
        }
        var object: OpaquePointer?
        guard git_revparse_single(&object, handle, revision) == 0, let object else {
            throw GitError("unknown revision '\(revision)' (not a commit in \(gitDirectory))")
        }
        defer { git_object_free(object) }
        var commit: OpaquePointer?
        guard git_object_peel(&commit, object, GIT_OBJECT_COMMIT) == 0, let commit else {
            throw GitError("'\(revision)' does not name a commit")
        }
        defer { git_object_free(commit) }
        return LibGit2.hex(git_object_id(commit)!.pointee)
    }

    private func lockedMergeBase(_ a: String, _ b: String) throws -> String? {
        guard let handle, var one = LibGit2.oid(a), var two = LibGit2.oid(b) else {
            let output = try git.run(["merge-base", a, b])
            guard output.status == 0 else { return nil }
            return String(decoding: output.stdout, as: UTF8.self).trimmingCharacters(in: .whitespacesAndNewlines)
        }
        var base = git_oid()
        let status = git_merge_base(&base, handle, &one, &two)
        if status == GIT_ENOTFOUND.rawValue { return nil }
        guard status == 0 else { throw GitError("cannot find the merge base of \(a) and \(b): \(LibGit2.lastErrorMessage())") }
        return LibGit2.hex(base)
    }

    private func lockedCommits(from head: String, hiding: String?) throws -> [String] {
        guard let handle else {
            let output = try git.checked(["rev-list", "--topo-order", head] + (hiding.map { ["^" + $0] } ?? []))
            return String(decoding: output, as: UTF8.self).split(separator: "\n").map(String.init)
        }
        var walk: OpaquePointer?
        guard git_revwalk_new(&walk, handle) == 0, let walk else {
            throw GitError("cannot walk history: \(LibGit2.lastErrorMessage())")
        }
        defer { git_revwalk_free(walk) }
        git_revwalk_sorting(walk, GIT_SORT_TOPOLOGICAL.rawValue | GIT_SORT_TIME.rawValue)
        guard var start = LibGit2.oid(head), git_revwalk_push(walk, &start) == 0 else {
            throw GitError("cannot walk history from \(head): \(LibGit2.lastErrorMessage())")
        }
        if let hiding, var hidden = LibGit2.oid(hiding) {
            guard git_revwalk_hide(walk, &hidden) == 0 else {
                throw GitError("cannot walk history excluding \(hiding): \(LibGit2.lastErrorMessage())")
            }
        }
        var result: [String] = []
        var oid = git_oid()
        while git_revwalk_next(&oid, walk) == 0 { result.append(LibGit2.hex(oid)) }
        return result
    }
}
