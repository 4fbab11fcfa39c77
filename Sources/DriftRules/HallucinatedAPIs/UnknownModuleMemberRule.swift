import DriftCore
import DriftKnowledge
import DriftSyntax

/// Flags a name imported from, or read off, a module that is resolved and closed and does not
/// define it: `os.path.exist`, `from .models import Usr`, `import { readFileAsync } from 'fs'`.
struct UnknownModuleMemberRule: Rule {
    static let readsProject = true

    static let description = RuleDescription(
        id: "unknown-module-member",
        name: "Unknown module member",
        category: .hallucinatedAPIs,
        severity: .high,
        summary: "A name is imported from, or read off, a module that does not define it.",
        why: """
            Generated code calls functions that sound right but do not exist: `os.path.exist`, \
            `datetime.now()` after `import datetime`, `fs.readFileAsync`, a model class under a name the \
            models file never defines. The import or the attribute read fails at run time (`ImportError`, \
            `AttributeError`, `TypeError: … is not a function`). Drift reports it only when the module is \
            resolved — the standard library in every Python 3.8–3.13 version, a Node.js built-in, a project \
            file or an installed package — and its names are closed: a module with `__getattr__`, a compiled \
            extension or a re-export it cannot follow stays silent.
            """,
        fix: "Use the member the module really defines (the message names the nearest one), or define it there.",
        examples: [
            .bad(.python, """
                import os
                if os.path.↓exist("config.toml"):
                    pass
                """),
            .bad(.python, """
                import datetime
                stamp = datetime.↓now()
                """),
            .bad(.python, """
                from json import ↓load_string
                import xml.etree.ElementTree as ET
                root = ET.↓parse_string("<a/>")
                """),
            .bad(.python, """
                import os.path
                print(os.path.↓joinpath("a", "b"))
                """),
            .good(.python, """
                import os, os.path, datetime, collections
                from datetime import datetime as dt, timezone
                from os import path
                print(os.path.exists("a"), path.join("a"), dt.now(timezone.utc), datetime.datetime.now())
                print(collections.abc.Mapping, os.environ.get("HOME"))
                """),
            // Version-dependent and private members are not this rule's business.
            .good(.python, """
                import tomllib, asyncio, sys
                from collections import Mapping
                asyncio.TaskGroup, asyncio.timeout, sys._getframe
                """),
            // Guarded, probed, assigned or rebound: the code expects the member may be missing.
            .good(.python, """
                import os, sys
                try:
                    from os import not_everywhere
                except ImportError:
                    not_everywhere = None
                if hasattr(os, "register_at_fork"):
                    os.register_at_fork(after_in_child=print)
                try:
                    sys.setdlopenflags(sys.not_here)
                except AttributeError:
                    pass
                os.made_up = 1
                print(os.made_up)
                """),
            .good(.python, """
                import json
                json = FakeJson()
                json.anything()

                class FakeJson:
                    def anything(self): ...
                """),
            // Fallbacks for other versions and platforms, imports for type checkers, module dunders.
            .good(.python, """
                import sys, itertools
                from typing import TYPE_CHECKING
                try:
                    from urllib.parse import quote
                except ImportError:
                    from urllib import quote
                if sys.version_info[0] == 2:
                    imap = itertools.imap
                PEP_560 = sys.version_info[:3] >= (3, 7, 0)
                if not PEP_560:
                    from typing import GenericMeta
                if TYPE_CHECKING:
                    from collections import NotThere
                from os import __file__ as os_file
                """),
            .good(.python, """
                try:
                    import simplejson as json
                except ImportError:
                    import json
                json.JSONDecodeError, json.loads_with_extras
                """),
            // Accepted misses: a submodule the package never imports is an attribute only after
            // someone imports it; members read off `require('m').x` chains.
            .knownGap(.python, """
                import xml
                xml.↓etree.ElementTree.parse("a.xml")
                """),
            .knownGap(.javascript, """
                const { ↓readFileAsync } = require('fs').promises;
                """),
            .bad(.javascript, """
                import { ↓readFileAsync } from 'fs';
                import * as path from 'node:path';
                export const read = (p) => readFileAsync(path.↓joinSafe(p));
                """),
            .bad(.javascript, """
                const fs = require('fs');
                const { ↓existSync } = require('fs');
                fs.promises.↓readFil('a');
                """),
            .good(.javascript, """
                import fs, { readFile, promises } from 'fs';
                import * as path from 'node:path';
                import { readFile as read } from 'node:fs/promises';
                const { join } = require('path');
                export const all = [fs.readFileSync, fs.promises.readFile, promises.writeFile, path.posix.join, join, read, readFile];
                """),
            // Built-in modules and classes that are functions have `call`, `bind`, `apply`.
            .good(.javascript, """
                const Stream = require('stream');
                const { Buffer } = require('buffer');
                function Legacy() { Stream.call(this); Stream.Readable.call(this); }
                export const make = (...args) => new (Buffer.bind.apply(Buffer, [null, ...args]))();
                export { Legacy };
                """),
            // Feature detection and patches of a built-in module.
            .good(.javascript, """
                const fs = require('fs');
                const util = require('util');
                const copy = fs.cpSync || fs.copyFileSync;
                if (typeof fs.lutimesSync === 'function') { fs.lutimesSync('a', 0, 0); }
                fs.readFileAsync = util.promisify(fs.readFile);
                fs.readFileAsync('a').then(copy);
                try { fs.notInThisVersion(); } catch (error) { console.log(error); }
                fs.maybe?.();
                """),
            .bad(.typescript, """
                import { ↓readJsonSync } from 'node:fs';
                import * as os from 'os';
                export const cores: number = os.↓cpuCount();
                """),
            .good(.typescript, """
                import { PathLike, readFileSync } from 'fs';
                import type { Dirent } from 'fs';
                export function read(p: PathLike, d: Dirent): string { return readFileSync(p, 'utf8') + d.name; }
                """),
        ])

