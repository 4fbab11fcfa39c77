import DriftCore
import DriftProtocol
import DriftRules
import Foundation

/// Answers a hook's check: runs the analysis, decides the verdict and renders what the hook prints.
public final class CommitChecker: Sendable {
    private let evaluator: any CommitEvaluating
    /// What pre-commit last printed for an index, so commit-msg, asked about the same staged
    /// change a moment later, shows the verdict without repeating every finding.
    private let shown = Shown()

    public init(evaluator: any CommitEvaluating) {
        self.evaluator = evaluator
    }

    public var cacheCounts: (hits: UInt64, misses: UInt64) { evaluator.cacheCounts }

    /// Why the disk cache is off, if it is.
    public var cacheProblem: String? { evaluator.cacheProblem }

    public func check(_ request: CheckRequest) throws -> CheckResponse {
        let evaluation = try evaluator.evaluate(
            cwd: request.cwd, gitDir: request.gitDir, indexPath: request.indexPath, allLines: request.allLines,
            amend: request.amend)
        var report = evaluation.report
        let verdict = CommitVerdict.decide(
            findings: report.findings, configuration: evaluation.configuration,
            hook: request.hook == .preCommit ? .preCommit : .commitMsg, blocking: request.mode == .block,
            message: request.message, messagePath: request.messagePath, ruleIDs: RuleCatalog.canonicalIDs)
        report.blockAt = verdict.threshold
        let renderer = TextRenderer(color: request.color, width: Int(request.width))

        var body = renderer.render(findings: report.findings, sourceLine: evaluation.sourceLine)
        for skipped in report.skipped { body += "drift: skipped \(TerminalText.path(skipped.path)): \(skipped.reason)\n" }
        for note in evaluation.notes { body += "drift: \(TerminalText.line(note))\n" }
        let summary = "drift: " + renderer.summary(of: report) + "\n"

        // pre-commit prints the report; commit-msg, asked about the same staged change right
        // after, adds only its verdict (why it blocks and how to override, or which override it
        // honoured). Run alone (a clean merge, a commit-msg-only install) it prints everything.
        let key = request.gitDir + "\u{0}" + request.indexPath
        var text: String
        switch request.hook {
        case .preCommit:
            shown.remember(key: key, state: evaluation.stagedState, body: body)
            text = body + summary
        case .commitMsg:
            if shown.wasJustShown(key: key, state: evaluation.stagedState, body: body) {
                text = ""
            } else {
                // A clean commit stays quiet apart from one line from pre-commit, so people see Drift ran.
                text = verdict.outcome == .pass ? body : body + summary
            }
        }
        for note in verdict.notes { text += note + "\n" }
        var outcome: Verdict = switch verdict.outcome {
        case .pass: .pass
        case .warn: .warn
        case .block: .block
        }
        var exitCode = UInt8(verdict.exitCode)
        if let problem = evaluation.configurationProblem {
            // Never "analysis skipped": the commit was judged with the defaults. The commit that
            // brings the broken file is stopped, so the typo cannot switch settings off unseen.
            let where_ = TerminalText.line(problem.description)
            if evaluation.changesConfiguration && request.mode == .block {
                if request.hook == .commitMsg {
                    text += "drift: commit blocked — the staged \(Configuration.fileName) does not parse: \(where_). "
                        + "Judged with the default settings meanwhile; fix the file and stage it again "
                        + "(`git commit --no-verify` skips Drift).\n"
                    outcome = .block
                    exitCode = 1
                } else {
                    text += "drift: the staged \(Configuration.fileName) does not parse: \(where_); "
                        + "judged with the default settings, and the commit will be blocked until it is fixed.\n"
                    if outcome == .pass { outcome = .warn }
                }
            } else if request.hook == .preCommit || verdict.outcome != .pass {
                text += "drift: \(Configuration.fileName) does not parse: \(where_); judged with the default settings.\n"
            }
        }
        return CheckResponse(text: text, verdict: outcome, exitCode: exitCode)
    }

    /// What pre-commit printed, by index, for a while: long enough for a message to be written
    /// in an editor. An entry is used once, and only for the same staged change and findings.
    private final class Shown: @unchecked Sendable {
        private static let lifetime: TimeInterval = 3600
        private var entries: [String: (state: String, body: String, time: Date)] = [:]
        private let lock = NSLock()

        func remember(key: String, state: String, body: String) {
            lock.lock()
            defer { lock.unlock() }
            let now = Date()
            entries = entries.filter { now.timeIntervalSince($0.value.time) < Self.lifetime }
            entries[key] = (state, body, now)
        }

        func wasJustShown(key: String, state: String, body: String) -> Bool {
            lock.lock()
            defer { lock.unlock() }
            guard let entry = entries.removeValue(forKey: key) else { return false }
            return entry.state == state && entry.body == body && Date().timeIntervalSince(entry.time) < Self.lifetime
        }
    }
}
