/// The names one module makes available to code that imports it — a Python file's top-level
/// bindings, a JavaScript/TypeScript file's exports, a standard-library module's members — and
/// whether that list is closed, so that absence from it proves something.
///
/// `undefined-name` reads it to resolve `from m import *`; `unknown-module-member` reads it to
/// decide whether `from m import name` names something `m` defines. One list, one answer.
public struct ModuleSymbols: Sendable {
    /// Where one name is defined.
    public struct Site: Sendable, Hashable {
        public var path: String
        /// 1-based line; 0 when unknown (bundled data).
        public var line: Int

        public init(path: String, line: Int) {
            self.path = path
            self.line = line
        }

        public var description: String { line > 0 ? "\(path):\(line)" : path }
    }

    /// What the module says about one name.
    public enum Lookup: Sendable, Equatable {
        case defined(Site)
        /// Not defined (callers suggest the nearest of `names` with `DriftCore.nearest`).
        case absent
        /// The module can gain names at run time or re-exports from somewhere unresolved.
        case unknown
    }

    /// The module's path or dotted name, for messages.
    public var module: String
    /// Defined names and where.
    public var names: [String: Site]
    /// False when absence proves nothing: module `__getattr__`, `globals()` writes, star imports or
    /// re-exports that could not be followed, a compiled or unparsable module.
    public var isClosed: Bool
    /// Modules re-exported wholesale (`from m import *`, `export * from 'm'`), as written, with
    /// their Python relative level; whoever resolves modules follows them.
    public var starImports: [(module: String, level: Int)]

    public init(module: String, names: [String: Site], isClosed: Bool, starImports: [(module: String, level: Int)] = []) {
        self.module = module
        self.names = names
        self.isClosed = isClosed
        self.starImports = starImports
    }

    /// The names a `from m import *` brings in: `__all__` is not modelled, so every public name.
    public var publicNames: [String] { names.keys.filter { !$0.hasPrefix("_") } }

    /// Whether `name` is defined, proven absent, or unknown.
    public func lookup(_ name: String) -> Lookup {
        if let site = names[name] { return .defined(site) }
        guard isClosed, starImports.isEmpty else { return .unknown }
        return .absent
    }
}

extension SourceFile {
    /// What this file offers importers: a Python module's top-level names (closed unless the module
    /// is dynamic), a JavaScript/TypeScript file's exports (closed unless it uses CommonJS exports,
    /// which are assigned at run time).
    public func moduleSymbols(scopes: ScopeAnalysis? = nil) -> ModuleSymbols {
        switch language {
        case .python:
            let analysis = scopes ?? scopeAnalysis()
            var names: [String: ModuleSymbols.Site] = [:]
            for (name, binding) in analysis.moduleBindings {
                names[name] = ModuleSymbols.Site(path: path, line: line(ofByte: binding.offset))
            }
            for name in analysis.declaredGlobals where names[name] == nil {
                names[name] = ModuleSymbols.Site(path: path, line: 0)
            }
            let stars = tree.imports.filter { $0.form == .pythonFromImport && $0.isWildcard }.map { ($0.module, $0.level) }
            return ModuleSymbols(module: path, names: names, isClosed: !analysis.isModuleDynamic && analysis.opaqueNames.isEmpty,
                                 starImports: stars)
        case .javascript, .typescript:
            var names: [String: ModuleSymbols.Site] = [:]
            var closed = true
            for export in tree.exports {
                switch export.form {
                case .commonJS, .commonJSWhole: closed = false
                default: break
                }
                names[export.name] = ModuleSymbols.Site(path: path, line: line(ofByte: tree[export.node].startByte))
            }
            let stars = tree.imports.filter { $0.form == .esExportFrom && $0.isWildcard && $0.names.isEmpty }.map { ($0.module, 0) }
            return ModuleSymbols(module: path, names: names, isClosed: closed && !tree.hasOpaqueNodes, starImports: stars)
        case .swift, .go:
            return ModuleSymbols(module: path, names: [:], isClosed: false)
        }
    }
}