    private static let importErrors = ["ImportError", "ModuleNotFoundError", "Exception", "BaseException"]
    private static let attributeErrors = ["AttributeError", "ImportError", "Exception", "BaseException"]

    func findings(in file: SourceFile, context: RuleContext) -> [Finding] {
        guard !context.role.contains(.declaration), !file.tree.imports.isEmpty else { return [] }
        let resolver = RememberingResolver(ModuleResolver(project: context.project, path: file.path))
        // Both passes test imports and reads against the same version/platform flags.
        let flags = file.environmentFlags()
        return importedNameFindings(file, resolver, flags) + attributeFindings(file, resolver, flags)
    }

    // MARK: Imported names

    /// `from m import name`, `import { name } from 'm'`, `export { name } from 'm'`, `const { name } = require('m')`.
    private func importedNameFindings(_ file: SourceFile, _ resolver: RememberingResolver, _ flags: Set<String>) -> [Finding] {
        var findings: [Finding] = []
        for record in file.tree.imports where isNamedImport(record) {
            // `from . import x` names a submodule or a name of the package: a file that may be
            // missing, which `unresolved-relative-import` reports (once).
            if record.level > 0, record.module.isEmpty { continue }
            if record.typeOnly || file.isInTry(record.node, catching: Self.importErrors) || file.isInCompatibilityBranch(record.node, flags: flags) {
                continue
            }
            let specifiers = file.tree.children(of: record.node).filter { file.tree[$0].kind == .importSpecifier }
            for (index, name) in record.names.enumerated() {
                guard let imported = name.imported, imported != "default", imported != "*", !name.typeOnly,
                      !isTypeScriptTypeName(imported, record, file) else { continue }
                guard resolver.lookup(imported, inModule: record.module, level: record.level) == .absent else { continue }
                // The imported name's own position (`a` of `a as b`) when the specifiers line up with the names.
                let start = specifiers.count == record.names.count ? file.tree[specifiers[index]].startByte : name.offset
                findings.append(finding(file, at: start, member: imported, module: record.module, level: record.level,
                                        resolver: resolver, written: imported))
            }
        }
        return findings
    }

    private func isNamedImport(_ record: ImportRecord) -> Bool {
        switch record.form {
        case .pythonFromImport: return !record.isWildcard
        case .esImport, .esExportFrom, .require: return true
        case .pythonImport, .dynamicImport: return false
        }
    }

    /// A TypeScript file may import interfaces and type aliases from a built-in module
    /// (`PathLike` from 'fs'): they exist in `@types/node`, not among the run-time exports.
    private func isTypeScriptTypeName(_ name: String, _ record: ImportRecord, _ file: SourceFile) -> Bool {
        file.language == .typescript && NodeBuiltins.isBuiltin(record.module) && (name.first?.isUppercase ?? false)
    }

