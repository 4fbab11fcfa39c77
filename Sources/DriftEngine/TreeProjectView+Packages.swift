import DriftCore
import DriftKnowledge
import DriftSyntax
import Foundation

/// Imports against the project: relative and aliased imports against the project tree (`files`),
/// bare imports against the manifests in that tree and the packages installed on disk
/// (`node_modules`, the virtualenv), and the runtime the manifests require. Answers are cached in
/// `memo` by folder (manifests, environments) or by root (tsconfig, ambient module declarations).
extension TreeProjectView {
    /// Kept per folder, language and import: the answer (messages included) depends on the
    /// importer's folder only, and the files of a folder import much the same modules.
    public func projectImport(_ module: String, level: Int, from path: String) -> ProjectImportTarget {
        let path = Self.absolute(path)
        let language = Language(path: path)
        return memo.value("projectImport|\(String(describing: language))|\(level)|\(module)|" + Self.folder(of: path)) {
            switch language {
            case .python?:
                return level > 0 ? pythonRelativeImport(module, level: level, from: path) : .notAFile
            case .javascript?, .typescript?:
                return javaScriptProjectImport(module, from: path)
            default:
                return .notAFile
            }
        }
    }

    /// Kept per folder, language and module: unknown-package and undeclared-dependency both ask
    /// for every import, and the answer depends on the importer's folder only.
    public func packageEvidence(for module: String, from path: String) -> PackageEvidence? {
        let path = Self.absolute(path)
        let language = Language(path: path)
        return memo.value("packageEvidence|\(String(describing: language))|\(module)|" + Self.folder(of: path)) { () -> PackageEvidence? in
            switch language {
            case .python?: return pythonPackageEvidence(module, from: path)
            case .javascript?, .typescript?: return javaScriptPackageEvidence(module, from: path)
            default: return nil
            }
        }
    }

    public func minimumRuntime(for path: String) -> RuntimeRequirement? {
        guard let language = Language(path: path) else { return nil }
        let manifest = manifest(around: Self.folder(of: Self.absolute(path)), for: language)
        switch language {
        case .python:
            guard let version = manifest.minimumPythonVersion else { return nil }
            let source = manifest.pyprojects.first { $0.requiresPython != nil }?.path
                ?? manifest.setupCfgs.first { $0.requiresPython != nil }?.path
                ?? manifest.setupPys.first { $0.requiresPython != nil }?.path
                ?? manifest.pipfiles.first { $0.pythonVersion != nil }?.path ?? ""
            return RuntimeRequirement(major: version.major, minor: version.minor, manifest: source)
        case .javascript, .typescript:
            guard let version = manifest.minimumNodeVersion else { return nil }
            let source = manifest.packageJSONs.first { $0.nodeEngine != nil }?.path ?? ""
            return RuntimeRequirement(major: version.major, minor: version.minor, manifest: source)
        default:
            return nil
        }
    }

    // MARK: Python relative imports

    /// `from .m.n import x` from `path`: each dotted part is a package folder (with or without
    /// `__init__.py`: namespace packages count) or, last, a module file of any kind.
    private func pythonRelativeImport(_ module: String, level: Int, from path: String) -> ProjectImportTarget {
        var current = Self.folder(of: path)
        for _ in 1..<level { current = Self.folder(of: current) }
        guard files.isFolder(current) else { return .unknown }  // above the tree Drift can see
        let parts = module.split(separator: ".").map(String.init)
        for (index, part) in parts.enumerated() {
            let target = current + "/" + part
            if files.isFolder(target) { current = target; continue }
            let entries = files.names(in: current) ?? []
            // `m.py`, `m.pyi`, or what builds a compiled `m`: `m.pyx`, `m.c`, `m.cpython-311-x86_64-linux-gnu.so`.
            // A stub is named first: it is what checkers read, and the module behind it may differ.
            let matches = entries.filter { $0.hasPrefix(part + ".") }.sorted { a, _ in a.hasSuffix(".pyi") }
            if let entry = matches.first {
                return index == parts.count - 1 ? .found(current + "/" + entry) : .unknown
            }
            // Present on disk but not in the tree: generated at build time (`_version.py`) or not staged.
            if DiskFiles().exists(target + ".py") || DiskFiles().exists(target) { return .unknown }
            if servesModulesAtRunTime(current) { return .unknown }
            let stems = Set(entries.compactMap { entry -> String? in
                if entry.hasSuffix(".py") { return String(entry.dropLast(3)) }
                return files.isFolder(current + "/" + entry) && !entry.hasPrefix(".") && entry != "__pycache__" ? entry : nil
            })
            return .missing(reason: "no module `\(part).py` or package `\(part)/` in `\(Self.display(current, from: path))`",
                            nearest: nearest(to: part, in: stems.filter { $0 != "__init__" }))
        }
        return .found(current)
    }

