import DriftProtocol
import Foundation
import Logging

/// What `driftd` does from its command line: detach unless told not to, then serve.
public enum DaemonLauncher {
    /// Runs driftd with `arguments` (without the program name) and returns its exit status.
    public static func main(arguments: [String], makeEvaluator: (Logger) -> any CommitEvaluating) -> Int32 {
        let options: DaemonOptions
        let detach: Bool
        do {
            (options, detach) = try DaemonOptions.parse(arguments)
        } catch {
            printError("driftd: \(error)\n")
            return 2
        }
        if let problem = options.location.prepare() {
            printError("driftd: \(problem)\n")
            return 1
        }
        if detach {
            if DaemonConnection.isListening(at: options.location.socketPath) {
                print("driftd is already running (\(options.location.socketPath)); `drift-hook status` shows it")
                return 0
            }
            return spawnDetached(arguments: arguments)
        }
        // Requests carry absolute paths; holding on to the starting hook's folder would only keep
        // a repository's directory busy (and its file system from unmounting) for the daemon's life.
        if !options.foreground { _ = FileManager.default.changeCurrentDirectoryPath("/") }

        try? FileManager.default.createDirectory(
            atPath: (options.logPath as NSString).deletingLastPathComponent, withIntermediateDirectories: true,
            attributes: [.posixPermissions: 0o700])
        let logger = Logger.daemon(sink: FileLogHandler.sink(path: options.logPath, echo: options.foreground))
        let daemon = Daemon(options: options, checker: CommitChecker(evaluator: makeEvaluator(logger)), logger: logger)
        do {
            if try !daemon.run() {
                if options.foreground { printError("driftd: another driftd is already running for this user\n") }
                return 0
            }
            return 0
        } catch {
            logger.error("\(error)")
            printError("driftd: \(error)\n")
            return 1
        }
    }

    /// Starts a copy of this program in its own session with no terminal, and returns at once.
    private static func spawnDetached(arguments: [String]) -> Int32 {
        let executable = ProcessInfo.processInfo.arguments[0].hasPrefix("/")
            ? ProcessInfo.processInfo.arguments[0]
            : (try? FileManager.default.destinationOfSymbolicLink(atPath: "/proc/self/exe")) ?? ProcessInfo.processInfo.arguments[0]
        switch DetachedProcess.start([executable, "--detached"] + arguments) {
        case .failure(let failure):
            printError("driftd: cannot start in the background (\(failure))\n")
            return 1
        case .success(let pid):
            print("driftd started (pid \(pid)); logs in \(DaemonOptions.defaultLogPath())")
            return 0
        }
    }
}

/// Writes one line to standard error.
func printError(_ line: String) {
    FileHandle.standardError.write(Data(line.utf8))
}
