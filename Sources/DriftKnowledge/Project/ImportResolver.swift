import DriftCore
import DriftSyntax
import Foundation

/// Where an import leads in the project tree — the one place that decides it, for every rule
/// (through `ProjectKnowledge`) and for the commit path (the same view over the staged tree):
/// Python modules by `sys.path` from the package root and relative imports by level, JS/TS
/// relative specifiers by Node.js and TypeScript resolution, tsconfig path aliases and a
/// package's self-reference through its `exports`. Reads go through `files`, answers into `cache`.
public struct ImportResolver: Sendable {
    public let files: any ProjectFiles
    let cache: ProjectCache

    public init(files: any ProjectFiles, cache: ProjectCache) {
        self.files = files
        self.cache = cache
    }

    // MARK: Files an import may name

    /// The project files an import may name, most likely first: JS/TS relative specifiers
    /// (`./db`, `../lib/db.js`) with the usual extensions and `index` files; Python relative imports
    /// (`level` dots) from the importer's folder and absolute imports from the package root above
    /// it, or, for a repository-relative `importer`, from the root or `src/`.
    public func candidatePaths(module: String, level: Int, importer: String, language: Language) -> [String] {
        let candidates = Self.candidatePaths(module: module, level: level, importer: importer, language: language)
        guard language == .python, level == 0 else { return candidates }
        let root = pythonRoot(of: (importer as NSString).deletingLastPathComponent)
        return candidates.map { root + "/" + $0 }
    }

    /// `candidatePaths` from the importer's path alone (Python absolute imports relative to the
    /// project root).
    static func candidatePaths(module: String, level: Int, importer: String, language: Language) -> [String] {
        let folder = importer.split(separator: "/", omittingEmptySubsequences: false).dropLast().map(String.init)
        if language == .python {
            let parts = module.split(separator: ".").map(String.init)
            var bases: [[String]] = []
            if level > 0 {
                let up = level - 1
                guard up <= folder.count else { return [] }
                bases = [Array(folder.dropLast(up)) + parts]
            } else {
                bases = [parts, ["src"] + parts]
            }
            return bases.flatMap { base -> [String] in
                let path = base.joined(separator: "/")
                return [path + ".py", path + "/__init__.py"]
            }
        }
        guard module.hasPrefix("./") || module.hasPrefix("../") else { return [] }
        var parts = folder
        for component in module.split(separator: "/") {
            switch component {
            case ".": continue
            case "..": if parts.isEmpty { return [] } else { parts.removeLast() }
            default: parts.append(String(component))
            }
        }
        var path = parts.joined(separator: "/")
        var stems = [path]
        // TypeScript imports `./db.js` for `./db.ts`.
        for ext in [".js", ".mjs", ".cjs", ".jsx"] where path.hasSuffix(ext) {
            path.removeLast(ext.count)
            stems.append(path)
        }
        let extensions = ["", ".ts", ".tsx", ".js", ".mjs", ".cjs", ".jsx", ".mts", ".cts"]
        var result: [String] = []
        for stem in stems {
            for ext in extensions { result.append(stem + ext) }
            for ext in extensions.dropFirst() { result.append(stem + "/index" + ext) }
        }
        return result
    }

    /// The file a Python import names from an importer in `folder`: relative to it (`level` dots)
    /// or, for an absolute import, from the package root above it (Python 3 has no implicit
    /// relative imports: `import logging` inside a package means the standard library even when
    /// the package has its own `logging.py`). `.opaque` when a compiled extension or stub next to
    /// it may define more than the source shows.
    func pythonModuleFile(_ module: String, level: Int, in folder: String) -> PythonModuleFile {
        var base = folder
        if level > 0 {
            for _ in 1..<level { base = (base as NSString).deletingLastPathComponent }
        } else {
            base = pythonRoot(of: folder)
        }
        let relative = module.replacingOccurrences(of: ".", with: "/")
        let target = relative.isEmpty ? base : base + "/" + relative
        for candidate in [target + ".py", target + "/__init__.py"] where files.isFile(candidate) {
            if files.exists(target + ".so") || files.exists(target + ".pyi") { return .opaque }
            return .file(candidate)
        }
        return .none(base: base)
    }

    enum PythonModuleFile {
        case file(String)
        case opaque
        /// No project file; `base` is the folder it was looked for in.
        case none(base: String)
    }

    /// The folder that holds the outermost package around `folder` (or `folder` itself), found
    /// once per folder.
    public func pythonRoot(of folder: String) -> String {
        cache.answer(ProjectQuestion<String>("pythonRoot", folder)) {
            var current = folder
            while files.isFile(current + "/__init__.py") {
                let parent = (current as NSString).deletingLastPathComponent
                if parent == current { break }
                current = parent
            }
            return current
        }
    }