    // MARK: Attributes of imported modules

    /// `m.name` where `m` is bound to a whole module: Python `import m`, `import a.b`, `import a.b as c`,
    /// `from pkg import submodule`; JS `import * as m`, and a default import or `require` of a built-in.
    private func attributeFindings(_ file: SourceFile, _ resolver: RememberingResolver, _ flags: Set<String>) -> [Finding] {
        let analysis = file.scopeAnalysis()
        var moduleByOffset: [Int: (module: String, level: Int)?] = [:]
        var modulesByLocal: [String: Set<String>] = [:]
        for record in file.tree.imports {
            for name in record.names {
                guard let local = name.local else { continue }
                let module = boundModule(record, name, resolver)
                moduleByOffset[name.offset] = module
                // What else the import binds the name to, so that two imports of one name are told apart.
                modulesByLocal[local, default: []].insert(module?.module ?? record.module + "|" + (name.imported ?? ""))
            }
        }
        guard moduleByOffset.values.contains(where: { $0 != nil }) else { return [] }
        let reassigned = file.language == .python ? [] : reassignedNames(file)
        var assigned: Set<String>?
        var reflected: Set<String>?
        var findings: [Finding] = []
        for reference in analysis.references where !reference.inAnnotation {
            // The binding an import made (`const fs = require('fs')` binds through its declaration).
            guard case .bound(_, let binding) = analysis.resolve(reference),
                  let bound = moduleByOffset[binding.offset] ?? nil, !reassigned.contains(reference.name),
                  // Rebound by an assignment, or by imports of different modules (`try: import simplejson as json`).
                  !analysis.reboundNames.contains(reference.name), !analysis.declaredGlobals.contains(reference.name),
                  modulesByLocal[reference.name, default: []].count == 1 else { continue }
            let reads = file.memberReads(on: reference.node)
            guard !reads.isEmpty else { continue }
            var module = bound.module
            var written = reference.name
            for member in reads {
                guard let part = file.name(of: member) else { break }
                written += "." + part
                switch resolver.lookup(part, inModule: module, level: bound.level) {
                case .unknown:
                    break
                case .defined(let site):
                    // Walk on only into submodules and built-in namespaces (`os.path`, `fs.promises`);
                    // a name the package binds itself (`from .Token import Token`) hides its submodule.
                    let next = module.isEmpty ? part : module + "." + part
                    guard site.line == 0, isModule(next, level: bound.level, resolver) else { break }
                    module = next
                    continue
                case .absent:
                    if assigned == nil { assigned = file.assignedMemberNames(); reflected = file.reflectedMemberNames() }
                    guard file.tree[member].role != .target, !(assigned?.contains(part) ?? false), !(reflected?.contains(part) ?? false),
                          !file.isFeatureTest(member), !file.isInCompatibilityBranch(member, flags: flags),
                          !file.isInTry(member, catching: Self.attributeErrors) else { break }
                    let start = Int(file.tree[member].nameStart)
                    findings.append(finding(file, at: start, member: part, module: module, level: bound.level,
                                            resolver: resolver, written: written))
                }
                break
            }
        }
        return findings
    }

    /// JavaScript names assigned after their declaration (`fs = mockFs`): plain assignments are
    /// not bindings, so the scope analysis does not count them as rebinding.
    private func reassignedNames(_ file: SourceFile) -> Set<String> {
        var names = Set<String>()
        for index in 0..<file.tree.count where file.tree[index].kind == .name && file.tree[index].role == .target {
            if let parent = file.tree.parent(of: index), file.tree[parent].kind == .assignment, let name = file.name(of: index) {
                names.insert(name)
            }
        }
        return names
    }

