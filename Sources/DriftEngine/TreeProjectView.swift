import DriftCore
import DriftKnowledge
import DriftSyntax
import Foundation

/// The project around a file, read from a file tree — the disk for `drift check`, the staged tree
/// in the hook and `drift scan --staged`: manifests and linter/compiler configuration found by
/// walking up from each file, and other modules of the project. Everything is read lazily, once,
/// and cached by folder or file for the view's lifetime; nothing from the project is ever executed.
public final class TreeProjectView: ProjectView, @unchecked Sendable {
    private let lock = NSLock()
    private var evidenceByFolder: [String: JavaScriptEvidence] = [:]
    private var symbolsByPath: [String: ModuleSymbols?] = [:]
    private var builtinsByRoot: [String: Set<String>] = [:]
    /// Where project files are read from: the disk (`RememberedDiskFiles`) or the staged tree.
    public let files: any ProjectFiles
    /// Answers cached by extensions of the view, which cannot add stored properties.
    public let memo = Memo()
    /// Virtualenvs found on disk; the commit path shares one across its per-request views.
    let installedEnvironments: InstalledEnvironments

    /// A view of `files`; by default the disk, asked once per question for the view's lifetime.
    public convenience init(files: any ProjectFiles = RememberedDiskFiles()) {
        self.init(files: files, installedEnvironments: InstalledEnvironments())
    }

    init(files: any ProjectFiles, installedEnvironments: InstalledEnvironments) {
        self.files = files
        self.installedEnvironments = installedEnvironments
    }

    // MARK: Modules

    public func moduleSymbols(module: String, level: Int, from path: String) -> ModuleSymbols? {
        switch Language(path: path) {
        case .python?: return pythonModuleSymbols(module: module, level: level, from: path)
        case .javascript?, .typescript?: return javaScriptModuleSymbols(specifier: module, from: path)
        default: return nil
        }
    }

    /// A Python module from a project file (relative to the importer, or from the package root
    /// above it), or from the project's virtualenv. The answer depends on the importer's folder
    /// only, so it is kept per folder and import: every file of a package asks for the same ones.
    private func pythonModuleSymbols(module: String, level: Int, from path: String) -> ModuleSymbols? {
        let folder = (path as NSString).deletingLastPathComponent
        return memo.value("pythonModule|\(level)|\(module)|" + folder) {
            // Inside an installed package, relative imports lead to other installed files.
            if Self.isInstalled(path) { return installedPythonModuleSymbols(module: module, level: level, from: path) }
            return projectPythonModuleSymbols(module: module, level: level, in: folder)
        }
    }

    /// `pythonModuleSymbols` for an importer in `folder` of the project.
    private func projectPythonModuleSymbols(module: String, level: Int, in folder: String) -> ModuleSymbols? {
        var bases: [String] = []
        if level > 0 {
            var base = folder
            for _ in 1..<level { base = (base as NSString).deletingLastPathComponent }
            bases = [base]
        } else {
            // Python 3 has no implicit relative imports: `import logging` inside a package means the
            // standard library even when the package has its own `logging.py`.
            bases = [pythonRoot(of: folder)]
        }
        let relative = module.replacingOccurrences(of: ".", with: "/")
        for base in bases {
            let target = relative.isEmpty ? base : base + "/" + relative
            for candidate in [target + ".py", target + "/__init__.py"] where files.isFile(candidate) {
                // A compiled extension or stub next to it may define more than the source shows.
                if files.exists(target + ".so") || files.exists(target + ".pyi") { return nil }
                return symbols(ofPythonFile: candidate)
            }
        }
        // An installed package of the project's virtualenv, read from its source or stub.
        if level == 0, let environment = pythonEnvironment(for: bases[0]),
           let source = environment.sourceFile(of: module), !source.isCompiled,
           source.path.hasSuffix(".py") || source.path.hasSuffix(".pyi") {
            return InstalledModuleSymbols.shared.symbols(ofFile: source.path)
        }
        return nil
    }

