import DriftCore
import DriftSyntax
import Foundation

/// The Node project around a JavaScript/TypeScript file: project files and installed packages
/// (`node_modules`) an import names, package.json's dependencies and `engines.node`, what its
/// ESLint/TypeScript configuration and `.d.ts` files declare (`NodeProject+Environment`), and the
/// members its files add to the built-ins.
public struct NodeProject: EcosystemProvider {
    public let context: ProjectContext
    public let languages: Set<Language> = [.javascript, .typescript]

    public init(context: ProjectContext) {
        self.context = context
    }

    var files: any ProjectFiles { context.files }
    var cache: ProjectCache { context.cache }
    private var resolver: ImportResolver { context.resolver }

    // MARK: Modules

    /// The exports of the module a JS/TS specifier names from `importer`: a project file for
    /// `./x`/`../x` (with the extension and `index` rules), an installed package's entry files
    /// for a bare specifier. Nil for built-ins (bundled data answers those), for what does not
    /// resolve, and for packages whose entry cannot be read statically. Kept per folder and
    /// specifier: the answer depends on the importer's folder only.
    public func moduleSymbols(module specifier: String, level: Int, from importer: String) -> ModuleSymbols? {
        let folder = (importer as NSString).deletingLastPathComponent
        return cache.answer(ProjectQuestion<ModuleSymbols?>("javaScriptModule", specifier, folder)) {
            resolveModuleSymbols(specifier: specifier, from: importer, in: folder)
        }
    }

    private func resolveModuleSymbols(specifier: String, from importer: String, in folder: String) -> ModuleSymbols? {
        if specifier.hasPrefix("./") || specifier.hasPrefix("../") {
            let installed = ProjectContext.isInstalled(importer)
            for candidate in resolver.candidatePaths(module: specifier, level: 0, importer: importer, language: .javascript) {
                guard let language = Language(path: candidate) else { continue }
                if installed {
                    guard DiskFiles().isFile(candidate) else { continue }
                    return InstalledModuleSymbols.shared.symbols(ofFile: candidate)
                }
                guard files.isFile(candidate) else { continue }
                return context.symbols(ofFile: candidate, language: language)
            }
            return nil
        }
        guard !NodeBuiltins.isBuiltin(specifier), PackageJSONManifest.packageName(ofSpecifier: specifier) != nil else { return nil }
        let entries = installedModules(in: folder).entryFiles(for: specifier)
        guard !entries.isEmpty else { return nil }
        var parts: [ModuleSymbols] = []
        for entry in entries {
            guard let symbols = InstalledModuleSymbols.shared.symbols(ofFile: entry) else { return nil }
            parts.append(symbols)
        }
        return Self.union(parts)
    }

    /// The `node_modules` folders Node.js searches from `folder`, found once per folder.
    private func installedModules(in folder: String) -> NodeModules {
        cache.answer(ProjectQuestion<NodeModules>("nodeModuleFolders", folder)) { NodeModules(directory: folder) }
    }

    /// One package seen through several entry files (types, ESM, CommonJS): a name any of them
    /// offers exists, and absence is proven only when every one of them is closed.
    static func union(_ parts: [ModuleSymbols]) -> ModuleSymbols? {
        guard var result = parts.first else { return nil }
        for part in parts.dropFirst() {
            result.names.merge(part.names) { first, _ in first }
            result.isClosed = result.isClosed && part.isClosed
            if !part.starImports.isEmpty {
                // Star re-exports are resolved from the file that writes them: only one such file can be followed.
                if !result.starImports.isEmpty { result.isClosed = false }
                result.starImports = part.starImports
                result.module = part.module
            }
        }
        return result
    }

    public func symbols(ofFile path: String, language: Language) -> ModuleSymbols? {
        context.symbols(ofFile: path, language: language)
    }

    public func fileFacts(forModule module: String, level: Int, importer: String) -> (path: String, facts: FileFacts)? {
        context.fileFacts(candidates: resolver.candidatePaths(module: module, level: level, importer: importer, language: .javascript))
    }

    public func projectImport(_ module: String, level: Int, from path: String) -> ProjectImportTarget {
        resolver.javaScriptProjectImport(module, from: path)
    }

    // MARK: Bare imports

    public func packageEvidence(for specifier: String, from path: String) -> PackageEvidence? {
        guard let package = PackageJSONManifest.packageName(ofSpecifier: specifier) else { return nil }
        let folder = ImportResolver.folder(of: path)
        var evidence = PackageEvidence(package: package)
        // Babel helpers and some bundlers resolve a bare name to a file next to the importer.
        let sibling = resolver.javaScriptFile(folder + "/" + specifier, from: path)
        if resolver.javaScriptProjectImport(specifier, from: path) != .notAFile || ambientModules(around: folder).contains(package)
            || bundlerConfigsMention(package, around: folder) || sibling == .found(folder + "/" + specifier) {
            evidence.isLocal = true
        }
        let declarations = context.declarations(around: folder, for: .javascript)
        let manifest = declarations.manifest
        // TypeScript takes a package's types from `@types/<name>` (`@types/scope__name`): declaring
        // or installing those answers a type import of the bare name.
        let types = "@types/" + (package.hasPrefix("@") ? package.dropFirst().replacingOccurrences(of: "/", with: "__") : package)
        switch (declarations.javaScriptImport(specifier), declarations.javaScriptImport(types)) {
        case (.declared(let by), _), (_, .declared(let by)): evidence.declaration = .declared(by: by)
        case (.unknown, _): evidence.declaration = .unknown
        default: evidence.declaration = .notDeclared(manifests: manifest.packageJSONs.map(\.path))
        }
        let installed = installedPackages(around: folder)
        if let installed {
            if let location = installed.location(of: package) ?? installed.location(of: types) {
                evidence.installation = .installed(at: location)
            } else if let nearest = installed.folders.first {
                evidence.installation = .notInstalled(environment: nearest)
            }
        }
        let installedNames = installed?.folders.first.map(context.installed.nodePackageNames(in:)) ?? []
        evidence.knownNames = declarations.dependencyNames + installedNames
        return evidence
    }

