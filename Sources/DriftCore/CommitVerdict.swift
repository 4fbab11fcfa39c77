/// Decides whether a commit goes ahead, from the findings on its staged change, the hook asking,
/// and the commit message's trailers.
public struct CommitVerdict: Sendable, Equatable {
    /// What happens to the commit.
    public enum Outcome: String, Sendable {
        /// Nothing to report.
        case pass
        /// Findings shown; the commit goes ahead.
        case warn
        /// The commit stops (exit 1).
        case block
    }

    /// Which hook is deciding: only commit-msg sees the message, so only it may block.
    public enum Hook: Sendable {
        case preCommit
        case commitMsg
    }

    public var outcome: Outcome
    /// The severity at or above which findings block this commit.
    public var threshold: Severity
    /// Lines to print after the report: why it blocked and how to override, or which override was honoured.
    public var notes: [String]

    public var exitCode: Int32 { outcome == .block ? 1 : 0 }

    public init(outcome: Outcome, threshold: Severity, notes: [String]) {
        self.outcome = outcome
        self.threshold = threshold
        self.notes = notes
    }

    /// The verdict for `findings`. `message` is the commit message (commit-msg only) and
    /// `messagePath` the file git named, for the hint on reusing it; `ruleIDs` maps every rule id
    /// and alias to its canonical id; `blocking: false` is `--mode warn`.
    public static func decide(
        findings: [Finding], configuration: Configuration, hook: Hook, blocking: Bool,
        message: String?, messagePath: String?, ruleIDs: [String: String]
    ) -> CommitVerdict {
        var notes: [String] = []
        let trailers = message.map { Trailer.parse($0) } ?? []
        var threshold = configuration.blockAt
        if let stricter = configuration.blockAtAI, stricter < threshold, let assistant = AICoAuthor.assistant(in: trailers) {
            threshold = stricter
            notes.append("drift: \(assistant) is named as co-author, so findings at or above \(stricter.rawValue) block (block_at_ai).")
        }
        let above = findings.filter { $0.severity >= threshold }
        guard !above.isEmpty else {
            return CommitVerdict(outcome: findings.isEmpty ? .pass : .warn, threshold: threshold, notes: notes)
        }
        let ids = orderedUnique(above.map(\.ruleID))

        guard hook == .commitMsg else {
            if blocking {
                notes.append("drift: the commit will be blocked unless its message ends with a trailer such as:")
                notes.append("    \(OverrideTrailer.key): \(ids.joined(separator: ", ")) — <why this is safe>")
            }
            return CommitVerdict(outcome: .warn, threshold: threshold, notes: notes)
        }
        guard blocking else {
            notes.append("drift: warn mode — \(count(above.count)) at or above \(threshold.rawValue), commit not blocked.")
            return CommitVerdict(outcome: .warn, threshold: threshold, notes: notes)
        }

        var overrides: [OverrideTrailer] = []
        for trailer in trailers where trailer.hasKey(OverrideTrailer.key) {
            switch OverrideTrailer.parse(trailer.value, ruleIDs: ruleIDs) {
            case .success(let override): overrides.append(override)
            case .failure(let error): notes.append("drift: ignored `\(OverrideTrailer.key): \(error.value)` — \(error.problem).")
            }
        }
        let uncovered = ids.filter { id in !overrides.contains { $0.covers(id) } }
        if uncovered.isEmpty {
            let reasons = orderedUnique(overrides.filter { o in ids.contains { o.covers($0) } }.map(\.reason))
            notes.append("drift: override accepted for \(ids.joined(separator: ", ")): \(reasons.joined(separator: "; "))")
            return CommitVerdict(outcome: .warn, threshold: threshold, notes: notes)
        }
        let covered = ids.filter { !uncovered.contains($0) }
        if !covered.isEmpty {
            notes.append("drift: \(OverrideTrailer.key) covers \(covered.joined(separator: ", ")) but not \(uncovered.joined(separator: ", ")).")
        }
        let blockedCount = above.filter { uncovered.contains($0.ruleID) }.count
        let path = messagePath ?? ".git/COMMIT_EDITMSG"
        notes.append("drift: commit blocked — \(count(blockedCount)) at or above \(threshold.rawValue) (\(uncovered.joined(separator: ", "))).")
        notes.append("To commit anyway, end the message with this trailer, giving your reason:")
        notes.append("")
        notes.append("    \(OverrideTrailer.key): \(uncovered.joined(separator: ", ")) — <why this is safe>")
        notes.append("")
        notes.append("`git commit -e -F \(path)` reuses the message you wrote.")
        return CommitVerdict(outcome: .block, threshold: threshold, notes: notes)
    }

    private static func count(_ n: Int) -> String { n == 1 ? "1 finding" : "\(n) findings" }

    private static func orderedUnique(_ items: [String]) -> [String] {
        var seen = Set<String>()
        return items.filter { seen.insert($0).inserted }
    }
}
