/// Renders a report as the stable JSON documented in `docs/json-format.md`.
public enum JSONRenderer {
    /// Bumped only when a field changes meaning or disappears; new fields may appear in any version.
    public static let formatVersion = 1

    public static func render(_ report: Report) -> String {
        let findings = report.findings.map(value(of:))
        let skipped = report.skipped.map { JSONValue.object([("path", .string($0.path)), ("reason", .string($0.reason))]) }
        let summary: JSONValue = .object([
            ("files", .int(report.filesChecked)),
            ("skipped", .int(report.skipped.count)),
            ("findings", .int(report.findings.count)),
            ("high", .int(report.count(.high))),
            ("medium", .int(report.count(.medium))),
            ("low", .int(report.count(.low))),
            ("blockAt", .string(report.blockAt.rawValue)),
            ("blocking", .int(report.blocking.count)),
            ("suppressed", .int(report.suppressed.count)),
        ])
        let suppressed = report.suppressed.map { entry -> JSONValue in
            var pairs: [(String, JSONValue)] = [
                ("kind", .string(entry.kind.rawValue)),
                ("justification", .string(entry.justification)),
            ]
            if let commit = entry.commit { pairs.append(("commit", .string(commit))) }
            guard case .object(let fields) = value(of: entry.finding) else { return .null }
            return .object(fields + [("suppression", .object(pairs))])
        }
        let document: JSONValue = .object([
            ("version", .int(formatVersion)),
            ("findings", .array(findings)),
            ("skipped", .array(skipped)),
            ("suppressed", .array(suppressed)),
            ("summary", summary),
        ])
        return document.serialized(indent: 2) + "\n"
    }

    public static func value(of finding: Finding) -> JSONValue {
        var pairs: [(String, JSONValue)] = [
            ("ruleId", .string(finding.ruleID)),
            ("severity", .string(finding.severity.rawValue)),
            ("category", .string(finding.category.id)),
            ("path", .string(finding.path)),
            ("line", .int(finding.range.start.line)),
            ("column", .int(finding.range.start.column)),
            ("endLine", .int(finding.range.end.line)),
            ("endColumn", .int(finding.range.end.column)),
            ("message", .string(finding.message)),
            ("why", .string(finding.why)),
            ("fix", .string(finding.fix)),
        ]
        if let correction = finding.correction {
            pairs.append(("edits", .object([
                ("applicability", .string(correction.applicability.rawValue)),
                ("edits", .array(correction.edits.map {
                    .object([("start", .int($0.start)), ("end", .int($0.end)), ("replacement", .string($0.replacement))])
                })),
            ])))
        }
        return .object(pairs)
    }
}