    /// The `node_modules` folders Node.js would search from `folder`; nil when there is none (then
    /// packages may come from global folders such as Debian's `/usr/share/nodejs`) or Yarn
    /// Plug'n'Play resolves instead.
    private func installedPackages(around folder: String) -> InstalledNodePackages? {
        cache.answer(ProjectQuestion<InstalledNodePackages?>("nodeModules", folder)) {
            let modules = NodeModules(directory: folder)
            guard !modules.folders.isEmpty else { return nil }
            if resolver.ancestors(of: folder).contains(where: { files.kindOnDisk($0 + "/.pnp.cjs") != nil || files.kindOnDisk($0 + "/.pnp.js") != nil }) {
                return nil
            }
            return InstalledNodePackages(folders: modules.folders)
        }
    }

    /// The folder of the nearest package.json at or above `folder`.
    func packageRoot(around folder: String) -> String? {
        resolver.ancestors(of: folder).first(where: { files.isFile($0 + "/package.json") })
    }

    /// Module names the project declares for TypeScript in its own `.d.ts` files (`declare module 'x'`).
    private func ambientModules(around folder: String) -> Set<String> {
        guard let root = packageRoot(around: folder) else { return [] }
        return cache.sharedAnswer(ProjectQuestion<Set<String>>("ambientModules", root)) {
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
        guard let root = packageRoot(around: folder) else { return false }
        let texts = cache.sharedAnswer(ProjectQuestion<[String]>("bundlerConfigs", root)) {
            let names = (files.names(in: root) ?? []).filter { entry in
                ["webpack.", "vite.", "vitest.", "rollup.", "jest.", "babel.", ".babelrc", "esbuild.", "next.config", "nuxt.config",
                 "svelte.config", "astro.config", "craco.config", "metro.config", "tsup.config"].contains { entry.hasPrefix($0) }
            }
            return names.compactMap { files.text(root + "/" + $0) }
        }
        return texts.contains { $0.contains("'\(package)") || $0.contains("\"\(package)") || $0.contains("\(package):") }
    }

    public func minimumRuntime(for path: String) -> RuntimeRequirement? {
        let manifest = context.declarations(around: ImportResolver.folder(of: ImportResolver.absolute(path)), for: .javascript).manifest
        guard let version = manifest.minimumNodeVersion else { return nil }
        let source = manifest.packageJSONs.first { $0.nodeEngine != nil }?.path ?? ""
        return RuntimeRequirement(major: version.major, minor: version.minor, manifest: source)
    }

    // MARK: Members added to JavaScript built-ins

    /// Dependencies that add members to the built-ins wholesale (polyfills of proposals, libraries
    /// that extend native prototypes): with one of them, no missing member is provable.
    private static let builtinExtenders: Set<String> = [
        "core-js", "core-js-pure", "es5-shim", "es6-shim", "es7-shim", "es-shims", "@babel/polyfill", "babel-polyfill",
        "sugar", "mootools", "prototypejs", "ember-source", "ember-cli", "polyfill-library", "array.prototype.flat",
        "promise.prototype.finally", "bluebird",
    ]

    /// Members the files of the package around `path` add to the built-ins.
    public func addedBuiltinMembers(for path: String) -> Set<String>? {
        var root = (path as NSString).deletingLastPathComponent
        var current = root
        for _ in 0..<64 {
            if files.isFile(current + "/package.json") { root = current; break }
            let parent = (current as NSString).deletingLastPathComponent
            if parent == current || parent.isEmpty { break }
            current = parent
        }
        return cache.sharedAnswer(ProjectQuestion<Set<String>?>("builtin-additions", root)) { readAddedBuiltinMembers(under: root) }
    }

    /// Every JS/TS file of the package at `root` (dependencies and hidden folders aside), read once.
    private func readAddedBuiltinMembers(under root: String) -> Set<String>? {
        if let text = files.text(root + "/package.json") {
            let manifest = PackageJSONManifest(path: root + "/package.json", text: text)
            if manifest.dependencies.contains(where: { Self.builtinExtenders.contains($0.name) || $0.name.hasPrefix("es-") && $0.name.contains("shim") }) {
                return nil
            }
        }
        var added = Set<String>()
        var stack = [root]
        var count = 0
        while let folder = stack.popLast() {
            for entry in files.names(in: folder) ?? [] {
                let path = folder + "/" + entry
                if let language = Language(path: entry), language == .javascript || language == .typescript {
                    count += 1
                    guard count <= 20_000 else { return nil }
                    guard let bytes = files.contents(path, limit: 1 << 20) else { continue }
                    added.formUnion(SourceFile(path: path, language: language, bytes: bytes).addedBuiltinMembers())
                } else if !PathConventions.isForeignFolder(entry), !entry.hasPrefix("."), files.isFolder(path) {
                    stack.append(path)
                }
            }
        }
        return added
    }
}

/// The packages Node.js can find from one folder through its `node_modules` chain.
private struct InstalledNodePackages: Sendable {
    let folders: [String]

    /// The folder that has `package`, if any (installed packages are read from disk).
    func location(of package: String) -> String? {
        folders.first { DiskFiles().isFile($0 + "/" + package + "/package.json") || DiskFiles().isFolder($0 + "/" + package) }
    }
}
