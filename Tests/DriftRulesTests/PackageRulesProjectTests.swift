import DriftCore
import DriftEngine
import DriftKnowledge
import DriftRules
import DriftSyntax
import Foundation
import Testing

/// The package rules over real projects on disk: a Python project with a virtualenv made by
/// `python3 -m venv` and a package laid out in it the way pip installs one, and an npm project
/// with a `node_modules`, resolved through `ProjectKnowledge()` as `drift check` does.
@Suite struct PackageRulesProjectTests {
    /// A fresh project folder (bounded by a `.git` folder, as a checkout is) with `files` written in it.
    final class Project {
        let root: String

        init(_ files: [String: String]) throws {
            root = FileManager.default.temporaryDirectory.path + "/drift-package-rules/" + UUID().uuidString
            try FileManager.default.createDirectory(atPath: root + "/.git", withIntermediateDirectories: true)
            for (path, text) in files { try write(path, text) }
        }

        deinit { try? FileManager.default.removeItem(atPath: root) }

        func write(_ path: String, _ text: String) throws {
            let full = root + "/" + path
            try FileManager.default.createDirectory(atPath: (full as NSString).deletingLastPathComponent, withIntermediateDirectories: true)
            try Data(text.utf8).write(to: URL(fileURLWithPath: full))
        }

        /// A real virtualenv at `.venv` (without pip, which the rules never need).
        func makeVirtualenv() throws -> String {
            let process = Process()
            process.executableURL = URL(fileURLWithPath: "/usr/bin/env")
            process.arguments = ["python3", "-m", "venv", "--without-pip", root + "/.venv"]
            try process.run()
            process.waitUntilExit()
            #expect(process.terminationStatus == 0)
            let lib = root + "/.venv/lib"
            let version = try #require(FileManager.default.contentsOfDirectory(atPath: lib).first { $0.hasPrefix("python") })
            return ".venv/lib/" + version + "/site-packages"
        }

        /// Installs a distribution into `sitePackages` the way pip lays it out.
        func install(distribution: String, version: String, modules: [String], in sitePackages: String) throws {
            let info = "\(sitePackages)/\(distribution)-\(version).dist-info"
            try write(info + "/METADATA", "Metadata-Version: 2.1\nName: \(distribution)\nVersion: \(version)\n")
            try write(info + "/top_level.txt", modules.joined(separator: "\n") + "\n")
            var record = ""
            for module in modules {
                try write("\(sitePackages)/\(module)/__init__.py", "def load(text): ...\n")
                record += "\(module)/__init__.py,,\n"
            }
            try write(info + "/RECORD", record + "\(distribution)-\(version).dist-info/METADATA,,\n")
        }

        func findings(_ path: String, rules: [any Rule.Type]) throws -> [Finding] {
            let full = root + "/" + path
            let text = try String(contentsOfFile: full, encoding: .utf8)
            let file = SourceFile(path: full, language: try #require(Language(path: path)), text: text)
            return Analyzer(rules: rules).findings(in: file, configuration: Configuration(), project: ProjectKnowledge())
                .sorted { ($0.range.start.line, $0.range.start.column) < ($1.range.start.line, $1.range.start.column) }
        }
    }

    static let packageRules: [any Rule.Type] = RuleCatalog.all.filter {
        ["unresolved-relative-import", "unknown-package", "undeclared-dependency", "version-unavailable-api"].contains($0.description.id)
    }

