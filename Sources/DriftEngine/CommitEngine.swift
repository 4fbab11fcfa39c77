import DriftCore
import DriftGit
import DriftKnowledge
import DriftRules
import DriftSyntax
import Foundation

/// Turns a staged commit into a report: snapshot, cached per-blob analysis in parallel, the
/// project pass over the staged tree, configuration from the staged `.drift.toml`, suppressions,
/// and the added-lines filter. The daemon keeps one for its lifetime; `drift scan --staged` makes
/// one per run.
public final class CommitEngine: Sendable {
    /// A problem with the request (not a git repository, unreadable index), in one line.
    public struct Failure: Error, Sendable, CustomStringConvertible {
        public var description: String

        public init(_ description: String) {
            self.description = description
        }
    }

    private let cache: BlobCache
    private let analyzer: Analyzer
    private let repositories = Locked<[String: GitRepository]>([:])
    private let configurations = Locked<[String: Configuration]>([:])
    private let projectPass: ProjectPass
    /// The staged tree of each repository's latest snapshot, so the commit-msg hook's request
    /// (same index as pre-commit's) meets the same tree and the project pass reuses everything.
    private let trees = Locked<[String: (snapshot: StagedSnapshot, tree: StagedTree)]>([:])

    /// Blobs read and analysed per round, so a first commit of thousands of files never holds
    /// them all in memory at once.
    private static let batchSize = 64

    public init(cache: BlobCache, analyzer: Analyzer = Analyzer()) {
        self.cache = cache
        self.analyzer = analyzer
        self.projectPass = ProjectPass(analyzer: analyzer)
    }

    /// Judges what the request's index would commit.
    public func evaluate(_ request: CommitRequest) throws -> CommitEvaluation {
        let repository = try self.repository(for: request)
        let indexPath = repository.indexPath(request.indexPath, cwd: request.cwd)
        let snapshot: StagedSnapshot
        do {
            snapshot = try repository.snapshot(indexPath: indexPath, lookingUp: [Configuration.fileName], replacingHead: request.amend)
        } catch let error as GitError {
            throw Failure(error.message)
        }
        let merged = request.amend ? nil : mergeAllowance(for: snapshot, indexPath: indexPath, in: repository)
        return try evaluate(
            snapshot, in: repository, allLines: request.allLines, merged: merged,
            defaultsOnConfigurationError: request.defaultsOnConfigurationError)
    }

