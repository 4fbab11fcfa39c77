@testable import DriftCore
import DriftSyntax
import Testing

private func finding(_ rule: String, _ severity: Severity, _ path: String, line: Int, column: Int = 1,
                     endColumn: Int = 5, message: String = "Message.") -> Finding {
    Finding(ruleID: rule, severity: severity, category: .placeholderCode, path: path,
            range: SourceRange(start: .init(line: line, column: column), end: .init(line: line, column: endColumn)),
            message: message, why: "Why.", fix: "Fix.")
}

/// The renderers CI reads: concise, GitHub annotations, GitLab code quality, SARIF, fingerprints.
@Suite struct CIRendererTests {
    @Test func conciseIsOneLinePerFinding() {
        let report = Report(findings: [
            finding("elided-code", .high, "a.py", line: 2, column: 5, message: "Two\nlines."),
            finding("stub-body", .low, "b.py", line: 9),
        ], filesChecked: 2, blockAt: .high)
        #expect(ConciseRenderer.render(report) == "a.py:2:5: high [elided-code] Two lines.\nb.py:9:1: low [stub-body] Message.\n")
    }

    @Test func githubCommandsEscapeDataAndProperties() {
        let report = Report(findings: [
            finding("elided-code", .high, "dir,with:odd/a.py", line: 3, column: 2, endColumn: 9, message: "100% gone\nreally"),
            finding("stub-body", .medium, "b.py", line: 1),
            finding("stub-body", .low, "c.py", line: 1),
        ], filesChecked: 3, blockAt: .high)
        let lines = GitHubAnnotationRenderer.render(report).split(separator: "\n").map(String.init)
        #expect(lines[0] == "::error file=dir%2Cwith%3Aodd/a.py,line=3,col=2,endLine=3,endColumn=9,title=drift elided-code (high)::100%25 gone%0Areally%0AFix: Fix.")
        #expect(lines[1].hasPrefix("::warning file=b.py,"))
        #expect(lines[2].hasPrefix("::notice file=c.py,"))
        #expect(lines.last == "drift: 3 findings, 1 at or above high, 0 overridden, in 3 files.")
    }

    @Test func gitlabSeveritiesAndLocations() {
        let report = Report(findings: [finding("elided-code", .high, "a.py", line: 4), finding("stub-body", .medium, "b.py", line: 2),
                                       finding("stub-body", .low, "c.py", line: 7)], filesChecked: 3, blockAt: .high)
        let json = GitLabCodeQualityRenderer.render(report) { _, _ in "x" }
        #expect(json.contains("\"severity\": \"critical\""))
        #expect(json.contains("\"severity\": \"major\""))
        #expect(json.contains("\"severity\": \"minor\""))
        #expect(json.contains("\"path\": \"a.py\""))
        #expect(json.contains("\"begin\": 4"))
    }

    @Test func fingerprintsIgnoreLineNumbersAndWhitespaceButNotRuleOrText() {
        let a = finding("elided-code", .high, "a.py", line: 3)
        var moved = a
        moved.range = SourceRange(start: .init(line: 30, column: 1), end: .init(line: 30, column: 5))
        let line = { (_: String, _: Int) -> String? in "    #  ... rest   of it\t" }
        let base = FindingFingerprint.fingerprints(of: [a], sourceLine: line)[0]
        #expect(FindingFingerprint.fingerprints(of: [moved], sourceLine: line)[0] == base)
        #expect(FindingFingerprint.fingerprints(of: [a]) { _, _ in "# ... rest of it" }[0] == base)
        #expect(FindingFingerprint.fingerprints(of: [a]) { _, _ in "# ... the rest of it" }[0] != base)
        var otherRule = a
        otherRule.ruleID = "stub-body"
        #expect(FindingFingerprint.fingerprints(of: [otherRule], sourceLine: line)[0] != base)
        // Two findings on identical lines differ by occurrence, counted in file order whatever the input order.
        let b = finding("elided-code", .high, "a.py", line: 9)
        let forward = FindingFingerprint.fingerprints(of: [a, b], sourceLine: line)
        let backward = FindingFingerprint.fingerprints(of: [b, a], sourceLine: line)
        #expect(forward[0] != forward[1])
        #expect(forward == backward.reversed())
        #expect(forward[0] == base)
        #expect(base.count == 32 && base.allSatisfy(\.isHexDigit))
    }

    @Test func sarifLevelsNamesURIsAndSuppressions() {
        let open = finding("elided-code", .high, "my dir/a#1.py", line: 2, column: 3, endColumn: 3)
        let waved = finding("stub-body", .medium, "b.py", line: 5)
        let ignored = finding("stub-body", .low, "c.py", line: 6)
        var report = Report(findings: [open, waved], filesChecked: 3, blockAt: .high, suppressed: [
            .init(finding: ignored, kind: .inSource, justification: "generated"),
        ])
        report.override([.init(finding: waved, kind: .override, justification: "reviewed", commit: "abc123")])
        #expect(report.findings == [open])
        #expect(report.overridden.map(\.finding) == [waved])
        let rule = RuleDescription(id: "elided-code", name: "Elided code", category: .placeholderCode, severity: .high,
                                   summary: "Summary.", why: "Why.", fix: "Fix.", examples: [.bad(.python, "# ... rest\n")])
        let sarif = SARIFRenderer.render(report, rules: [rule], toolVersion: "9.9.9") { _, _ in "line" }
        #expect(sarif.contains("\"uri\": \"my%20dir/a%231.py\""))
        #expect(sarif.contains("\"name\": \"ElidedCode\""))
        #expect(sarif.contains("\"endColumn\": 4") && !sarif.contains("\"endColumn\": 3"), "an empty span still marks one character")
        #expect(sarif.contains("\"kind\": \"external\""))
        #expect(sarif.contains("\"justification\": \"reviewed\""))
        #expect(sarif.contains("\"commit\": \"abc123\""))
        #expect(sarif.contains("\"kind\": \"inSource\""))
        #expect(sarif.contains("\"semanticVersion\": \"9.9.9\""))
        #expect(SARIFRenderer.level(.high) == "error" && SARIFRenderer.level(.medium) == "warning" && SARIFRenderer.level(.low) == "note")
    }
}
