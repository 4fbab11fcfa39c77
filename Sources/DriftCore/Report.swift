/// The outcome of checking a set of files: ranked findings, what was skipped and the verdict.
public struct Report: Sendable {
    /// A file that was not analysed, and why.
    public struct SkippedFile: Sendable, Hashable {
        public var path: String
        public var reason: String

        public init(path: String, reason: String) {
            self.path = path
            self.reason = reason
        }
    }

    /// A finding that is reported but does not count: silenced by an inline `drift-ignore`
    /// comment, or waved through by a `Drift-Override` trailer of the commit that introduced it.
    public struct Suppressed: Sendable, Hashable {
        public enum Kind: String, Sendable, Hashable {
            /// A `drift-ignore` comment in the source.
            case inSource
            /// A `Drift-Override` trailer in a commit message.
            case override
        }

        public var finding: Finding
        public var kind: Kind
        /// The reason written in the comment or trailer.
        public var justification: String
        /// The commit whose message carries the override (`override` only).
        public var commit: String?

        public init(finding: Finding, kind: Kind, justification: String, commit: String? = nil) {
            self.finding = finding
            self.kind = kind
            self.justification = justification
            self.commit = commit
        }
    }

    public private(set) var findings: [Finding]
    public var filesChecked: Int
    public var skipped: [SkippedFile]
    public var blockAt: Severity
    /// Findings on the reported lines that a suppression or an override lets through, ranked.
    public private(set) var suppressed: [Suppressed]

    public init(findings: [Finding], filesChecked: Int, skipped: [SkippedFile] = [], blockAt: Severity, suppressed: [Suppressed] = []) {
        self.findings = findings.sorted(by: Finding.ranked)
        self.filesChecked = filesChecked
        self.skipped = skipped.sorted { $0.path < $1.path }
        self.blockAt = blockAt
        self.suppressed = suppressed.sorted { Finding.ranked($0.finding, $1.finding) }
    }

    /// The findings `overridden` lets through move from `findings` to `suppressed`.
    public mutating func override(_ overridden: [Suppressed]) {
        let moved = Set(overridden.map(\.finding))
        findings.removeAll { moved.contains($0) }
        suppressed = (suppressed + overridden).sorted { Finding.ranked($0.finding, $1.finding) }
    }

    /// Overridden findings only (inline suppressions are not shown to people by default).
    public var overridden: [Suppressed] { suppressed.filter { $0.kind == .override } }

    /// Findings at or above the block threshold.
    public var blocking: [Finding] { findings.filter { $0.severity >= blockAt } }

    public var isBlocked: Bool { findings.contains { $0.severity >= blockAt } }

    public func count(_ severity: Severity) -> Int { findings.count { $0.severity == severity } }
}
