/// Facts about the bundled knowledge data as a whole.
public enum KnowledgeData {
    /// Changes whenever any generated data changes; part of the engine fingerprint that keys the
    /// analysis cache (DESIGN.md §4), so cached results never outlive the data they were made with.
    public static let fingerprint = [
        PythonStandardLibraryData.fingerprint, JavaScriptGlobalsData.fingerprint,
        NodeBuiltinsData.fingerprint, PackageNamesData.fingerprint, SwiftModulesData.fingerprint,
    ].joined(separator: "-")
}