    /// Whether the package in `folder` can provide submodules that are not files: its `__init__`
    /// installs an import hook (setuptools' `extern` vendoring), extends `__path__`, or puts
    /// modules into `sys.modules`.
    private func servesModulesAtRunTime(_ folder: String) -> Bool {
        guard let text = files.text(folder + "/__init__.py") else { return false }
        return ["meta_path", "__path__", "sys.modules", "extend_path", "declare_namespace", "VendorImporter"].contains(where: text.contains)
    }

    // MARK: JavaScript and TypeScript project imports

    private func javaScriptProjectImport(_ specifier: String, from path: String) -> ProjectImportTarget {
        if specifier == "." || specifier == ".." || specifier.hasPrefix("./") || specifier.hasPrefix("../") {
            // Loaders (`raw-loader!./x`), queries (`./x?worker`) and templates are the bundler's business.
            guard !specifier.contains("!"), !specifier.contains("*") else { return .unknown }
            let plain = specifier.split(separator: "?", maxSplits: 1, omittingEmptySubsequences: false).first.map(String.init) ?? specifier
            return javaScriptFile(Self.normalize(Self.folder(of: path) + "/" + plain), from: path)
        }
        if let aliased = pathAlias(specifier, from: path) { return aliased }
        if let reference = selfReference(specifier, from: path) { return reference }
        return .notAFile
    }

    /// Node.js, TypeScript and bundler resolution of a file path, generously: the file itself,
    /// a folder (index, package.json, or a bundler's own rules), any file `target.*` (extensions
    /// and platform variants such as `x.ios.js`), and TypeScript's `./x.js` naming `x.ts`.
    private func javaScriptFile(_ target: String, from importer: String) -> ProjectImportTarget {
        if files.exists(target) { return .found(target) }
        let folder = Self.folder(of: target)
        let name = (target as NSString).lastPathComponent
        guard let entries = files.names(in: folder) else {
            if DiskFiles().isFolder(folder) { return .unknown }  // on disk but not in the tree: generated, or not staged
            return .missing(reason: "there is no folder `\(Self.display(folder, from: importer))`", nearest: nil)
        }
        var stems = [name]
        for script in [".js", ".jsx", ".mjs", ".cjs"] where name.hasSuffix(script) { stems.append(String(name.dropLast(script.count))) }
        if entries.contains(where: { entry in stems.contains { entry.hasPrefix($0 + ".") } }) { return .found(target) }
        if DiskFiles().exists(target) || (DiskFiles().names(in: folder) ?? []).contains(where: { $0.hasPrefix(name + ".") }) {
            return .unknown  // generated, or not staged
        }
        let candidates = Set(entries.filter { !$0.hasPrefix(".") }.map { entry in
            files.isFolder(folder + "/" + entry) ? entry : String(entry.prefix { $0 != "." })
        })
        let stem = stems.last ?? name
        let looked = stem.contains(".") ? "no file `\(name)`" : "no file `\(stem).*` or folder `\(stem)/`"
        return .missing(reason: looked + " in `\(Self.display(folder, from: importer))`",
                        nearest: nearest(to: stem, in: candidates.filter { !$0.isEmpty && $0 != stem }))
    }

