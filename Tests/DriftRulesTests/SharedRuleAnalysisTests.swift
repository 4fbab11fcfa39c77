import DriftCore
import DriftSyntax
import Testing
@testable import DriftRules

/// Per-file analyses the rules share through `SourceFile.shared` answer exactly what the direct
/// computation they replace answers.
@Suite struct SharedRuleAnalysisTests {
    @Test func theAsyncRulesShareOneBuildOfTheFileFacts() {
        let code = "import asyncio\nasync def save():\n    pass\nasync def main():\n    save()\n    asyncio.sleep(1)\n"
        let file = SourceFile(path: "x.py", language: .python, text: code)
        let first = CoroutineNeverAwaitedRule().findings(in: file, context: RuleContext())
        // A second rule and a second run over the same file read the shared facts.
        _ = DanglingTaskRule().findings(in: file, context: RuleContext())
        let again = CoroutineNeverAwaitedRule().findings(in: file, context: RuleContext())
        let fresh = CoroutineNeverAwaitedRule().findings(in: SourceFile(path: "x.py", language: .python, text: code), context: RuleContext())
        #expect(!first.isEmpty)
        #expect(first == again && first == fresh)
    }
}
