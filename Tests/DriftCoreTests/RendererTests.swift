import DriftCore
import DriftSyntax
import Testing

private func sampleReport() -> Report {
    let start = DriftSyntax.SourceLocation(line: 2, column: 6)
    let end = DriftSyntax.SourceLocation(line: 2, column: 10)
    let high = Finding(ruleID: "elided-code", severity: .high, category: .placeholderCode, path: "b.py",
                       range: SourceRange(start: start, end: end), message: "Code \"left\" out.", why: "Why text.", fix: "Fix text.")
    var low = high
    low.ruleID = "malformed-suppression"
    low.severity = .low
    low.path = "a.py"
    return Report(findings: [low, high], filesChecked: 3, skipped: [.init(path: "big.js", reason: "too large")], blockAt: .high)
}

@Suite struct RendererTests {
    @Test func findingsAreRankedBySeverityThenPlace() {
        #expect(sampleReport().findings.map(\.ruleID) == ["elided-code", "malformed-suppression"])
    }

    @Test func jsonHasTheDocumentedShape() {
        let json = JSONRenderer.render(sampleReport())
        #expect(json.hasPrefix("{\n  \"version\": 1,\n  \"findings\": [\n    {\n      \"ruleId\": \"elided-code\","))
        for field in ["\"severity\": \"high\"", "\"category\": \"placeholder-code\"", "\"path\": \"b.py\"", "\"line\": 2",
                      "\"column\": 6", "\"endLine\": 2", "\"endColumn\": 10", "\"message\": \"Code \\\"left\\\" out.\"",
                      "\"why\": \"Why text.\"", "\"fix\": \"Fix text.\"", "\"blocking\": 1", "\"blockAt\": \"high\"",
                      "\"reason\": \"too large\""] {
            #expect(json.contains(field), "missing \(field)")
        }
    }

    @Test func textShowsPlaceSourceMarkerWhyAndFix() {
        let text = TextRenderer(color: false).render(sampleReport()) { path, line in
            path == "b.py" && line == 2 ? "\tx = left" : nil
        }
        #expect(text.contains("b.py:2:6: high [elided-code] Code \"left\" out.\n  2 |     x = left\n    |         ^^^^\n  Why: Why text.\n  Fix: Fix text.\n"))
        #expect(text.contains("skipped big.js: too large"))
        #expect(text.hasSuffix("✖ 2 findings (1 high, 1 low) in 3 files; 1 at or above high.\n"))
        #expect(!text.contains("\u{1B}["))
    }

    @Test func colourOnlyWhenAsked() {
        let text = TextRenderer(color: true).render(sampleReport()) { _, _ in nil }
        #expect(text.contains("\u{1B}[1;31mhigh\u{1B}[0m"))
    }

    @Test func cleanSummary() {
        let report = Report(findings: [], filesChecked: 1, blockAt: .high)
        #expect(TextRenderer(color: false).summary(of: report) == "✓ No findings in 1 file.")
    }

    @Test func aRulesWhyAndFixArePrintedWithItsFirstFindingOnly() {
        var findings: [Finding] = []
        for (path, line) in [("a.py", 2), ("a.py", 7), ("b.py", 3)] {
            findings.append(Finding(
                ruleID: "elided-code", severity: .high, category: .placeholderCode, path: path,
                range: SourceRange(start: .init(line: line, column: 5), end: .init(line: line, column: 9)),
                message: "Elided at \(line).", why: "Elided why.", fix: line == 3 ? "Its own fix." : "Elided fix."))
        }
        var other = findings[0]
        other.ruleID = "stub-body"
        other.severity = .low
        other.why = "Stub why."
        other.fix = "Stub fix."
        findings.append(other)
        let report = Report(findings: findings, filesChecked: 2, blockAt: .high)
        let text = TextRenderer(color: false).render(report) { _, _ in "x = 1" }
        #expect(text.components(separatedBy: "Why: Elided why.").count == 2, "\(text)")
        #expect(text.components(separatedBy: "Why: Stub why.").count == 2)
        #expect(text.components(separatedBy: "Fix: Elided fix.").count == 2, "a rule's fix once")
        #expect(text.contains("b.py:3:5: high [elided-code] Elided at 3.\n  3 | x = 1\n    |     ^\n  Fix: Its own fix.\n"),
                "a finding's own fix is printed with it")
        #expect(text.contains("Fix: Stub fix."))
        // The why follows the first finding of the rule, in report order.
        let first = text.range(of: "a.py:2:5: high [elided-code] Elided at 2.")!
        let why = text.range(of: "Why: Elided why.")!
        let second = text.range(of: "a.py:7:5: high [elided-code] Elided at 7.")!
        #expect(first.upperBound < why.lowerBound && why.upperBound < second.lowerBound)
        #expect(text.hasSuffix("✖ 4 findings (3 high, 1 low) in 2 files; 3 at or above high.\n"))
    }
}