    @Test func pythonProjectWithAVirtualenv() throws {
        let project = try Project([
            "pyproject.toml": """
                [project]
                name = "shop"
                requires-python = ">=3.9"
                dependencies = ["requests>=2"]
                [project.optional-dependencies]
                toml = ["tomli"]
                """,
            "shop/__init__.py": "VERSION = 1\n",
            "shop/models.py": "class User: ...\n",
            "shop/client.py": """
                import requests
                import tomli
                import yaml
                import reqests
                import fastjsonx
                import tomllib
                from . import models, VERSION, serializers
                from .modles import User
                def plot():
                    import matplotlib
                """,
        ])
        let sitePackages = try project.makeVirtualenv()
        try project.install(distribution: "requests", version: "2.32.3", modules: ["requests"], in: sitePackages)
        try project.install(distribution: "tomli", version: "2.0.1", modules: ["tomli"], in: sitePackages)
        try project.install(distribution: "PyYAML", version: "6.0.1", modules: ["yaml", "_yaml"], in: sitePackages)

        let found = try project.findings("shop/client.py", rules: Self.packageRules)
        let summary = found.map { "\($0.range.start.line) \($0.ruleID) \($0.severity)" }
        #expect(summary == [
            "3 undeclared-dependency medium",
            "4 unknown-package high",
            "5 unknown-package high",
            "6 version-unavailable-api medium",
            "7 unresolved-relative-import high",
            "8 unresolved-relative-import high",
            "10 unknown-package medium",
        ])
        #expect(found[0].message.contains("Declare `PyYAML`"))
        #expect(found[1].message.contains("Did you mean `requests`?"))
        #expect(found[2].message.contains("may not exist; it could be a slopsquatting target"))
        #expect(found[3].message.contains("`tomllib` needs Python 3.11, but pyproject.toml supports Python 3.9"))
        #expect(found[4].message.contains("`serializers` is neither a submodule nor defined"))
        #expect(found[5].message.contains("Did you mean `models`?"))
    }

    @Test func editableInstallsAndSystemPackagesMakeAbsenceUnprovable() throws {
        let project = try Project([
            "requirements.txt": "requests\n",
            "app/main.py": "import localpkg\nimport mystery\n",
        ])
        let sitePackages = try project.makeVirtualenv()
        // Outside the places Drift looks for the project's own modules: only the `.pth` file finds it.
        try project.write("external/localpkg/__init__.py", "")
        try project.write(sitePackages + "/__editable__.localpkg-0.1.pth", project.root + "/external\n")
        let found = try project.findings("app/main.py", rules: Self.packageRules)
        // The editable package is installed (undeclared, which is a warning); `mystery` is nowhere.
        #expect(found.map { "\($0.ruleID) \($0.severity)" } == ["undeclared-dependency medium", "unknown-package high"])
        #expect(found.last?.message.contains("`mystery`") == true)

        // With the interpreter's packages visible, a missing name may be installed there: a warning only.
        try project.write(".venv/pyvenv.cfg", "home = /usr/bin\ninclude-system-site-packages = true\n")
        #expect(try project.findings("app/main.py", rules: Self.packageRules).map { "\($0.ruleID) \($0.severity)" }
                == ["undeclared-dependency medium", "unknown-package medium"])
    }

    @Test func withoutManifestOrEnvironmentTheEvidenceDecidesTheSeverity() throws {
        // A manifest but no environment: not declared is a warning, since it may be installed globally.
        let manifestOnly = try Project(["requirements.txt": "requests\n", "tool.py": "import fastjsonx\n"])
        #expect(try manifestOnly.findings("tool.py", rules: Self.packageRules).map(\.severity) == [.medium])
        // A virtualenv beside the project, not in it, is some other project's: still only a warning.
        let sibling = try Project([
            "app/requirements.txt": "requests\n", "app/tool.py": "import fastjsonx\n",
            "other-venv/pyvenv.cfg": "home = /usr/bin\n", "other-venv/lib/python3.12/site-packages/requests/__init__.py": "",
        ])
        #expect(try sibling.findings("app/tool.py", rules: Self.packageRules).map(\.severity) == [.medium])
        // Neither: nothing is known.
        let nothing = try Project(["tool.py": "import fastjsonx\n"])
        #expect(try nothing.findings("tool.py", rules: Self.packageRules).isEmpty)
    }

    @Test func nodeProjectWithNodeModules() throws {
        let project = try Project([
            "package.json": #"{ "name": "api", "type": "module", "engines": { "node": ">=18" }, "dependencies": { "express": "^4.19.0" } }"#,
            "node_modules/express/package.json": #"{ "name": "express", "version": "4.19.2" }"#,
            "node_modules/debug/package.json": #"{ "name": "debug", "version": "4.3.4" }"#,
            "src/routes/users.js": "export const list = () => [];\n",
            "src/server.js": """
                import express from 'express';
                import createDebug from 'debug';
                import helper from 'expresss';
                import { list } from './routes/user.js';
                import { glob } from 'node:fs/promises';
                """,
        ])
        let found = try project.findings("src/server.js", rules: Self.packageRules)
        #expect(found.map { "\($0.range.start.line) \($0.ruleID) \($0.severity)" } == [
            "2 undeclared-dependency medium",
            "3 unknown-package high",
            "4 unresolved-relative-import high",
            "5 version-unavailable-api medium",
        ])
        #expect(found[1].message.contains("Did you mean `express`?"))
        #expect(found[2].message.contains("Did you mean `users`?"))

        // Installing and declaring what was missing clears the file.
        try project.write("package.json", #"{ "name": "api", "engines": { "node": ">=22" }, "dependencies": { "express": "^4", "debug": "^4", "expresss": "1" } }"#)
        try project.write("node_modules/expresss/package.json", #"{ "name": "expresss" }"#)
        try project.write("src/routes/user.ts", "export const list = () => [];\n")
        #expect(try project.findings("src/server.js", rules: Self.packageRules).isEmpty)
    }

    @Test func yarnPlugAndPlayLeavesInstallationUnknown() throws {
        let project = try Project([
            "package.json": #"{ "name": "api", "dependencies": {} }"#,
            ".pnp.cjs": "// Yarn PnP resolver\n",
            "node_modules/.cache/placeholder": "",
            "index.js": "import chalk from 'chalk';\n",
        ])
        #expect(try project.findings("index.js", rules: Self.packageRules).map(\.severity) == [.medium])
    }
}
