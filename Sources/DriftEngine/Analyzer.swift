import DriftCore
import DriftKnowledge
import DriftRules
import DriftSyntax

/// Runs the enabled rules over one file and applies configuration and inline suppressions.
public struct Analyzer: Sendable {
    private let rules: [any Rule]
    private let knownRuleIDs: Set<String>

    public init(rules: [any Rule.Type] = RuleCatalog.all) {
        self.rules = rules.map { $0.init() }
        self.knownRuleIDs = RuleCatalog.knownIDs.union(rules.map { $0.description.id })
    }

    /// The context rules see for a file at `path`.
    public func context(forPath path: String, project: (any ProjectView)? = nil) -> RuleContext {
        RuleContext(role: PathConventions.role(of: path), knownRuleIDs: knownRuleIDs, project: project)
    }

    /// Findings on every line of `file`, re-graded by `configuration`, minus suppressed ones.
    public func findings(in file: SourceFile, configuration: Configuration, project: (any ProjectView)? = nil) -> [Finding] {
        let context = context(forPath: file.path, project: project)
        var findings: [Finding] = []
        for rule in rules {
            let description = rule.description
            guard configuration.severity(of: description.id, default: description.severity) != nil else { continue }
            for var finding in rule.findings(in: file, context: context) {
                // A rule may grade a finding below its default (proven vs. likely); configuration overrides both.
                finding.severity = configuration.severity(of: description.id, default: finding.severity) ?? finding.severity
                findings.append(finding)
            }
        }
        let suppressions = Suppression.all(in: file)
        guard !suppressions.isEmpty else { return findings }
        return findings.filter { finding in !suppressions.contains { $0.silences(finding) } }
    }
}
