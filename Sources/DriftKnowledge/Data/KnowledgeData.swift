/// Facts about the bundled knowledge data as a whole.
public enum KnowledgeData {
    /// Bump by hand when path conventions or hand-kept tables change what a rule may find; the
    /// generated data changes `fingerprint` by itself.
    public static let version = 1

    /// Changes whenever any generated data changes; part of the engine fingerprint that keys the
    /// analysis cache (DESIGN.md §4), so cached results never outlive the data they were made with.
    public static let fingerprint = [
        PythonStandardLibraryData.fingerprint, JavaScriptGlobalsData.fingerprint,
        NodeBuiltinsData.fingerprint, PackageNamesData.fingerprint, SwiftModulesData.fingerprint,
    ].joined(separator: "-")
}