    /// Judges the change a snapshot describes: a staged commit, or (from `RangeScan`) the change
    /// between two commits shaped as one. `including`, when given, limits which changed paths are
    /// analysed and reported (`drift scan -- PATH…`); the project pass still sees the whole tree.
    /// `merged` lets through what a merged branch already overrode; with
    /// `defaultsOnConfigurationError` a `.drift.toml` that does not parse is reported in the
    /// evaluation and the defaults are used, instead of the error being thrown.
    public func evaluate(
        _ snapshot: StagedSnapshot, in repository: GitRepository, allLines: Bool,
        including: ((String) -> Bool)? = nil, merged: MergeAllowance? = nil, defaultsOnConfigurationError: Bool = false
    ) throws -> CommitEvaluation {
        let configuration: Configuration
        var configurationProblem: ConfigurationError?
        do {
            configuration = try self.configuration(snapshot.lookedUp[Configuration.fileName], in: repository)
        } catch let error as ConfigurationError where defaultsOnConfigurationError {
            // A typo in the configuration must not switch the analysis off: judge with the
            // defaults and let the caller say so (and block the commit that brings the typo).
            configuration = Configuration()
            configurationProblem = error
        }

        // Decide what to analyse before touching any blob: sizes and paths are in the snapshot.
        var skipped: [Report.SkippedFile] = []
        var work: [(change: StagedChange, key: BlobCache.Key)] = []
        for change in snapshot.changes {
            guard change.isRegularFile, let blobID = change.newBlobID, let language = Language(path: change.path) else { continue }
            if configuration.excludes(change.path) || including?(change.path) == false { continue }
            if change.size > configuration.maxFileBytes {
                skipped.append(.init(path: change.path, reason: "larger than max_file_bytes (\(configuration.maxFileBytes) bytes)"))
                continue
            }
            work.append((change, BlobCache.Key(blobID: blobID, language: language, role: PathConventions.role(of: change.path))))
        }

        var analyses = cache.analyses(for: work.map(\.key))
        var preloaded: [String: [UInt8]] = [:]
        let missing = work.filter { analyses[$0.key] == nil }
        for start in stride(from: 0, to: missing.count, by: Self.batchSize) {
            let batch = Array(missing[start..<min(missing.count, start + Self.batchSize)])
            let blobs: [String: [UInt8]]
            do {
                blobs = try repository.blobs(ids: batch.compactMap(\.change.newBlobID))
            } catch let error as GitError {
                throw Failure(error.message)
            }
            let analyzer = self.analyzer
            let computed = Parallel.map(batch) { item -> (BlobCache.Key, BlobAnalysis)? in
                guard let bytes = blobs[item.key.blobID] else { return nil }
                return (item.key, analyzer.analysis(of: bytes, language: item.key.language, path: item.change.path))
            }
            var fresh: [(key: BlobCache.Key, analysis: BlobAnalysis)] = []
            for case let (key, analysis)? in computed where analyses[key] == nil {
                analyses[key] = analysis
                fresh.append((key, analysis))
            }
            cache.store(fresh)
            // Keep the bytes of files that will be shown, so rendering does not read them again.
            for item in batch where !(analyses[item.key]?.findings.isEmpty ?? true) {
                preloaded[item.change.path] = blobs[item.key.blobID]
            }
        }

        let readable = work.filter { analyses[$0.key].map { !$0.isBinary } ?? false }
        let projectFindings = readable.isEmpty || !analyzer.hasProjectRules ? [:] : projectPass.findings(
            for: readable.map { ProjectPass.File(path: $0.change.path, blobID: $0.key.blobID, language: $0.key.language) },
            tree: try stagedTree(for: snapshot, in: repository), repository: repository)

        var findings: [Finding] = []
        var suppressed: [Report.Suppressed] = []
        var checked = 0
        for item in work {
            guard let analysis = analyses[item.key] else {
                skipped.append(.init(path: item.change.path, reason: "blob \(item.key.blobID) cannot be read"))
                continue
            }
            if analysis.isBinary {
                skipped.append(.init(path: item.change.path, reason: "binary file"))
                continue
            }
            checked += 1
            let all = analysis.findings(at: item.change.path) + (projectFindings[item.change.path] ?? [])
            let applied = Analyzer.applying(configuration, suppressions: analysis.suppressions, to: all)
            let isShown = { (finding: Finding) -> Bool in
                let lines = finding.range.start.line...max(finding.range.start.line, finding.range.end.line)
                if allLines { return true }
                guard item.change.addedLines.overlaps(lines) else { return false }
                // A line the merged branch brought, whose finding a commit there overrode.
                if let merged, merged.overridden(finding.ruleID), !(merged.ownLines[item.change.path]?.overlaps(lines) ?? true) {
                    return false
                }
                return true
            }
            findings += applied.filter(isShown)
            suppressed += Analyzer.suppressed(by: configuration, suppressions: analysis.suppressions, in: all).filter { isShown($0.finding) }
        }

        let blobIDs = Dictionary(work.map { ($0.change.path, $0.key.blobID) }, uniquingKeysWith: { first, _ in first })
        return CommitEvaluation(
            report: Report(findings: findings, filesChecked: checked, skipped: skipped, blockAt: configuration.blockAt, suppressed: suppressed),
            configuration: configuration, snapshot: snapshot, notes: snapshot.notes,
            configurationProblem: configurationProblem,
            changesConfiguration: snapshot.changes.contains { $0.path == Configuration.fileName || $0.oldPath == Configuration.fileName },
            lines: StagedLines(repository: repository, blobIDs: blobIDs, preloaded: preloaded))
    }

    /// What concluding a merge (`MERGE_HEAD`) lets through: a line the merged branch already has
    /// was judged when it was committed there, so a finding on it whose rule a `Drift-Override:`
    /// trailer on that branch names (or `all`) is not raised again; lines new to every parent
    /// (the merge's own resolution) are judged as usual, and so is a branch committed with
    /// `--no-verify` and no trailer.
    public struct MergeAllowance: Sendable {
        /// Per changed path, the staged lines no merged branch has.
        var ownLines: [String: AddedLines]
        var overrides: [OverrideTrailer]

