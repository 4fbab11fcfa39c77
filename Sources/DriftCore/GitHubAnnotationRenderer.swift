/// GitHub Actions workflow commands (`::error file=…,line=…::message`): printed by a step, each
/// becomes an annotation on the pull request's changed lines.
public enum GitHubAnnotationRenderer {
    public static func render(_ report: Report) -> String {
        var output = ""
        for finding in report.findings {
            let command = switch finding.severity {
            case .high: "error"
            case .medium: "warning"
            case .low: "notice"
            }
            var properties = [
                ("file", finding.path), ("line", String(finding.line)), ("col", String(finding.column)),
            ]
            if finding.range.end.line >= finding.line {
                properties.append(("endLine", String(finding.range.end.line)))
                if finding.range.end.line == finding.line, finding.range.end.column > finding.column {
                    properties.append(("endColumn", String(finding.range.end.column)))
                }
            }
            properties.append(("title", "drift \(finding.ruleID) (\(finding.severity.rawValue))"))
            let list = properties.map { "\($0.0)=\(escapeProperty($0.1))" }.joined(separator: ",")
            output += "::\(command) \(list)::\(escapeData(finding.message + "\nFix: " + finding.fix))\n"
        }
        for suppressed in report.overridden {
            let finding = suppressed.finding
            let by = suppressed.commit.map { " by \($0.prefix(12))" } ?? ""
            output += "::notice file=\(escapeProperty(finding.path)),line=\(finding.line),title=\(escapeProperty("drift \(finding.ruleID) overridden"))::"
                + escapeData("Overridden\(by): \(suppressed.justification)") + "\n"
        }
        let blocking = report.blocking.count
        output += "drift: \(report.findings.count) finding\(report.findings.count == 1 ? "" : "s"), "
            + "\(blocking) at or above \(report.blockAt.rawValue), \(report.overridden.count) overridden, in \(report.filesChecked) file\(report.filesChecked == 1 ? "" : "s").\n"
        return output
    }

    /// The escaping GitHub's runner reverses in a command's message.
    static func escapeData(_ text: String) -> String {
        escape(text, also: [])
    }

    /// The escaping of a property value (`file=`, `title=`), where `:` and `,` are separators too.
    static func escapeProperty(_ text: String) -> String {
        escape(text, also: [":", ","])
    }

    private static func escape(_ text: String, also extra: Set<Unicode.Scalar>) -> String {
        var output = ""
        for scalar in text.unicodeScalars {
            switch scalar {
            case "%": output += "%25"
            case "\r": output += "%0D"
            case "\n": output += "%0A"
            case ":" where extra.contains(scalar): output += "%3A"
            case "," where extra.contains(scalar): output += "%2C"
            default: output.unicodeScalars.append(scalar)
            }
        }
        return output
    }
}
