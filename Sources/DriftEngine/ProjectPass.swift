import DriftCore
import DriftGit
import DriftKnowledge
import DriftSyntax

/// The half of a commit's analysis that reads the project: the rules with `readsProject` run
/// over the changed files with a `ProjectKnowledge` view of the staged tree, never from the per-blob
/// cache (their findings depend on other files).
///
/// Each file's findings are kept with every question its pass asked the staged tree and the
/// answer it got; a later request reuses them while all those answers are unchanged. The
/// commit-msg hook right after pre-commit asks about the same tree and costs a lookup; after a
/// re-stage only the files that read a changed path run again.
final class ProjectPass: Sendable {
    /// One changed file to judge.
    struct File: Sendable {
        var path: String
        var blobID: String
        var language: Language
    }

    private struct Key: Hashable {
        var gitDirectory: String
        var path: String
        var blobID: String
    }

    /// One file's findings (paths repository-relative) and what they were computed from.
    private struct Result {
        var tree: StagedTree
        var answers: [StagedReads.Question: StagedReads.Answer]
        /// `InstalledEnvironments.stamp` of the work tree: installing a package invalidates.
        var installed: [Int64]
        var findings: [Finding]
    }

    /// Project views per request, at most: beyond that, files share a view (and so their
    /// recorded answers), which keeps a first commit of thousands of files from re-reading the
    /// project's configuration once per file.
    private static let viewLimit = 64

    private let analyzer: Analyzer
    private let blobs = BlobContents()
    private let builtins = InjectedBuiltinsIndex()
    private let environments = InstalledEnvironments()
    private let derivations = StagedDerivations()
    private let results = Locked(LeastRecentlyUsed<Key, Result>(costLimit: 4096))
    private let counts = Locked(ProjectPassStatistics())

    var statistics: ProjectPassStatistics { counts.withLock { $0 } }

    init(analyzer: Analyzer) {
        self.analyzer = analyzer
    }

    /// Findings of the project rules on every line of `files`, by path, at default severity.
    func findings(for files: [File], tree: StagedTree, repository: GitRepository) -> [String: [Finding]] {
        let root = repository.workTree ?? repository.gitDirectory
        let installed = environments.stamp(of: root)
        let staged = StagedFiles(
            tree: tree, root: root, repository: repository, blobs: blobs, builtins: builtins,
            derivations: derivations, installed: installed)
        var found: [String: [Finding]] = [:]
        var stale: [File] = []
        var changedSince: [ObjectIdentifier: Set<String>?] = [:]
        for file in files {
            let key = Key(gitDirectory: repository.gitDirectory, path: file.path, blobID: file.blobID)
            guard let result = results.withLock({ $0.value(for: key) }), result.installed == installed else { stale.append(file); continue }
            if result.tree !== tree {
                let id = ObjectIdentifier(result.tree)
                if changedSince[id] == nil { changedSince[id] = .some(tree.changedPaths(since: result.tree)) }
                guard StagedReads.areCurrent(result.answers, since: result.tree, changed: changedSince[id]!, in: staged) else {
                    stale.append(file)
                    continue
                }
                results.withLock { $0.set(Result(tree: tree, answers: result.answers, installed: installed, findings: result.findings), for: key, cost: 1) }
            } else if !StagedReads.diskAnswersHold(result.answers) {
                stale.append(file)  // the same staged tree, but a file on disk it relied on came or went
                continue
            }
            found[file.path] = result.findings
        }

        counts.withLock { $0.reused += files.count - stale.count; $0.computed += stale.count }
        let groupCount = min(stale.count, Self.viewLimit)
        let groups = (0..<groupCount).map { group in stride(from: group, to: stale.count, by: groupCount).map { stale[$0] } }
        let computed = Parallel.map(groups) { group in self.run(group, in: staged) }
        for (group, outcome) in zip(groups, computed) {
            for file in group {
                let findings = outcome.findings[file.path] ?? []
                found[file.path] = findings
                let key = Key(gitDirectory: repository.gitDirectory, path: file.path, blobID: file.blobID)
                results.withLock { $0.set(Result(tree: tree, answers: outcome.answers, installed: installed, findings: findings), for: key, cost: 1) }
            }
        }
        return found
    }

    /// Runs the project rules over `group` with one view that records what it asks.
    private func run(_ group: [File], in staged: StagedFiles) -> (findings: [String: [Finding]], answers: [StagedReads.Question: StagedReads.Answer]) {
        let reads = StagedReads()
        let view = ProjectKnowledge(files: staged.recording(into: reads), installed: environments)
        var findings: [String: [Finding]] = [:]
        let prefix = staged.root + "/"
        for file in group {
            guard let bytes = blobs.bytes(of: file.blobID, in: staged.repository) else { continue }
            let source = SourceFile(path: prefix + file.path, language: file.language, bytes: bytes)
            findings[file.path] = analyzer.projectFindings(in: source, projectPath: file.path, project: view).map { finding in
                // Rules name other files by the view's absolute paths; the report uses the repository's.
                var finding = finding
                finding.path = file.path
                finding.message = finding.message.replacingOccurrences(of: prefix, with: "")
                finding.fix = finding.fix.replacingOccurrences(of: prefix, with: "")
                return finding
            }
        }
        return (findings, reads.answers)
    }
}

/// How many changed files' project findings were reused and how many were computed.
public struct ProjectPassStatistics: Sendable, Equatable {
    public var reused = 0
    public var computed = 0

    public init(reused: Int = 0, computed: Int = 0) {
        self.reused = reused
        self.computed = computed
    }
}
