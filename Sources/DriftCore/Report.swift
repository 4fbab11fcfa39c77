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

    public private(set) var findings: [Finding]
    public var filesChecked: Int
    public var skipped: [SkippedFile]
    public var blockAt: Severity

    public init(findings: [Finding], filesChecked: Int, skipped: [SkippedFile] = [], blockAt: Severity) {
        self.findings = findings.sorted(by: Finding.ranked)
        self.filesChecked = filesChecked
        self.skipped = skipped.sorted { $0.path < $1.path }
        self.blockAt = blockAt
    }

    /// Findings at or above the block threshold.
    public var blocking: [Finding] { findings.filter { $0.severity >= blockAt } }

    public var isBlocked: Bool { findings.contains { $0.severity >= blockAt } }

    public func count(_ severity: Severity) -> Int { findings.count { $0.severity == severity } }
}
