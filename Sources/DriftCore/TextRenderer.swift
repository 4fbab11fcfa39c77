/// Renders a report for a person at a terminal: each finding with its place, the source line
/// with the span marked, why it matters and how to fix it (once per rule), then a one-line summary.
public struct TextRenderer: Sendable {
    public var color: Bool
    /// Terminal width used to wrap explanations.
    public var width: Int

    public init(color: Bool, width: Int = 100) {
        self.color = color
        self.width = max(40, width)
    }

    /// `sourceLine(path, line)` returns the text of a line of a checked file, if known.
    public func render(_ report: Report, sourceLine: (String, Int) -> String?) -> String {
        var output = render(findings: report.findings, sourceLine: sourceLine)
        for skipped in report.skipped {
            output += paint("skipped", .dim) + " \(TerminalText.path(skipped.path)): \(skipped.reason)\n"
        }
        for overridden in report.overridden {
            let finding = overridden.finding
            let commit = overridden.commit.map { " in \($0.prefix(12))" } ?? ""
            output += paint("overridden", .dim) + " \(finding.path):\(finding.line):\(finding.column): \(finding.severity.rawValue) "
                + "[\(finding.ruleID)]\(commit): \(overridden.justification)\n"
        }
        output += summary(of: report) + "\n"
        return output
    }

    /// Every finding, each followed by a blank line. A rule's "Why" is printed with its first
    /// finding only, since it is the same paragraph every time; so is its "Fix", unless a finding
    /// has a fix of its own (a "did you mean" name, say).
    public func render(findings: [Finding], sourceLine: (String, Int) -> String?) -> String {
        var shown = Set<String>()
        var output = ""
        for finding in findings {
            let why = shown.insert("why\u{0}" + finding.ruleID + "\u{0}" + finding.why).inserted
            let fix = shown.insert("fix\u{0}" + finding.ruleID + "\u{0}" + finding.fix).inserted
            output += render(finding, sourceLine: sourceLine(finding.path, finding.line), why: why, fix: fix) + "\n"
        }
        return output
    }

    /// One finding; `why: false` and `fix: false` leave out the rule's explanation and fix
    /// (already shown above it).
    public func render(_ finding: Finding, sourceLine: String?, why: Bool = true, fix: Bool = true) -> String {
        // Paths and messages quote the repository (file names, string literals): escaped, so
        // none of it can drive the terminal.
        let location = "\(TerminalText.path(finding.path)):\(finding.line):\(finding.column)"
        var output = paint(location, .bold) + ": " + severityLabel(finding.severity) + " "
            + paint("[\(finding.ruleID)]", .dim) + " " + TerminalText.line(finding.message) + "\n"
        if let sourceLine {
            let (display, markerStart, markerLength) = layout(sourceLine, finding)
            let number = String(finding.line)
            let gutter = String(repeating: " ", count: number.count)
            output += "  " + paint(number + " |", .dim) + " " + display + "\n"
            output += "  " + paint(gutter + " |", .dim) + " " + String(repeating: " ", count: markerStart)
                + paint(String(repeating: "^", count: markerLength), markerStyle(finding.severity)) + "\n"
        }
        if why { output += wrap(label: "Why: ", TerminalText.line(finding.why, keepingNewlines: true)) }
        if fix { output += wrap(label: "Fix: ", TerminalText.line(finding.fix, keepingNewlines: true)) }
        return output
    }

    public func summary(of report: Report) -> String {
        let files = report.filesChecked == 1 ? "1 file" : "\(report.filesChecked) files"
        guard !report.findings.isEmpty else {
            return paint("✓", .green) + " No findings in \(files)."
        }
        let counts = Severity.allCases.reversed().compactMap { severity -> String? in
            let n = report.count(severity)
            return n == 0 ? nil : "\(n) \(severity.rawValue)"
        }.joined(separator: ", ")
        let total = report.findings.count == 1 ? "1 finding" : "\(report.findings.count) findings"
        let blocking = report.blocking.count
        let verdict = blocking == 0
            ? "none at or above \(report.blockAt.rawValue)"
            : "\(blocking) at or above \(report.blockAt.rawValue)"
        let mark = blocking == 0 ? paint("!", .yellow) : paint("✖", .red)
        return "\(mark) \(total) (\(counts)) in \(files); \(verdict)."
    }

    /// Expands tabs and finds where, in display columns, the marker goes.
    private func layout(_ line: String, _ finding: Finding) -> (String, Int, Int) {
        var display = ""
        var columnMap: [Int] = []  // display column of each character (1-based character index - 1)
        for character in line {
            columnMap.append(display.count)
            if character == "\t" {
                display += String(repeating: " ", count: 4 - display.count % 4)
            } else if character.unicodeScalars.contains(where: TerminalText.isControl) {
                display += TerminalText.line(String(character))
            } else {
                display.append(character)
            }
        }
        columnMap.append(display.count)
        let startIndex = min(max(0, finding.column - 1), columnMap.count - 1)
        let endIndex: Int
        if finding.range.end.line == finding.line {
            endIndex = min(max(startIndex + 1, finding.range.end.column - 1), columnMap.count - 1)
        } else {
            endIndex = columnMap.count - 1
        }
        let start = columnMap[startIndex]
        let length = max(1, columnMap[max(startIndex, endIndex)] - start)
        return (display, start, length)
    }

    private func wrap(label: String, _ text: String) -> String {
        let indent = "  "
        let available = width - indent.count - label.count
        var lines: [String] = []
        for paragraph in text.split(separator: "\n", omittingEmptySubsequences: false) {
            var current = ""
            for word in paragraph.split(separator: " ") {
                if !current.isEmpty, current.count + 1 + word.count > available {
                    lines.append(current)
                    current = ""
                }
                current += (current.isEmpty ? "" : " ") + word
            }
            lines.append(current)
        }
        let hang = String(repeating: " ", count: label.count)
        return lines.enumerated().map { index, line in
            indent + (index == 0 ? paint(label, .bold) : hang) + line
        }.joined(separator: "\n") + "\n"
    }

    private func severityLabel(_ severity: Severity) -> String {
        switch severity {
        case .high: paint("high", .red)
        case .medium: paint("medium", .yellow)
        case .low: paint("low", .cyan)
        }
    }

    private func markerStyle(_ severity: Severity) -> Style {
        switch severity {
        case .high: .red
        case .medium: .yellow
        case .low: .cyan
        }
    }

    enum Style: String {
        case bold = "1"
        case dim = "2"
        case red = "1;31"
        case yellow = "1;33"
        case cyan = "36"
        case green = "32"
    }

    private func paint(_ text: String, _ style: Style) -> String {
        color ? "\u{1B}[\(style.rawValue)m\(text)\u{1B}[0m" : text
    }
}
