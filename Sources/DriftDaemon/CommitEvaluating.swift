import DriftCore

/// What the analysis of one staged change gives the daemon: the report, the configuration that
/// shaped it, and the text of flagged lines.
public struct Evaluation: Sendable {
    public var report: Report
    public var configuration: Configuration
    /// One-line notes for the person committing (say, that the git CLI read an index libgit2 cannot).
    public var notes: [String]
    public var sourceLine: @Sendable (String, Int) -> String?
    /// The staged `.drift.toml` did not parse; the report was made with the defaults.
    public var configurationProblem: ConfigurationError?
    /// The commit adds, changes or removes `.drift.toml`.
    public var changesConfiguration: Bool
    /// Identity of the staged change that was analysed (HEAD and every changed path's staged
    /// blob), so a second hook asking about the same commit can be told apart from a new one.
    public var stagedState: String

    public init(
        report: Report, configuration: Configuration, notes: [String] = [],
        configurationProblem: ConfigurationError? = nil, changesConfiguration: Bool = false, stagedState: String = "",
        sourceLine: @escaping @Sendable (String, Int) -> String?
    ) {
        self.report = report
        self.configuration = configuration
        self.notes = notes
        self.configurationProblem = configurationProblem
        self.changesConfiguration = changesConfiguration
        self.stagedState = stagedState
        self.sourceLine = sourceLine
    }
}

/// The analysis the daemon runs for a hook; the engine in production, a stand-in in tests.
public protocol CommitEvaluating: Sendable {
    /// Analyses the change staged in `indexPath` of the repository at `gitDir` (work tree `cwd`).
    func evaluate(cwd: String, gitDir: String, indexPath: String, allLines: Bool) throws -> Evaluation
    /// Same, for `git commit --amend` when `amend` (judged against HEAD's parent).
    func evaluate(cwd: String, gitDir: String, indexPath: String, allLines: Bool, amend: Bool) throws -> Evaluation
    /// Blob cache hits and misses since start, for `drift-hook status`.
    var cacheCounts: (hits: UInt64, misses: UInt64) { get }
    /// Why the disk cache is off, if it is.
    var cacheProblem: String? { get }
}

extension CommitEvaluating {
    public func evaluate(cwd: String, gitDir: String, indexPath: String, allLines: Bool, amend: Bool) throws -> Evaluation {
        try evaluate(cwd: cwd, gitDir: gitDir, indexPath: indexPath, allLines: allLines)
    }

    public var cacheProblem: String? { nil }
}
