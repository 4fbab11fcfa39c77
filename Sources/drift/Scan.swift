import ArgumentParser
import DriftCore
import DriftEngine
import Foundation

/// `drift scan --staged`: what the commit hooks check, run in-process without the daemon.
struct Scan: ParsableCommand {
    static let configuration = CommandConfiguration(
        abstract: "Check what is staged for the next commit, in-process (no daemon).",
        discussion: """
            Compares the index with HEAD and reports findings on the lines the commit adds, using \
            the staged .drift.toml at the top of the repository. Inside a git hook it reads the \
            index named by GIT_INDEX_FILE. Analyses are cached per blob in \
            $XDG_CACHE_HOME/drift/cache.sqlite (default ~/.cache/drift/cache.sqlite).
            """)

    @Flag(help: "Check the staged changes: the index compared with HEAD.")
    var staged = false

    @Flag(help: "Report findings on every line of the changed files, not only the added ones.")
    var allLines = false

    @Option(help: "Output format: text or json.")
    var format: OutputFormat = .text

    @Option(help: "Colour in text output: auto (on a terminal, unless NO_COLOR is set), always or never.")
    var color: ColorChoice = .auto

    func validate() throws {
        guard staged else { throw ValidationError("say what to scan: --staged (the index compared with HEAD).") }
    }

    func run() throws {
        let environment = ProcessInfo.processInfo.environment
        let engine = CommitEngine(cache: BlobCache())
        // Inside a hook git sets GIT_DIR (worktrees, submodules) and GIT_INDEX_FILE (`commit -a`,
        // `commit <paths>`); elsewhere both are unset and the repository is found from here.
        let request = CommitRequest(
            cwd: FileManager.default.currentDirectoryPath,
            gitDir: environment["GIT_DIR"].flatMap { $0.isEmpty ? nil : $0 },
            indexPath: environment["GIT_INDEX_FILE"].flatMap { $0.isEmpty ? nil : $0 },
            allLines: allLines)
        let evaluation = try engine.evaluate(request)
        for note in evaluation.notes {
            FileHandle.standardError.write(Data("drift: \(note)\n".utf8))
        }
        try ReportOutput.print(evaluation.report, format: format, color: color, sourceLine: evaluation.sourceLine)
    }
}
