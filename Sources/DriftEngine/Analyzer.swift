import DriftCore
import DriftKnowledge
import DriftRules
import DriftSyntax

/// Runs the enabled rules over one file and applies configuration and inline suppressions.
///
/// A rule runs only on the languages its description declares (`RuleDescription.languages`, the
/// languages of its examples): a Go or Swift file never reaches a JavaScript or Python rule, and no
/// rule tests `file.language` to decide whether to run at all. Every path goes through this type:
/// `drift check`, the per-blob cache analysis, the project pass and drift-bench.
///
/// The commit path runs the rules in two groups: local rules, whose findings depend on the blob
/// alone and are cached by blob id (`analysis(of:language:path:)`), and rules that read the
/// project, run on every request against the staged tree (`projectFindings(in:projectPath:project:)`).
/// `drift check` runs both at once (`findings(in:configuration:project:)`).
public struct Analyzer: Sendable {
    /// Per language, the local rules that declare it, in catalog order.
    private let localRules: [Language: [any Rule]]
    /// Per language, the rules that read the project and declare it, in catalog order.
    private let projectRules: [Language: [any Rule]]
    private let knownRuleIDs: Set<String>
    /// Whether any rule reads the project (else the commit path needs no project pass).
    public let hasProjectRules: Bool

    public init(rules: [any Rule.Type] = RuleCatalog.all) {
        func byLanguage(_ rules: [any Rule.Type]) -> [Language: [any Rule]] {
            let instances = rules.map { (languages: Set($0.description.languages), rule: $0.init()) }
            return Dictionary(uniqueKeysWithValues: Language.allCases.map { language in
                (language, instances.filter { $0.languages.contains(language) }.map(\.rule))
            })
        }
        self.localRules = byLanguage(rules.filter { !$0.readsProject })
        self.projectRules = byLanguage(rules.filter { $0.readsProject })
        self.hasProjectRules = rules.contains { $0.readsProject }
        self.knownRuleIDs = RuleCatalog.knownIDs.union(rules.map { $0.description.id })
    }

    /// The rules that run on a file of `language`: the local ones, then those that read the
    /// project, each in catalog order.
    public func rules(for language: Language) -> [any Rule] {
        (localRules[language] ?? []) + (projectRules[language] ?? [])
    }

    /// The context rules see for a file at `path` (relative to its project: folders above the
    /// project, such as `/home/me/tests/`, must not make every file a test).
    public func context(forPath path: String, project: (any ProjectView)? = nil) -> RuleContext {
        RuleContext(role: PathConventions.role(of: path), knownRuleIDs: knownRuleIDs, project: project)
    }

    /// Findings of every rule that runs on `file`'s language, on every line, re-graded by
    /// `configuration`, minus suppressed ones. `projectPath` is the file's path within its project
    /// (its role comes from it).
    public func findings(in file: SourceFile, configuration: Configuration, project: (any ProjectView)? = nil,
                         projectPath: String? = nil) -> [Finding] {
        // Nothing is cached here, so rules the configuration turns off need not run at all.
        let context = context(forPath: projectPath ?? file.path, project: project)
        let enabled = rules(for: file.language).filter { configuration.rules[$0.description.id] != .off }
        return Analyzer.applying(configuration, suppressions: Suppression.all(in: file), to: enabled.flatMap { $0.findings(in: file, context: context) })
    }

    /// Findings of the rules that read the project and run on `file`'s language, on every line at default severity: the
    /// project pass, which applies configuration and suppressions afterwards like the cache's.
    /// `projectPath` is the file's path within its repository (its role comes from it).
    public func projectFindings(in file: SourceFile, projectPath: String, project: any ProjectView) -> [Finding] {
        let context = context(forPath: projectPath, project: project)
        return (projectRules[file.language] ?? []).flatMap { $0.findings(in: file, context: context) }
    }

    /// Everything about a blob that depends on its bytes alone: findings of the local rules that
    /// run on `language` on all lines, its suppression comments, or that it is binary.
    public func analysis(of bytes: [UInt8], language: Language, path: String) -> BlobAnalysis {
        // git's own test: a NUL byte in the first 8000 bytes makes a file binary.
        if bytes.prefix(8000).contains(0) { return BlobAnalysis(findings: [], suppressions: [], isBinary: true) }
        let file = SourceFile(path: path, language: language, bytes: bytes)
        let context = context(forPath: path)
        let findings = (localRules[language] ?? []).flatMap { $0.findings(in: file, context: context) }.map { finding -> Finding in
            var finding = finding
            finding.path = ""  // the same blob is cached once for every path it appears at
            return finding
        }
        return BlobAnalysis(findings: findings, suppressions: Suppression.all(in: file), isBinary: false)
    }

    /// The findings an inline `drift-ignore` comment silences (after `configuration` re-grades
    /// them), each with the comment's reason: SARIF reports them as suppressed, not as gone.
    public static func suppressed(by configuration: Configuration, suppressions: [Suppression], in findings: [Finding]) -> [Report.Suppressed] {
        findings.compactMap { finding in
            guard let severity = configuration.severity(of: finding.ruleID, default: finding.severity),
                  let suppression = suppressions.first(where: { $0.silences(finding) }) else { return nil }
            var finding = finding
            finding.severity = severity
            return Report.Suppressed(finding: finding, kind: .inSource, justification: suppression.reason ?? "")
        }
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