    // MARK: Python relative imports

    /// `from .m.n import x` from `path`: each dotted part is a package folder (with or without
    /// `__init__.py`: namespace packages count) or, last, a module file of any kind.
    func pythonRelativeImport(_ module: String, level: Int, from path: String) -> ProjectImportTarget {
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
            if files.kindOnDisk(target + ".py") != nil || files.kindOnDisk(target) != nil { return .unknown }
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

    /// A relative specifier, a path alias or a self-reference of the package; `.notAFile` for
    /// anything else (a bare package, a built-in).
    func javaScriptProjectImport(_ specifier: String, from path: String) -> ProjectImportTarget {
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
    func javaScriptFile(_ target: String, from importer: String) -> ProjectImportTarget {
        if files.exists(target) { return .found(target) }
        let folder = Self.folder(of: target)
        let name = (target as NSString).lastPathComponent
        guard let entries = files.names(in: folder) else {
            if files.kindOnDisk(folder) == .folder { return .unknown }  // on disk but not in the tree: generated, or not staged
            return .missing(reason: "there is no folder `\(Self.display(folder, from: importer))`", nearest: nil)
        }
        var stems = [name]
        for script in [".js", ".jsx", ".mjs", ".cjs"] where name.hasSuffix(script) { stems.append(String(name.dropLast(script.count))) }
        if entries.contains(where: { entry in stems.contains { entry.hasPrefix($0 + ".") } }) { return .found(target) }
        if files.kindOnDisk(target) != nil || (files.namesOnDisk(in: folder) ?? []).contains(where: { $0.hasPrefix(name + ".") }) {
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
    private struct CompilerPaths: Sendable {
        var paths: [(pattern: String, targets: [String])]
        var base: String
        var baseURL: String?
    }

    /// The nearest `tsconfig.json` or `jsconfig.json` at or above `folder` (up to the package root).
    private func compilerPaths(around folder: String) -> CompilerPaths? {
        cache.answer(ProjectQuestion<CompilerPaths?>("compilerPaths", folder)) {
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
    func packageJSON(at path: String) -> PackageJSONManifest? {
        cache.derived(ProjectQuestion<PackageJSONManifest?>("packageJSON", path), of: path) {
            PackageJSONManifest(path: path, text: String(decoding: $0, as: UTF8.self))
        }
    }

    /// What `*` in `pattern` stands for in `specifier` ("" for an exact match); nil when it does not match.
    private static func match(_ specifier: String, pattern: String) -> String? {
        guard let star = pattern.firstIndex(of: "*") else { return specifier == pattern ? "" : nil }
        let prefix = pattern[..<star], suffix = pattern[pattern.index(after: star)...]
        guard specifier.count >= prefix.count + suffix.count, specifier.hasPrefix(prefix), specifier.hasSuffix(suffix) else { return nil }
        return String(specifier.dropFirst(prefix.count).dropLast(suffix.count))
    }

    // MARK: Paths

    /// `folder` and the folders above it, up to the one holding `.git` (or the root); found once
    /// per folder (each step asks the disk for `.git`, through `files`).
    public func ancestors(of folder: String) -> [String] {
        cache.answer(ProjectQuestion<[String]>("ancestors", folder)) { ManifestLoader.folders(from: folder, files: files) }
    }

    public static func folder(of path: String) -> String {
        let parent = (path as NSString).deletingLastPathComponent
        return parent.isEmpty ? "/" : parent
    }

    /// `path` from the working directory when it is relative (`drift check src/a.py`).
    public static func absolute(_ path: String) -> String {
        path.hasPrefix("/") ? path : normalize(FileManager.default.currentDirectoryPath + "/" + path)
    }

    /// `a/b/../c/./d` → `a/c/d`, without touching the file system.
    public static func normalize(_ path: String) -> String {
        var parts: [Substring] = []
        for part in path.split(separator: "/") {
            if part == "." { continue }
            if part == "..", !parts.isEmpty { parts.removeLast(); continue }
            parts.append(part)
        }
        return (path.hasPrefix("/") ? "/" : "") + parts.joined(separator: "/")
    }

    /// `path` as seen from the folder of `importer` (`src/utils`, `../lib`), for messages.
    public static func display(_ path: String, from importer: String) -> String {
        let from = folder(of: importer).split(separator: "/"), to = path.split(separator: "/")
        var common = 0
        while common < from.count, common < to.count, from[common] == to[common] { common += 1 }
        let ups = Array(repeating: "..", count: from.count - common)
        let result = (ups + to[common...].map(String.init)).joined(separator: "/")
        return result.isEmpty ? "." : (ups.isEmpty ? "./" + result : result)
    }
}
