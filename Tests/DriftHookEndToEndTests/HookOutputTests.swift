import Foundation
import Testing

/// What a person reads in one `git commit` through both hooks: the report once (from pre-commit),
/// then commit-msg's verdict; a rule's why and fix once; commit-msg alone still prints the whole report.
@Suite struct HookOutputTests {
    /// Two findings of one rule (`elided-code`, high).
    static let twiceElided = Snippet.elided + "\n\ndef retry(event):\n    # ... rest of implementation\n    return event\n"

    static func occurrences(_ needle: String, in text: String) -> Int {
        text.components(separatedBy: needle).count - 1
    }

    @Test func aBlockedCommitPrintsTheReportOnceThenTheVerdictAndOverrideHint() throws {
        let sandbox = try Sandbox()
        defer { sandbox.close() }
        let repo = try sandbox.repository()
        try sandbox.stage(Self.twiceElided, at: "handler.py", in: repo)
        let commit = try sandbox.git("commit", "-m", "Add handler", in: repo)
        #expect(commit.status == 1, "\(commit)")
        let printed = commit.output + commit.error
        #expect(Self.occurrences("handler.py:2:5: high [elided-code]", in: printed) == 1, "\(printed)")
        #expect(Self.occurrences("handler.py:7:5: high [elided-code]", in: printed) == 1)
        #expect(Self.occurrences("Why: ", in: printed) == 1, "a rule's why once per commit")
        #expect(Self.occurrences("Fix: ", in: printed) == 1)
        #expect(Self.occurrences("drift: ✖ 2 findings (2 high) in 1 file; 2 at or above high.", in: printed) == 1)
        // commit-msg's verdict, after the report, with the trailer that lets the commit through.
        let blocked = try #require(printed.range(of: "drift: commit blocked — 2 findings at or above high (elided-code)."))
        #expect(printed.range(of: "handler.py:7:5")!.upperBound < blocked.lowerBound)
        #expect(printed[blocked.upperBound...].contains("    Drift-Override: elided-code — <why this is safe>"))
        #expect(printed.contains("`git commit -e -F .git/COMMIT_EDITMSG` reuses the message you wrote."))
        #expect(try sandbox.git("rev-parse", "--verify", "HEAD", in: repo).status != 0)
    }

    @Test func anOverriddenCommitPrintsTheReportOnceThenTheAcceptedOverride() throws {
        let sandbox = try Sandbox()
        defer { sandbox.close() }
        let repo = try sandbox.repository()
        try sandbox.stage(Self.twiceElided, at: "handler.py", in: repo)
        let commit = try sandbox.git("commit", "-m", "Add handler", "-m", "Drift-Override: elided-code — demo stubs", in: repo)
        #expect(commit.status == 0, "\(commit)")
        let printed = commit.output + commit.error
        #expect(Self.occurrences("handler.py:2:5: high [elided-code]", in: printed) == 1, "\(printed)")
        #expect(Self.occurrences("Why: ", in: printed) == 1)
        #expect(Self.occurrences("drift: ✖ 2 findings", in: printed) == 1)
        #expect(Self.occurrences("drift: override accepted for elided-code: demo stubs", in: printed) == 1)
        #expect(!printed.contains("commit blocked"))
    }

    @Test func theNextCommitOfTheSameFindingsIsReportedAgain() throws {
        let sandbox = try Sandbox()
        defer { sandbox.close() }
        let repo = try sandbox.repository()
        try sandbox.stage(Snippet.elided, at: "handler.py", in: repo)
        #expect(try sandbox.git("commit", "-m", "Add handler", in: repo).status == 1)
        // The same staged change, committed again: a new commit, so the report is printed again, once.
        let again = try sandbox.git("commit", "-m", "Add handler", in: repo)
        #expect(again.status == 1)
        let printed = again.output + again.error
        #expect(Self.occurrences("handler.py:2:5: high [elided-code]", in: printed) == 1, "\(printed)")
        #expect(Self.occurrences("drift: ✖ 1 finding (1 high)", in: printed) == 1)
        #expect(printed.contains("drift: commit blocked — 1 finding at or above high (elided-code)."))
    }

    /// A clean `git merge` runs commit-msg without pre-commit: it prints everything, even right
    /// after a commit whose pre-commit reported the very same findings.
    @Test func commitMsgAloneAfterAMergePrintsTheWholeReport() throws {
        let sandbox = try Sandbox()
        defer { sandbox.close() }
        let repo = try sandbox.repository()
        try sandbox.stage(Snippet.clean, at: "app.py", in: repo, adding: ".")
        try sandbox.git("commit", "-q", "-m", "Start", in: repo, allowFailure: false)
        try sandbox.git("checkout", "-q", "-b", "feature", in: repo, allowFailure: false)
        try sandbox.stage(Self.twiceElided, at: "handler.py", in: repo, adding: ".")
        try sandbox.git("commit", "-q", "--no-verify", "-m", "Feature", in: repo, allowFailure: false)
        try sandbox.git("checkout", "-q", "main", in: repo, allowFailure: false)
        let merge = try sandbox.git("merge", "--no-ff", "-m", "Merge feature", "feature", in: repo)
        #expect(merge.status != 0, "\(merge)")
        let printed = merge.output + merge.error
        #expect(Self.occurrences("handler.py:2:5: high [elided-code]", in: printed) == 1, "\(printed)")
        #expect(Self.occurrences("handler.py:7:5: high [elided-code]", in: printed) == 1)
        #expect(Self.occurrences("Why: ", in: printed) == 1)
        #expect(Self.occurrences("drift: ✖ 2 findings (2 high)", in: printed) == 1)
        #expect(printed.contains("    Drift-Override: elided-code — <why this is safe>"))
    }

    @Test func commitMsgOnlyPrintsTheWholeReportOnce() throws {
        let sandbox = try Sandbox()
        defer { sandbox.close() }
        let repo = try CommitMsgOnlyTests.repository(sandbox)
        try sandbox.stage(Self.twiceElided, at: "handler.py", in: repo, adding: ".")
        let commit = try sandbox.git("commit", "-m", "Add handler", in: repo)
        #expect(commit.status == 1, "\(commit)")
        let printed = commit.output + commit.error
        #expect(Self.occurrences("handler.py:2:5: high [elided-code]", in: printed) == 1, "\(printed)")
        #expect(Self.occurrences("handler.py:7:5: high [elided-code]", in: printed) == 1)
        #expect(Self.occurrences("Why: ", in: printed) == 1)
        #expect(Self.occurrences("drift: ✖ 2 findings (2 high)", in: printed) == 1)
        #expect(printed.contains("drift: commit blocked — 2 findings at or above high (elided-code)."))
        #expect(printed.contains("    Drift-Override: elided-code — <why this is safe>"))
    }
}
