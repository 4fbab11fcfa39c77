import DriftCore
import DriftSyntax
import Foundation

/// The Python project around a file: modules of the project (found by `ImportResolver`) and of
/// its virtualenv, the manifests' declared dependencies and `requires-python`, and the names its
/// files add to builtins.
public struct PythonProject: EcosystemProvider {
    public let context: ProjectContext
    public let languages: Set<Language> = [.python]

    public init(context: ProjectContext) {
        self.context = context
    }

    private var files: any ProjectFiles { context.files }
    private var cache: ProjectCache { context.cache }
    private var resolver: ImportResolver { context.resolver }

    // MARK: Modules

    /// A Python module from a project file (relative to the importer, or from the package root
    /// above it), or from the project's virtualenv. The answer depends on the importer's folder
    /// only, so it is kept per folder and import: every file of a package asks for the same ones.
    public func moduleSymbols(module: String, level: Int, from path: String) -> ModuleSymbols? {
        let folder = (path as NSString).deletingLastPathComponent
        return cache.answer(ProjectQuestion<ModuleSymbols?>("pythonModule", String(level), module, folder)) {
            // Inside an installed package, relative imports lead to other installed files.
            if ProjectContext.isInstalled(path) { return installedModuleSymbols(module: module, level: level, from: path) }
            return projectModuleSymbols(module: module, level: level, in: folder)
        }
    }

    /// `moduleSymbols` for an importer in `folder` of the project.
    private func projectModuleSymbols(module: String, level: Int, in folder: String) -> ModuleSymbols? {
        switch resolver.pythonModuleFile(module, level: level, in: folder) {
        case .file(let candidate):
            return context.symbols(ofFile: candidate, language: .python)
        case .opaque:
            return nil
        case .none(let base):
            // An installed package of the project's virtualenv, read from its source or stub.
            if level == 0, let environment = context.installed.python(for: base),
               let source = environment.sourceFile(of: module), !source.isCompiled,
               source.path.hasSuffix(".py") || source.path.hasSuffix(".pyi") {
                return InstalledModuleSymbols.shared.symbols(ofFile: source.path)
            }
            return nil
        }
    }

    /// A Python module imported from a file inside `site-packages`: relative imports from the
    /// importer's package, absolute ones from the `site-packages` folder itself.
    private func installedModuleSymbols(module: String, level: Int, from importer: String) -> ModuleSymbols? {
        var root: String
        var dotted = module
        if level > 0 {
            root = (importer as NSString).deletingLastPathComponent
            for _ in 1..<level { root = (root as NSString).deletingLastPathComponent }
            if dotted.isEmpty {
                // `from . import x`: the package itself, found from its parent folder.
                dotted = (root as NSString).lastPathComponent
                root = (root as NSString).deletingLastPathComponent
            }
        } else {
            guard let range = importer.range(of: "/site-packages/") else { return nil }
            root = String(importer[..<range.lowerBound]) + "/site-packages"
        }
        guard let source = PythonEnvironment.sourceFile(of: dotted, in: [root]), !source.isCompiled,
              source.path.hasSuffix(".py") || source.path.hasSuffix(".pyi") else { return nil }
        return InstalledModuleSymbols.shared.symbols(ofFile: source.path)
    }

    public func symbols(ofFile path: String, language: Language) -> ModuleSymbols? {
        context.symbols(ofFile: path, language: language)
    }

    public func fileFacts(forModule module: String, level: Int, importer: String) -> (path: String, facts: FileFacts)? {
        context.fileFacts(candidates: resolver.candidatePaths(module: module, level: level, importer: importer, language: .python))
    }

    public func projectImport(_ module: String, level: Int, from path: String) -> ProjectImportTarget {
        level > 0 ? resolver.pythonRelativeImport(module, level: level, from: path) : .notAFile
    }

    // MARK: Builtins

    /// The names some file of the package tree adds to builtins; incomplete when the view
    /// cannot tell.
    public func globals(for path: String) -> GlobalEvidence {
        guard let injected = injectedBuiltins(for: path) else { return GlobalEvidence() }
        return GlobalEvidence(globals: injected, isComplete: true)
    }

    /// Python's built-in types take no new members.
    public func addedBuiltinMembers(for path: String) -> Set<String>? { [] }

    /// Names some file of the package tree around `path` adds to builtins.
    public func injectedBuiltins(for path: String) -> Set<String>? {
        let root = resolver.pythonRoot(of: (path as NSString).deletingLastPathComponent)
        return cache.answer(ProjectQuestion<Set<String>?>("injectedBuiltins", root)) {
            // The staged tree keeps each file's answer by blob id, so a new index does not mean
            // reading every Python file of the repository again.
            files.injectedPythonBuiltins(under: root)
                ?? Self.pythonFiles(under: root, in: files).reduce(into: Set<String>()) { names, file in
                    guard let bytes = files.contents(file, limit: 1 << 20) else { return }
                    names.formUnion(Self.injectedBuiltins(ofPythonFile: file, bytes: bytes))
                }
        }
    }

    /// The names one Python file adds to builtins. Only files that mention builtins (or install
    /// gettext) can add to them; the rest are not parsed.
    public static func injectedBuiltins(ofPythonFile path: String, bytes: [UInt8]) -> Set<String> {
        guard contains(bytes, Array("builtin".utf8)) || contains(bytes, Array(".install(".utf8)) else { return [] }
        return SourceFile(path: path, language: .python, bytes: bytes).scopeAnalysis().injectedBuiltins
    }

