import DriftCore
import DriftKnowledge
import DriftSyntax

/// Flags an import of a package that the project neither declares nor has installed.
struct UnknownPackageRule: Rule {
    static let readsProject = true

    /// A small Python project with a virtualenv that has `requests` installed, as pip lays it out.
    private static let pythonProject: [String: String] = [
        "pyproject.toml": "[project]\nname = \"shop\"\nrequires-python = \">=3.9\"\ndependencies = [\"requests>=2\"]\n",
        ".venv/pyvenv.cfg": "home = /usr/bin\ninclude-system-site-packages = false\n",
        ".venv/lib/python3.12/site-packages/requests/__init__.py": "def get(url): ...\n",
        ".venv/lib/python3.12/site-packages/requests-2.32.3.dist-info/METADATA": "Metadata-Version: 2.1\nName: requests\nVersion: 2.32.3\n",
        ".venv/lib/python3.12/site-packages/requests-2.32.3.dist-info/top_level.txt": "requests\n",
    ]

    /// A small npm project with `express` installed.
    private static let nodeProject: [String: String] = [
        "package.json": #"{ "name": "api", "dependencies": { "express": "^4.19.0" }, "devDependencies": { "@types/node": "^20" } }"#,
        "node_modules/express/package.json": #"{ "name": "express", "main": "index.js" }"#,
        "node_modules/@types/node/package.json": #"{ "name": "@types/node" }"#,
    ]

    static let description = RuleDescription(
        id: "unknown-package",
        name: "Unknown package",
        category: .hallucinatedAPIs,
        severity: .high,
        summary: "A package is imported that the project neither declares nor has installed, and that is not standard library or a module of the project.",
        why: """
            Code assistants recommend packages that do not exist — about one in five in studies of open \
            models, and the same invented names come back run after run, so attackers register them \
            (\"slopsquatting\"): the `pip install` or `npm install` that makes the error go away installs their \
            code. A real package that is merely undeclared fails on every other machine. Drift reports the \
            import when the manifests were read completely and the environment (`node_modules`, the virtualenv) \
            does not have it; with only one of the two to go on, or for an import inside a function or an `if` \
            (the way libraries load optional dependencies), the finding is a warning.
            """,
        fix: "Check the package on the registry before installing anything; use the real package meant, or declare it in the manifest.",
        examples: [
            .bad(.python, """
                import requests
                import ↓fastjsonx
                from ↓yaml import safe_load
                """, path: "shop/client.py", project: pythonProject),
            // Inside a function or under a flag it is a warning: libraries load optional dependencies that way.
            .bad(.python, """
                def plot(values):
                    import ↓matplotlib.pyplot as plt
                    return plt.plot(values)
                """, path: "shop/charts.py", project: pythonProject),
            .bad(.javascript, """
                import express from 'express';
                import { retry } from ↓'express-retry-helper';
                const chalk = require(↓'chalk');
                """, path: "src/server.js", project: nodeProject),
            .bad(.typescript, """
                import express from 'express';
                import { z } from ↓'zod';
                """, path: "src/server.ts", project: nodeProject),
            // The standard library, the project's own modules, guarded imports, and Python names
            // whose distribution is spelled differently.
            .good(.python, """
                import os, json, tomllib
                import requests.adapters
                from shop import models
                from helpers import slugify
                try:
                    import ujson as json
                except ImportError:
                    pass
                if TYPE_CHECKING:
                    from mypy_extensions import TypedDict
                try:
                    from urllib3.contrib import pyopenssl
                except ImportError:
                    from BaseHTTPServer import HTTPServer
                else:
                    import OpenSSL
                import cryptography  # type: ignore[import-not-found]
                """, path: "shop/client.py", project: pythonProject.merging([
                    "shop/__init__.py": "", "shop/models.py": "", "shop/helpers.py": "",
                ]) { a, _ in a }),
            .good(.javascript, """
                import fs from 'node:fs';
                import path from 'path';
                import express from 'express';
                import router from 'express/lib/router';
                import { util } from '@/util';
                import local from '#internal/db';
                import shared from 'api/shared';
                let optional;
                try { optional = require('fsevents'); } catch { optional = null; }
                """, path: "src/server.js", project: nodeProject),
            // Ambient module declarations and @types-only packages.
            .good(.typescript, """
                import type { Server } from 'node';
                import config from 'virtual-config';
                """, path: "src/server.ts", project: nodeProject.merging([
                    "src/env.d.ts": "declare module 'virtual-config' { const c: object; export default c; }\n",
                ]) { a, _ in a }),
            // No manifest and no environment: nothing is known, nothing is reported.
            .good(.python, """
                import fastjsonx
                """, path: "script.py", project: ["script_helpers.py": ""]),
            // A file that edits sys.path can import from anywhere.
            .good(.python, """
                import sys
                sys.path.insert(0, "/opt/vendor")
                import vendored_thing
                """, path: "shop/run.py", project: pythonProject),
        ])

    func findings(in file: SourceFile, context: RuleContext) -> [Finding] {
        PackageImport.all(in: file, context: context).compactMap { finding(for: $0, in: file, role: context.role) }
    }

    private func finding(for item: PackageImport, in file: SourceFile, role: FileRole) -> Finding? {
        let evidence = item.evidence
        guard !evidence.isLocal, !item.isOptional else { return nil }
        var severity = Severity.high
        var facts: [String] = []
        switch evidence.declaration {
        case .declared: return nil
        case .notDeclared(let manifests): facts.append("not declared in \(PackageImport.manifestNames(manifests))")
        case .unknown: severity = .medium
        }
        switch evidence.installation {
        case .installed: return nil
        case .notInstalled(let environment):
            facts.append("not installed in \(environment.split(separator: "/").last.map(String.init) ?? environment)")
        case .unknown: severity = .medium
        }
        guard !facts.isEmpty else { return nil }
        // Tests, examples and docs often take their packages from tox, nox or CI configuration Drift does not read.
        if !role.isDisjoint(with: [.test, .example]) { severity = .medium }
        // Libraries import optional dependencies lazily, in the function that needs them, or under a
        // flag (`if HAS_CRT:`); generated code puts its imports at the top of the module.
        let node = item.site.record.node
        if file.enclosingFunction(of: node) != nil || file.enclosing(.ifStatement, of: node) != nil { severity = .medium }

        let language = file.language
        let registry = PackageImport.registry(language)
        let name = evidence.package
        var message = "`\(name)` is " + facts.joined(separator: " and ") + ". "
        let nearest = item.nearestRealName(language: language)
        let fix: String
        if item.isPopular(language: language) {
            let real = item.registryName(language: language)
            message += "It is a real \(registry) package (`\(real)`): declare it in the manifest and install it."
            fix = "Add `\(real)` to the project's dependencies and install it."
        } else {
            message += "It is not among the popular \(registry) packages Drift knows: this package may not exist; it could be a slopsquatting target."
            if let nearest { message += " Did you mean `\(nearest)`?" }
            fix = nearest.map { "If `\($0)` is what was meant, import that. Otherwise check that `\(name)` exists on \(registry) and is the package you want before installing it." }
                ?? "Check that `\(name)` exists on \(registry) and is the package you want before installing it; otherwise remove the import."
        }
        var result = self.finding(in: file, from: item.site.record.moduleStart, to: item.site.record.moduleEnd, message: message, fix: fix)
        result.severity = severity
        return result
    }
}
