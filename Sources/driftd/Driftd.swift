import DriftDaemon
import Foundation
import Logging

/// `driftd`: the per-user daemon that drift-hook talks to.
@main
enum Driftd {
    static func main() {
        let status = DaemonLauncher.main(arguments: Array(CommandLine.arguments.dropFirst())) { logger in
            EngineEvaluator(warn: { logger.warning("\($0)") })
        }
        exit(status)
    }
}