    /// The Python files of the package tree at `root`: its own modules and those of every package
    /// folder (one with `__init__.py`) below it, at most 20,000.
    public static func pythonFiles(under root: String, in files: any ProjectFiles) -> [String] {
        var result: [String] = []
        var stack = [root]
        while let folder = stack.popLast(), result.count < 20_000 {
            for entry in files.names(in: folder) ?? [] {
                let path = folder + "/" + entry
                if entry.hasSuffix(".py") { result.append(path); continue }
                if isPackageFolderName(entry), files.isFolder(path), files.isFile(path + "/__init__.py") {
                    stack.append(path)
                }
            }
        }
        return Array(result.prefix(20_000))
    }

    /// Whether a folder of this name may hold the project's own packages (not a dependency,
    /// build output or hidden folder).
    public static func isPackageFolderName(_ name: String) -> Bool {
        !PathConventions.isForeignFolder(name) && !name.hasPrefix(".")
    }

    /// Whether `needle` occurs in `bytes`: a plain scan (Foundation's generic `firstRange(of:)` is
    /// many times slower, and this runs over every file of a package).
    static func contains(_ bytes: [UInt8], _ needle: [UInt8]) -> Bool {
        guard let first = needle.first, bytes.count >= needle.count else { return false }
        return bytes.withUnsafeBufferPointer { buffer in
            var index = 0
            let last = buffer.count - needle.count
            while index <= last {
                if buffer[index] == first {
                    var matched = 1
                    while matched < needle.count, buffer[index + matched] == needle[matched] { matched += 1 }
                    if matched == needle.count { return true }
                }
                index += 1
            }
            return false
        }
    }

    // MARK: Bare imports

    public func packageEvidence(for module: String, from path: String) -> PackageEvidence? {
        guard let top = module.split(separator: ".").first.map(String.init) else { return nil }
        let folder = ImportResolver.folder(of: path)
        var evidence = PackageEvidence(package: top)
        evidence.isLocal = isProjectModule(top, around: folder)
        let declarations = context.declarations(around: folder, for: .python)
        let manifest = declarations.manifest
        switch declarations.pythonImport(module) {
        case .declared(let by): evidence.declaration = .declared(by: by)
        case .unknown: evidence.declaration = .unknown
        case .notDeclared:
            let paths = manifest.requirementsFiles.map(\.path) + manifest.pyprojects.map(\.path) + manifest.setupCfgs.map(\.path)
                + manifest.setupPys.map(\.path) + manifest.pipfiles.map(\.path)
            evidence.declaration = .notDeclared(manifests: paths)
        }
        let environment = environment(around: folder)
        if let environment {
            switch environment.canImport(module) {
            case true?: evidence.installation = .installed(at: environment.root)
            case false?: evidence.installation = .notInstalled(environment: environment.root)
            case nil: evidence.installation = .unknown
            }
        }
        evidence.knownNames = declarations.dependencyNames
            + (environment.map { Array($0.importsByDistribution.keys) + Array($0.topLevelNames) } ?? [])
        return evidence
    }

    /// Whether a top-level import name is a module of the project: a file or folder of that name
    /// (or one that builds it, `name.pyx`) next to the importer or in any folder above it, or in a
    /// `src/` there — the places `sys.path` starts from for scripts, tests and installed checkouts.
    private func isProjectModule(_ top: String, around folder: String) -> Bool {
        cache.answer(ProjectQuestion<Bool>("pythonLocal", folder, top)) {
            resolver.ancestors(of: folder).contains { current in
                [current, current + "/src"].contains { base in
                    (files.names(in: base) ?? []).contains { $0 == top || $0.hasPrefix(top + ".") }
                }
            }
        }
    }

    /// The virtualenv of the nearest folder that has one (`.venv`, `venv`, …), from `folder` up to
    /// the project's root (the first folder with a manifest, or the checkout), else the active
    /// `$VIRTUAL_ENV` when it lies inside the checkout. An environment from elsewhere — a sibling
    /// project's, or the one the daemon inherited from whatever shell started it — says nothing
    /// about this project.
    private func environment(around folder: String) -> PythonEnvironment? {
        cache.answer(ProjectQuestion<PythonEnvironment?>("pythonEnvironment", folder)) {
            let folders = resolver.ancestors(of: folder)
            for current in folders {
                if let found = context.installed.python(for: current, activeFirst: false) { return found }
                if (files.names(in: current) ?? []).contains(where: ProjectManifest.isManifest(path:)) { break }
            }
            guard let checkout = folders.last, files.kindOnDisk(checkout + "/.git") != nil,
                  let active = ProcessInfo.processInfo.environment["VIRTUAL_ENV"], active.hasPrefix(checkout + "/"),
                  files.kindOnDisk(active + "/pyvenv.cfg") == .file else { return nil }
            return PythonEnvironment(root: active)
        }
    }

    public func minimumRuntime(for path: String) -> RuntimeRequirement? {
        let manifest = context.declarations(around: ImportResolver.folder(of: ImportResolver.absolute(path)), for: .python).manifest
        guard let version = manifest.minimumPythonVersion else { return nil }
        let source = manifest.pyprojects.first { $0.requiresPython != nil }?.path
            ?? manifest.setupCfgs.first { $0.requiresPython != nil }?.path
            ?? manifest.setupPys.first { $0.requiresPython != nil }?.path
            ?? manifest.pipfiles.first { $0.pythonVersion != nil }?.path ?? ""
        return RuntimeRequirement(major: version.major, minor: version.minor, manifest: source)
    }
}
