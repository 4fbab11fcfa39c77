import DriftDaemon
import Foundation

/// `driftd`: the per-user daemon that drift-hook talks to.
@main
enum Driftd {
    static func main() {
        exit(DaemonLauncher.main(arguments: Array(CommandLine.arguments.dropFirst()), evaluator: PendingEngineEvaluator()))
    }
}
