import DriftSyntax

/// Everything about a rule that is not code: its documentation, its `drift explain` text and its
/// tests at once.
public struct RuleDescription: Sendable {
    /// What a rule reads, which decides how its examples are cross-checked: a rule about comments
    /// still fires on its example wrapped in a comment, so that check is skipped for it.
    public enum Subject: Sendable {
        case code
        case comments
    }

    /// Kebab-case, stable forever; renamed rules keep old ids in `aliases`.
    public let id: String
    public let name: String
    public let category: Category
    public let severity: Severity
    public let summary: String
    public let why: String
    public let fix: String
    public let examples: [Example]
    public let subject: Subject
    public let aliases: [String]

    public init(
        id: String, name: String, category: Category, severity: Severity,
        summary: String, why: String, fix: String, examples: [Example],
        subject: Subject = .code, aliases: [String] = []
    ) {
        self.id = id
        self.name = name
        self.category = category
        self.severity = severity
        self.summary = summary
        self.why = why
        self.fix = fix
        self.examples = examples
        self.subject = subject
        self.aliases = aliases
    }

    /// The languages the rule checks: exactly those it has examples for.
    public var languages: [Language] {
        Array(Set(examples.map(\.language))).sorted()
    }
}
