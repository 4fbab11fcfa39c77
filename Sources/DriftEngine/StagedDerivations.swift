import DriftGit
import DriftKnowledge

/// Values project views derive from the staged tree — a folder's manifests, what a walk of the
/// package root finds (`declare module`, `.d.ts` globals, polyfills) — kept across requests with
/// the answers they were computed from. A view lives for one request; without this, every
/// request re-parsed a 500-dependency package.json and re-walked thousands of staged paths.
/// An entry is reused while those answers hold in the new tree (`StagedReads.areCurrent`: a
/// few lookups for the paths that changed) and nothing was installed or removed. A file that
/// used a value records only the value's version (`.derived`), not the thousands of answers
/// behind it: its findings are reused while that version is still the one that holds.
final class StagedDerivations: Sendable {
    private struct Entry {
        var tree: StagedTree
        var installed: [Int64]
        var answers: [StagedReads.Question: StagedReads.Answer]
        var value: any Sendable
        var version: Int
    }

    private let entries = Locked(LeastRecentlyUsed<String, Entry>(costLimit: 1024))
    private let versions = Locked(0)

    init() {}

    /// The value under `key` for `files`' tree, computed by `compute` (its answers captured
    /// apart) when no entry holds; `reads` records which version was used.
    func value<T: Sendable>(_ key: String, in files: StagedFiles, reads: StagedReads, _ compute: () -> T) -> T {
        if let entry = current(key, in: files), let value = entry.value as? T {
            reads.record(.derived(key: key), .version(entry.version))
            return value
        }
        let (value, answers) = reads.capturing(compute)
        let version = versions.withLock { $0 += 1; return $0 }
        let entry = Entry(tree: files.tree, installed: files.installed, answers: answers, value: value, version: version)
        entries.withLock { $0.set(entry, for: Self.qualified(key, files), cost: 1) }
        reads.record(.derived(key: key), .version(version))
        return value
    }

    /// The version of the value under `key` that holds for `files`' tree; nil when none does.
    func version(of key: String, in files: StagedFiles) -> Int? {
        current(key, in: files)?.version
    }

    private func current(_ key: String, in files: StagedFiles) -> Entry? {
        let qualified = Self.qualified(key, files)
        guard var entry = entries.withLock({ $0.value(for: qualified) }), entry.installed == files.installed else { return nil }
        if entry.tree === files.tree { return StagedReads.diskAnswersHold(entry.answers) ? entry : nil }
        guard StagedReads.areCurrent(entry.answers, since: entry.tree, changed: files.tree.changedPaths(since: entry.tree), in: files) else {
            return nil
        }
        entry.tree = files.tree  // the next request compares with the latest tree
        entries.withLock { $0.set(entry, for: qualified, cost: 1) }
        return entry
    }

    /// Keys are per repository (their paths are absolute, but two clones may share a work tree path over time).
    private static func qualified(_ key: String, _ files: StagedFiles) -> String {
        files.repository.gitDirectory + "\u{0}" + key
    }
}
