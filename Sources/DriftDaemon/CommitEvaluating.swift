import DriftCore

/// What the analysis of one staged change gives the daemon: the report, the configuration that
/// shaped it, and the text of flagged lines.
public struct Evaluation: Sendable {
    public var report: Report
    public var configuration: Configuration
    /// One-line notes for the person committing (say, that the git CLI read an index libgit2 cannot).
    public var notes: [String]
    public var sourceLine: @Sendable (String, Int) -> String?

    public init(
        report: Report, configuration: Configuration, notes: [String] = [],
        sourceLine: @escaping @Sendable (String, Int) -> String?
    ) {
        self.report = report
        self.configuration = configuration
        self.notes = notes
        self.sourceLine = sourceLine
    }
}

/// The analysis the daemon runs for a hook; the engine in production, a stand-in in tests.
public protocol CommitEvaluating: Sendable {
    /// Analyses the change staged in `indexPath` of the repository at `gitDir` (work tree `cwd`).
    func evaluate(cwd: String, gitDir: String, indexPath: String, allLines: Bool) throws -> Evaluation
    /// Blob cache hits and misses since start, for `drift-hook status`.
    var cacheCounts: (hits: UInt64, misses: UInt64) { get }
}
