import DriftCore
import DriftKnowledge
import DriftSyntax

/// Flags an import of a project file that is not in the project: `./utils/retry`, `from .helpers import x`.
struct UnresolvedRelativeImportRule: Rule {
    static let readsProject = true

    static let description = RuleDescription(
        id: "unresolved-relative-import",
        name: "Unresolved relative import",
        category: .hallucinatedAPIs,
        severity: .high,
        summary: "A relative import (`./x`, `../x`, `from .m import y`, a tsconfig path alias) names a file the project does not have.",
        why: """
            Generated code imports the helper module it imagines next to the file — `./utils/retry`, \
            `from .validators import check_email` — and the module was never written (or was not staged). The \
            import fails when the file is first loaded: `Cannot find module` in Node.js, `ModuleNotFoundError` \
            in Python, a failed build in a bundler. Drift resolves the path the way the runtime does (extensions, \
            index files, TypeScript's `./x.js` for `x.ts`, `__init__.py`, namespace packages) in the staged tree.
            """,
        fix: "Add the missing file to the commit, or correct the path to the module that exists.",
        examples: [
            .bad(.javascript, """
                import { retry } from ↓'./utils/retry';
                const config = require(↓'../config/defaults');
                """, path: "src/client.js", project: [
                    "src/utils/http.js": "export const get = () => {};\n",
                    "config/index.js": "module.exports = {};\n",
                ]),
            .bad(.typescript, """
                import { fetchUser } from ↓'./api/user.js';
                export { save } from ↓'./store';
                const lazy = () => import(↓'./pages/Settings');
                """, path: "src/app.ts", project: [
                    "src/api/users.ts": "export const fetchUser = () => 1;\n",
                    "src/pages/Home.tsx": "export default 1;\n",
                ]),
            // A tsconfig path alias whose target is not there.
            .bad(.typescript, """
                import { Button } from ↓'@/components/Buton';
                """, path: "src/app.ts", project: [
                    "tsconfig.json": #"{ "compilerOptions": { "baseUrl": ".", "paths": { "@/*": ["src/*"] } } }"#,
                    "src/components/Button.tsx": "export const Button = 1;\n",
                ]),
            // Paths inherited from a base configuration.
            .bad(.typescript, """
                import { db } from ↓'~lib/databse';
                """, path: "apps/web/src/app.ts", project: [
                    "tsconfig.base.json": #"{ "compilerOptions": { "baseUrl": ".", "paths": { "~lib/*": ["libs/*"] } } }"#,
                    "apps/web/tsconfig.json": #"{ "extends": "../../tsconfig.base.json", "compilerOptions": { "strict": true } }"#,
                    "libs/database.ts": "export const db = 1;\n",
                ]),
            // A subpath the package's own `exports` does not list.
            .bad(.javascript, """
                import { parse } from ↓'my-lib/parser';
                """, path: "src/index.js", project: [
                    "package.json": #"{ "name": "my-lib", "exports": { ".": "./src/index.js", "./format": "./src/format.js" } }"#,
                ]),
            .bad(.python, """
                from ↓.validators import check_email
                from . import models, ↓serializers
                from ↓..core.retry import backoff
                """, path: "app/api/views.py", project: [
                    "app/__init__.py": "",
                    "app/api/__init__.py": "",
                    "app/api/models.py": "class User: ...\n",
                    "app/core/__init__.py": "",
                ]),
            .good(.javascript, """
                import a from './lib';
                import b from './lib/index.js';
                import data from './data.json';
                import './styles.css';
                import Button from './Button';
                import platform from './platform';
                import worker from './worker?worker';
                import raw from 'raw-loader!./notes.txt';
                const pkg = require('../package.json');
                const m = require(`./locales/${lang}`);
                export * from './lib/helpers.mjs';
                """, path: "src/index.js", project: [
                    "package.json": "{}",
                    "src/lib/index.js": "", "src/lib/helpers.mjs": "",
                    "src/data.json": "{}", "src/styles.css": "",
                    "src/Button.jsx": "", "src/platform.ios.js": "", "src/worker.js": "",
                ]),
            // TypeScript ESM names the emitted `.js`; declarations and `.mts` count.
            .good(.typescript, """
                import { a } from './a.js';
                import type { B } from './types';
                import { c } from './c.mjs';
                import { Button } from '@/components/Button';
                import { thing } from 'lodash/fp';
                import self from 'my-app/utils';
                """, path: "src/index.ts", project: [
                    "package.json": #"{ "name": "my-app", "exports": { ".": "./dist/index.js", "./*": "./dist/*.js" } }"#,
                    "tsconfig.json": "{\n  // comments are allowed\n  \"compilerOptions\": { \"paths\": { \"@/*\": [\"./src/*\"], }, },\n}\n",
                    "src/a.ts": "", "src/types.d.ts": "", "src/c.mts": "", "src/components/Button.tsx": "",
                ]),
            // Submodules, names defined in `__init__`, namespace packages, compiled and stub modules.
            .good(.python, """
                from . import models, VERSION
                from .models import User
                from .speedups import fast
                from .native import loop
                from ..core import retry
                from .plugins.auth import login
                """, path: "app/api/views.py", project: [
                    "app/__init__.py": "",
                    "app/api/__init__.py": "VERSION = '1.0'\n",
                    "app/api/models.py": "",
                    "app/api/speedups.pyx": "",
                    "app/api/native.pyi": "",
                    "app/core/retry.py": "",
                    "app/api/plugins/auth.py": "",
                ]),
            // A package whose `__init__` serves modules through an import hook (setuptools' `extern`).
            .good(.python, """
                from .extern.jaraco.text import yield_lines
                """, path: "setuptools/_entry_points.py", project: [
                    "setuptools/__init__.py": "",
                    "setuptools/extern/__init__.py": "import sys\nsys.meta_path.append(VendorImporter(__name__, names))\n",
                ]),
            // A stub `__init__.pyi` declares names the `__init__.py` may not show.
            .good(.python, """
                from . import _FilterType
                """, path: "attr/filters.pyi", project: [
                    "attr/__init__.py": "", "attr/__init__.pyi": "_FilterType = int\n",
                ]),
            // `__init__` that can gain names at run time: a name not seen there proves nothing.
            .good(.python, """
                from . import anything
                """, path: "pkg/user.py", project: [
                    "pkg/__init__.py": "def __getattr__(name):\n    return name\n",
                ]),
            // A bundle's own `require`, optional and location-dependent loads.
            .good(.javascript, """
                (function (modules) {
                    modules[1] = function (require, module, exports) { module.exports = require('./stringify'); };
                })({});
                let helper;
                try { helper = require('./optional-helper'); } catch (e) { helper = null; }
                if (/self-coverage/.test(__dirname)) { helper = require('../self-coverage-helper'); }
                """, path: "dist/bundle.js", project: ["package.json": "{}"]),
            // Without a project (a pasted snippet) nothing can be resolved.
            .good(.python, """
                from .validators import check_email
                """),
            .good(.javascript, """
                import { retry } from './utils/retry';
                """),
        ])