    /// A specifier matched by a `paths` pattern of the nearest `tsconfig.json`/`jsconfig.json`
    /// (`@/utils/x` with `"@/*": ["src/*"]`), resolved through its targets; a `baseUrl`-relative
    /// specifier that names a project file. nil when no alias applies.
    private func pathAlias(_ specifier: String, from path: String) -> ProjectImportTarget? {
        guard let config = compilerPaths(around: Self.folder(of: path)) else { return nil }
        for (pattern, targets) in config.paths where pattern != "*" {
            guard let captured = Self.match(specifier, pattern: pattern) else { continue }
            var missing: ProjectImportTarget?
            for target in targets where !target.contains("node_modules") {
                let resolved = Self.normalize(config.base + "/" + target.replacingOccurrences(of: "*", with: captured))
                let result = javaScriptFile(resolved, from: path)
                if case .missing = result { missing = missing ?? result; continue }
                return result
            }
            // TypeScript falls back to node_modules when no target exists: an installed package wins.
            if let missing, !NodeModules(directory: Self.folder(of: path)).isInstalled(specifier) { return missing }
            return .unknown
        }
        if let baseURL = config.baseURL, PackageJSONManifest.packageName(ofSpecifier: specifier) != nil,
           case .found(let file) = javaScriptFile(Self.normalize(baseURL + "/" + specifier), from: path) {
            return .found(file)
        }
        return nil
    }

    /// `paths` (pattern → targets), the folder targets are relative to, and `baseUrl`.
    private struct CompilerPaths {
        var paths: [(pattern: String, targets: [String])]
        var base: String
        var baseURL: String?
    }

    /// The nearest `tsconfig.json` or `jsconfig.json` at or above `folder` (up to the package root).
    private func compilerPaths(around folder: String) -> CompilerPaths? {
        memo.value("compilerPaths|" + folder) { () -> CompilerPaths? in
            for current in ancestors(of: folder) {
                for name in ["tsconfig.json", "jsconfig.json"] {
                    guard files.isFile(current + "/" + name) else { continue }
                    return readCompilerPaths(current + "/" + name)
                }
                if files.isFile(current + "/package.json") { return nil }
            }
            return nil
        }
    }

    /// `paths` and `baseUrl` of one configuration, inherited through `extends` of project files
    /// (`./tsconfig.base.json`) where the file itself does not set them; each is relative to the
    /// file that sets it. Shared configs from packages (`@tsconfig/node20`) set no paths.
    private func readCompilerPaths(_ path: String) -> CompilerPaths? {
        var paths: [(pattern: String, targets: [String])]?
        var baseURL: String?
        var pathsFolder: String?
        var next: String? = path
        var visited = Set<String>()
        while let current = next, visited.count < 8, visited.insert(current).inserted {
            next = nil
            guard let text = files.text(current) else { break }
            let config = TSConfigManifest(path: current, text: text)
            guard config.isReadable else { return nil }
            let folder = Self.folder(of: current)
            if baseURL == nil, let value = config.baseURL { baseURL = Self.normalize(folder + "/" + value) }
            if paths == nil, !config.paths.isEmpty { paths = config.paths; pathsFolder = folder }
            if let parent = config.extends.first(where: { $0.hasPrefix(".") }) {
                let resolved = Self.normalize(folder + "/" + parent)
                next = resolved.hasSuffix(".json") ? resolved : resolved + ".json"
            }
        }
        return CompilerPaths(paths: paths ?? [], base: baseURL ?? pathsFolder ?? Self.folder(of: path), baseURL: baseURL)
    }

