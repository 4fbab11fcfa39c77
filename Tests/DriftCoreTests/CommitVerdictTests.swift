import DriftCore
import DriftSyntax
import Testing

@Suite struct CommitVerdictTests {
    static let ids = ["elided-code": "elided-code", "placeholder-credential": "placeholder-credential"]

    static func finding(_ rule: String, _ severity: Severity) -> Finding {
        let position = SourceLocation(line: 3, column: 1)
        return Finding(
            ruleID: rule, severity: severity, category: .placeholderCode, path: "a.py",
            range: SourceRange(start: position, end: position), message: "m", why: "w", fix: "f")
    }

    static func decide(
        _ findings: [Finding], hook: CommitVerdict.Hook = .commitMsg, blocking: Bool = true,
        message: String? = "Subject\n", configuration: Configuration = Configuration()
    ) -> CommitVerdict {
        CommitVerdict.decide(
            findings: findings, configuration: configuration, hook: hook, blocking: blocking,
            message: message, messagePath: ".git/COMMIT_EDITMSG", ruleIDs: ids)
    }

    @Test func noFindingsPass() {
        #expect(Self.decide([]).outcome == .pass)
    }

    @Test func findingsBelowTheThresholdWarn() {
        #expect(Self.decide([Self.finding("elided-code", .medium)]).outcome == .warn)
    }

    @Test func highFindingBlocksCommitMsgWithInstructions() {
        let verdict = Self.decide([Self.finding("elided-code", .high)])
        #expect(verdict.outcome == .block)
        #expect(verdict.exitCode == 1)
        let text = verdict.notes.joined(separator: "\n")
        #expect(text.contains("Drift-Override: elided-code — <why this is safe>"))
        #expect(text.contains("git commit -e -F .git/COMMIT_EDITMSG"))
    }

    @Test func preCommitNeverBlocks() {
        let verdict = Self.decide([Self.finding("elided-code", .high)], hook: .preCommit, message: nil)
        #expect(verdict.outcome == .warn)
        #expect(verdict.exitCode == 0)
    }

    @Test func warnModeNeverBlocks() {
        #expect(Self.decide([Self.finding("elided-code", .high)], blocking: false).outcome == .warn)
    }

    @Test func aValidTrailerLetsTheCommitThrough() {
        let verdict = Self.decide([Self.finding("elided-code", .high)], message: "Subject\n\nDrift-Override: elided-code — fixture for the parser tests\n")
        #expect(verdict.outcome == .warn)
        #expect(verdict.notes.contains { $0.contains("override accepted") && $0.contains("fixture for the parser tests") })
    }

    @Test func aReasonlessTrailerIsRejectedWithAnExplanation() {
        let verdict = Self.decide([Self.finding("elided-code", .high)], message: "Subject\n\nDrift-Override: elided-code\n")
        #expect(verdict.outcome == .block)
        #expect(verdict.notes.contains { $0.contains("ignored") && $0.contains("no reason") })
    }

    @Test func aTrailerMustCoverEveryBlockingRule() {
        let findings = [Self.finding("elided-code", .high), Self.finding("placeholder-credential", .high)]
        let verdict = Self.decide(findings, message: "Subject\n\nDrift-Override: elided-code — ok\n")
        #expect(verdict.outcome == .block)
        #expect(verdict.notes.contains { $0.contains("covers elided-code but not placeholder-credential") })
        #expect(Self.decide(findings, message: "Subject\n\nDrift-Override: all — ok\n").outcome == .warn)
    }

    @Test func anOverrideInTheBodyRatherThanTheTrailerBlockDoesNotCount() {
        let message = "Subject\n\nDrift-Override: elided-code — ok\n\nMore words after it.\n"
        #expect(Self.decide([Self.finding("elided-code", .high)], message: message).outcome == .block)
    }

    @Test func blockAtAILowersTheThresholdForAssistantCommits() {
        var configuration = Configuration()
        configuration.blockAtAI = .medium
        let findings = [Self.finding("elided-code", .medium)]
        #expect(Self.decide(findings, configuration: configuration).outcome == .warn)
        let verdict = Self.decide(findings, message: "Subject\n\nCo-authored-by: Claude <noreply@anthropic.com>\n", configuration: configuration)
        #expect(verdict.outcome == .block)
        #expect(verdict.threshold == .medium)
    }

    @Test func blockAtAIIsAConfigurationKey() throws {
        let configuration = try Configuration.parse("block_at_ai = \"medium\"\n", path: ".drift.toml", knownRuleIDs: [])
        #expect(configuration.blockAtAI == .medium)
        #expect(throws: ConfigurationError.self) {
            try Configuration.parse("block_at_ai = \"severe\"\n", path: ".drift.toml", knownRuleIDs: [])
        }
    }
}
