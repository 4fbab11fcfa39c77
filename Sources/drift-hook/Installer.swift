import Glibc

/// `drift-hook install` and `uninstall`: put Drift's hooks (shims, or with `--commit-msg-only` a link to
/// drift-hook) in the repository's hooks folder, keeping whatever hook was there (run first, unless
/// `--force`) and restoring it byte for byte on uninstall.
struct Installer {
    static let hooks = ["pre-commit", "commit-msg"]
    /// Marks a hook file as Drift's shim.
    static let marker = "# drift-hook shim:"
    /// Where an existing hook is kept while the shim is installed.
    static func previousPath(of hook: String) -> String { hook + ".drift-previous" }
    /// Where a hook linked straight to drift-hook finds its mode (absent: block).
    static func modePath(of hook: String) -> String { hook + ".drift-mode" }

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

    /// A hook that is a symbolic link to a drift-hook binary (`install --commit-msg-only`), dangling or not.
    static func isLink(_ path: String) -> Bool {
        guard let target = FileSystem.linkTarget(path) else { return false }
        return (target.split(separator: "/").last ?? "").hasPrefix("drift-hook")
    }

    /// Whether the hook at `path` was written by `drift-hook install`.
    static func isDrifts(_ path: String) -> Bool { isShim(path) || isLink(path) }

    /// Which hooks `install` writes.
    enum Layout {
        /// pre-commit and commit-msg shims: findings show before the message is written.
        case twoHooks
        /// commit-msg alone, linked straight to drift-hook (a shim only to chain an existing hook).
        case commitMsgOnly
    }

    func install(mode: String, force: Bool, executable: String, layout: Layout = .twoHooks) -> Result<[String], InstallError> {
        guard FileSystem.makeDirectories(hooksDirectory) else {
            return .failure(InstallError("cannot create the hooks folder \(hooksDirectory)"))
        }
        let installed = layout == .twoHooks ? Installer.hooks : ["commit-msg"]
        var lines: [String] = []
        // Check every hook before touching any, so a refusal leaves nothing half-installed.
        for hook in installed {
            let path = hooksDirectory + "/" + hook
            if FileSystem.exists(path), !Installer.isDrifts(path), FileSystem.exists(Installer.previousPath(of: path)) {
                return .failure(InstallError(
                    "\(path) is not Drift's and \(Installer.previousPath(of: path)) already exists; move one of them away and run install again"))
            }
        }
        if layout == .commitMsgOnly {
            // Switching from two hooks: Drift's pre-commit goes, and whatever it replaced comes back.
            switch removeDrifts("pre-commit") {
            case .success(let removed): lines += removed
            case .failure(let error): return .failure(error)
            }
        }
        for hook in installed {
            let path = hooksDirectory + "/" + hook
            let previous = Installer.previousPath(of: path)
            // Reinstalling keeps the shim's choice about the previous hook unless --force drops it.
            var runPrevious = force ? "no" : (Installer.runsPrevious(path) == false ? "no" : "yes")
            if FileSystem.exists(path), !Installer.isDrifts(path) {
                guard rename(path, previous) == 0 else {
                    return .failure(InstallError("cannot move \(path) aside (\(String(cString: strerror(errno))))"))
                }
                runPrevious = force ? "no" : "yes"
                lines.append(force
                    ? "drift: replaced \(hook) (kept as \(hook).drift-previous; uninstall restores it)"
                    : "drift: kept the existing \(hook); it runs before Drift")
            }
            let chains = runPrevious == "yes" && FileSystem.exists(previous)
            if layout == .commitMsgOnly, !chains {
                // No shell: git runs drift-hook itself, which reads its mode from a file beside the link.
                let modeFile = Installer.modePath(of: path)
                if mode == "block" {
                    unlink(modeFile)
                } else if !FileSystem.writeAtomically(mode + "\n", to: modeFile, mode: 0o644) {
                    return .failure(InstallError("cannot write \(modeFile) (\(String(cString: strerror(errno))))"))
                }
                guard FileSystem.linkAtomically(path, to: executable) else {
                    return .failure(InstallError("cannot link \(path) to \(executable) (\(String(cString: strerror(errno))))"))
                }
                continue
            }
            unlink(Installer.modePath(of: path))
            let text = Shims.byHook[hook]!
                .replacingPlaceholder("@DRIFT_HOOK@", with: Installer.shellQuoted(executable))
                .replacingPlaceholder("@DRIFT_MODE@", with: mode)
                .replacingPlaceholder("@DRIFT_RUN_PREVIOUS@", with: runPrevious)
            guard FileSystem.writeAtomically(text, to: path, mode: 0o755) else {
                return .failure(InstallError("cannot write \(path) (\(String(cString: strerror(errno))))"))
            }
        }
        switch layout {
        case .twoHooks:
            lines.append("drift: installed pre-commit and commit-msg hooks in \(hooksDirectory) (mode \(mode))")
        case .commitMsgOnly:
            let how = Installer.isLink(hooksDirectory + "/commit-msg")
                ? "a link to \(executable)" : "a shim that runs the existing hook first"
            lines.append("drift: installed the commit-msg hook in \(hooksDirectory) (mode \(mode); \(how)); findings show once the message is written")
        }
        return .success(lines)
    }

    func uninstall() -> Result<[String], InstallError> {
        var lines: [String] = []
        for hook in Installer.hooks {
            switch removeDrifts(hook) {
            case .success(let removed): lines += removed
            case .failure(let error): return .failure(error)
            }
        }
        lines.append("drift: removed Drift's hooks from \(hooksDirectory)")
        return .success(lines)
    }

    /// Removes Drift's `hook` (shim or link) and puts back the hook it replaced; leaves anyone else's alone.
    private func removeDrifts(_ hook: String) -> Result<[String], InstallError> {
        let path = hooksDirectory + "/" + hook
        let previous = Installer.previousPath(of: path)
        unlink(Installer.modePath(of: path))
        if FileSystem.exists(path), !Installer.isDrifts(path) {
            return .success(FileSystem.exists(previous) ? ["drift: \(path) is not Drift's; left alone"] : [])
        }
        if FileSystem.exists(path), unlink(path) != 0 {
            return .failure(InstallError("cannot remove \(path) (\(String(cString: strerror(errno))))"))
        }
        guard FileSystem.exists(previous) else { return .success([]) }
        guard rename(previous, path) == 0 else {
            return .failure(InstallError("cannot restore \(previous) (\(String(cString: strerror(errno))))"))
        }
        return .success(["drift: restored the previous \(hook)"])
    }

    /// Whether an installed shim runs the previous hook (nil when it does not say).
    static func runsPrevious(_ path: String) -> Bool? {
        if isLink(path) { return false }
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
