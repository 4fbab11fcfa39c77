import DriftGit

/// Values project views derive from the staged tree — a folder's manifests, what a walk of the
/// package root finds (`declare module`, `.d.ts` globals, polyfills) — kept across requests with
/// the answers they were computed from. A view lives for one request; without this, every
/// request re-parsed a 500-dependency package.json and re-walked thousands of staged paths.
/// An entry is reused while those answers hold in the new tree (`StagedReads.areCurrent`: a
/// few lookups for the paths that changed) and nothing was installed or removed.
final class StagedDerivations: Sendable {
    private struct Entry {
        var tree: StagedTree
        var installed: [Int64]
        var answers: [StagedReads.Question: StagedReads.Answer]
        var value: any Sendable
    }

    private let entries = Locked(LeastRecentlyUsed<String, Entry>(costLimit: 1024))

    init() {}

    /// The value under `key` for `files`' tree, computed by `compute` (recording into `reads`)
    /// when no entry holds; the answers it depends on are recorded into `reads` either way.
    func value<T: Sendable>(_ key: String, in files: StagedFiles, reads: StagedReads, _ compute: () -> T) -> T {
        let key = files.repository.gitDirectory + "\u{0}" + key
        if var entry = entries.withLock({ $0.value(for: key) }), entry.installed == files.installed, let value = entry.value as? T,
           StagedReads.areCurrent(entry.answers, since: entry.tree, changed: files.tree.changedPaths(since: entry.tree), in: files) {
            reads.record(entry.answers)
            if entry.tree !== files.tree {
                entry.tree = files.tree  // the next request compares with the latest tree
                entries.withLock { $0.set(entry, for: key, cost: 1) }
            }
            return value
        }
        let (value, answers) = reads.capturing(compute)
        entries.withLock { $0.set(Entry(tree: files.tree, installed: files.installed, answers: answers, value: value), for: key, cost: 1) }
        return value
    }
}
