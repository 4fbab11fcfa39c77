import DriftCore
import DriftSyntax
import Testing

@Suite struct TerminalTextTests {
    @Test(arguments: [
        ("plain/path.py", "plain/path.py"),
        ("ünïcode.py", "ünïcode.py"),
        ("evil\u{1B}[2K\u{1B}[1Gok\u{07}.py", #""evil\033[2K\033[1Gok\a.py""#),
        ("two\nlines.py", #""two\nlines.py""#),
        ("tab\there.py", #""tab\there.py""#),
        ("quote\"and\\slash.py", #""quote\"and\\slash.py""#),
        ("csi\u{9B}31m.py", #""csi\302\23331m.py""#),
        ("del\u{7F}.py", #""del\177.py""#),
    ])
    func pathsAreQuotedAsGitQuotesThem(path: String, shown: String) {
        #expect(TerminalText.path(path) == shown)
    }

    @Test func linesKeepTabsAndEscapeTheRest() {
        #expect(TerminalText.line("a\tb") == "a\tb")
        #expect(TerminalText.line("x\u{1B}]0;title\u{07}y") == #"x\033]0;title\ay"#)
        #expect(TerminalText.line("one\ntwo") == #"one\ntwo"#)
        #expect(TerminalText.line("one\ntwo", keepingNewlines: true) == "one\ntwo")
    }

    @Test func theTextRendererEscapesPathsMessagesAndSourceLines() {
        let at = SourceLocation(line: 1, column: 3)
        let finding = Finding(
            ruleID: "elided-code", severity: .high, category: .placeholderCode, path: "a\u{1B}[2K.py",
            range: SourceRange(start: at, end: at), message: "name `\u{1B}[31m`", why: "why\nmore", fix: "fix")
        let text = TextRenderer(color: false).render(finding, sourceLine: "x = '\u{1B}[2J'")
        #expect(!text.contains("\u{1B}"))
        #expect(text.contains(#""a\033[2K.py":1:3"#))
        #expect(text.contains(#"x = '\033[2J'"#))
    }
}
