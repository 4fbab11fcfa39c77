import DriftCore
import Testing

/// Expectations checked against `git interpret-trailers --parse` (git 2.39).
@Suite struct TrailerTests {
    @Test func lastParagraphOfTrailersIsRead() {
        let message = "Subject\n\nBody text.\n\nDrift-Override: elided-code — tests\n  continued reason\nCo-authored-by: Claude <noreply@anthropic.com>\n"
        #expect(Trailer.parse(message) == [
            Trailer(key: "Drift-Override", value: "elided-code — tests continued reason"),
            Trailer(key: "Co-authored-by", value: "Claude <noreply@anthropic.com>"),
        ])
    }

    @Test func titleIsNeverATrailerBlock() {
        #expect(Trailer.parse("Drift-Override: all -- reason\n").isEmpty)
    }

    @Test func aParagraphWithAnOrdinaryLineIsNotATrailerBlock() {
        #expect(Trailer.parse("Subject\n\nDrift-Override: all -- reason\nnot a trailer line\n").isEmpty)
    }

    @Test func aQuarterIsEnoughWithAGitGeneratedTrailer() {
        let message = "Subject\n\nSigned-off-by: x\nfoo bar\nbaz qux\nDrift-Override: all -- r\n\n# comment\n"
        #expect(Trailer.parse(message).map(\.key) == ["Signed-off-by", "Drift-Override"])
    }

    @Test func commentsAreSkippedAndSpaceBeforeColonIsAllowed() {
        let message = "Subject\n\ndrift-override : a - b\n# c\nX: y\n"
        #expect(Trailer.parse(message) == [Trailer(key: "drift-override", value: "a - b"), Trailer(key: "X", value: "y")])
    }

    @Test func scissorsAndPatchDividerEndTheMessage() {
        #expect(Trailer.parse("Subject\n\nX: y\n---\nZ: w\n") == [Trailer(key: "X", value: "y")])
        let verbose = "Subject\n\nX: y\n# ------------------------ >8 ------------------------\ndiff --git a b\n\nZ: w\n"
        #expect(Trailer.parse(verbose) == [Trailer(key: "X", value: "y")])
    }

    @Test func trailersNeedATokenBeforeTheColon() {
        #expect(Trailer.parse("Subject\n\nsee http://example.com: here\n").isEmpty)
        #expect(Trailer.parse("Subject\n\n: nothing\n").isEmpty)
    }

    @Test func commentedTemplateAfterTrailersIsIgnored() {
        let message = "Fix it\n\nDrift-Override: all — generated fixture\n\n# Please enter the commit message for your changes.\n#\n# On branch main\n"
        #expect(Trailer.parse(message) == [Trailer(key: "Drift-Override", value: "all — generated fixture")])
    }
}
