import DriftCore

/// What the blob cache keeps for one blob: findings of all rules on all lines at default
/// severity (with an empty path), the blob's suppression comments, and whether it is binary.
///
/// Suppressions are cached with the findings because applying them needs the source text, and
/// the point of a cache hit is not to read or lex the blob again. They depend only on the blob's
/// bytes and language, so they belong to the same key; configuration and the added-lines filter
/// depend on the commit and are applied after the cache.
public struct BlobAnalysis: Sendable, Codable, Equatable {
    public var findings: [Finding]
    public var suppressions: [Suppression]
    public var isBinary: Bool

    public init(findings: [Finding], suppressions: [Suppression], isBinary: Bool) {
        self.findings = findings
        self.suppressions = suppressions
        self.isBinary = isBinary
    }

    /// The findings as they apply at `path`.
    public func findings(at path: String) -> [Finding] {
        findings.map { finding in
            var finding = finding
            finding.path = path
            return finding
        }
    }
}
