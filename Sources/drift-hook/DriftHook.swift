import DriftProtocol
import Glibc

/// `drift-hook`: the git hook client and its install, uninstall, status and stop commands.
@main
enum DriftHook {
    static let usage = """
        usage: drift-hook pre-commit [--mode block|warn]
               drift-hook commit-msg FILE [--mode block|warn]
               drift-hook install [--mode block|warn] [--force] [--commit-msg-only]
               drift-hook uninstall
               drift-hook status
               drift-hook stop

        install writes Drift's pre-commit and commit-msg hooks into this repository's hooks folder
        (core.hooksPath respected); an existing hook is kept and runs first (--force: kept but not
        run). --commit-msg-only installs the commit-msg hook alone, linked straight to drift-hook:
        no shell and one process per commit (the fastest), but findings show only once the message
        is written. uninstall puts back what was there. Overrides go in the commit message:
            Drift-Override: RULE-ID[, RULE-ID…] — reason      or      Drift-Override: all — reason

        """

    static func main() {
        // Installed as the hook itself (`install --commit-msg-only` links commit-msg to this binary),
        // git runs it with the hook's path as argv[0] and the hook's own arguments after it.
        if let invokedAs = CommandLine.arguments.first,
           let hook = HookKind(name: String(invokedAs.split(separator: "/").last ?? "")) {
            exit(runLinked(hook, path: invokedAs, arguments: Array(CommandLine.arguments.dropFirst())))
        }
        var arguments = Array(CommandLine.arguments.dropFirst())
        guard let command = arguments.first else {
            Output.error(usage)
            exit(2)
        }
        arguments.removeFirst()
        exit(run(command, arguments))
    }

    static func run(_ command: String, _ arguments: [String]) -> Int32 {
        var mode = HookMode.block
        var force = false
        var layout = Installer.Layout.twoHooks
        var positional: [String] = []
        var index = 0
        while index < arguments.count {
            let argument = arguments[index]
            switch argument {
            case "--mode":
                index += 1
                guard index < arguments.count, let chosen = HookMode(name: arguments[index]) else {
                    Output.error("drift-hook: --mode must be block or warn\n")
                    return 2
                }
                mode = chosen
            case "--force":
                force = true
            case "--commit-msg-only":
                layout = .commitMsgOnly
            default:
                if argument.hasPrefix("--") {
                    Output.error("drift-hook: unknown option \(argument)\n\(usage)")
                    return 2
                }
                positional.append(argument)
            }
            index += 1
        }

        switch command {
        case "pre-commit":
            return HookCommand(hook: .preCommit, mode: mode, messagePath: nil).run()
        case "commit-msg":
            guard let file = positional.first else {
                Output.error("drift-hook: commit-msg needs the message file git passes\n")
                return 2
            }
            return HookCommand(hook: .commitMsg, mode: mode, messagePath: file).run()
        case "install":
            return install(mode: mode, force: force, layout: layout)
        case "uninstall":
            return uninstall()
        case "status":
            return StatusCommand.status()
        case "stop":
            return StatusCommand.stop()
        case "shim":
            // Prints an embedded shim, so tests can compare it with hooks/.
            guard let name = positional.first, let shim = Shims.byHook[name] else { return 2 }
            Output.out(shim)
            return 0
        case "--version", "version":
            Output.out("drift-hook \(DriftBuild.version) (protocol \(DriftBuild.protocolVersion))\n")
            return 0
        case "-h", "--help", "help":
            Output.out(usage)
            return 0
        default:
            Output.error("drift-hook: unknown command '\(command)'\n\(usage)")
            return 2
        }
    }

    /// Runs as the hook git called through a link: the mode is in `<hook>.drift-mode` when it is not block.
    static func runLinked(_ hook: HookKind, path: String, arguments: [String]) -> Int32 {
        let mode = FileSystem.read(Installer.modePath(of: path)).flatMap {
            HookMode(name: String(decoding: $0, as: UTF8.self).trimmingSpaces())
        } ?? .block
        switch hook {
        case .preCommit:
            return HookCommand(hook: .preCommit, mode: mode, messagePath: nil).run()
        case .commitMsg:
            guard let file = arguments.first else {
                Output.error("drift-hook: commit-msg needs the message file git passes\n")
                return 2
            }
            return HookCommand(hook: .commitMsg, mode: mode, messagePath: file).run()
        }
    }

    private static func install(mode: HookMode, force: Bool, layout: Installer.Layout) -> Int32 {
        let installer: Installer
        switch Installer.locate() {
        case .success(let located): installer = located
        case .failure(let error):
            Output.error("drift-hook: \(error.message)\n")
            return 1
        }
        guard let executable = FileSystem.executablePath() else {
            Output.error("drift-hook: cannot tell where drift-hook itself is (no /proc/self/exe)\n")
            return 1
        }
        switch installer.install(mode: mode.name, force: force, executable: executable, layout: layout) {
        case .success(let lines):
            Output.out(lines.joined(separator: "\n") + "\n")
            if DaemonClient.findDriftd() == nil {
                Output.error("drift: warning: driftd is not next to drift-hook nor in PATH; commits will skip analysis\n")
            }
            return 0
        case .failure(let error):
            Output.error("drift-hook: \(error.message)\n")
            return 1
        }
    }

    private static func uninstall() -> Int32 {
        switch Installer.locate().flatMap({ $0.uninstall() }) {
        case .success(let lines):
            Output.out(lines.joined(separator: "\n") + "\n")
            return 0
        case .failure(let error):
            Output.error("drift-hook: \(error.message)\n")
            return 1
        }
    }
}
