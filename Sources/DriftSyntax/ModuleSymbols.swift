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

    /// A Python module's `__all__` when it is a literal list that nothing extends: then it, not the
    /// public names, is what `from m import *` binds. Nil when absent or changed at run time.
    public var dunderAll: [String]?

    public init(module: String, names: [String: Site], isClosed: Bool, starImports: [(module: String, level: Int)] = [],
                dunderAll: [String]? = nil) {
        self.module = module
        self.names = names
        self.isClosed = isClosed
        self.starImports = starImports
        self.dunderAll = dunderAll
    }

    /// The names a `from m import *` brings in: `__all__` when the module declares it, else every
    /// name not starting with `_`.
    public var publicNames: [String] { dunderAll ?? names.keys.filter { !$0.hasPrefix("_") } }

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
            // A stub is what type checkers are told, not what runs: names it leaves out may still exist.
            let closed = !analysis.isModuleDynamic && analysis.opaqueNames.isEmpty && !replacesModules && !setsModuleAttributes
                && !path.hasSuffix(".pyi")
            return ModuleSymbols(module: path, names: names, isClosed: closed,
                                 starImports: stars, dunderAll: literalDunderAll())
        case .javascript, .typescript:
            var names: [String: ModuleSymbols.Site] = [:]
            for export in tree.exports {
                names[export.name] = ModuleSymbols.Site(path: path, line: line(ofByte: tree[export.node].startByte))
            }
            let usesCommonJS = tree.exports.contains { $0.form == .commonJS || $0.form == .commonJSWhole } || exportsMentions > 0
            let closed = (!usesCommonJS || hasStaticCommonJSExports) && !hasTypeScriptExportAssignment && !tree.hasOpaqueNodes
            let stars = tree.imports.filter { $0.form == .esExportFrom && $0.isWildcard && $0.names.isEmpty }.map { ($0.module, 0) }
            return ModuleSymbols(module: path, names: names, isClosed: closed, starImports: stars)
        case .swift, .go:
            return ModuleSymbols(module: path, names: [:], isClosed: false)
        }
    }

    /// Whether CommonJS exports are all written where the parser sees them: one
    /// `module.exports = { a, b() {} }` object literal of plain named properties, plus
    /// `exports.x = …` / `module.exports.x = …` assignments, and no other mention of `exports`
    /// (`Object.assign(module.exports, …)`, `exports[name] = …` add names at run time).
    private var hasStaticCommonJSExports: Bool {
        let assignments = tree.exports.filter { ($0.form == .commonJS || $0.form == .commonJSWhole) && tree[$0.node].kind == .assignment }
        let wholes = assignments.filter { $0.form == .commonJSWhole }
        guard wholes.count == 1, let value = tree.child(of: wholes[0].node, role: .value),
              tree[value].kind == .group, tree[value].flags.contains(.braced) else { return false }
        for property in tree.children(of: value) {
            let p = tree[property]
            guard p.kind == .property || p.kind == .function, p.hasName, !p.flags.contains(.rest) else { return false }
        }
        return exportsMentions == assignments.count
    }

    /// How often the identifier `exports` occurs (`module.exports`, `exports.x`, `exports[k]`).
    private var exportsMentions: Int {
        tokens.filter { $0.kind == .identifier && $0.length == 7 && text(of: $0) == "exports" }.count
    }

    /// TypeScript's `export = x` and `declare module 'm' { … }`: the module's shape is another
    /// declaration's, which this list does not follow.
    private var hasTypeScriptExportAssignment: Bool {
        guard language == .typescript else { return false }
        for index in tokens.indices.dropLast() where tokens[index].kind == .identifier && (tokens[index].length == 6 || tokens[index].length == 7) {
            let word = text(of: tokens[index])
            let next = text(of: tokens[index + 1])
            if word == "export" && next == "=" { return true }
            if word == "declare" && (next == "module" || next == "global") { return true }
        }
        return false
    }

    /// Python code that installs import hooks or module objects (`sys.meta_path.append(…)`,
    /// `sys.modules[__name__] = Proxy()`): what importers get is not this file's namespace.
    private var replacesModules: Bool {
        let code = tokens.filter { $0.kind != .comment }
        for (index, token) in code.enumerated() where token.kind == .identifier {
            if token.length == 9, text(of: token) == "meta_path" { return true }
            guard token.length == 7, index + 1 < code.count, text(of: token) == "modules", text(of: code[index + 1]) == "[" else { continue }
            // `sys.modules[name] = …` writes; `sys.modules[name]` alone only reads.
            var depth = 0
            for next in (index + 1)..<code.count {
                let word = text(of: code[next])
                if word == "[" { depth += 1 } else if word == "]" { depth -= 1 }
                if depth == 0 {
                    if next + 1 < code.count, text(of: code[next + 1]) == "=" { return true }
                    break
                }
            }
        }
        return false
    }

    /// `setattr(module, name, value)` on an imported module (a module adding to itself through
    /// `from pkg import this_module`) or on `sys.modules[…]`.
    private var setsModuleAttributes: Bool {
        let imported = Set(tree.imports.flatMap { $0.names.compactMap(\.local) })
        for call in calls(to: "setattr") {
            guard let target = arguments(of: call).first else { continue }
            if tree[target].kind == .name, let name = name(of: target), imported.contains(name) { return true }
            if text(of: target).contains("modules") { return true }
        }
        return false
    }

    /// The strings of `__all__ = [...]` when that is the only way the file touches `__all__`
    /// (`__all__ += …`, `__all__.extend(…)` or a computed value make it unknowable: nil).
    private func literalDunderAll() -> [String]? {
        let entries = tree.exports.filter { $0.form == .dunderAll }.map(\.name)
        guard !entries.isEmpty else { return nil }
        let mentions = tokens.filter { $0.kind == .identifier && $0.length == 7 && text(of: $0) == "__all__" }.count
        return mentions == 1 ? entries : nil
    }
}
