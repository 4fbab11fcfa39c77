import DriftSyntax

/// One problem found in one file: where, how serious, and what to do about it.
public struct Finding: Sendable, Hashable, Codable {
    public var ruleID: String
    public var severity: Severity
    public var category: Category
    public var path: String
    public var range: SourceRange
    /// What is wrong here, naming the symbol or text involved.
    public var message: String
    /// Why it matters (the rule's explanation).
    public var why: String
    /// What to write instead, as concrete code or steps.
    public var fix: String
    /// Edits that apply the fix mechanically, when there are any.
    public var correction: Fix?

    public init(
        ruleID: String, severity: Severity, category: Category, path: String, range: SourceRange,
        message: String, why: String, fix: String, correction: Fix? = nil
    ) {
        self.ruleID = ruleID
        self.severity = severity
        self.category = category
        self.path = path
        self.range = range
        self.message = message
        self.why = why
        self.fix = fix
        self.correction = correction
    }

    public var line: Int { range.start.line }
    public var column: Int { range.start.column }

    /// Highest severity first, then by path and position: the order users read findings in.
    public static func ranked(_ lhs: Finding, _ rhs: Finding) -> Bool {
        if lhs.severity != rhs.severity { return lhs.severity > rhs.severity }
        if lhs.path != rhs.path { return lhs.path < rhs.path }
        if lhs.range.start != rhs.range.start { return lhs.range.start < rhs.range.start }
        return lhs.ruleID < rhs.ruleID
    }
}
