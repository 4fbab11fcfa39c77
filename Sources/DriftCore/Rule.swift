import DriftSyntax

/// A check that reads one source file and reports findings; it does no I/O of its own.
public protocol Rule: Sendable {
    static var description: RuleDescription { get }
    /// True when the rule's findings can depend on other files of the project (it reads
    /// `RuleContext.project`): the engine then runs it in the project pass over the changed files,
    /// not in the per-blob analysis, whose cached result must depend on the blob alone.
    static var readsProject: Bool { get }
    init()
    /// Findings on all lines of `file`; filtering to the change, configuration and suppressions
    /// happen afterwards.
    func findings(in file: SourceFile, context: RuleContext) -> [Finding]
}

extension Rule {
    public var description: RuleDescription { Self.description }
    public static var readsProject: Bool { false }

    /// A finding of this rule over bytes `start..<end` of `file`, with the rule's severity, why and fix.
    public func finding(
        in file: SourceFile, from start: Int, to end: Int, message: String,
        fix: String? = nil, correction: Fix? = nil
    ) -> Finding {
        let description = Self.description
        return Finding(
            ruleID: description.id, severity: description.severity, category: description.category,
            path: file.path, range: file.range(ofBytes: start, end), message: message,
            why: description.why, fix: fix ?? description.fix, correction: correction)
    }
}

/// What a rule may know besides the file: facts gathered by the engine.
public struct RuleContext: Sendable {
    /// What the file is for, decided from its path.
    public var role: FileRole
    /// Every rule id (and alias) the catalog knows, for rules that check references to rules.
    public var knownRuleIDs: Set<String>
    /// The project around the file, when the engine has one (nil for a pasted snippet).
    public var project: (any ProjectView)?

    public init(role: FileRole = [], knownRuleIDs: Set<String> = [], project: (any ProjectView)? = nil) {
        self.role = role
        self.knownRuleIDs = knownRuleIDs
        self.project = project
    }
}

/// What a file is for, as far as rules care: tests, examples and declarations are held to other
/// standards than production code.
public struct FileRole: OptionSet, Sendable, Hashable {
    public let rawValue: UInt8
    public init(rawValue: UInt8) { self.rawValue = rawValue }

    /// A test, a fixture or test support code.
    public static let test = FileRole(rawValue: 1 << 0)
    /// Documentation, examples and samples meant to be copied and filled in.
    public static let example = FileRole(rawValue: 1 << 1)
    /// Type declarations only (`.pyi`, `.d.ts`).
    public static let declaration = FileRole(rawValue: 1 << 2)
    /// Code written by a generator.
    public static let generated = FileRole(rawValue: 1 << 3)
}
