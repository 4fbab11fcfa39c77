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
        // Nothing is cached here, so rules the configuration turns off need not run at all.
        let context = context(forPath: file.path, project: project)
        let enabled = rules.filter { configuration.rules[$0.description.id] != .off }
        return Analyzer.applying(configuration, suppressions: Suppression.all(in: file), to: enabled.flatMap { $0.findings(in: file, context: context) })
    }

    /// Findings of every rule on every line at the rules' default severities: what the blob
    /// cache stores, since configuration and suppressions are applied on top.
    public func allFindings(in file: SourceFile, project: (any ProjectView)? = nil) -> [Finding] {
        let context = context(forPath: file.path, project: project)
        return rules.flatMap { $0.findings(in: file, context: context) }
    }

    /// Everything about a blob that does not depend on configuration: findings of all rules on
    /// all lines, its suppression comments, or that it is binary.
    public func analysis(of bytes: [UInt8], language: Language, path: String) -> BlobAnalysis {
        // git's own test: a NUL byte in the first 8000 bytes makes a file binary.
        if bytes.prefix(8000).contains(0) { return BlobAnalysis(findings: [], suppressions: [], isBinary: true) }
        let file = SourceFile(path: path, language: language, bytes: bytes)
        let findings = allFindings(in: file).map { finding -> Finding in
            var finding = finding
            finding.path = ""  // the same blob is cached once for every path it appears at
            return finding
        }
        return BlobAnalysis(findings: findings, suppressions: Suppression.all(in: file), isBinary: false)
    }

    /// Re-grades or drops findings as `configuration` says and removes suppressed ones.
    public static func applying(_ configuration: Configuration, suppressions: [Suppression], to findings: [Finding]) -> [Finding] {
        findings.compactMap { finding in
            guard let severity = configuration.severity(of: finding.ruleID, default: finding.severity) else { return nil }
            var finding = finding
            finding.severity = severity
            if suppressions.contains(where: { $0.silences(finding) }) { return nil }
            return finding
        }
    }
}
