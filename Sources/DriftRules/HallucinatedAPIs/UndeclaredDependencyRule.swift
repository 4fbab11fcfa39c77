import DriftCore
import DriftKnowledge
import DriftSyntax

/// Flags an import of a package that is installed but that no manifest of the project declares.
struct UndeclaredDependencyRule: Rule {
    static let readsProject = true

    /// A Python project whose virtualenv has PyYAML (pulled in by another package) and requests.
    private static let pythonProject: [String: String] = [
        "pyproject.toml": """
            [project]
            name = "shop"
            dependencies = ["requests"]
            [project.optional-dependencies]
            fast = ["orjson"]
            [dependency-groups]
            test = ["pytest"]
            """,
        ".venv/pyvenv.cfg": "home = /usr/bin\n",
        ".venv/lib/python3.12/site-packages/requests/__init__.py": "",
        ".venv/lib/python3.12/site-packages/requests-2.32.3.dist-info/METADATA": "Name: requests\nVersion: 2.32.3\n",
        ".venv/lib/python3.12/site-packages/yaml/__init__.py": "",
        ".venv/lib/python3.12/site-packages/PyYAML-6.0.1.dist-info/METADATA": "Name: PyYAML\nVersion: 6.0.1\n",
        ".venv/lib/python3.12/site-packages/PyYAML-6.0.1.dist-info/top_level.txt": "_yaml\nyaml\n",
        ".venv/lib/python3.12/site-packages/orjson/__init__.py": "",
        ".venv/lib/python3.12/site-packages/_pytest/__init__.py": "",
        ".venv/lib/python3.12/site-packages/pytest/__init__.py": "",
    ]

    /// An npm project whose node_modules has `debug` (a dependency of express) as well.
    private static let nodeProject: [String: String] = [
        "package.json": #"{ "name": "api", "dependencies": { "express": "^4" }, "devDependencies": { "vitest": "^1" } }"#,
        "node_modules/express/package.json": #"{ "name": "express" }"#,
        "node_modules/debug/package.json": #"{ "name": "debug" }"#,
        "node_modules/vitest/package.json": #"{ "name": "vitest" }"#,
    ]

    static let description = RuleDescription(
        id: "undeclared-dependency",
        name: "Undeclared dependency",
        category: .hallucinatedAPIs,
        severity: .medium,
        summary: "A package is imported that is installed here but declared in no manifest of the project.",
        why: """
            The import works on this machine only because the package happens to be installed — usually as a \
            dependency of something else. A fresh install (CI, a colleague, production) does not have it, or has a \
            different version, and the import fails there. Generated code imports whatever it has seen used \
            together, without touching the manifest.
            """,
        fix: "Declare the package in the manifest (the runtime dependencies, or the dev/test group for test code).",
        examples: [
            .bad(.python, """
                import requests
                import ↓yaml
                """, path: "shop/config.py", project: pythonProject),
            .bad(.javascript, """
                import express from 'express';
                import createDebug from ↓'debug';
                """, path: "src/server.js", project: nodeProject),
            .bad(.typescript, """
                import express from 'express';
                import type { Debugger } from ↓'debug';
                """, path: "src/server.ts", project: nodeProject),
            // Extras and dependency groups count as declared; optional imports are guarded.
            .good(.python, """
                import requests
                import orjson
                import pytest
                try:
                    import yaml
                except ImportError:
                    yaml = None
                """, path: "shop/config.py", project: pythonProject),
            // A build script imports the build backend pip provides.
            .good(.python, """
                from setuptools import setup
                setup(name="shop")
                """, path: "setup.py", project: pythonProject.merging([
                    ".venv/lib/python3.12/site-packages/setuptools/__init__.py": "",
                ]) { a, _ in a }),
            // devDependencies count, in tests and elsewhere.
            .good(.javascript, """
                import express from 'express';
                import { describe, it } from 'vitest';
                """, path: "src/server.test.js", project: nodeProject),
            .good(.typescript, """
                import express from 'express';
                """, path: "src/server.ts", project: nodeProject),
        ])

    func findings(in file: SourceFile, context: RuleContext) -> [Finding] {
        PackageImport.all(in: file, context: context).compactMap { item in
            guard !item.evidence.isLocal, !item.isOptional, case .notDeclared(let manifests) = item.evidence.declaration,
                  case .installed(let location) = item.evidence.installation else { return nil }
            let name = item.registryName(language: file.language)
            let environment = location.split(separator: "/").last.map(String.init) ?? location
            let message = "`\(item.evidence.package)` is installed (\(environment)) but not declared in "
                + "\(PackageImport.manifestNames(manifests)): a fresh install will not have it. Declare `\(name)`."
            return finding(in: file, from: item.site.record.moduleStart, to: item.site.record.moduleEnd, message: message,
                           fix: "Add `\(name)` to the dependencies in \(PackageImport.manifestNames(manifests)).")
        }
    }
}