        func overridden(_ ruleID: String) -> Bool { overrides.contains { $0.covers(ruleID) } }
    }

    private func mergeAllowance(for snapshot: StagedSnapshot, indexPath: String, in repository: GitRepository) -> MergeAllowance? {
        let heads = repository.mergeHeads()
        let changes = snapshot.changes.filter { $0.isRegularFile && $0.newBlobID != nil }
        guard !heads.isEmpty, !changes.isEmpty else { return nil }
        var own = Dictionary(changes.map { ($0.path, $0.addedLines) }, uniquingKeysWith: { first, _ in first })
        var overrides: [OverrideTrailer] = []
        for head in heads {
            guard let theirs = repository.addedLines(of: Array(own.keys), indexPath: indexPath, comparedWith: head),
                  let messages = repository.messages(of: head, notIn: snapshot.head) else { return nil }
            for (path, lines) in theirs { own[path] = own[path]?.intersection(lines) }
            for message in messages {
                for trailer in Trailer.parse(message) where trailer.hasKey(OverrideTrailer.key) {
                    if case .success(let override) = OverrideTrailer.parse(trailer.value, ruleIDs: RuleCatalog.canonicalIDs) {
                        overrides.append(override)
                    }
                }
            }
        }
        return overrides.isEmpty ? nil : MergeAllowance(ownLines: own, overrides: overrides)
    }

    /// How often the project pass reused a file's findings and how often it ran the rules.
    public var projectPassStatistics: ProjectPassStatistics { projectPass.statistics }

    /// The staged tree `snapshot` describes, the same object for the same snapshot.
    private func stagedTree(for snapshot: StagedSnapshot, in repository: GitRepository) throws -> StagedTree {
        let last = trees.withLock { $0[repository.gitDirectory] }
        if let last, last.snapshot == snapshot { return last.tree }
        let tree: StagedTree
        do {
            tree = try repository.stagedTree(for: snapshot, sharingHeadWith: last?.tree)
        } catch let error as GitError {
            throw Failure(error.message)
        }
        trees.withLock { latest in
            if latest.count >= 64 { latest.removeAll() }
            latest[repository.gitDirectory] = (snapshot, tree)
        }
        return tree
    }

    // MARK: Repositories

    /// One open repository per git directory (or work tree when `GIT_DIR` is not given), kept
    /// for the engine's lifetime; `GitRepository` locks around libgit2 itself.
    public func repository(for request: CommitRequest) throws -> GitRepository {
        let cwd = request.cwd.hasPrefix("/") ? request.cwd : FileManager.default.currentDirectoryPath + "/" + request.cwd
        let key = request.gitDir.map { $0.hasPrefix("/") ? $0 : cwd + "/" + $0 } ?? cwd
        if let open = repositories.withLock({ $0[key] }) { return open }
        let repository: GitRepository
        do {
            repository = try GitRepository.open(cwd: cwd, gitDir: request.gitDir)
        } catch let error as GitError {
            throw Failure(error.message)
        }
        return repositories.withLock { open in
            // A daemon meets many repositories over its life; forget them all rather than grow.
            if open.count >= 64 { open.removeAll() }
            if let existing = open[key] { return existing }
            open[key] = repository
            return repository
        }
    }

    // MARK: Configuration

    /// The staged `.drift.toml` at the repository root (not the work tree's: the commit is what
    /// is judged), or the defaults when there is none. Parsed once per blob.
    private func configuration(_ blobID: String?, in repository: GitRepository) throws -> Configuration {
        guard let blobID else { return Configuration() }
        if let parsed = configurations.withLock({ $0[blobID] }) { return parsed }
        let bytes: [UInt8]
        do {
            bytes = try repository.blob(id: blobID)
        } catch let error as GitError {
            throw Failure("cannot read the staged \(Configuration.fileName): \(error.message)")
        }
        let configuration = try Configuration.parse(
            String(decoding: bytes, as: UTF8.self), path: Configuration.fileName, knownRuleIDs: RuleCatalog.knownIDs)
        configurations.withLock { parsed in
            if parsed.count >= 64 { parsed.removeAll() }
            parsed[blobID] = configuration
        }
        return configuration
    }
}
