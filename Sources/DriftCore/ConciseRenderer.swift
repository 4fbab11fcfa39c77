/// One line per finding, `path:line:col: severity [rule-id] message`, as compilers print them:
/// for editors' problem matchers, `grep`, and CI logs.
public enum ConciseRenderer {
    public static func render(_ report: Report) -> String {
        report.findings.map { line(for: $0) + "\n" }.joined()
    }

    public static func line(for finding: Finding) -> String {
        let message = finding.message.split(separator: "\n", omittingEmptySubsequences: false).joined(separator: " ")
        return "\(finding.path):\(finding.line):\(finding.column): \(finding.severity.rawValue) [\(finding.ruleID)] \(message)"
    }
}
