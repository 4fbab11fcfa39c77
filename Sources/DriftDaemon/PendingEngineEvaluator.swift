/// Stand-in until the engine's `CommitEngine` is merged: every check fails, so hooks fail open.
public struct PendingEngineEvaluator: CommitEvaluating {
    public init() {}

    public func evaluate(cwd: String, gitDir: String, indexPath: String, allLines: Bool) throws -> Evaluation {
        throw DaemonError("the analysis engine is not wired into driftd yet")
    }

    public var cacheCounts: (hits: UInt64, misses: UInt64) { (0, 0) }
}
