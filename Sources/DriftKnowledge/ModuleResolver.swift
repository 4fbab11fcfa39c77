import DriftCore
import DriftSyntax

/// Finds what an import refers to — project files first (a project's own `calendar.py` shadows
/// the standard library's), then the bundled standard-library / Node.js built-in data, then
/// installed packages through the project view — so that every rule asking "does module `m`
/// define `name`?" gets the same answer: `undefined-name` for `from m import *`,
/// `unknown-module-member` for `from m import name`, `import { name } from 'm'` and `m.name`.
public struct ModuleResolver: Sendable {
    public let project: (any ProjectView)?
    /// The file the imports are written in (relative imports start from it).
    public let path: String

    public init(project: (any ProjectView)?, path: String) {
        self.project = project
        self.path = path
    }

    private var isPython: Bool { Language(path: path) == .python }

    /// The names of the module `module` (Python relative `level`) imported from `importer` (this
    /// file by default), or nil when it cannot be resolved.
    public func module(_ module: String, level: Int, from importer: String? = nil) -> ModuleSymbols? {
        if let found = projectModule(module, level: level, from: importer ?? path) { return found }
        guard level == 0 else { return nil }
        if isPython, let info = PythonStandardLibrary.module(named: module) {
            guard info.membersKnown, !info.isDynamic else { return ModuleSymbols(module: module, names: [:], isClosed: false) }
            return ModuleSymbols(module: module, names: Self.sites(info.memberNames, module), isClosed: true)
        }
        if !isPython, let info = NodeBuiltins.module(named: module) {
            return ModuleSymbols(module: module, names: Self.sites(info.exports, module), isClosed: info.exportsKnown)
        }
        return nil
    }

    /// The module as the project view finds it, except that an installed copy of a standard
    /// library module (a backport such as `enum34`) loses to the standard library, as on `sys.path`.
    private func projectModule(_ module: String, level: Int, from importer: String) -> ModuleSymbols? {
        guard let found = project?.moduleSymbols(module: module, level: level, from: importer) else { return nil }
        if level == 0, isPython, found.module.contains("/site-packages/"), PythonStandardLibrary.isKnownModule(module) { return nil }
        return found
    }

    private static func sites(_ names: [String], _ module: String) -> [String: ModuleSymbols.Site] {
        var result: [String: ModuleSymbols.Site] = [:]
        for name in names { result[name] = ModuleSymbols.Site(path: module, line: 0) }
        return result
    }

    /// The names `from module import *` binds, following star imports inside it; nil when any
    /// module on the way cannot be resolved or can gain names at run time.
    public func starImportNames(_ module: String, level: Int) -> [String: ModuleSymbols.Site]? {
        var result: [String: ModuleSymbols.Site] = [:]
        var pending: [(module: String, level: Int, importer: String)] = [(module, level, path)]
        var seen = Set<String>()
        while let next = pending.popLast() {
            guard seen.insert("\(next.importer)|\(next.level)|\(next.module)").inserted else { continue }
            guard seen.count <= 32, let symbols = self.module(next.module, level: next.level, from: next.importer),
                  symbols.isClosed else { return nil }
            for name in symbols.publicNames where result[name] == nil {
                result[name] = symbols.names[name] ?? ModuleSymbols.Site(path: symbols.module, line: 0)
            }
            // `__all__` lists everything a star import binds, re-exported names included.
            if symbols.dunderAll != nil { continue }
            for star in symbols.starImports { pending.append((star.module, star.level, symbols.module)) }
        }
        return result
    }

    /// Whether the module `module` (imported from this file) defines `name`: `.unknown` unless the
    /// module and every star re-export on the way are resolved and closed. A Python submodule
    /// (`os.path`, a package's `sub.py`) is a member; so is anything in some supported version of
    /// the standard library, and any export of a Node.js built-in in the surveyed or a later version.
    public func lookup(_ name: String, inModule module: String, level: Int) -> ModuleSymbols.Lookup {
        // Every module has `__file__`, `__name__`, `__path__`, `__version__`-style attributes the lists leave out.
        if isPython, name.hasPrefix("__") { return .unknown }
        // A module or class export may be a function (`require('stream')` is the Stream constructor): `call`, `bind`, `name`.
        if !isPython, JavaScriptGlobals.namespace(named: "Function.prototype")?.availability(of: name) != nil { return .unknown }
        if let symbols = projectModule(module, level: level, from: path) {
            return lookup(name, in: symbols, depth: 0)
        }
        guard level == 0 else { return .unknown }
        if isPython, PythonStandardLibrary.isKnownModule(module) {
            switch PythonStandardLibrary.member(name, of: module) {
            case .present: return .defined(ModuleSymbols.Site(path: module, line: 0))
            case .absent: return .absent
            case .unknown: return .unknown
            }
        }
        if !isPython, NodeBuiltins.module(named: module) != nil {
            switch NodeBuiltins.export(name, of: module) {
            case .present: return .defined(ModuleSymbols.Site(path: module, line: 0))
            case .absent: return .absent
            case .unknown: return .unknown
            }
        }
        return .unknown
    }

    /// `name` in a resolved module, through its star re-exports.
    private func lookup(_ name: String, in symbols: ModuleSymbols, depth: Int) -> ModuleSymbols.Lookup {
        if let site = symbols.names[name] { return .defined(site) }
        guard symbols.isClosed, depth < 16 else { return .unknown }
        if isPython, submodule(name, of: symbols) { return .defined(ModuleSymbols.Site(path: symbols.module, line: 0)) }
        for star in symbols.starImports {
            guard let inner = module(star.module, level: star.level, from: symbols.module) else { return .unknown }
            // A Python star import passes on public names only (or the inner module's `__all__`).
            if isPython, !(inner.dunderAll?.contains(name) ?? !name.hasPrefix("_")) { continue }
            switch lookup(name, in: inner, depth: depth + 1) {
            case .defined(let site): return .defined(site)
            case .unknown: return .unknown
            case .absent: continue
            }
        }
        return .absent
    }

    /// Whether a Python package module has `name` as a submodule file: `from pkg import sub`
    /// imports it even when `pkg/__init__.py` never mentions it.
    private func submodule(_ name: String, of symbols: ModuleSymbols) -> Bool {
        let file = symbols.module
        guard file.hasSuffix("/__init__.py") || file.hasSuffix("/__init__.pyi") else { return false }
        return project?.moduleSymbols(module: name, level: 1, from: file) != nil
    }

    /// The names the module offers, for suggesting the nearest one (empty when unresolved).
    public func memberNames(ofModule module: String, level: Int) -> [String] {
        guard let symbols = self.module(module, level: level) else { return [] }
        return Array(symbols.names.keys)
    }
}
