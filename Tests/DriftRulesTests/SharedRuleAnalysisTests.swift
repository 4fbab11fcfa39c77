import DriftCore
import DriftSyntax
import Testing
@testable import DriftRules

/// Per-file analyses the rules share through `SourceFile.shared` answer exactly what the direct
/// computation they replace answers.
@Suite struct SharedRuleAnalysisTests {
    @Test func environmentWordSitesAnswerAsAScanOfEachRangeWould() {
        let words = ["PY2", "PY_2", "IS_PY", "version", "os.name"].map { Array($0.utf8) }
        let text = "if IS_PY2:\n    x = {'a': {'v': sys.version}}\nname = os.name or PY_2\nPY\n"
        let file = SourceFile(path: "x.py", language: .python, text: text)
        let sites = EnvironmentWordSites(file.bytes, words: .init(words))
        let count = file.bytes.count
        for start in 0...count {
            for end in start...count {
                let scanned = words.contains { file.bytes(start, end, contain: $0) }
                #expect(sites.anyWithin(start, end) == scanned, "range \(start)..<\(end)")
            }
        }
    }

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
