import DriftCore
import DriftSyntax

/// What one ecosystem knows about the project around a file of its languages — the Python
/// project, the Node project; Go modules (issue 16) and Swift packages (issue 17) fill the same
/// slot in `ProjectKnowledge.providers`. A provider reads the project only through `context.files`
/// and keeps its answers only in `context.cache`, so the commit path records every read.
public protocol EcosystemProvider: Sendable {
    /// The languages whose files this ecosystem governs (stored: every question asks it).
    var languages: Set<Language> { get }

    /// The names of the module an import names (`module` as written, Python relative `level`)
    /// from the file at `path`: a project file or an installed package; nil when unresolved.
    func moduleSymbols(module: String, level: Int, from path: String) -> ModuleSymbols?

    /// What one project file of the ecosystem offers importers, for "did you mean".
    func symbols(ofFile path: String, language: Language) -> ModuleSymbols?

    /// The facts of the project file an import names, and its path.
    func fileFacts(forModule module: String, level: Int, importer: String) -> (path: String, facts: FileFacts)?

    /// Where an import that names a project file leads (see `ProjectView.projectImport`).
    func projectImport(_ module: String, level: Int, from path: String) -> ProjectImportTarget

    /// What the manifests and installed packages say about a bare import.
    func packageEvidence(for module: String, from path: String) -> PackageEvidence?

    /// The oldest runtime the manifests admit for the file at `path`.
    func minimumRuntime(for path: String) -> RuntimeRequirement?

    /// What the project adds to the global scope of the file at `path` (see `ProjectView.globals`).
    func globals(for path: String) -> GlobalEvidence

    /// Members the project adds to the built-ins (see `ProjectView.addedBuiltinMembers`).
    func addedBuiltinMembers(for path: String) -> Set<String>?
}

/// What the engine hands every provider of one view: the project's files, the one cache of the
/// view, the installed environments (read from disk, shared across views), and the import
/// resolver over those files.
public struct ProjectContext: Sendable {
    public let files: any ProjectFiles
    public let cache: ProjectCache
    public let installed: InstalledEnvironments
    public let resolver: ImportResolver

    public init(files: any ProjectFiles, installed: InstalledEnvironments) {
        self.files = files
        self.cache = ProjectCache(files: files)
        self.installed = installed
        self.resolver = ImportResolver(files: files, cache: cache)
    }
}
