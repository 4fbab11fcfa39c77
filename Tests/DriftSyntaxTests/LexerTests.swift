import DriftSyntax
import Testing

/// The kinds and texts of a snippet's comment and string tokens.
private func literals(_ source: String, _ language: Language) -> [String] {
    let file = SourceFile(path: "t", language: language, text: source)
    return file.tokens.filter { $0.kind == .comment || $0.kind == .string || $0.kind == .regex }
        .map { "\($0.kind):\(file.text(of: $0))" }
}

@Suite struct LexerTests {
    @Test func javascriptCommentsStringsAndRegex() {
        let source = """
            const a = "x // not a comment"; // real
            const r = /\\/\\/ no/g; /* block */
            const t = `a ${ `b ${c /* in hole */}` } '`;
            const d = x / y / z;
            """
        #expect(literals(source, .javascript) == [
            "string:\"x // not a comment\"", "comment:// real",
            "regex:/\\/\\/ no/g", "comment:/* block */",
            "string:`a ${ `b ${c /* in hole */}` } '`",
        ])
    }

    @Test func regexAfterKeywordButDivisionAfterValue() {
        #expect(literals("return /a#b/.test(s)", .javascript) == ["regex:/a#b/"])
        #expect(literals("x = (a) / 2 / 3", .javascript) == [])
        #expect(literals("const s = a[1] / b // c", .javascript) == ["comment:// c"])
    }

    @Test func pythonStringsAndFStrings() {
        let source = """
            s = 'a # b'  # comment
            t = \"\"\"doc # not
            comment\"\"\"
            f = f"{x["k"]:>{width}} # still string"  # after
            r = rb'\\d+'
            """
        #expect(literals(source, .python) == [
            "string:'a # b'", "comment:# comment",
            "string:\"\"\"doc # not\ncomment\"\"\"",
            "string:f\"{x[\"k\"]:>{width}} # still string\"", "comment:# after",
            "string:rb'\\d+'",
        ])
    }

    /// A `#` or a quote in a format spec is text; a `#` in a hole of a multi-line f-string is a comment.
    @Test func pythonFormatSpecsAreText() {
        #expect(literals(#"print(f"{n:#x}", other)  # c"#, .python) == [#"string:f"{n:#x}""#, "comment:# c"])
        #expect(literals(#"s = f"{n:'>10}" + t"#, .python) == [#"string:f"{n:'>10}""#])
        #expect(literals("s = f'''{n # why\n}''' # c", .python) == ["string:f'''{n # why\n}'''", "comment:# c"])
    }

    /// Python 3.12: a hole of a one-line f-string may span lines inside brackets; an unclosed one
    /// still ends the string at its first line break.
    @Test func pythonMultiLineHolesOfOneLineFStrings() {
        let multiLine = "s = f\"{sep.join([\n    first,  # c\n    second,\n])}\"\nt = 1\n"
        #expect(literals(multiLine, .python) == ["string:f\"{sep.join([\n    first,  # c\n    second,\n])}\""])
        let file = SourceFile(path: "t.py", language: .python, text: multiLine)
        #expect(file.scopeAnalysis().references.map(\.name) == ["sep", "first", "second"])
        #expect(literals("s = f\"{foo(\nx = 'a'\n", .python) == ["string:f\"{foo(", "string:'a'"])
        let far = "s = f\"{(\n" + String(repeating: "x = [1]\n", count: 200) + ")}\"\n"
        #expect(literals(far, .python) == ["string:f\"{(", "string:\""])
    }

    @Test func pythonFloorDivisionIsNotAComment() {
        #expect(literals("a = b // 2", .python) == [])
    }

    @Test func swiftRawStringsInterpolationAndNestedComments() {
        let source = """
            let s = "a \\("b // c") d" // e
            let r = #"raw "quoted" \\(not)"#
            /* outer /* inner */ still */ let x = 1
            let m = \"\"\"
                line "one"
                \"\"\"
            """
        #expect(literals(source, .swift) == [
            "string:\"a \\(\"b // c\") d\"", "comment:// e",
            "string:#\"raw \"quoted\" \\(not)\"#",
            "comment:/* outer /* inner */ still */",
            "string:\"\"\"\n    line \"one\"\n    \"\"\"",
        ])
    }

    @Test func goRawStringsAndRunes() {
        let source = "s := `raw // x` + \"q\" + string('/') // c"
        #expect(literals(source, .go) == ["string:`raw // x`", "string:\"q\"", "string:'/'", "comment:// c"])
    }

    @Test func unterminatedLiteralsStopAtLineEnd() {
        #expect(literals("x = 'abc\ny = 1 # c", .python) == ["string:'abc", "comment:# c"])
        #expect(literals("a = \"abc\nb // c", .javascript) == ["string:\"abc", "comment:// c"])
    }

    @Test func commentBodiesLoseTheirDelimiters() {
        let file = SourceFile(path: "t", language: .javascript, text: "/**\n * Hello\n * world\n */ // x")
        let bodies = file.comments.map { file.commentBody($0) }
        #expect(bodies == ["Hello\nworld", "x"])
    }

    @Test func stringContentStripsPrefixAndQuotes() {
        let file = SourceFile(path: "t", language: .python, text: "a = rb'x' + \"\"\"y\"\"\" + ''")
        let contents = file.tokens.filter { $0.kind == .string }.map { file.stringContent($0) }
        #expect(contents == ["x", "y", ""])
    }

    @Test func locationsCountCharactersNotBytes() {
        let file = SourceFile(path: "t", language: .python, text: "é = 1\nπ = 'x'")
        let string = file.tokens.first { $0.kind == .string }!
        #expect(file.location(ofByte: string.start) == SourceLocation(line: 2, column: 5))
        #expect(file.lineText(2) == "π = 'x'")
    }
}