    // MARK: Facts of other files (async exports)

    private var factsByPath: [String: FileFacts?] = [:]

    /// The facts of the file an import names, read from disk once: relative JS/TS specifiers and
    /// Python relative imports resolve against the importer's folder, Python absolute imports
    /// against the package root above it.
    public func fileFacts(forModule module: String, level: Int, importer: String, language: Language) -> (path: String, facts: FileFacts)? {
        var candidates = ProjectFacts.candidatePaths(module: module, level: level, importer: importer, language: language)
        if language == .python, level == 0 {
            let root = pythonRoot(of: (importer as NSString).deletingLastPathComponent)
            candidates = candidates.map { root + "/" + $0 }
        }
        for candidate in candidates {
            guard files.isFile(candidate), let facts = facts(ofFile: candidate) else { continue }
            return (candidate, facts)
        }
        return nil
    }

    private func facts(ofFile path: String) -> FileFacts? {
        lock.lock()
        if let cached = factsByPath[path] { lock.unlock(); return cached }
        lock.unlock()
        let facts: FileFacts? = Language(path: path).flatMap { language in
            derived("facts", of: path) { FileFacts(of: SourceFile(path: path, language: language, bytes: $0)) }
        }
        lock.lock()
        factsByPath[path] = facts
        lock.unlock()
        return facts
    }

    /// `compute` over the bytes of the file at `path` (at most 1 MiB). Over the staged tree the
    /// answer is shared across requests by blob id, since a view lives for one request only.
    func derived<T: Sendable>(_ kind: String, of path: String, _ compute: ([UInt8]) -> T?) -> T? {
        files.derived(kind, of: path, compute)
    }

    /// `compute`'s value, once per view under `key`; over the staged tree it is also shared
    /// across requests while the staged answers it read are unchanged (`StagedDerivations`), so
    /// `compute` must read the project through `files` only and must not call `shared` itself.
    func shared<T: Sendable>(_ key: String, _ compute: () -> T) -> T {
        memo.value(key) { files.shared(key, compute) }
    }

    /// The virtualenv of the project whose Python root is `root`.
    private func pythonEnvironment(for root: String) -> PythonEnvironment? {
        installedEnvironments.python(for: root)
    }

    /// The top-level names of one Python file (plus, for a package, its submodules), cached.
    func symbols(ofPythonFile path: String) -> ModuleSymbols? { symbols(of: path, language: .python) }

    /// What one file offers importers (a Python module's names, a JS/TS file's exports), cached.
    func symbols(of path: String, language: Language) -> ModuleSymbols? {
        lock.lock()
        if let cached = symbolsByPath[path] { lock.unlock(); return cached }
        lock.unlock()
        var result: ModuleSymbols?
        if Self.isInstalled(path) {
            result = InstalledModuleSymbols.shared.symbols(ofFile: path)
        } else if var symbols = derived("symbols", of: path, { SourceFile(path: path, language: language, bytes: $0).moduleSymbols() }) {
            if path.hasSuffix("/__init__.py") {
                let folder = (path as NSString).deletingLastPathComponent
                symbols.addPythonSubmodules(in: folder, entries: files.names(in: folder) ?? []) { files.isFolder(folder + "/" + $0) }
            }
            result = symbols
        }
        lock.lock()
        symbolsByPath[path] = result
        lock.unlock()
        return result
    }

    /// The folder that holds the outermost package around `folder` (or `folder` itself), found
    /// once per folder.
    private func pythonRoot(of folder: String) -> String {
        memo.value("pythonRoot|" + folder) { () -> String in
            var current = folder
            while files.isFile(current + "/__init__.py") {
                let parent = (current as NSString).deletingLastPathComponent
                if parent == current { break }
                current = parent
            }
            return current
        }
    }

