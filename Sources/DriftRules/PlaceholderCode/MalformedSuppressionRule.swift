import DriftCore
import DriftSyntax

/// Flags `drift-ignore` comments that give no reason or name a rule that does not exist.
struct MalformedSuppressionRule: Rule {
    static let description = RuleDescription(
        id: "malformed-suppression",
        name: "Malformed suppression",
        category: .placeholderCode,
        severity: .low,
        summary: "A `drift-ignore` comment has no reason or names an unknown rule, so it silences nothing.",
        why: """
            A suppression is a decision someone will later have to trust. Without a reason it is a \
            placeholder for one, and assistants add such comments just to make a warning go away; \
            one that names a rule that does not exist silences nothing at all. Drift applies only \
            suppressions that name real rules and say why.
            """,
        fix: "Name the rule and give the reason after a dash: `// drift-ignore: elided-code — generated stub, filled by codegen`.",
        examples: [
            .bad(.python, """
                ↓# drift-ignore: elided-code
                # ... rest of the implementation
                """),
            .bad(.javascript, """
                const key = "YOUR_API_KEY"; ↓// drift-ignore: placeholder-credentials — demo key
                """),
            .bad(.typescript, """
                ↓// drift-ignore-file: elided-code —
                """),
            .bad(.swift, """
                ↓// drift-ignore: — no rule named
                """),
            .bad(.go, """
                ↓// drift-ignore: elided-code, no-such-rule — mixed
                """),
            .good(.python, """
                # drift-ignore: elided-code — the template is filled in by the generator
                # ... rest of the implementation
                """),
            .good(.javascript, """
                // drift-ignore: all — vendored snapshot of an upstream file
                """),
            .good(.typescript, """
                // drift-ignore-file: placeholder-credential — fixture keys for the docs build
                """),
            .good(.swift, """
                // drift-ignore: elided-code -- kept for the diff view
                """),
            .good(.go, """
                // The drift-ignore comment syntax is documented in README.md.
                """),
        ],
        subject: .comments)

    func findings(in file: SourceFile, context: RuleContext) -> [Finding] {
        Suppression.all(in: file).compactMap { suppression in
            var problems: [String] = []
            if suppression.ruleIDs.isEmpty {
                problems.append("names no rule")
            }
            let unknown = suppression.ruleIDs.filter { $0 != "all" && !context.knownRuleIDs.contains($0) }
            for id in unknown {
                let hint = nearest(to: id, in: context.knownRuleIDs).map { " (did you mean `\($0)`?)" } ?? ""
                problems.append("names the unknown rule `\(id)`\(hint)")
            }
            if suppression.reason == nil {
                problems.append("gives no reason")
            }
            guard !problems.isEmpty else { return nil }
            let effect = suppression.reason == nil || suppression.ruleIDs.isEmpty
                ? "so it silences nothing" : "so it silences nothing for that rule"
            return finding(
                in: file, from: suppression.start, to: suppression.end,
                message: "This suppression \(problems.joined(separator: " and ")), \(effect).")
        }
    }
}