    /// `my-package/sub` inside `my-package` itself: Node.js resolves it through the package's own
    /// `exports`, and a subpath not listed there fails (ERR_PACKAGE_PATH_NOT_EXPORTED).
    private func selfReference(_ specifier: String, from path: String) -> ProjectImportTarget? {
        guard let name = PackageJSONManifest.packageName(ofSpecifier: specifier),
              let manifestPath = ancestors(of: Self.folder(of: path)).lazy.map({ $0 + "/package.json" }).first(where: files.isFile),
              let manifest = packageJSON(at: manifestPath) else { return nil }
        guard manifest.name == name, manifest.hasExports, manifest.problems.isEmpty else { return nil }
        let subpath = "." + specifier.dropFirst(name.count)
        if manifest.exportedSubpaths.contains(where: { Self.match(subpath, pattern: $0) != nil }) { return .found(manifestPath) }
        return .missing(reason: "`\(subpath)` is not among the `exports` of `\(Self.display(manifestPath, from: path))`",
                        nearest: nearest(to: subpath, in: manifest.exportedSubpaths))
    }

    /// The package.json at `path`, parsed once per view (over the staged tree, once per blob).
    private func packageJSON(at path: String) -> PackageJSONManifest? {
        memo.value("packageJSON|" + path) {
            derived("packageJSON|" + path, of: path) { PackageJSONManifest(path: path, text: String(decoding: $0, as: UTF8.self)) }
        }
    }

    /// What `*` in `pattern` stands for in `specifier` ("" for an exact match); nil when it does not match.
    private static func match(_ specifier: String, pattern: String) -> String? {
        guard let star = pattern.firstIndex(of: "*") else { return specifier == pattern ? "" : nil }
        let prefix = pattern[..<star], suffix = pattern[pattern.index(after: star)...]
        guard specifier.count >= prefix.count + suffix.count, specifier.hasPrefix(prefix), specifier.hasSuffix(suffix) else { return nil }
        return String(specifier.dropFirst(prefix.count).dropLast(suffix.count))
    }

    // MARK: Bare imports: Python

