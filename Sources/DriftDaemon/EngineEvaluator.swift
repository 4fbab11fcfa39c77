import DriftEngine
import Logging

/// The daemon's analysis: DriftEngine's `CommitEngine` over one blob cache for the daemon's life.
public final class EngineEvaluator: CommitEvaluating {
    private let cache: BlobCache
    private let engine: CommitEngine

    /// `warn` receives the cache's one-line warnings (a corrupt cache file moved aside, …).
    public init(warn: @escaping @Sendable (String) -> Void) {
        cache = BlobCache(openLazily: true, warn: warn)
        engine = CommitEngine(cache: cache)
    }

    public func evaluate(cwd: String, gitDir: String, indexPath: String, allLines: Bool) throws -> Evaluation {
        try evaluate(cwd: cwd, gitDir: gitDir, indexPath: indexPath, allLines: allLines, amend: false)
    }

    public func evaluate(cwd: String, gitDir: String, indexPath: String, allLines: Bool, amend: Bool) throws -> Evaluation {
        let evaluation: CommitEvaluation
        do {
            evaluation = try engine.evaluate(CommitRequest(
                cwd: cwd, gitDir: gitDir, indexPath: indexPath, allLines: allLines, amend: amend,
                defaultsOnConfigurationError: true))
        } catch let failure as CommitEngine.Failure {
            throw DaemonError(failure.description)
        }
        let snapshot = evaluation.snapshot
        let state = ([snapshot.head ?? "unborn"] + snapshot.changes.map { "\($0.path) \($0.newBlobID ?? "deleted")" }
            + snapshot.lookedUp.sorted { $0.key < $1.key }.map { "\($0.key) \($0.value)" }).joined(separator: "\n")
        return Evaluation(
            report: evaluation.report, configuration: evaluation.configuration, notes: evaluation.notes,
            configurationProblem: evaluation.configurationProblem, changesConfiguration: evaluation.changesConfiguration,
            stagedState: state, sourceLine: { path, line in evaluation.sourceLine(path: path, line: line) })
    }

    public var cacheCounts: (hits: UInt64, misses: UInt64) {
        let statistics = cache.statistics
        return (UInt64(statistics.memoryHits + statistics.diskHits), UInt64(statistics.misses))
    }

    public var cacheProblem: String? { cache.diskProblem }
}
