import DriftProtocol

/// `drift-hook pre-commit` and `drift-hook commit-msg FILE`: ask the daemon, print, exit as it says.
struct HookCommand {
    var hook: HookKind
    var mode: HookMode
    var messagePath: String?

    /// Commit messages are read from their end: the trailers are there, and the request stays bounded.
    static let messageLimit = 256 * 1024

    func run() -> Int32 {
        let context = RepositoryContext.fromEnvironment()
        var message: String?
        if let messagePath {
            guard let bytes = FileSystem.read(FileSystem.absolute(messagePath, from: context.cwd), lastBytes: Self.messageLimit) else {
                return skipped("cannot read the commit message file \(messagePath)", context: context)
            }
            message = String(decoding: bytes, as: UTF8.self)
        }
        let request = CheckRequest(
            hook: hook, mode: mode, cwd: context.cwd, gitDir: context.gitDir, indexPath: context.indexPath,
            message: message, messagePath: messagePath.map { reusablePath($0, context: context) },
            width: Terminal.width(), color: Terminal.wantsColor(), allLines: FileSystem.environment("DRIFT_ALL_LINES") == "1",
            amend: GitInvocation.parent().amends)
        switch DaemonClient().send(.check(request), autostart: true) {
        case .answered(.result(let response)):
            Output.error(response.text)
            if hook == .preCommit { CleanCommitToken.record(clean: response.verdict == .pass) }
            return Int32(response.exitCode)
        case .answered(.failure(let why)):
            return skipped(why, context: context)
        case .answered:
            return skipped("unexpected answer from the daemon", context: context)
        case .unavailable(let why):
            return skipped("daemon unavailable: \(why)", context: context)
        case .insecure(let why):
            // Neither the usual socket folder nor the private fallback can be trusted: someone
            // may be trying to switch Drift off, so this never passes silently.
            guard mode == .block else { return skipped("daemon unreachable safely: \(why)", context: context) }
            Output.error("drift: commit blocked — cannot reach driftd safely: \(why). `git commit --no-verify` skips Drift.\n")
            return 1
        }
    }

    /// Lets the commit through with one line (once per commit: commit-msg stays quiet when
    /// pre-commit said the same), unless the repository asked to fail closed.
    private func skipped(_ why: String, context: RepositoryContext) -> Int32 {
        if FailClosedSetting.isEnabled(in: context.cwd) {
            Output.error("drift: commit blocked — analysis unavailable (\(why)); fail_closed = true in .drift.toml. `git commit --no-verify` skips Drift.\n")
            return 1
        }
        let line = "drift: analysis skipped — \(why)\n"
        switch hook {
        case .preCommit:
            SkipNotice.record(line)
            Output.error(line)
        case .commitMsg:
            if !SkipNotice.wasShown(line) { Output.error(line) }
        }
        return 0
    }

    /// The message file as the person should type it to reuse it: git's relative `.git/COMMIT_EDITMSG`
    /// works from the top of the work tree; anything else is shown absolute.
    private func reusablePath(_ path: String, context: RepositoryContext) -> String {
        path.hasPrefix("/") || path.hasPrefix(".git/") ? path : FileSystem.absolute(path, from: context.cwd)
    }
}