    private func pythonPackageEvidence(_ module: String, from path: String) -> PackageEvidence? {
        guard let top = module.split(separator: ".").first.map(String.init) else { return nil }
        let folder = Self.folder(of: path)
        var evidence = PackageEvidence(package: top)
        evidence.isLocal = isPythonProjectModule(top, around: folder)
        let declarations = declarations(around: folder, for: .python)
        let manifest = declarations.manifest
        switch declarations.pythonImport(module) {
        case .declared(let by): evidence.declaration = .declared(by: by)
        case .unknown: evidence.declaration = .unknown
        case .notDeclared:
            let paths = manifest.requirementsFiles.map(\.path) + manifest.pyprojects.map(\.path) + manifest.setupCfgs.map(\.path)
                + manifest.setupPys.map(\.path) + manifest.pipfiles.map(\.path)
            evidence.declaration = .notDeclared(manifests: paths)
        }
        let environment = pythonEnvironment(around: folder)
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
    private func isPythonProjectModule(_ top: String, around folder: String) -> Bool {
        memo.value("pythonLocal|\(folder)|\(top)") {
            ancestors(of: folder).contains { current in
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
    private func pythonEnvironment(around folder: String) -> PythonEnvironment? {
        memo.value("pythonEnvironment|" + folder) { () -> PythonEnvironment? in
            let folders = ancestors(of: folder)
            for current in folders {
                if let found = installedEnvironments.python(for: current, activeFirst: false) { return found }
                if (files.names(in: current) ?? []).contains(where: ProjectManifest.isManifest(path:)) { break }
            }
            guard let checkout = folders.last, DiskFiles().exists(checkout + "/.git"),
                  let active = ProcessInfo.processInfo.environment["VIRTUAL_ENV"], active.hasPrefix(checkout + "/"),
                  DiskFiles().isFile(active + "/pyvenv.cfg") else { return nil }
            return PythonEnvironment(root: active)
        }
    }

    // MARK: Bare imports: JavaScript and TypeScript

    private func javaScriptPackageEvidence(_ specifier: String, from path: String) -> PackageEvidence? {
        guard let package = PackageJSONManifest.packageName(ofSpecifier: specifier) else { return nil }
        let folder = Self.folder(of: path)
        var evidence = PackageEvidence(package: package)
        // Babel helpers and some bundlers resolve a bare name to a file next to the importer.
        let sibling = javaScriptFile(folder + "/" + specifier, from: path)
        if javaScriptProjectImport(specifier, from: path) != .notAFile || ambientModules(around: folder).contains(package)
            || bundlerConfigsMention(package, around: folder) || sibling == .found(folder + "/" + specifier) {
            evidence.isLocal = true
        }
        let declarations = declarations(around: folder, for: .javascript)
        let manifest = declarations.manifest
        // TypeScript takes a package's types from `@types/<name>` (`@types/scope__name`): declaring
        // or installing those answers a type import of the bare name.
        let types = "@types/" + (package.hasPrefix("@") ? package.dropFirst().replacingOccurrences(of: "/", with: "__") : package)
        switch (declarations.javaScriptImport(specifier), declarations.javaScriptImport(types)) {
        case (.declared(let by), _), (_, .declared(let by)): evidence.declaration = .declared(by: by)
        case (.unknown, _): evidence.declaration = .unknown
        default: evidence.declaration = .notDeclared(manifests: manifest.packageJSONs.map(\.path))
        }
        let installed = installedNodePackages(around: folder)
        if let installed {
            if let location = installed.location(of: package) ?? installed.location(of: types) {
                evidence.installation = .installed(at: location)
            } else if let nearest = installed.folders.first {
                evidence.installation = .notInstalled(environment: nearest)
            }
        }
        let installedNames = installed?.folders.first.map(installedEnvironments.nodePackageNames(in:)) ?? []
        evidence.knownNames = declarations.dependencyNames + installedNames
        return evidence
    }

    /// The `node_modules` folders Node.js would search from `folder`; nil when there is none (then
    /// packages may come from global folders such as Debian's `/usr/share/nodejs`) or Yarn
    /// Plug'n'Play resolves instead.
    private func installedNodePackages(around folder: String) -> InstalledNodePackages? {
        memo.value("nodeModules|" + folder) { () -> InstalledNodePackages? in
            let modules = NodeModules(directory: folder)
            guard !modules.folders.isEmpty else { return nil }
            if ancestors(of: folder).contains(where: { DiskFiles().exists($0 + "/.pnp.cjs") || DiskFiles().exists($0 + "/.pnp.js") }) {
                return nil
            }
            return InstalledNodePackages(folders: modules.folders)
        }
    }

    /// Module names the project declares for TypeScript in its own `.d.ts` files (`declare module 'x'`).
    private func ambientModules(around folder: String) -> Set<String> {
        guard let root = ancestors(of: folder).first(where: { files.isFile($0 + "/package.json") }) else { return [] }
        return shared("ambientModules|" + root) {
            var names = Set<String>()
            var stack = [root]
            var seen = 0
            while let current = stack.popLast(), seen < 5_000 {
                for entry in files.names(in: current) ?? [] {
                    seen += 1
                    let path = current + "/" + entry
                    if entry.hasSuffix(".d.ts"), let text = files.text(path) {
                        names.formUnion(Self.declaredModules(in: text))
                    } else if !PathConventions.isForeignFolder(entry), !entry.hasPrefix("."), files.isFolder(path) {
                        stack.append(path)
                    }
                }
            }
            return names
        }
    }

    /// The quoted names after `declare module` in a declaration file's text.
    static func declaredModules(in text: String) -> [String] {
        text.components(separatedBy: "declare module").dropFirst().compactMap { rest in
            let trimmed = rest.drop { $0 == " " || $0 == "\t" }
            guard let quote = trimmed.first, quote == "'" || quote == "\"" else { return nil }
            let name = trimmed.dropFirst().prefix { $0 != quote && $0 != "\n" }
            return PackageJSONManifest.packageName(ofSpecifier: String(name))
        }
    }

    /// Whether a bundler, test runner or Babel configuration at the package root names `package`
    /// (`alias: { utils: … }`, `moduleNameMapper`, `module-resolver`): it may be an alias.
    private func bundlerConfigsMention(_ package: String, around folder: String) -> Bool {
        guard let root = ancestors(of: folder).first(where: { files.isFile($0 + "/package.json") }) else { return false }
        let texts = shared("bundlerConfigs|" + root) { () -> [String] in
            let names = (files.names(in: root) ?? []).filter { entry in
                ["webpack.", "vite.", "vitest.", "rollup.", "jest.", "babel.", ".babelrc", "esbuild.", "next.config", "nuxt.config",
                 "svelte.config", "astro.config", "craco.config", "metro.config", "tsup.config"].contains { entry.hasPrefix($0) }
            }
            return names.compactMap { files.text(root + "/" + $0) }
        }
        return texts.contains { $0.contains("'\(package)") || $0.contains("\"\(package)") || $0.contains("\(package):") }
    }

    // MARK: Shared

    /// The manifests of `language` (Python's or package.json) governing files in `folder`, read
    /// and parsed once per folder and version.
    private func manifest(around folder: String, for language: Language) -> ProjectManifest {
        declarations(around: folder, for: language).manifest
    }

    /// The manifests of `manifest(around:for:)` with the answers asked of them, shared while they
    /// are unchanged: whether an import is declared takes a pass over every dependency.
    /// A folder without manifests of its own has its parent's: a big tree is then read and parsed
    /// once per folder that holds manifests, not once per folder below them.
    private func declarations(around folder: String, for language: Language) -> ManifestDeclarations {
        let python = language == .python
        // The parent's chain is this one without `folder` unless `folder` ends it (`.git`, the
        // root) or the chain is cut at 64 folders.
        let chain = ancestors(of: folder)
        let holder = memo.value("manifestHolder|\(python)|" + folder) { () -> String? in
            chain.count > 1 && chain.count < 64 && !holdsManifests(folder, python: python) ? chain[1] : nil
        }
        if let holder { return declarations(around: holder, for: language) }
        return shared("manifest|\(python ? "python" : "node")|" + folder) {
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

    /// `folder` and the folders above it, up to the one holding `.git` (or the root); found once
    /// per folder (each step asks the disk for `.git`).
    private func ancestors(of folder: String) -> [String] {
        memo.value("ancestors|" + folder) { ManifestLoader.folders(from: folder) }
    }

    private static func folder(of path: String) -> String {
        let parent = (path as NSString).deletingLastPathComponent
        return parent.isEmpty ? "/" : parent
    }

    /// `path` from the working directory when it is relative (`drift check src/a.py`).
    private static func absolute(_ path: String) -> String {
        path.hasPrefix("/") ? path : normalize(FileManager.default.currentDirectoryPath + "/" + path)
    }

    /// `a/b/../c/./d` → `a/c/d`, without touching the file system.
    static func normalize(_ path: String) -> String {
        var parts: [Substring] = []
        for part in path.split(separator: "/") {
            if part == "." { continue }
            if part == "..", !parts.isEmpty { parts.removeLast(); continue }
            parts.append(part)
        }
        return (path.hasPrefix("/") ? "/" : "") + parts.joined(separator: "/")
    }

    /// `path` as seen from the folder of `importer` (`src/utils`, `../lib`), for messages.
    static func display(_ path: String, from importer: String) -> String {
        let from = folder(of: importer).split(separator: "/"), to = path.split(separator: "/")
        var common = 0
        while common < from.count, common < to.count, from[common] == to[common] { common += 1 }
        let ups = Array(repeating: "..", count: from.count - common)
        let result = (ups + to[common...].map(String.init)).joined(separator: "/")
        return result.isEmpty ? "." : (ups.isEmpty ? "./" + result : result)
    }
}

/// The packages Node.js can find from one folder through its `node_modules` chain.
private struct InstalledNodePackages {
    let folders: [String]

    /// The folder that has `package`, if any.
    func location(of package: String) -> String? {
        folders.first { DiskFiles().isFile($0 + "/" + package + "/package.json") || DiskFiles().isFolder($0 + "/" + package) }
    }

}

/// One language's manifests of a folder and the declarations looked up in them, kept with them.
private final class ManifestDeclarations: Sendable {
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

