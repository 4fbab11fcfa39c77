/// How sure and how serious a finding is; `high` blocks a commit by default.
public enum Severity: String, CaseIterable, Sendable, Codable, Comparable {
    case low
    case medium
    case high

    private var rank: Int {
        switch self {
        case .low: 0
        case .medium: 1
        case .high: 2
        }
    }

    public static func < (lhs: Severity, rhs: Severity) -> Bool { lhs.rank < rhs.rank }
}
