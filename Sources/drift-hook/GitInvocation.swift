import Glibc

/// What the `git` process that runs this hook was asked to do, read from its command line
/// (`/proc/<parent>/cmdline`): git tells a pre-commit hook nothing about `--amend`.
struct GitInvocation {
    var arguments: [String]

    /// The hook's parent: git runs hooks directly, and the shims `exec` drift-hook.
    static func parent() -> GitInvocation {
        guard let bytes = FileSystem.read("/proc/\(getppid())/cmdline") else { return GitInvocation(arguments: []) }
        return GitInvocation(arguments: bytes.split(separator: 0, omittingEmptySubsequences: false).map {
            String(decoding: $0, as: UTF8.self)
        })
    }

    /// Whether this is `git commit --amend`: options up to `--`, where git's option parser
    /// accepts any unambiguous prefix (`--am`), and the last of `--amend`/`--no-amend` wins.
    /// An alias that hides `--amend` inside its definition is not seen.
    var amends: Bool {
        var amend = false
        for argument in arguments.dropFirst() {
            if argument == "--" { break }
            if argument.count >= 4, "--amend".hasPrefix(argument) { amend = true }
            if argument.count >= 7, "--no-amend".hasPrefix(argument) { amend = false }
        }
        return amend
    }
}

/// Remembers, for one `git commit`, that the pre-commit hook already printed why the analysis was
/// skipped, so commit-msg does not print the same line again.
///
/// Like `CleanCommitToken` it names git's process by pid and start time, and the index; it lives
/// in the user's cache folder, which stays usable when the socket folder is the trouble.
enum SkipNotice {
    static var path: String? {
        if let cache = FileSystem.environment("XDG_CACHE_HOME"), cache.hasPrefix("/") { return cache + "/drift/skipped-commit" }
        if let home = FileSystem.environment("HOME"), home.hasPrefix("/") { return home + "/.cache/drift/skipped-commit" }
        return nil
    }

    /// This commit's identity, or nil when it cannot be told.
    static func identity() -> String? {
        let git = getppid()
        guard let start = CleanCommitToken.startTime(of: git) else { return nil }
        return "\(git) \(start) \(FileSystem.environment("GIT_INDEX_FILE") ?? "")\n"
    }

    /// Records that pre-commit printed `line`.
    static func record(_ line: String) {
        guard let path, let identity = identity() else { return }
        _ = FileSystem.makeDirectories(FileSystem.directory(of: path))
        _ = FileSystem.writeAtomically(identity + line, to: path, mode: 0o600)
    }

    /// Whether pre-commit of this very commit already printed `line`.
    static func wasShown(_ line: String) -> Bool {
        guard let path, let identity = identity(), let text = FileSystem.readText(path) else { return false }
        return text == identity + line
    }

    static func clear() {
        if let path { unlink(path) }
    }
}
