import DriftCore
import DriftSyntax
import Foundation

/// The project around a file, read from a file tree — the disk for `drift check`, the staged tree
/// in the hook and `drift scan --staged` — and answered by the ecosystem provider of the file's
/// language. Everything is read lazily through `files`, once, and kept in the view's one cache
/// for its lifetime; nothing from the project is ever executed.
public final class ProjectKnowledge: ProjectView, @unchecked Sendable {
    /// Where project files are read from, the cache and the resolver the providers share.
    public let context: ProjectContext
    public let python: PythonProject
    public let node: NodeProject
    /// Every ecosystem, asked by the language of the file in question. Go modules (issue 16) and
    /// Swift packages (issue 17) are the next entries.
    public let providers: [any EcosystemProvider]

    /// A view of `files`; by default the disk, asked once per question for the view's lifetime.
    /// `installed`: the virtualenvs and `node_modules` listings, kept across views.
    public init(files: any ProjectFiles = RememberedDiskFiles(), installed: InstalledEnvironments = InstalledEnvironments()) {
        context = ProjectContext(files: files, installed: installed)
        python = PythonProject(context: context)
        node = NodeProject(context: context)
        providers = [python, node]
    }

    public var files: any ProjectFiles { context.files }

    /// The provider of files in `language`.
    public func provider(for language: Language?) -> (any EcosystemProvider)? {
        guard let language else { return nil }
        return providers.first { $0.languages.contains(language) }
    }

    private func provider(forPath path: String) -> (any EcosystemProvider)? { provider(for: Language(path: path)) }

    public func moduleSymbols(module: String, level: Int, from path: String) -> ModuleSymbols? {
        provider(forPath: path)?.moduleSymbols(module: module, level: level, from: path)
    }

    public func fileFacts(forModule module: String, level: Int, importer: String, language: Language) -> (path: String, facts: FileFacts)? {
        provider(for: language)?.fileFacts(forModule: module, level: level, importer: importer)
    }

    /// Kept per folder, language and import: the answer (messages included) depends on the
    /// importer's folder only, and the files of a folder import much the same modules.
    public func projectImport(_ module: String, level: Int, from path: String) -> ProjectImportTarget {
        let path = ImportResolver.absolute(path)
        let language = Language(path: path)
        let question = ProjectQuestion<ProjectImportTarget>(
            "projectImport", String(describing: language), String(level), module, ImportResolver.folder(of: path))
        return context.cache.answer(question) {
            provider(for: language)?.projectImport(module, level: level, from: path) ?? .notAFile
        }
    }

    /// Kept per folder, language and module: unknown-package and undeclared-dependency both ask
    /// for every import, and the answer depends on the importer's folder only.
    public func packageEvidence(for module: String, from path: String) -> PackageEvidence? {
        let path = ImportResolver.absolute(path)
        let language = Language(path: path)
        let question = ProjectQuestion<PackageEvidence?>("packageEvidence", String(describing: language), module, ImportResolver.folder(of: path))
        return context.cache.answer(question) { provider(for: language)?.packageEvidence(for: module, from: path) }
    }

    public func minimumRuntime(for path: String) -> RuntimeRequirement? {
        provider(forPath: path)?.minimumRuntime(for: path)
    }

    public func globals(for path: String) -> GlobalEvidence {
        provider(forPath: path)?.globals(for: path) ?? GlobalEvidence()
    }

    public func addedBuiltinMembers(for path: String) -> Set<String>? {
        provider(forPath: path)?.addedBuiltinMembers(for: path)
    }

    public func definitions(near name: String, from path: String) -> [(name: String, site: ModuleSymbols.Site)] {
        guard let provider = provider(forPath: path) else { return [] }
        let folder = (path as NSString).deletingLastPathComponent
        guard let entries = files.names(in: folder), entries.count <= 200 else { return [] }
        // Every top-level name of the neighbouring modules of the same ecosystem; the rule picks the nearest.
        var result: [(String, ModuleSymbols.Site)] = []
        for entry in entries.sorted() where folder + "/" + entry != path {
            let sibling = folder + "/" + entry
            guard let other = Language(path: entry), provider.languages.contains(other),
                  let symbols = provider.symbols(ofFile: sibling, language: other) else { continue }
            for (candidate, site) in symbols.names where site.line > 0 && candidate != "default" {
                result.append((candidate, site))
            }
        }
        return result
    }
}

extension ProjectContext {
    /// Whether `path` belongs to an installed package rather than the project: such files are
    /// never committed, so they are read from disk even when the project is the staged tree.
    public static func isInstalled(_ path: String) -> Bool {
        path.contains("/node_modules/") || path.contains("/site-packages/")
    }

    /// What one file offers importers (a Python module's names, a JS/TS file's exports), once
    /// per view (over the staged tree, once per blob).
    func symbols(ofFile path: String, language: Language) -> ModuleSymbols? {
        cache.answer(ProjectQuestion<ModuleSymbols?>("symbolsOfFile", path)) {
            if Self.isInstalled(path) { return InstalledModuleSymbols.shared.symbols(ofFile: path) }
            guard var symbols = cache.derived(ProjectQuestion<ModuleSymbols?>("symbols", path), of: path, {
                SourceFile(path: path, language: language, bytes: $0).moduleSymbols()
            }) else { return nil }
            if path.hasSuffix("/__init__.py") {
                let folder = (path as NSString).deletingLastPathComponent
                symbols.addPythonSubmodules(in: folder, entries: files.names(in: folder) ?? []) { files.isFolder(folder + "/" + $0) }
            }
            return symbols
        }
    }

    /// The facts of the first of `candidates` that is a project file with facts.
    func fileFacts(candidates: [String]) -> (path: String, facts: FileFacts)? {
        for candidate in candidates {
            guard files.isFile(candidate), let facts = facts(ofFile: candidate) else { continue }
            return (candidate, facts)
        }
        return nil
    }

    private func facts(ofFile path: String) -> FileFacts? {
        guard let language = Language(path: path) else { return nil }
        return cache.derived(ProjectQuestion<FileFacts?>("facts", path), of: path) {
            FileFacts(of: SourceFile(path: path, language: language, bytes: $0))
        }
    }
}
