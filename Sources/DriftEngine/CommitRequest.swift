/// What a hook (or `drift scan --staged`) asks the engine to judge: the repository it runs in and
/// the index it names.
public struct CommitRequest: Sendable {
    /// The hook's working directory (the top of the work tree), absolute.
    public var cwd: String
    /// The hook's `GIT_DIR`, absolute in worktrees and submodules; nil to find it from `cwd`.
    public var gitDir: String?
    /// The hook's `GIT_INDEX_FILE` (relative paths are resolved against `cwd`); nil for the
    /// repository's default index.
    public var indexPath: String?
    /// Report findings on every line of the changed files, not only added ones.
    public var allLines: Bool
    /// `git commit --amend`: judge against HEAD's parent, since the commit replaces HEAD.
    public var amend: Bool
    /// A staged `.drift.toml` that does not parse: judge with the defaults and say so in the
    /// evaluation (the hook's choice), instead of throwing the error (`drift scan`'s).
    public var defaultsOnConfigurationError: Bool

    public init(
        cwd: String, gitDir: String? = nil, indexPath: String? = nil, allLines: Bool = false, amend: Bool = false,
        defaultsOnConfigurationError: Bool = false
    ) {
        self.cwd = cwd
        self.gitDir = gitDir
        self.indexPath = indexPath
        self.allLines = allLines
        self.amend = amend
        self.defaultsOnConfigurationError = defaultsOnConfigurationError
    }
}
