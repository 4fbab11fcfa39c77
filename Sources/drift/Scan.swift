import ArgumentParser
import DriftCore
import DriftEngine
import DriftGit
import DriftRules
import Foundation

/// `drift scan`: what the commit hooks check (`--staged`), a range of commits for CI (`--range`),
/// or a whole tree (`--all`), run in-process without the daemon.
struct Scan: ParsableCommand {
    static let configuration = CommandConfiguration(
        abstract: "Check staged changes, a range of commits or a whole tree, in-process (no daemon).",
        discussion: """
            --staged compares the index with HEAD (inside a git hook it reads the index named by \
            GIT_INDEX_FILE). --range BASE..HEAD reports findings on the lines the range adds; \
            BASE...HEAD measures from the merge base of the two, as `git diff A...B` does; a single \
            revision means REV..HEAD. A finding introduced by a commit of the range whose message \
            carries a valid Drift-Override trailer for its rule is reported as overridden and does \
            not block. --all reports every line of every file at HEAD. PATH arguments limit what is \
            reported to those files, folders or globs (relative to the current folder). The \
            .drift.toml of the commit (or index) being judged applies. Analyses are cached per blob \
            in $XDG_CACHE_HOME/drift/cache.sqlite (default ~/.cache/drift/cache.sqlite). \
            Exit codes as for `drift check`: 0 nothing blocks, 1 findings block, 2 errors.
            """)

    @Flag(help: "Check the staged changes: the index compared with HEAD.")
    var staged = false

    @Option(name: .customLong("range"), help: ArgumentHelp("Check the commits of a range: BASE..HEAD, BASE...HEAD or BASE.", valueName: "range"))
    var rangeSpec: String?

    @Flag(name: .customLong("all"), help: "Check every file of the tree at HEAD.")
    var wholeTree = false

    @Flag(help: "Report findings on every line of the changed files, not only the added ones.")
    var allLines = false

    @Option(help: "With --staged: judge the commit message in this file as the commit-msg hook does (its Drift-Override trailers count).")
    var message: String?

    @Option(help: ArgumentHelp(ReportFormat.help))
    var format: ReportFormat = .text

    @Option(name: .shortAndLong, help: "Write the report to this file instead of standard output.")
    var output: String?

    @Option(help: "Colour in text output: auto (on a terminal, unless NO_COLOR is set), always or never.")
    var color: ColorChoice = .auto

    @Argument(help: "Only report these files, folders or globs.")
    var paths: [String] = []

    func validate() throws {
        let chosen = [staged, rangeSpec != nil, wholeTree].filter { $0 }.count
        guard chosen > 0 else {
            throw ValidationError("say what to scan: --staged (the index compared with HEAD), --range BASE..HEAD or --all.")
        }
        guard chosen == 1 else { throw ValidationError("--staged, --range and --all cannot be combined; choose one.") }
        if message != nil, !staged { throw ValidationError("--message judges a commit about to be made; it needs --staged.") }
        if rangeSpec?.isEmpty == true { throw ValidationError("--range needs a range such as origin/main...HEAD.") }
    }

