/// What a hook knows about the commit from git's environment, made absolute.
struct RepositoryContext {
    /// The top of the work tree (git runs hooks there).
    var cwd: String
    var gitDir: String
    var indexPath: String

    /// Reads `GIT_DIR` and `GIT_INDEX_FILE` as git sets them for hooks: a plain commit leaves
    /// `GIT_DIR` unset and gives a relative `.git/index`; worktrees and submodules give absolute paths.
    static func fromEnvironment() -> RepositoryContext {
        let cwd = FileSystem.currentDirectory()
        let gitDir: String
        if let value = FileSystem.environment("GIT_DIR") {
            gitDir = FileSystem.absolute(value, from: cwd)
        } else {
            gitDir = discoverGitDir(from: cwd)
        }
        let indexPath = FileSystem.environment("GIT_INDEX_FILE").map { FileSystem.absolute($0, from: cwd) } ?? gitDir + "/index"
        return RepositoryContext(cwd: cwd, gitDir: gitDir, indexPath: indexPath)
    }

    /// `.git` as a folder, or the folder a `.git` file (`gitdir: …`) points at.
    private static func discoverGitDir(from cwd: String) -> String {
        let dotGit = cwd + "/.git"
        if FileSystem.isDirectory(dotGit) { return dotGit }
        if let text = FileSystem.readText(dotGit), text.hasPrefix("gitdir:") {
            let target = text.dropFirst("gitdir:".count).split(whereSeparator: \.isNewline).first.map { String($0).trimmingSpaces() } ?? ""
            if !target.isEmpty { return FileSystem.absolute(target, from: cwd) }
        }
        return dotGit
    }
}

extension String {
    func trimmingSpaces() -> String {
        let isSpace: (Character) -> Bool = { $0 == " " || $0 == "\t" || $0 == "\r" || $0 == "\n" }
        guard let first = firstIndex(where: { !isSpace($0) }), let last = lastIndex(where: { !isSpace($0) }) else { return "" }
        return String(self[first...last])
    }
}
