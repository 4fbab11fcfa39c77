import Testing
@testable import DriftSyntax

/// The syntax layer's try, compatibility-branch, `typeof` and comment queries.
@Suite struct BranchQueryTests {
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

    /// The first name node spelled `name` on the line holding `marker`.
    func name(_ name: String, onLineOf marker: String, in file: SourceFile, code: String) -> Int {
        let line = code.split(separator: "\n", omittingEmptySubsequences: false).firstIndex { $0.contains(marker) }! + 1
        return file.nameNodes(name, in: SyntaxTree.root).first { file.location(of: $0).line == line }!
    }

    @Test func tryQueries() {
        let code = """
            try:
                def f():
                    unicode  # in f
                basestring  # in body
            except NameError:
                pass
            try:
                long  # other
            except KeyError:
                pass
            """
        let file = SourceFile(path: "x.py", language: .python, text: code)
        let inF = name("unicode", onLineOf: "# in f", in: file, code: code)
        let inBody = name("basestring", onLineOf: "# in body", in: file, code: code)
        let other = name("long", onLineOf: "# other", in: file, code: code)
        #expect(file.isInTry(inBody, catching: ["NameError"]))
        #expect(!file.isInTry(inF, catching: ["NameError"]))
        #expect(file.isInTry(inF, catching: ["NameError"], crossingFunctions: true))
        #expect(!file.isInTry(other, catching: ["NameError"]))
        #expect(file.isInTryWithHandler(other))
    }

    @Test func hostProbesReadTheTypeofOperatorNotItsSpelling() {
        let code = """
            if (typeof window !== 'undefined') { document.title = 'x'; }
            if (kind === 'typeof window') { document.title = 'y'; }
            const g = typeof globalThis !== 'undefined' ? globalThis : self;
            """
        let file = SourceFile(path: "x.js", language: .javascript, text: code)
        #expect(file.isInHostProbe(name("document", onLineOf: "'x'", in: file, code: code)))
        #expect(!file.isInHostProbe(name("document", onLineOf: "'y'", in: file, code: code)))
        #expect(file.isInHostProbe(name("self", onLineOf: "const g", in: file, code: code)))
        #expect(file.isTypeofOperand(name("window", onLineOf: "'x'", in: file, code: code)))
        #expect(file.typeofOperandNames() == ["window", "globalThis"])
    }

    @Test func commentsOnALineAreCommentTokensOnly() {
        let code = "x = '# noqa'  # real\ny = 1\n"
        let file = SourceFile(path: "x.py", language: .python, text: code)
        #expect(file.comments(onLineOf: 4).map { file.text(of: $0) } == ["# real"])
        #expect(file.comments(onLineOf: code.utf8.count - 2).isEmpty)
    }
}