    public func definitions(near name: String, from path: String) -> [(name: String, site: ModuleSymbols.Site)] {
        guard let language = Language(path: path), language != .swift, language != .go else { return [] }
        let folder = (path as NSString).deletingLastPathComponent
        guard let entries = files.names(in: folder), entries.count <= 200 else { return [] }
        // Every top-level name of the neighbouring modules; the rule picks the nearest.
        var result: [(String, ModuleSymbols.Site)] = []
        for entry in entries.sorted() where folder + "/" + entry != path {
            let sibling = folder + "/" + entry
            guard let other = Language(path: entry), (other == .python) == (language == .python), other != .swift, other != .go,
                  let symbols = symbols(of: sibling, language: other) else { continue }
            for (candidate, site) in symbols.names where site.line > 0 && candidate != "default" {
                result.append((candidate, site))
            }
        }
        return result
    }

    public func injectedPythonBuiltins(for path: String) -> Set<String>? {
        let root = pythonRoot(of: (path as NSString).deletingLastPathComponent)
        lock.lock()
        if let cached = builtinsByRoot[root] { lock.unlock(); return cached }
        lock.unlock()
        // The staged tree keeps each file's answer by blob id, so a new index does not mean
        // reading every Python file of the repository again.
        let names = (files as? StagedFiles)?.injectedPythonBuiltins(under: root)
            ?? Self.pythonFiles(under: root, in: files).reduce(into: Set<String>()) { names, file in
                guard let bytes = files.contents(file, limit: 1 << 20) else { return }
                names.formUnion(Self.injectedBuiltins(ofPythonFile: file, bytes: bytes))
            }
        lock.lock()
        builtinsByRoot[root] = names
        lock.unlock()
        return names
    }

    /// The names one Python file adds to builtins. Only files that mention builtins (or install
    /// gettext) can add to them; the rest are not parsed.
    static func injectedBuiltins(ofPythonFile path: String, bytes: [UInt8]) -> Set<String> {
        guard contains(bytes, Array("builtin".utf8)) || contains(bytes, Array(".install(".utf8)) else { return [] }
        return SourceFile(path: path, language: .python, bytes: bytes).scopeAnalysis().injectedBuiltins
    }