    /// The module a name bound by an import stands for, when it stands for a whole module.
    private func boundModule(_ record: ImportRecord, _ name: ImportRecord.Name, _ resolver: RememberingResolver) -> (module: String, level: Int)? {
        guard let local = name.local else { return nil }
        switch record.form {
        case .pythonImport:
            // `import a.b` binds `a`; `import a.b as c` binds `c` to `a.b`.
            let top = String(record.module.prefix { $0 != "." })
            return (local == top ? top : record.module, 0)
        case .pythonFromImport:
            guard !record.isWildcard, let imported = name.imported,
                  case .defined(let site) = resolver.lookup(imported, inModule: record.module, level: record.level),
                  site.line == 0 else { return nil }
            let module = record.module.isEmpty ? imported : record.module + "." + imported
            return isModule(module, level: record.level, resolver) ? (module, record.level) : nil
        case .esImport, .require:
            if name.imported == "*" {
                // Babel's interop (`add-module-exports`) makes `import * as m` of a module with a default
                // export see the default's properties: only modules without one are checked.
                guard resolver.module(record.module, level: 0)?.names["default"] == nil else { return nil }
                return (record.module, 0)
            }
            guard NodeBuiltins.isBuiltin(record.module) else { return nil }
            if name.imported == nil || name.imported == "default" { return (record.module, 0) }
            let namespace = record.module + "." + (name.imported ?? "")
            return NodeBuiltins.module(named: namespace) != nil ? (namespace, 0) : nil
        case .esExportFrom, .dynamicImport:
            return nil
        }
    }

    /// Whether the dotted name is a module (Python file or package, standard-library module) or a
    /// namespace of a Node.js built-in, rather than a class, function or value.
    private func isModule(_ module: String, level: Int, _ resolver: RememberingResolver) -> Bool {
        if NodeBuiltins.module(named: module) != nil { return true }
        guard let symbols = resolver.module(module, level: level) else { return false }
        return symbols.module.hasSuffix(".py") || symbols.module.hasSuffix(".pyi") || PythonStandardLibrary.isKnownModule(module)
    }

    // MARK: Messages

    private func finding(_ file: SourceFile, at start: Int, member: String, module: String, level: Int,
                         resolver: RememberingResolver, written: String) -> Finding {
        let symbols = resolver.module(module, level: level)
        var described = "`\(String(repeating: ".", count: level) + module)`"
        if let path = symbols?.module, path != module, path.hasPrefix("/") || path.contains(".") {
            described += " (\(path))"
        } else if file.language == .python, PythonStandardLibrary.isKnownModule(module) {
            described += " (standard library, every Python 3.8–3.13)"
        } else if NodeBuiltins.module(named: module) != nil {
            described += " (Node.js built-in, surveyed from Node.js \(NodeBuiltins.surveyedMajorVersion))"
        }
        var message = "\(described) has no member `\(member)`, so `\(written)` fails at run time."
        var fix: String?
        let prefix = written.dropLast(member.count)
        if file.language == .python, level == 0, let owner = PythonStandardLibrary.classes(in: module, having: member).first {
            // `datetime.now` is a method of the class `datetime.datetime`.
            let className = owner.split(separator: ".").last.map(String.init) ?? owner
            message += " `\(member)` belongs to the class `\(owner)`: did you mean `\(prefix)\(className).\(member)`?"
            fix = "Write `\(prefix)\(className).\(member)`."
        } else if let best = nearest(to: member, in: (symbols?.names.keys).map(Array.init) ?? [])
                    ?? NameSimilarity.synonym(of: member, in: symbols?.names.keys.map { $0 } ?? []) {
            let site = symbols?.names[best].flatMap { $0.line > 0 ? " (\($0.description))" : nil } ?? ""
            message += " Did you mean `\(best)`\(site)?"
            fix = "Replace `\(member)` with `\(best)`."
        }
        return self.finding(in: file, from: start, to: start + member.utf8.count, message: message, fix: fix)
    }
}

/// A `ModuleResolver` that remembers its answers for one file's findings: a file reads the same
/// `module.member` (`os.path.join`) many times, and each answer costs a standard-library table
/// lookup or, with a project view, file-system lookups. The resolver is pure for a given project
/// view and file, so a remembered answer is the answer.
private final class RememberingResolver {
    private let resolver: ModuleResolver
    private var lookups: [String: ModuleSymbols.Lookup] = [:]
    private var modules: [String: ModuleSymbols?] = [:]

    init(_ resolver: ModuleResolver) { self.resolver = resolver }

    func lookup(_ name: String, inModule module: String, level: Int) -> ModuleSymbols.Lookup {
        let key = "\(level) \(module) \(name)"
        if let known = lookups[key] { return known }
        let answer = resolver.lookup(name, inModule: module, level: level)
        lookups[key] = answer
        return answer
    }

    func module(_ module: String, level: Int) -> ModuleSymbols? {
        let key = "\(level) \(module)"
        if let known = modules[key] { return known }
        let answer = resolver.module(module, level: level)
        modules[key] = answer
        return answer
    }
}
