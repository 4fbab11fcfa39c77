import Glibc

/// `drift-hook install` and `uninstall`: put Drift's shims in the repository's hooks folder, keeping
/// whatever hook was there (run first, unless `--force`) and restoring it byte for byte on uninstall.
struct Installer {
    static let hooks = ["pre-commit", "commit-msg"]
    /// Marks a hook file as Drift's shim.
    static let marker = "# drift-hook shim:"
    /// Where an existing hook is kept while the shim is installed.
    static func previousPath(of hook: String) -> String { hook + ".drift-previous" }

    var hooksDirectory: String

    /// The hooks folder git will use here: `core.hooksPath` when set, else the common git
    /// directory's `hooks` (shared by all worktrees) — exactly what `git rev-parse --git-path hooks` says.
    static func locate() -> Result<Installer, InstallError> {
        guard let result = Subprocess.run(["git", "rev-parse", "--git-path", "hooks"]) else {
            return .failure(InstallError("cannot run git; is it installed and in PATH?"))
        }
        guard result.status == 0 else { return .failure(InstallError("not a git repository (or any parent up to /)")) }
        let path = result.output.trimmingSpaces()
        guard !path.isEmpty else { return .failure(InstallError("git did not name a hooks folder")) }
        return .success(Installer(hooksDirectory: FileSystem.absolute(path, from: FileSystem.currentDirectory())))
    }

    static func isShim(_ path: String) -> Bool {
        var info = stat()
        guard lstat(path, &info) == 0, (info.st_mode & S_IFMT) == S_IFREG,
              let bytes = FileSystem.read(path) else { return false }
        return String(decoding: bytes.prefix(512), as: UTF8.self).contains(marker)
    }

    func install(mode: String, force: Bool, executable: String) -> Result<[String], InstallError> {
        guard FileSystem.makeDirectories(hooksDirectory) else {
            return .failure(InstallError("cannot create the hooks folder \(hooksDirectory)"))
        }
        var lines: [String] = []
        // Check both hooks before touching either, so a refusal leaves nothing half-installed.
        for hook in Installer.hooks {
            let path = hooksDirectory + "/" + hook
            if FileSystem.exists(path), !Installer.isShim(path), FileSystem.exists(Installer.previousPath(of: path)) {
                return .failure(InstallError(
                    "\(path) is not Drift's and \(Installer.previousPath(of: path)) already exists; move one of them away and run install again"))
            }
        }
        for hook in Installer.hooks {
            let path = hooksDirectory + "/" + hook
            let previous = Installer.previousPath(of: path)
            // Reinstalling keeps the shim's choice about the previous hook unless --force drops it.
            var runPrevious = force ? "no" : (Installer.runsPrevious(path) == false ? "no" : "yes")
            if FileSystem.exists(path), !Installer.isShim(path) {
                guard rename(path, previous) == 0 else {
                    return .failure(InstallError("cannot move \(path) aside (\(String(cString: strerror(errno))))"))
                }
                runPrevious = force ? "no" : "yes"
                lines.append(force
                    ? "drift: replaced \(hook) (kept as \(hook).drift-previous; uninstall restores it)"
                    : "drift: kept the existing \(hook); it runs before Drift")
            }
            let text = Shims.byHook[hook]!
                .replacingPlaceholder("@DRIFT_HOOK@", with: Installer.shellQuoted(executable))
                .replacingPlaceholder("@DRIFT_MODE@", with: mode)
                .replacingPlaceholder("@DRIFT_RUN_PREVIOUS@", with: runPrevious)
            guard FileSystem.writeAtomically(text, to: path, mode: 0o755) else {
                return .failure(InstallError("cannot write \(path) (\(String(cString: strerror(errno))))"))
            }
        }
        lines.append("drift: installed pre-commit and commit-msg hooks in \(hooksDirectory) (mode \(mode))")
        return .success(lines)
    }

    func uninstall() -> Result<[String], InstallError> {
        var lines: [String] = []
        for hook in Installer.hooks {
            let path = hooksDirectory + "/" + hook
            let previous = Installer.previousPath(of: path)
            if FileSystem.exists(path), !Installer.isShim(path) {
                lines.append("drift: \(path) is not Drift's shim; left alone")
                continue
            }
            if FileSystem.exists(path), unlink(path) != 0 {
                return .failure(InstallError("cannot remove \(path) (\(String(cString: strerror(errno))))"))
            }
            if FileSystem.exists(previous) {
                guard rename(previous, path) == 0 else {
                    return .failure(InstallError("cannot restore \(previous) (\(String(cString: strerror(errno))))"))
                }
                lines.append("drift: restored the previous \(hook)")
            }
        }
        lines.append("drift: removed Drift's hooks from \(hooksDirectory)")
        return .success(lines)
    }

    /// Whether an installed shim runs the previous hook (nil when it does not say).
    static func runsPrevious(_ path: String) -> Bool? {
        guard let text = FileSystem.readText(path) else { return nil }
        if text.contains("\nrun_previous=yes\n") { return true }
        if text.contains("\nrun_previous=no\n") { return false }
        return nil
    }

    /// `text` in single quotes for sh, with embedded quotes escaped.
    static func shellQuoted(_ text: String) -> String {
        "'" + text.split(separator: "'", omittingEmptySubsequences: false).joined(separator: "'\\''") + "'"
    }
}

/// Why install or uninstall could not finish, in one line.
struct InstallError: Error {
    var message: String

    init(_ message: String) { self.message = message }
}

extension String {
    func replacingPlaceholder(_ placeholder: String, with value: String) -> String {
        split(separator: placeholder, omittingEmptySubsequences: false).joined(separator: value)
    }
}