    /// The Python files of the package tree at `root`: its own modules and those of every package
    /// folder (one with `__init__.py`) below it, at most 20,000.
    static func pythonFiles(under root: String, in files: any ProjectFiles) -> [String] {
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
    static func isPackageFolderName(_ name: String) -> Bool {
        !PathConventions.isForeignFolder(name) && !name.hasPrefix(".")
    }

    // MARK: JavaScript environment

    public func javaScriptEvidence(for path: String) -> JavaScriptEvidence {
        let folder = (path as NSString).deletingLastPathComponent
        lock.lock()
        if let cached = evidenceByFolder[folder] { lock.unlock(); return cached }
        lock.unlock()
        let evidence = readEvidence(from: folder)
        lock.lock()
        evidenceByFolder[folder] = evidence
        lock.unlock()
        return evidence
    }

    /// Walks up from `folder` to the nearest `package.json`, reading ESLint configuration on the
    /// way (ESLint cascades) and `tsconfig.json`, `.d.ts` files and bundler configs at the root.
    private func readEvidence(from folder: String) -> JavaScriptEvidence {
        var evidence = JavaScriptEvidence(isComplete: true)
        var current = folder
        var root: String?
        while true {
            readESLintConfigs(in: current, into: &evidence)
            if files.isFile(current + "/package.json") { root = current; break }
            let parent = (current as NSString).deletingLastPathComponent
            if parent == current || DiskFiles().exists(current + "/.git") { break }
            current = parent
        }
        guard let root else {
            evidence.isComplete = false  // no manifest: the environment is anyone's guess
            return evidence
        }
        let shared = rootEvidence(root)
        evidence.environments.formUnion(shared.environments)
        evidence.globals.formUnion(shared.globals)
        evidence.isComplete = evidence.isComplete && shared.isComplete
        evidence.sources += shared.sources
        return evidence
    }

    /// What the package root says (package.json, tsconfig, bundlers, `.d.ts`), read once per root.
    private func rootEvidence(_ root: String) -> JavaScriptEvidence {
        shared("rootEvidence|" + root) { readRootEvidence(root) }
    }

    private func readRootEvidence(_ root: String) -> JavaScriptEvidence {
        var evidence = JavaScriptEvidence(isComplete: true)
        readPackageJSON(root + "/package.json", into: &evidence)
        readTSConfig(root + "/tsconfig.json", into: &evidence)
        for bundler in ["webpack.config.js", "webpack.config.ts", "rollup.config.js", "rollup.config.mjs", "vite.config.js",
                        "vite.config.ts", "esbuild.config.js", "Gruntfile.js", "gulpfile.js", "karma.conf.js"]
        where files.isFile(root + "/" + bundler) {
            // Bundlers and runners can define globals (DefinePlugin, ProvidePlugin, karma frameworks).
            evidence.isComplete = false
            evidence.sources.append(bundler)
        }
        readDeclarationFiles(under: root, into: &evidence)
        return evidence
    }

    private func readPackageJSON(_ path: String, into evidence: inout JavaScriptEvidence) {
        guard let text = readText(path) else { evidence.isComplete = false; return }
        evidence.sources.append("package.json")
        let manifest = PackageJSONManifest(path: path, text: text)
        if !manifest.problems.isEmpty { evidence.isComplete = false }
        evidence.environments.insert("node")
        for dependency in manifest.dependencies {
            let name = dependency.name
            let typed = name.hasPrefix("@types/") ? String(name.dropFirst(7)) : name
            for environment in ["jest", "mocha", "jasmine", "vitest", "qunit", "node"] where typed == environment || typed.hasPrefix(environment + "-") {
                evidence.environments.insert(environment)
            }
            if ["jsdom", "happy-dom", "karma", "puppeteer", "playwright", "@playwright/test", "cypress"].contains(name) {
                evidence.environments.insert("browser")
            }
            if name == "requirejs" || name == "almond" { evidence.environments.insert("amd") }
            if name == "jquery" { evidence.globals.formUnion(["$", "jQuery"]) }
        }
        guard let object = jsonObject(text) else { return }
        if object["browser"] != nil { evidence.environments.insert("browser") }
        if object["jest"] != nil { evidence.environments.insert("jest") }
        if let eslint = object["eslintConfig"] as? [String: Any] {
            apply(eslintObject: eslint, into: &evidence)
        }
        if let standard = object["standard"] as? [String: Any] {
            for key in ["env", "envs"] {
                for name in (standard[key] as? [String]) ?? [] { evidence.environments.insert(name) }
            }
            for name in (standard["globals"] as? [String]) ?? [] { evidence.globals.insert(name) }
        }
    }

    private func readESLintConfigs(in folder: String, into evidence: inout JavaScriptEvidence) {
        for name in [".eslintrc.json", ".eslintrc", ".jshintrc"] {
            guard let text = readText(folder + "/" + name) else { continue }
            evidence.sources.append(name)
            if let object = jsonObject(text) {
                apply(eslintObject: object, into: &evidence)
                if name == ".jshintrc" {
                    for (key, value) in object where (value as? Bool) == true { evidence.environments.insert(key) }
                }
            } else {
                scanForEnvironments(text, into: &evidence)
            }
        }
        for name in [".eslintrc.js", ".eslintrc.cjs", ".eslintrc.yml", ".eslintrc.yaml", "eslint.config.js",
                     "eslint.config.mjs", "eslint.config.cjs", "eslint.config.ts"] {
            guard let text = readText(folder + "/" + name) else { continue }
            evidence.sources.append(name)
            scanForEnvironments(text, into: &evidence)
        }
    }

    /// A configuration Drift cannot evaluate (JavaScript, YAML): environments are picked out of the
    /// text, and declared globals make the evidence incomplete.
    private func scanForEnvironments(_ text: String, into evidence: inout JavaScriptEvidence) {
        for word in ["node", "browser", "worker", "serviceworker", "jest", "mocha", "jasmine", "vitest", "qunit", "amd"]
        where text.contains(word) {
            evidence.environments.insert(word)
        }
        if text.contains("globals") { evidence.isComplete = false }
    }

    private func apply(eslintObject object: [String: Any], into evidence: inout JavaScriptEvidence) {
        if let env = object["env"] as? [String: Any] {
            for (name, value) in env where (value as? Bool) != false { evidence.environments.insert(name) }
        }
        if let globals = object["globals"] as? [String: Any] {
            evidence.globals.formUnion(globals.keys)
        }
        if let overrides = object["overrides"] as? [[String: Any]] {
            // Overrides apply to some files only; counting them for all is the lenient choice.
            for override in overrides { apply(eslintObject: override, into: &evidence) }
        }
        if object["extends"] != nil || object["plugins"] != nil {
            // Shared configs and plugins can declare environments and globals Drift does not read.
            evidence.isComplete = false
        }
    }

    private func readTSConfig(_ path: String, into evidence: inout JavaScriptEvidence) {
        guard let text = readText(path) else { return }
        evidence.sources.append("tsconfig.json")
        guard let object = jsonObject(text) else { evidence.isComplete = false; return }
        if object["extends"] != nil { evidence.isComplete = false }
        guard let options = object["compilerOptions"] as? [String: Any] else { return }
        for lib in (options["lib"] as? [String]) ?? [] {
            let lower = lib.lowercased()
            if lower.hasPrefix("dom") { evidence.environments.insert("browser") }
            if lower.hasPrefix("webworker") { evidence.environments.insert("worker") }
        }
        for type in (options["types"] as? [String]) ?? [] { evidence.environments.insert(type) }
    }

    /// Names declared globally by the project's own `.d.ts` files (outside dependencies).
    private func readDeclarationFiles(under root: String, into evidence: inout JavaScriptEvidence) {
        var stack = [root]
        var seen = 0
        while let folder = stack.popLast(), seen < 5_000 {
            for entry in files.names(in: folder) ?? [] {
                seen += 1
                let path = folder + "/" + entry
                if entry.hasSuffix(".d.ts") {
                    guard let bytes = files.contents(path, limit: 1 << 20) else { continue }
                    let file = SourceFile(path: path, language: .typescript, bytes: bytes)
                    for scope in file.scopeAnalysis().scopes where scope.kind != .function || scope.parent <= 0 {
                        evidence.globals.formUnion(scope.bindings.keys)
                    }
                    if !evidence.sources.contains("*.d.ts") { evidence.sources.append("*.d.ts") }
                    continue
                }
                if !PathConventions.isForeignFolder(entry), !entry.hasPrefix("."), files.isFolder(path) {
                    stack.append(path)
                }
            }
        }
        if seen >= 5_000 { evidence.isComplete = false }
    }

    // MARK: Files

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

    private func readText(_ path: String) -> String? { files.text(path) }

    /// Parses JSON that may have comments and trailing commas (tsconfig, .eslintrc).
    private func jsonObject(_ text: String) -> [String: Any]? {
        let strict = TSConfigManifest.strippingComments(text)
        return (try? JSONSerialization.jsonObject(with: Data(strict.utf8))) as? [String: Any]
    }
}

/// A thread-safe cache of answers by key, for extensions of a project view (which cannot add
/// stored properties). Values live as long as the view.
public final class Memo: @unchecked Sendable {
    private let lock = NSLock()
    private var values: [String: Any] = [:]

    public init() {}

    /// The value stored under `key`, computing and storing it first when there is none. `compute`
    /// runs outside the lock (it may ask the view, and so the memo, again).
    public func value<T>(_ key: String, _ compute: () -> T) -> T {
        lock.lock()
        // `values[key] as? T` would turn a missing entry into a cached nil when `T` is optional.
        if let entry = values[key], let cached = entry as? T { lock.unlock(); return cached }
        lock.unlock()
        let value = compute()
        lock.lock()
        values[key] = value
        lock.unlock()
        return value
    }
}
