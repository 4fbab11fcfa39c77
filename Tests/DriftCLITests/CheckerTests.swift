import DriftCore
import DriftEngine
import DriftSyntax
import Testing

@Suite struct CheckerTests {
    @Test func aSnippetWithElidedCodeIsBlocked() throws {
        let snippet = "def handler(event):\n    # ... rest of implementation\n"
        let result = try Checker().check(snippet: Array(snippet.utf8), language: .python, path: "handler.py")
        #expect(result.report.findings.map(\.ruleID).contains("elided-code"))
        #expect(result.report.isBlocked)
    }
}
