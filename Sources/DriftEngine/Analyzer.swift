import DriftCore
import DriftKnowledge
import DriftRules
import DriftSyntax

/// Runs the enabled rules over one file and applies configuration and inline suppressions.
///
/// The commit path runs the rules in two groups: local rules, whose findings depend on the blob
/// alone and are cached by blob id (`analysis(of:language:path:)`), and rules that read the
/// project, run on every request against the staged tree (`projectFindings(in:projectPath:project:)`).
/// `drift check` runs both at once (`findings(in:configuration:project:)`).
public struct Analyzer: Sendable {
    private let localRules: [any Rule]
    private let projectRules: [any Rule]
    private let knownRuleIDs: Set<String>

    public init(rules: [any Rule.Type] = RuleCatalog.all) {
        self.localRules = rules.filter { !$0.readsProject }.map { $0.init() }
        self.projectRules = rules.filter { $0.readsProject }.map { $0.init() }
        self.knownRuleIDs = RuleCatalog.knownIDs.union(rules.map { $0.description.id })
    }

    /// Whether any rule reads the project (else the commit path needs no project pass).
    public var hasProjectRules: Bool { !projectRules.isEmpty }

    /// The context rules see for a file at `path` (relative to its project: folders above the
    /// project, such as `/home/me/tests/`, must not make every file a test).
    public func context(forPath path: String, project: (any ProjectView)? = nil) -> RuleContext {
        RuleContext(role: PathConventions.role(of: path), knownRuleIDs: knownRuleIDs, project: project)
    }

    /// Findings of every rule on every line of `file`, re-graded by `configuration`, minus suppressed
    /// ones. `projectPath` is the file's path within its project (its role comes from it).
    public func findings(in file: SourceFile, configuration: Configuration, project: (any ProjectView)? = nil,
                         projectPath: String? = nil) -> [Finding] {
        // Nothing is cached here, so rules the configuration turns off need not run at all.
        let context = context(forPath: projectPath ?? file.path, project: project)
        let enabled = (localRules + projectRules).filter { configuration.rules[$0.description.id] != .off }
        return Analyzer.applying(configuration, suppressions: Suppression.all(in: file), to: enabled.flatMap { $0.findings(in: file, context: context) })
    }

    /// Findings of the rules that read the project, on every line at default severity: the
    /// project pass, which applies configuration and suppressions afterwards like the cache's.
    /// `projectPath` is the file's path within its repository (its role comes from it).
    public func projectFindings(in file: SourceFile, projectPath: String, project: any ProjectView) -> [Finding] {
        let context = context(forPath: projectPath, project: project)
        return projectRules.flatMap { $0.findings(in: file, context: context) }
    }

    /// Everything about a blob that depends on its bytes alone: findings of the local rules on
    /// all lines, its suppression comments, or that it is binary.
    public func analysis(of bytes: [UInt8], language: Language, path: String) -> BlobAnalysis {
        // git's own test: a NUL byte in the first 8000 bytes makes a file binary.
        if bytes.prefix(8000).contains(0) { return BlobAnalysis(findings: [], suppressions: [], isBinary: true) }
        let file = SourceFile(path: path, language: language, bytes: bytes)
        let context = context(forPath: path)
        let findings = localRules.flatMap { $0.findings(in: file, context: context) }.map { finding -> Finding in
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
