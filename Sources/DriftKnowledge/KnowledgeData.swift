/// Versions of the bundled knowledge data, part of the blob cache's fingerprint.
public enum KnowledgeData {
    /// Bump whenever bundled API data, package-name maps or path conventions change what a rule
    /// may find, so cached analyses made with the old data are not reused.
    public static let version = 1
}
