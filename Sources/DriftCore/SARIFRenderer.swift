/// SARIF 2.1.0, the format code-scanning services read (GitHub code scanning, Azure DevOps, …):
/// one run whose `tool.driver` describes every rule, and one result per finding with its
/// physical location, a fingerprint that survives unrelated edits, and `suppressions` for
/// findings an inline comment or a commit's override lets through.
public enum SARIFRenderer {
    public static let schemaURI = "https://json.schemastore.org/sarif-2.1.0.json"

    /// `rules` are every rule the tool has (not only those that fired), so a dashboard can show
    /// any rule's help; `sourceLine(path, line)` gives flagged lines' text for fingerprints.
    public static func render(
        _ report: Report, rules: [RuleDescription], toolVersion: String, sourceLine: (String, Int) -> String?
    ) -> String {
        let rules = rules.sorted { $0.id < $1.id }
        var ruleIndex: [String: Int] = [:]
        for (index, rule) in rules.enumerated() { ruleIndex[rule.id] = index }

        let entries: [(finding: Finding, suppression: Report.Suppressed?)] =
            report.findings.map { ($0, nil) } + report.suppressed.map { ($0.finding, $0) }
        let fingerprints = FindingFingerprint.fingerprints(of: entries.map(\.finding), sourceLine: sourceLine)
        let results = zip(entries, fingerprints).map { entry, fingerprint in
            result(entry.finding, suppression: entry.suppression, ruleIndex: ruleIndex[entry.finding.ruleID], fingerprint: fingerprint)
        }

        let driver: JSONValue = .object([
            ("name", .string("Drift")),
            ("semanticVersion", .string(toolVersion)),
            ("version", .string(toolVersion)),
            ("rules", .array(rules.map(descriptor))),
        ])
        let run: JSONValue = .object([
            ("tool", .object([("driver", driver)])),
            ("columnKind", .string("unicodeCodePoints")),
            ("originalUriBaseIds", .object([
                ("%SRCROOT%", .object([("description", .object([("text", .string("The top of the repository's work tree."))]))])),
            ])),
            ("results", .array(results)),
            ("invocations", .array([.object([
                ("executionSuccessful", .bool(true)),
                ("toolExecutionNotifications", .array(report.skipped.map { skipped in
                    .object([
                        ("level", .string("note")),
                        ("message", .object([("text", .string("skipped \(skipped.path): \(skipped.reason)"))])),
                        ("locations", .array([.object([("physicalLocation", .object([("artifactLocation", artifact(skipped.path))]))])])),
                    ])
                })),
            ])])),
        ])
        let document: JSONValue = .object([
            ("$schema", .string(schemaURI)),
            ("version", .string("2.1.0")),
            ("runs", .array([run])),
        ])
        return document.serialized(indent: 2) + "\n"
    }

    /// SARIF's levels: `error` blocks, `warning` and `note` inform.
    public static func level(_ severity: Severity) -> String {
        switch severity {
        case .high: "error"
        case .medium: "warning"
        case .low: "note"
        }
    }

    private static func descriptor(_ rule: RuleDescription) -> JSONValue {
        var help = "Fix: \(rule.fix)"
        var markdown = "**Why:** \(rule.why)\n\n**Fix:** \(rule.fix)"
        for (title, kind) in [("Flagged", Example.Kind.bad), ("Not flagged", .good)] {
            let examples = rule.examples.filter { $0.kind == kind }
            guard !examples.isEmpty else { continue }
            help += "\n\n\(title):"
            markdown += "\n\n**\(title):**"
            for example in examples {
                let code = example.unmarked.code
                help += "\n\n" + code
                markdown += "\n\n```\(example.language.rawValue)\n\(code)\n```"
            }
        }
        return .object([
            ("id", .string(rule.id)),
            ("name", .string(pascalCase(rule.id))),
            ("shortDescription", .object([("text", .string(rule.summary))])),
            ("fullDescription", .object([("text", .string(rule.why))])),
            ("help", .object([("text", .string(help)), ("markdown", .string(markdown))])),
            ("defaultConfiguration", .object([("level", .string(level(rule.severity)))])),
            ("properties", .object([
                ("tags", .array([.string(rule.category.id)] + rule.languages.map { .string($0.rawValue) })),
                ("precision", .string(rule.severity == .high ? "very-high" : rule.severity == .medium ? "high" : "medium")),
            ])),
        ])
    }

    private static func result(_ finding: Finding, suppression: Report.Suppressed?, ruleIndex: Int?, fingerprint: String) -> JSONValue {
        var region: [(String, JSONValue)] = [
            ("startLine", .int(finding.line)),
            ("startColumn", .int(finding.column)),
        ]
        // SARIF's end column is exclusive, like Drift's; an empty span still marks one character.
        let endLine = max(finding.line, finding.range.end.line)
        let endColumn = endLine == finding.line ? max(finding.column + 1, finding.range.end.column) : max(1, finding.range.end.column)
        region.append(("endLine", .int(endLine)))
        region.append(("endColumn", .int(endColumn)))
        var pairs: [(String, JSONValue)] = [("ruleId", .string(finding.ruleID))]
        if let ruleIndex { pairs.append(("ruleIndex", .int(ruleIndex))) }
        pairs += [
            ("level", .string(level(finding.severity))),
            ("message", .object([("text", .string(finding.message + " Fix: " + finding.fix))])),
            ("locations", .array([.object([("physicalLocation", .object([
                ("artifactLocation", artifact(finding.path)),
                ("region", .object(region)),
            ]))])])),
            ("partialFingerprints", .object([(FindingFingerprint.sarifKey, .string(fingerprint))])),
            ("properties", .object([("severity", .string(finding.severity.rawValue)), ("category", .string(finding.category.id))])),
        ]
        if let suppression {
            var entry: [(String, JSONValue)] = [
                ("kind", .string(suppression.kind == .inSource ? "inSource" : "external")),
                ("status", .string("accepted")),
                ("justification", .string(suppression.justification)),
            ]
            if let commit = suppression.commit {
                entry.append(("properties", .object([("commit", .string(commit)), ("trailer", .string("Drift-Override"))])))
            }
            pairs.append(("suppressions", .array([.object(entry)])))
        }
        return .object(pairs)
    }

    private static func artifact(_ path: String) -> JSONValue {
        .object([("uri", .string(percentEncoded(path))), ("uriBaseId", .string("%SRCROOT%"))])
    }

    /// A repository path as a relative URI reference: unreserved characters and `/` stay, every
    /// other byte is percent-encoded (spaces, `#`, `%`, non-ASCII).
    static func percentEncoded(_ path: String) -> String {
        var output = ""
        for byte in path.utf8 {
            let c = Character(Unicode.Scalar(byte))
            if byte < 0x80, c.isLetter || c.isNumber || "-._~/".contains(c) {
                output.append(c)
            } else {
                let digits = String(byte, radix: 16, uppercase: true)
                output += "%" + (digits.count == 1 ? "0" : "") + digits
            }
        }
        return output
    }

    static func pascalCase(_ id: String) -> String {
        id.split(separator: "-").map { $0.prefix(1).uppercased() + $0.dropFirst() }.joined()
    }
}
