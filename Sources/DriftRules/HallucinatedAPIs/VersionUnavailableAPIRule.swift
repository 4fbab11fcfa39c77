import DriftCore
import DriftKnowledge
import DriftSyntax

/// Flags a standard-library module or member newer than the oldest runtime the project supports.
struct VersionUnavailableAPIRule: Rule {
    static let readsProject = true

    static let description = RuleDescription(
        id: "version-unavailable-api",
        name: "API newer than the supported runtime",
        category: .hallucinatedAPIs,
        severity: .medium,
        summary: "A standard-library module or member is used that the oldest Python or Node.js version the project supports does not have.",
        why: """
            Generated code uses the newest API it has seen — `tomllib`, `itertools.batched`, `datetime.UTC`, \
            `fs.glob` — while the project promises to run on older versions (`requires-python = \">=3.9\"`, \
            `engines.node`). It works on the developer's interpreter and fails with `ImportError` or \
            `AttributeError` on the oldest one the project supports, often only in CI or for users.
            """,
        fix: "Guard the use with a version check (or `try`/`except ImportError` with a fallback), or raise the project's minimum version.",
        examples: [
            .bad(.python, """
                import ↓tomllib
                from itertools import ↓batched
                import datetime
                now = ↓datetime.UTC
                """, path: "app/config.py", project: ["pyproject.toml": "[project]\nname = \"app\"\nrequires-python = \">=3.9\"\n"]),
            .bad(.javascript, """
                import { ↓glob } from 'node:fs/promises';
                import fs from 'fs';
                const files = ↓fs.globSync('*.js');
                """, path: "src/find.js", project: ["package.json": #"{ "name": "find", "engines": { "node": ">=18" } }"#]),
            .bad(.typescript, """
                import { ↓glob } from 'node:fs/promises';
                """, path: "src/find.ts", project: ["package.json": #"{ "name": "find", "engines": { "node": "^20.10.0" } }"#]),
            // Guarded by a version check or a fallback; available in the minimum version.
            .good(.python, """
                import sys
                if sys.version_info >= (3, 11):
                    import tomllib
                else:
                    import tomli as tomllib
                try:
                    from itertools import batched
                except ImportError:
                    batched = None
                from itertools import pairwise
                from collections import abc
                import datetime
                utc = datetime.timezone.utc
                """, path: "app/config.py", project: ["pyproject.toml": "[project]\nname = \"app\"\nrequires-python = \">=3.10\"\n"]),
            .good(.python, """
                import tomllib
                """, path: "app/config.py", project: ["pyproject.toml": "[project]\nname = \"app\"\nrequires-python = \">=3.11\"\n"]),
            // No declared minimum: nothing to compare with.
            .good(.python, """
                import tomllib
                """, path: "app/config.py", project: ["pyproject.toml": "[project]\nname = \"app\"\n"]),
            .good(.javascript, """
                import { glob } from 'node:fs/promises';
                import { readFile } from 'fs/promises';
                """, path: "src/find.js", project: ["package.json": #"{ "name": "find", "engines": { "node": ">=22" } }"#]),
            .good(.typescript, """
                import { readFile } from 'node:fs/promises';
                """, path: "src/find.ts", project: ["package.json": #"{ "name": "find", "engines": { "node": ">=18" } }"#]),
        ])

    func findings(in file: SourceFile, context: RuleContext) -> [Finding] {
        guard let requirement = context.project?.minimumRuntime(for: file.path) else { return [] }
        var uses: [(start: Int, end: Int, name: String, since: String)] = []
        if file.language == .python {
            uses = pythonUses(in: file, minimum: PythonVersion(requirement.major, requirement.minor))
        } else if file.language == .javascript || file.language == .typescript {
            uses = nodeUses(in: file, minimumMajor: requirement.major)
        }
        let runtime = file.language == .python ? "Python" : "Node.js"
        let manifest = requirement.manifest.split(separator: "/").last.map(String.init) ?? requirement.manifest
        let oldest = file.language == .python ? "\(requirement.major).\(requirement.minor)" : "\(requirement.major)"
        return uses.filter { !isGuarded($0.start, in: file) }.map { use in
            finding(in: file, from: use.start, to: use.end,
                    message: "`\(use.name)` needs \(runtime) \(use.since), but \(manifest) supports \(runtime) \(oldest): it fails there.")
        }
    }

    private func isGuarded(_ offset: Int, in file: SourceFile) -> Bool {
        let node = file.node(atByte: offset)
        return ImportSite.failureHandled(node, in: file) || ImportSite.underCondition(node, in: file)
            || file.bytes(0, file.bytes.count, contain: "hasattr(")
    }

    // MARK: Python

    private func pythonUses(in file: SourceFile, minimum: PythonVersion) -> [(start: Int, end: Int, name: String, since: String)] {
        func newer(_ range: PythonVersionRange) -> PythonVersion? {
            guard let introduced = range.introduced, minimum < introduced else { return nil }
            return introduced
        }
        var result: [(Int, Int, String, String)] = []
        var modulesByLocal: [String: String] = [:]
        for record in file.tree.imports where record.level == 0 {
            guard let info = PythonStandardLibrary.module(named: record.module) else { continue }
            if let since = newer(info.range) {
                result.append((record.moduleStart, record.moduleEnd, record.module, "\(since)"))
                continue
            }
            if record.form == .pythonImport {
                // `import os.path` binds `os`; `import os.path as p` binds `p` to `os.path`.
                let top = record.module.split(separator: ".").first.map(String.init) ?? record.module
                if let local = record.names.first?.local { modulesByLocal[local] = local == top ? top : record.module }
                continue
            }
            for name in record.names {
                guard let imported = name.imported, let range = Self.pythonRange(of: imported, in: record.module),
                      let since = newer(range) else { continue }
                result.append((name.offset, name.offset + imported.utf8.count, record.module + "." + imported, "\(since)"))
            }
        }
        // `module.member` through a name bound by `import module`.
        for node in file.tree.nodes(ofKind: .member) where file.tree[node].firstChild >= 0 && file.tree[Int(file.tree[node].firstChild)].kind == .name {
            guard let chain = file.memberChain(of: node), chain.count == 2, let module = modulesByLocal[chain[0]],
                  file.declaration(of: chain[0], at: node)?.binding.kind == .importBinding,
                  let range = Self.pythonRange(of: chain[1], in: module), let since = newer(range) else { continue }
            let start = file.tree[node].startByte
            result.append((start, file.tree[node].endByte, module + "." + chain[1], "\(since)"))
        }
        return result
    }

    /// The versions that have `module.member`. A submodule counts from the submodule's own range:
    /// `from collections import abc` imports it whatever `dir(collections)` showed in that version.
    private static func pythonRange(of member: String, in module: String) -> PythonVersionRange? {
        if let submodule = PythonStandardLibrary.module(named: module + "." + member) { return submodule.range }
        guard case .present(let range) = PythonStandardLibrary.member(member, of: module) else { return nil }
        return range
    }

    // MARK: Node.js

    private func nodeUses(in file: SourceFile, minimumMajor: Int) -> [(start: Int, end: Int, name: String, since: String)] {
        var result: [(Int, Int, String, String)] = []
        var modulesByLocal: [String: String] = [:]
        for record in file.tree.imports {
            guard let info = NodeBuiltins.module(named: record.module) else { continue }
            if let since = info.sinceMajorVersion, since > minimumMajor {
                result.append((record.moduleStart, record.moduleEnd, record.module, "\(since)"))
                continue
            }
            for name in record.names {
                guard let local = name.local else { continue }
                guard let imported = name.imported, imported != "default", imported != "*" else {
                    modulesByLocal[local] = record.module
                    continue
                }
                if case .present(let since?) = NodeBuiltins.export(imported, of: record.module), since > minimumMajor {
                    result.append((name.offset, name.offset + local.utf8.count, imported, "\(since)"))
                }
            }
            // `const fs = require('fs')`.
            if record.form == .require, let parent = file.tree.parent(of: record.node), file.tree[parent].kind == .declarator,
               let local = file.name(of: parent) {
                modulesByLocal[local] = record.module
            }
        }
        for node in file.tree.nodes(ofKind: .member) {
            guard let chain = file.memberChain(of: node), chain.count == 2, let module = modulesByLocal[chain[0]],
                  case .present(let since?) = NodeBuiltins.export(chain[1], of: module), since > minimumMajor else { continue }
            result.append((file.tree[node].startByte, file.tree[node].endByte, module + "." + chain[1], "\(since)"))
        }
        return result
    }
}
