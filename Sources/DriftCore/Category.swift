/// The family of failure a rule belongs to (DESIGN.md §1); rule folders carry these names.
public enum Category: String, CaseIterable, Sendable, Codable {
    case hallucinatedAPIs
    case skippedEdgeCases
    case dangerousAsync
    case architecturalDrift
    case placeholderCode
    case insecureDefaults

    /// The folder under `Sources/DriftRules/` that holds this category's rules.
    public var folderName: String {
        switch self {
        case .hallucinatedAPIs: "HallucinatedAPIs"
        case .skippedEdgeCases: "SkippedEdgeCases"
        case .dangerousAsync: "DangerousAsync"
        case .architecturalDrift: "ArchitecturalDrift"
        case .placeholderCode: "PlaceholderCode"
        case .insecureDefaults: "InsecureDefaults"
        }
    }

    /// The kebab-case name used in output and JSON, e.g. `placeholder-code`.
    public var id: String {
        switch self {
        case .hallucinatedAPIs: "hallucinated-apis"
        case .skippedEdgeCases: "skipped-edge-cases"
        case .dangerousAsync: "dangerous-async"
        case .architecturalDrift: "architectural-drift"
        case .placeholderCode: "placeholder-code"
        case .insecureDefaults: "insecure-defaults"
        }
    }
}
