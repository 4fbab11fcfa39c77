import DriftCore
import DriftGit
import DriftRules
import Foundation

/// `drift scan --range` and `--all`: judges the change between two commits (or a whole tree) as
/// the commit path judges a staged change, then honours each commit's own `Drift-Override`
/// trailers: a finding whose line was introduced by a commit that overrides its rule is reported
/// as overridden, not as blocking.
public struct RangeScan: Sendable {
    /// What to scan.
    public enum Target: Sendable, Equatable {
        /// `BASE..HEAD`, `BASE...HEAD` or `BASE` (to HEAD), as git spells ranges.
        case range(String)
        /// Every file of the tree at this revision.
        case all(String)
    }

    /// The evaluation, and the commits it covered.
    public struct Result: Sendable {
        public var evaluation: CommitEvaluation
        public var range: CommitRange
        /// One-line notes: overrides that were not valid, blame that failed.
        public var notes: [String]
    }

    private let engine: CommitEngine

    /// Every rule id and alias, mapped to the canonical id (what `OverrideTrailer.parse` needs).
    public static let ruleIDs: [String: String] = RuleCatalog.canonicalIDs

    public init(engine: CommitEngine) {
        self.engine = engine
    }

    /// Scans `target` in the repository found from `cwd` (or at `gitDir`). `including` limits
    /// the reported paths; `allLines` reports every line of the changed files.
    public func run(
        _ target: Target, cwd: String, gitDir: String? = nil, allLines: Bool = false,
        including: ((String) -> Bool)? = nil
    ) throws -> Result {
        let repository = try engine.repository(for: CommitRequest(cwd: cwd, gitDir: gitDir))
        let range: CommitRange
        let snapshot: StagedSnapshot
        do {
            switch target {
            case .range(let spec): range = try repository.range(spec)
            case .all(let revision): range = try repository.wholeTree(at: revision)
            }
            snapshot = try repository.snapshot(
                of: range, lookingUp: [Configuration.fileName], lineNumbers: range.base != nil && !allLines)
        } catch let error as GitError {
            throw CommitEngine.Failure(error.message)
        }
        let wholeTree = range.base == nil
        var evaluation = try engine.evaluate(snapshot, in: repository, allLines: allLines || wholeTree, including: including)
        var notes = evaluation.notes
        // A whole-tree scan honours an override from anywhere in history; a range only its own commits'.
        let overridden = overrides(
            for: evaluation.report.findings, head: range.head, commits: wholeTree ? nil : Set(range.commits),
            in: repository, notes: &notes)
        evaluation.report.override(overridden)
        return Result(evaluation: evaluation, range: range, notes: notes)
    }

    /// The findings some commit's valid `Drift-Override` covers: blame finds the commit that last
    /// changed each finding's first line; `commits`, when given, limits which commits count.
    private func overrides(
        for findings: [Finding], head: String, commits: Set<String>?, in repository: GitRepository, notes: inout [String]
    ) -> [Report.Suppressed] {
        guard !findings.isEmpty else { return [] }
        var trailers: [String: [OverrideTrailer]] = [:]
        func overrides(of commit: String) -> [OverrideTrailer] {
            if let known = trailers[commit] { return known }
            var valid: [OverrideTrailer] = []
            if let info = try? repository.commitInfo(commit) {
                for trailer in Trailer.parse(info.message) where trailer.hasKey(OverrideTrailer.key) {
                    switch OverrideTrailer.parse(trailer.value, ruleIDs: Self.ruleIDs) {
                    case .success(let override): valid.append(override)
                    case .failure(let error):
                        notes.append("commit \(commit.prefix(12)): ignored `\(OverrideTrailer.key): \(error.value)` — \(error.problem)")
                    }
                }
            }
            trailers[commit] = valid
            return valid
        }

        var result: [Report.Suppressed] = []
        for (path, inFile) in Dictionary(grouping: findings, by: \.path) {
            let blamed: [Int: String]
            do {
                blamed = try repository.lastChanges(of: path, lines: Array(Set(inFile.map(\.line))), at: head)
            } catch let error as GitError {
                notes.append("overrides not checked in \(path): \(error.message)")
                continue
            } catch {
                continue
            }
            for finding in inFile {
                guard let commit = blamed[finding.line], commits?.contains(commit) ?? true else { continue }
                if let override = overrides(of: commit).first(where: { $0.covers(finding.ruleID) }) {
                    result.append(Report.Suppressed(finding: finding, kind: .override, justification: override.reason, commit: commit))
                }
            }
        }
        return result
    }
}
