import DriftCore
import DriftSyntax
import Foundation

/// The manifests governing a folder, shared by the ecosystems that read them (Python's
/// requirements/pyproject/setup files, package.json for Node).
extension ProjectContext {
    /// The manifests of `language` (Python's or package.json) governing files in `folder`, with
    /// the answers asked of them, shared while they are unchanged: whether an import is declared
    /// takes a pass over every dependency. A folder without manifests of its own has its
    /// parent's: a big tree is then read and parsed once per folder that holds manifests, not
    /// once per folder below them.
    func declarations(around folder: String, for language: Language) -> ManifestDeclarations {
        let python = language == .python
        // The parent's chain is this one without `folder` unless `folder` ends it (`.git`, the
        // root) or the chain is cut at 64 folders.
        let chain = resolver.ancestors(of: folder)
        let holder = cache.answer(ProjectQuestion<String?>("manifestHolder", String(python), folder)) {
            chain.count > 1 && chain.count < 64 && !holdsManifests(folder, python: python) ? chain[1] : nil
        }
        if let holder { return declarations(around: holder, for: language) }
        return cache.sharedAnswer(ProjectQuestion<ManifestDeclarations>("manifest", python ? "python" : "node", folder)) {
            ManifestDeclarations(ManifestLoader.load(forFile: folder + "/-", files: files) { Self.isManifest($0, python: python) })
        }
    }

    /// Whether `ManifestLoader` would read anything in `folder` itself: a manifest of the language
    /// or a `requirements/` folder.
    private func holdsManifests(_ folder: String, python: Bool) -> Bool {
        let names = files.names(in: folder) ?? []
        return names.contains("requirements")
            || names.contains { ProjectManifest.isManifest(path: $0) && Self.isManifest(folder + "/" + $0, python: python) }
    }

    /// The manifests `declarations(around:for:)` reads: all but package.json (and Go's and Swift's)
    /// for Python, package.json only for JavaScript and TypeScript.
    private static func isManifest(_ path: String, python: Bool) -> Bool {
        let name = (path as NSString).lastPathComponent
        return python ? !["package.json", "go.mod", "Package.swift"].contains(name) : name == "package.json"
    }
}

/// One language's manifests of a folder and the declarations looked up in them, kept with them.
final class ManifestDeclarations: Sendable {
    let manifest: ProjectManifest
    /// The names of every declared dependency, for "did you mean".
    let dependencyNames: [String]
    private let python = Locked<[String: ProjectManifest.Declaration]>([:])
    private let javaScript = Locked<[String: ProjectManifest.Declaration]>([:])

    init(_ manifest: ProjectManifest) {
        self.manifest = manifest
        dependencyNames = manifest.pythonDependencies.map(\.dependency.name) + manifest.packageJSONs.flatMap { $0.dependencies.map(\.name) }
    }

    func pythonImport(_ module: String) -> ProjectManifest.Declaration {
        Self.answer(module, in: python) { manifest.pythonImport(module) }
    }

    func javaScriptImport(_ specifier: String) -> ProjectManifest.Declaration {
        Self.answer(specifier, in: javaScript) { manifest.javaScriptImport(specifier) }
    }

    private static func answer(_ key: String, in known: Locked<[String: ProjectManifest.Declaration]>,
                               _ compute: () -> ProjectManifest.Declaration) -> ProjectManifest.Declaration {
        if let answer = known.withLock({ $0[key] }) { return answer }
        let answer = compute()
        known.withLock { $0[key] = answer }
        return answer
    }
}