    func findings(in file: SourceFile, context: RuleContext) -> [Finding] {
        guard let project = context.project else { return [] }
        var result: [Finding] = []
        // An import the code is ready to miss (`try`, a check of the platform or of where the file sits) is not broken.
        for site in ImportSite.all(in: file) where !site.isFailureHandled && !site.isConditional {
            let record = site.record
            if file.language == .python {
                guard record.level > 0 else { continue }
                result += pythonFindings(record, in: file, project: project)
            } else {
                let target = project.projectImport(record.module, level: 0, from: file.path)
                if let finding = finding(for: target, written: record.module, in: file, from: record.moduleStart, to: record.moduleEnd) {
                    result.append(finding)
                }
            }
        }
        return result
    }

    /// `from .m import a` needs module `.m`; `from . import a, b` needs each of `a`, `b` to be a
    /// submodule or a name the package's `__init__` defines.
    private func pythonFindings(_ record: ImportRecord, in file: SourceFile, project: any ProjectView) -> [Finding] {
        let dots = String(repeating: ".", count: record.level)
        guard record.module.isEmpty else {
            let target = project.projectImport(record.module, level: record.level, from: file.path)
            return [finding(for: target, written: dots + record.module, in: file, from: record.moduleStart, to: record.moduleEnd)].compactMap { $0 }
        }
        let resolver = ModuleResolver(project: project, path: file.path)
        var result: [Finding] = []
        for name in record.names {
            guard let imported = name.imported else { continue }
            let target = project.projectImport(imported, level: record.level, from: file.path)
            guard case .missing(let reason, let nearestModule) = target else { continue }
            // With an `__init__.py`, the name may be defined there; without one (a namespace
            // package) only a submodule can answer.
            var nearest = nearestModule
            if case .found(let initializer) = project.projectImport("__init__", level: record.level, from: file.path) {
                // A stub (`__init__.pyi`) or a compiled `__init__` may define names the source does not show.
                guard initializer.hasSuffix("/__init__.py") else { continue }
                guard case .absent = resolver.lookup(imported, inModule: "", level: record.level) else { continue }
                let names = resolver.module("", level: record.level)?.publicNames ?? []
                nearest = DriftCore.nearest(to: imported, in: names) ?? nearest
            }
            let end = name.offset + imported.utf8.count
            let message = "`from \(dots) import \(imported)`: `\(imported)` is neither a submodule nor defined in the package's "
                + "`__init__.py` (\(reason))." + (nearest.map { " Did you mean `\($0)`?" } ?? "")
            result.append(self.finding(in: file, from: name.offset, to: end, message: message, fix: fix(nearest: nearest)))
        }
        return result
    }

    private func finding(for target: ProjectImportTarget, written: String, in file: SourceFile, from start: Int, to end: Int) -> Finding? {
        guard case .missing(let reason, let nearest) = target else { return nil }
        let message = "`\(written)` resolves to no file in the project: \(reason)." + (nearest.map { " Did you mean `\($0)`?" } ?? "")
        return finding(in: file, from: start, to: end, message: message, fix: fix(nearest: nearest))
    }

    private func fix(nearest: String?) -> String {
        guard let nearest else { return Self.description.fix }
        return "Import `\(nearest)` if that is the module meant; otherwise add the missing file to the commit."
    }
}
