import DriftCore
import DriftSyntax

/// Finds what a Python import refers to — the bundled standard-library data first, then the
/// project view (project files, installed packages) — so that every rule asking "does module `m`
/// define `name`?" gets the same answer: `undefined-name` for `from m import *`,
/// `unknown-module-member` for `from m import name`.
public struct ModuleResolver: Sendable {
    public let project: (any ProjectView)?
    /// The file the imports are written in (relative imports start from it).
    public let path: String

    public init(project: (any ProjectView)?, path: String) {
        self.project = project
        self.path = path
    }

    /// The names of the Python module `module` (relative `level`), or nil when it cannot be resolved.
    public func pythonModule(_ module: String, level: Int, from importer: String? = nil) -> ModuleSymbols? {
        if level == 0, let info = PythonStandardLibrary.module(named: module) {
            guard info.membersKnown, !info.isDynamic else { return ModuleSymbols(module: module, names: [:], isClosed: false) }
            var names: [String: ModuleSymbols.Site] = [:]
            for name in info.memberNames { names[name] = ModuleSymbols.Site(path: module, line: 0) }
            return ModuleSymbols(module: module, names: names, isClosed: true)
        }
        return project?.moduleSymbols(module: module, level: level, from: importer ?? path)
    }

    /// The names `from module import *` binds, following star imports inside it; nil when any
    /// module on the way cannot be resolved or can gain names at run time.
    public func starImportNames(_ module: String, level: Int) -> [String: ModuleSymbols.Site]? {
        var result: [String: ModuleSymbols.Site] = [:]
        var pending: [(module: String, level: Int, importer: String)] = [(module, level, path)]
        var seen = Set<String>()
        while let next = pending.popLast() {
            guard seen.insert("\(next.importer)|\(next.level)|\(next.module)").inserted else { continue }
            guard seen.count <= 32, let symbols = pythonModule(next.module, level: next.level, from: next.importer),
                  symbols.isClosed else { return nil }
            for name in symbols.publicNames where result[name] == nil { result[name] = symbols.names[name] }
            for star in symbols.starImports { pending.append((star.module, star.level, symbols.module)) }
        }
        return result
    }

    /// Whether the Python module defines `name`: `.unknown` unless the module is resolved and closed.
    public func lookup(_ name: String, inPythonModule module: String, level: Int) -> ModuleSymbols.Lookup {
        guard let symbols = pythonModule(module, level: level) else { return .unknown }
        switch symbols.lookup(name) {
        case .defined(let site): return .defined(site)
        case .unknown: return .unknown
        case .absent:
            if level == 0, PythonStandardLibrary.module(named: module + "." + name) != nil {
                return .defined(ModuleSymbols.Site(path: module + "." + name, line: 0))  // a submodule
            }
            return .absent
        }
    }
}
