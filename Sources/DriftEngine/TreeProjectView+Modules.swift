import DriftCore
import DriftKnowledge
import DriftSyntax
import Foundation

/// Modules outside the importing file that are not bundled data: JavaScript/TypeScript project
/// files and installed packages (`node_modules`), and files inside installed Python packages.
extension TreeProjectView {
    /// Whether `path` belongs to an installed package rather than the project: such files are
    /// never committed, so they are read from disk even when the project is the staged tree.
    static func isInstalled(_ path: String) -> Bool {
        path.contains("/node_modules/") || path.contains("/site-packages/")
    }

    /// The exports of the module a JS/TS specifier names from `importer`: a project file for
    /// `./x`/`../x` (with the extension and `index` rules), an installed package's entry files
    /// for a bare specifier. Nil for built-ins (bundled data answers those), for what does not
    /// resolve, and for packages whose entry cannot be read statically. Kept per folder and
    /// specifier: the answer depends on the importer's folder only.
    func javaScriptModuleSymbols(specifier: String, from importer: String) -> ModuleSymbols? {
        let folder = (importer as NSString).deletingLastPathComponent
        return memo.value("javaScriptModule|\(specifier)|" + folder) {
            resolveJavaScriptModuleSymbols(specifier: specifier, from: importer, in: folder)
        }
    }

    /// `javaScriptModuleSymbols`, looked up.
    private func resolveJavaScriptModuleSymbols(specifier: String, from importer: String, in folder: String) -> ModuleSymbols? {
        if specifier.hasPrefix("./") || specifier.hasPrefix("../") {
            let installed = Self.isInstalled(importer)
            for candidate in ProjectFacts.candidatePaths(module: specifier, level: 0, importer: importer, language: .javascript) {
                guard let language = Language(path: candidate) else { continue }
                if installed {
                    guard DiskFiles().isFile(candidate) else { continue }
                    return InstalledModuleSymbols.shared.symbols(ofFile: candidate)
                }
                guard files.isFile(candidate) else { continue }
                return symbols(of: candidate, language: language)
            }
            return nil
        }
        guard !NodeBuiltins.isBuiltin(specifier), PackageJSONManifest.packageName(ofSpecifier: specifier) != nil else { return nil }
        let modules = memo.value("node_modules|" + folder) { NodeModules(directory: folder) }
        let entries = modules.entryFiles(for: specifier)
        guard !entries.isEmpty else { return nil }
        var parts: [ModuleSymbols] = []
        for entry in entries {
            guard let symbols = InstalledModuleSymbols.shared.symbols(ofFile: entry) else { return nil }
            parts.append(symbols)
        }
        return Self.union(parts)
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

    /// A Python module imported from a file inside `site-packages`: relative imports from the
    /// importer's package, absolute ones from the `site-packages` folder itself.
    func installedPythonModuleSymbols(module: String, level: Int, from importer: String) -> ModuleSymbols? {
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

    // MARK: Members added to JavaScript built-ins

    /// Dependencies that add members to the built-ins wholesale (polyfills of proposals, libraries
    /// that extend native prototypes): with one of them, no missing member is provable.
    private static let builtinExtenders: Set<String> = [
        "core-js", "core-js-pure", "es5-shim", "es6-shim", "es7-shim", "es-shims", "@babel/polyfill", "babel-polyfill",
        "sugar", "mootools", "prototypejs", "ember-source", "ember-cli", "polyfill-library", "array.prototype.flat",
        "promise.prototype.finally", "bluebird",
    ]

    public func addedBuiltinMembers(for path: String) -> Set<String>? {
        var root = (path as NSString).deletingLastPathComponent
        var current = root
        for _ in 0..<64 {
            if files.isFile(current + "/package.json") { root = current; break }
            let parent = (current as NSString).deletingLastPathComponent
            if parent == current || parent.isEmpty { break }
            current = parent
        }
        return shared("builtin-additions|" + root) { readAddedBuiltinMembers(under: root) }
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
