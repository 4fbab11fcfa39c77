/// GitLab's code quality report (`artifacts: reports: codequality:`): a JSON array of issues,
/// each with a description, the check's name, a fingerprint, a severity and a location. GitLab
/// shows them in the merge request's widget and its diff.
public enum GitLabCodeQualityRenderer {
    public static func render(_ report: Report, sourceLine: (String, Int) -> String?) -> String {
        let fingerprints = FindingFingerprint.fingerprints(of: report.findings, sourceLine: sourceLine)
        let issues = zip(report.findings, fingerprints).map { finding, fingerprint -> JSONValue in
            let severity = switch finding.severity {
            case .high: "critical"
            case .medium: "major"
            case .low: "minor"
            }
            return .object([
                ("type", .string("issue")),
                ("check_name", .string(finding.ruleID)),
                ("description", .string(finding.message)),
                ("content", .object([("body", .string("**Why:** \(finding.why)\n\n**Fix:** \(finding.fix)"))])),
                ("categories", .array([.string(finding.category.id)])),
                ("fingerprint", .string(fingerprint)),
                ("severity", .string(severity)),
                ("location", .object([
                    ("path", .string(finding.path)),
                    ("lines", .object([("begin", .int(finding.line)), ("end", .int(max(finding.line, finding.range.end.line)))])),
                ])),
            ])
        }
        return JSONValue.array(issues).serialized(indent: 2) + "\n"
    }
}
