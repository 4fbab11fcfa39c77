import DriftCore
import DriftSyntax
import Testing

private func finding(_ rule: String, line: Int) -> Finding {
    let location = DriftSyntax.SourceLocation(line: line, column: 1)
    return Finding(ruleID: rule, severity: .high, category: .placeholderCode, path: "a.py",
                   range: SourceRange(start: location, end: location), message: "m", why: "w", fix: "f")
}

@Suite struct SuppressionTests {
    @Test func ownLineCommentCoversTheNextLine() throws {
        let file = SourceFile(path: "a.py", language: .python, text: "x = 1\n# drift-ignore: elided-code — generated\ny = 2\nz = 3\n")
        let suppression = try #require(Suppression.all(in: file).first)
        #expect(suppression.reason == "generated")
        #expect(suppression.silences(finding("elided-code", line: 2)))
        #expect(suppression.silences(finding("elided-code", line: 3)))
        #expect(!suppression.silences(finding("elided-code", line: 4)))
        #expect(!suppression.silences(finding("placeholder-credential", line: 3)))
    }

    @Test func trailingCommentCoversOnlyItsLine() throws {
        let file = SourceFile(path: "a.js", language: .javascript, text: "a(); // drift-ignore: x, y -- because\nb();\n")
        let suppression = try #require(Suppression.all(in: file).first)
        #expect(suppression.ruleIDs == ["x", "y"])
        #expect(suppression.silences(finding("y", line: 1)))
        #expect(!suppression.silences(finding("y", line: 2)))
    }

    @Test func fileDirectiveCoversEverything() throws {
        let file = SourceFile(path: "a.go", language: .go, text: "// drift-ignore-file: all — vendored\npackage a\n")
        let suppression = try #require(Suppression.all(in: file).first)
        #expect(suppression.scope == .file)
        #expect(suppression.silences(finding("anything", line: 200)))
    }

    @Test func withoutAReasonNothingIsSilenced() throws {
        let file = SourceFile(path: "a.py", language: .python, text: "# drift-ignore: elided-code\nx = 1\n")
        let suppression = try #require(Suppression.all(in: file).first)
        #expect(suppression.reason == nil)
        #expect(!suppression.silences(finding("elided-code", line: 2)))
    }

    @Test func directiveInsideAStringIsNotASuppression() {
        let file = SourceFile(path: "a.py", language: .python, text: "s = '# drift-ignore: elided-code — no'\n")
        #expect(Suppression.all(in: file).isEmpty)
    }
}