    func run() throws {
        let environment = ProcessInfo.processInfo.environment
        let engine = CommitEngine(cache: BlobCache())
        let cwd = FileManager.default.currentDirectoryPath
        // Inside a hook git sets GIT_DIR (worktrees, submodules) and GIT_INDEX_FILE (`commit -a`,
        // `commit <paths>`); elsewhere both are unset and the repository is found from here.
        let gitDir = environment["GIT_DIR"].flatMap { $0.isEmpty ? nil : $0 }
        let repository = try engine.repository(for: CommitRequest(cwd: cwd, gitDir: gitDir))
        let filter = try PathFilter(paths, cwd: cwd, workTree: repository.workTree)

        var report: Report
        var notes: [String]
        let sourceLine: (String, Int) -> String?
        var verdictNotes: [String] = []
        if let rangeSpec {
            let result = try RangeScan(engine: engine).run(
                .range(rangeSpec), cwd: cwd, gitDir: gitDir, allLines: allLines, including: filter?.includes)
            (report, notes, sourceLine) = (result.evaluation.report, result.notes, result.evaluation.sourceLine)
        } else if wholeTree {
            let result = try RangeScan(engine: engine).run(.all("HEAD"), cwd: cwd, gitDir: gitDir, including: filter?.includes)
            (report, notes, sourceLine) = (result.evaluation.report, result.notes, result.evaluation.sourceLine)
        } else {
            let request = CommitRequest(
                cwd: cwd, gitDir: gitDir, indexPath: environment["GIT_INDEX_FILE"].flatMap { $0.isEmpty ? nil : $0 },
                allLines: allLines)
            let snapshot: StagedSnapshot
            do {
                snapshot = try repository.snapshot(
                    indexPath: repository.indexPath(request.indexPath, cwd: cwd), lookingUp: [Configuration.fileName])
            } catch let error as GitError {
                throw CommitEngine.Failure(error.message)
            }
            let evaluation = try engine.evaluate(snapshot, in: repository, allLines: allLines, including: filter?.includes)
            (report, notes, sourceLine) = (evaluation.report, evaluation.notes, evaluation.sourceLine)
            if let message {
                verdictNotes = try judge(message: message, report: &report, configuration: evaluation.configuration)
            }
        }
        for note in notes {
            FileHandle.standardError.write(Data("drift: \(note)\n".utf8))
        }
        try ReportOutput.write(report, format: format, color: color, output: output, sourceLine: sourceLine, trailing: verdictNotes)
    }

    /// As the commit-msg hook judges: overrides in the message let covered findings through.
    private func judge(message path: String, report: inout Report, configuration: Configuration) throws -> [String] {
        guard let data = FileManager.default.contents(atPath: path) else {
            throw ValidationError("cannot read the commit message file \(path).")
        }
        let text = String(decoding: data, as: UTF8.self)
        let verdict = CommitVerdict.decide(
            findings: report.findings, configuration: configuration, hook: .commitMsg, blocking: true,
            message: text, messagePath: path, ruleIDs: RangeScan.ruleIDs)
        report.blockAt = verdict.threshold
        if verdict.outcome != .block {
            var overridden: [Report.Suppressed] = []
            let overrides = Trailer.parse(text).filter { $0.hasKey(OverrideTrailer.key) }
                .compactMap { try? OverrideTrailer.parse($0.value, ruleIDs: RangeScan.ruleIDs).get() }
            for finding in report.blocking {
                if let override = overrides.first(where: { $0.covers(finding.ruleID) }) {
                    overridden.append(.init(finding: finding, kind: .override, justification: override.reason))
                }
            }
            report.override(overridden)
        }
        return verdict.notes
    }
}

/// Which repository paths `drift scan PATH…` reports: a file, everything under a folder, or a glob,
/// each given relative to the current folder.
struct PathFilter {
    private var exact: Set<String> = []
    private var folders: [String] = []
    private var globs: [Glob] = []

    init?(_ arguments: [String], cwd: String, workTree: String?) throws {
        guard !arguments.isEmpty else { return nil }
        guard let workTree else { throw ValidationError("path filters need a work tree; this repository is bare.") }
        let root = URL(fileURLWithPath: workTree).standardizedFileURL.resolvingSymlinksInPath().path
        let here = URL(fileURLWithPath: cwd).standardizedFileURL.resolvingSymlinksInPath().path
        let prefix = here == root ? "" : here.hasPrefix(root + "/") ? String(here.dropFirst(root.count + 1)) + "/" : ""
        for argument in arguments {
            var path = argument.hasPrefix("/")
                ? URL(fileURLWithPath: argument).standardizedFileURL.path
                : prefix + argument
            if path.hasPrefix(root + "/") { path = String(path.dropFirst(root.count + 1)) }
            while path.hasPrefix("./") { path.removeFirst(2) }
            while path.hasSuffix("/") { path.removeLast() }
            if path.isEmpty || path == "." { folders.append(""); continue }
            if path.contains(where: { "*?[".contains($0) }) { globs.append(Glob(path)); continue }
            exact.insert(path)
            folders.append(path + "/")
        }
    }

    func includes(_ path: String) -> Bool {
        exact.contains(path) || folders.contains { path.hasPrefix($0) } || globs.contains { $0.matches(path) }
    }
}
