import Foundation
import DriftCore
import Testing
@testable import DriftKnowledge

@Suite struct PackageJSONManifestTests {
    static let text = """
        {
          "name": "@acme/web",
          "version": "1.2.0",
          "type": "module",
          "main": "./dist/index.cjs",
          "types": "./dist/index.d.ts",
          "exports": {
            ".": { "import": "./dist/index.js", "require": "./dist/index.cjs" },
            "./utils": "./dist/utils.js",
            "./package.json": "./package.json"
          },
          "imports": { "#internal/*": "./src/internal/*.js" },
          "workspaces": { "packages": ["packages/*", "apps/*"] },
          "engines": { "node": ">=18.17 <23" },
          "dependencies": { "react": "^18.2.0", "@tanstack/react-query": "5.0.0" },
          "devDependencies": { "typescript": "~5.4.0", "vitest": "^1.6.0" },
          "peerDependencies": { "react-dom": "*" },
          "optionalDependencies": { "fsevents": "^2.3.3" },
          "bundleDependencies": ["left-pad"],
          "scripts": { "build": "tsc -p ." }
        }
        """

    @Test func readsEverything() {
        let manifest = PackageJSONManifest(path: "package.json", text: Self.text)
        #expect(manifest.problems.isEmpty)
        #expect(manifest.name == "@acme/web")
        #expect(manifest.moduleType == "module")
        #expect(manifest.workspaces == ["packages/*", "apps/*"])
        #expect(manifest.exportedSubpaths == [".", "./utils", "./package.json"])
        #expect(manifest.importAliases == ["#internal/*"])
        #expect(manifest.nodeEngine == ">=18.17 <23")
        #expect(manifest.types == "./dist/index.d.ts")
        let groups = Dictionary(grouping: manifest.dependencies, by: \.group).mapValues { $0.map(\.name) }
        #expect(groups["dependencies"] == ["react", "@tanstack/react-query"])
        #expect(groups["devDependencies"] == ["typescript", "vitest"])
        #expect(groups["peerDependencies"] == ["react-dom"])
        #expect(groups["optionalDependencies"] == ["fsevents"])
        #expect(groups["bundleDependencies"] == ["left-pad"])
        #expect(manifest.dependencies.first { $0.name == "react" }?.line == 15)
        #expect(manifest.declares(specifier: "@tanstack/react-query/devtools"))
        #expect(manifest.declares(specifier: "@acme/web/utils"))
        #expect(!manifest.declares(specifier: "lodash"))
    }

    @Test func specifiers() {
        #expect(PackageJSONManifest.packageName(ofSpecifier: "lodash/fp") == "lodash")
        #expect(PackageJSONManifest.packageName(ofSpecifier: "@scope/pkg/deep/x.js") == "@scope/pkg")
        #expect(PackageJSONManifest.packageName(ofSpecifier: "./local") == nil)
        #expect(PackageJSONManifest.packageName(ofSpecifier: "node:fs") == nil)
        #expect(PackageJSONManifest.packageName(ofSpecifier: "#internal/x") == nil)
        #expect(PackageJSONManifest.packageName(ofSpecifier: "@scope") == nil)
        for alias in ["@/components/Button", "~/utils", "$lib/db", "virtual:pwa-register", "bun:test", "https://esm.sh/x", "_private"] {
            #expect(PackageJSONManifest.packageName(ofSpecifier: alias) == nil, "\(alias)")
        }
    }

    @Test(arguments: [
        "", "{", "{\"dependencies\": {\"a\": }", "[1, 2]", "{\"a\": \"unterminated}", "{\"dependencies\": [\"react\"]}",
        String(repeating: "[", count: 10_000), "{\"a\": 1} trailing", "\u{FEFF}{\"a\": 1.5e3, \"b\": \"\\ud83d\\ude00\"}",
    ])
    func malformedNeverCrashes(text: String) {
        let manifest = PackageJSONManifest(path: "package.json", text: text)
        if text.hasPrefix("\u{FEFF}") {
            #expect(manifest.problems.isEmpty)
        } else {
            #expect(!manifest.problems.isEmpty)
        }
    }

    @Test func stringExportsAndArrayWorkspaces() {
        let manifest = PackageJSONManifest(path: "pkg/package.json", text: #"{"exports": "./index.js", "workspaces": ["libs/*"]}"#)
        #expect(manifest.hasExports)
        #expect(manifest.exportedSubpaths == ["."])
        #expect(manifest.workspaces == ["libs/*"])
        #expect(manifest.moduleType == nil)
    }
}

@Suite struct RequirementsFileTests {
    @Test func readsRealLookingFile() {
        let text = """
            # Core
            --index-url https://pypi.org/simple
            -r base.txt
            --requirement=extra/ci.txt
            -c constraints.txt
            requests[socks,security]>=2.31,<3  # http
            PyYAML==6.0.1 ; python_version >= "3.8"
            Django~=4.2 \\
                --hash=sha256:0123456789abcdef
            numpy
            -e git+https://github.com/acme/toolkit.git@v1.2#egg=acme-toolkit
            -e .
            ./vendor/wheels/orjson-3.9.10-cp311-cp311-manylinux_2_17_x86_64.whl
            https://example.com/pkgs/fancy_lib-2.0.tar.gz
            attrs @ https://example.com/attrs-23.1.0-py3-none-any.whl
            zope.interface>=5
            this is not valid !!
            """
        let file = RequirementsFile(path: "requirements.txt", text: text)
        #expect(file.dependencies.map(\.name) == [
            "requests", "PyYAML", "Django", "numpy", "acme-toolkit", "orjson", "fancy_lib", "attrs", "zope.interface",
        ])
        #expect(file.includes == ["base.txt", "extra/ci.txt"])
        #expect(file.constraints == ["constraints.txt"])
        #expect(file.localPaths == ["."])
        #expect(file.dependencies.first { $0.name == "Django" }?.specifier == "~=4.2")
        #expect(file.dependencies.first { $0.name == "requests" }?.line == 6)
        #expect(file.problems.count == 1)
        #expect(file.problems.first?.line == 17)
    }

    @Test func requirementSyntax() throws {
        let requirement = try #require(PythonRequirement("Foo_Bar[extra1, extra2] (>=1.0) ; sys_platform == 'win32'"))
        #expect(requirement.normalizedName == "foo-bar")
        #expect(requirement.extras == ["extra1", "extra2"])
        #expect(requirement.specifier == ">=1.0")
        #expect(requirement.marker == "sys_platform == 'win32'")
        #expect(PythonRequirement("pkg @ git+https://x/y.git")?.url == "git+https://x/y.git")
        #expect(PythonRequirement("--hash") == nil)
        #expect(PythonRequirement("not a requirement") == nil)
    }
}

@Suite struct PyProjectManifestTests {
    @Test func pep621AndGroups() {
        let text = """
            [build-system]
            requires = ["hatchling>=1.18"]
            build-backend = "hatchling.build"

            [project]
            name = "acme-service"
            version = "0.4.0"
            requires-python = ">=3.10"
            dependencies = [
                "fastapi>=0.110",
                "pydantic[email]>=2",
                "python-dateutil; python_version < '3.12'",
            ]

            [project.optional-dependencies]
            postgres = ["psycopg[binary]>=3.1"]

            [dependency-groups]
            test = ["pytest>=8", {include-group = "lint"}]
            lint = ["ruff"]

            [tool.uv]
            dev-dependencies = ["mypy>=1.8"]

            [[tool.uv.index]]
            name = "internal"
            url = "https://pypi.internal/simple"

            [tool.coverage.report]
            fail_under = 92.5
            """
        let manifest = PyProjectManifest(path: "pyproject.toml", text: text)
        #expect(manifest.problems.isEmpty, "\(manifest.problems)")
        #expect(manifest.projectName == "acme-service")
        #expect(manifest.requiresPython == ">=3.10")
        let names = manifest.dependencies.map { "\($0.group):\($0.name)" }
        #expect(names == [
            "build:hatchling", "install:fastapi", "install:pydantic", "install:python-dateutil",
            "optional:postgres:psycopg", "group:test:pytest", "group:lint:ruff", "dev:mypy",
        ])
    }

    @Test func poetry() {
        let text = """
            [tool.poetry]
            name = "legacy-app"
            packages = [{ include = "legacy_app", from = "src" }]

            [tool.poetry.dependencies]
            python = "^3.9"
            requests = "^2.31"
            uvicorn = { version = "^0.29", extras = ["standard"] }

            [tool.poetry.dev-dependencies]
            black = "*"

            [tool.poetry.group.docs.dependencies]
            mkdocs = "^1.5"

            [[tool.poetry.source]]
            name = "private"
            url = "https://example.com/simple"
            """
        let manifest = PyProjectManifest(path: "pyproject.toml", text: text)
        #expect(manifest.problems.isEmpty, "\(manifest.problems)")
        #expect(manifest.requiresPython == "^3.9")
        #expect(manifest.projectName == "legacy-app")
        #expect(manifest.localPackages == ["legacy_app"])
        #expect(manifest.dependencies.map { "\($0.group):\($0.name)" } == ["install:requests", "install:uvicorn", "dev:black", "group:docs:mkdocs"])
        #expect(manifest.dependencies.first { $0.name == "uvicorn" }?.specifier == "^0.29")
    }

    @Test func malformed() {
        let manifest = PyProjectManifest(path: "pyproject.toml", text: "[project\nname = 'x'")
        #expect(manifest.dependencies.isEmpty)
        #expect(manifest.problems.count == 1)
        #expect(manifest.problems.first?.line == 1)
    }

    @Test func lenientTOMLKeepsStrictReaderStrict() throws {
        #expect(throws: TOMLReader.SyntaxError.self) { try TOMLReader.entries(in: "[[a]]\nb = 1") }
        #expect(throws: TOMLReader.SyntaxError.self) { try TOMLReader.entries(in: "a = 1.5") }
        let entries = try TOMLReader.lenientEntries(in: "[[a]]\nb = 1\n[[a]]\nb = 2\nc = 1.5\nd = 1979-05-27")
        #expect(entries.map(\.path) == [["a", "0", "b"], ["a", "1", "b"], ["a", "1", "c"], ["a", "1", "d"]])
        #expect(entries[2].value == .string("1.5"))
        // Deep nesting is an error with a line, not a stack overflow (this reader also reads .drift.toml).
        #expect(throws: TOMLReader.SyntaxError.self) { try TOMLReader.entries(in: "a = " + String(repeating: "[", count: 50_000)) }
    }
}

@Suite struct PythonManifestTests {
    @Test func setupCfg() {
        let text = """
            [metadata]
            name = acme-cli

            [options]
            python_requires = >=3.8
            install_requires =
                click>=8.0
                rich  # pretty output
                importlib-metadata; python_version<"3.10"

            [options.extras_require]
            yaml =
                PyYAML>=6
            [bad line
            """
        let manifest = SetupCfgManifest(path: "setup.cfg", text: text)
        #expect(manifest.projectName == "acme-cli")
        #expect(manifest.requiresPython == ">=3.8")
        #expect(manifest.dependencies.map(\.name) == ["click", "rich", "importlib-metadata", "PyYAML"])
        #expect(manifest.dependencies.last?.group == "optional:yaml")
        #expect(manifest.problems.count == 1)
    }

    @Test func setupPyLiteral() {
        let text = """
            from setuptools import setup, find_packages

            REQUIREMENTS = [
                "numpy>=1.24",  # arrays
                'scipy',
            ]

            setup(
                name="acme-science",
                python_requires=">=3.9",
                packages=find_packages(),
                install_requires=REQUIREMENTS,
                extras_require={"plot": ["matplotlib>=3.7"], 'dev': ["pytest"]},
            )
            """
        let manifest = SetupPyManifest(path: "setup.py", text: text)
        #expect(manifest.isComplete, "\(manifest.problems)")
        #expect(manifest.projectName == "acme-science")
        #expect(manifest.requiresPython == ">=3.9")
        #expect(manifest.dependencies.map { "\($0.group):\($0.name)" } == ["install:numpy", "install:scipy", "optional:plot:matplotlib", "optional:dev:pytest"])
    }

    @Test func setupPyComputedIsIncomplete() {
        let text = """
            from setuptools import setup
            setup(name='x', install_requires=open('requirements.txt').read().splitlines())
            """
        let manifest = SetupPyManifest(path: "setup.py", text: text)
        #expect(!manifest.isComplete)
        #expect(manifest.problems.count == 1)
        let project = ProjectManifest(files: ["setup.py": text])
        #expect(project.pythonImport("requests") == .unknown)
    }

    @Test func pipfile() {
        let text = """
            [[source]]
            url = "https://pypi.org/simple"
            verify_ssl = true
            name = "pypi"

            [packages]
            flask = "*"
            sqlalchemy = {version = ">=2.0", extras = ["asyncio"]}

            [dev-packages]
            pytest = "*"

            [requires]
            python_version = "3.11"
            """
        let manifest = PipfileManifest(path: "Pipfile", text: text)
        #expect(manifest.problems.isEmpty, "\(manifest.problems)")
        #expect(manifest.dependencies.map { "\($0.group):\($0.name)" } == ["install:flask", "install:sqlalchemy", "dev:pytest"])
        #expect(manifest.pythonVersion == "3.11")
    }
}

@Suite struct OtherManifestTests {
    @Test func goMod() {
        let text = """
            module github.com/acme/tool

            go 1.22

            require github.com/spf13/cobra v1.8.0

            require (
                golang.org/x/sync v0.6.0
                github.com/inconshreveable/mousetrap v1.1.0 // indirect
            )

            replace github.com/old/thing => ../thing
            """
        let manifest = GoModManifest(path: "go.mod", text: text)
        #expect(manifest.problems.isEmpty)
        #expect(manifest.modulePath == "github.com/acme/tool")
        #expect(manifest.goVersion == "1.22")
        #expect(manifest.dependencies.map { "\($0.group):\($0.name)" } == [
            "require:github.com/spf13/cobra", "require:golang.org/x/sync", "indirect:github.com/inconshreveable/mousetrap",
        ])
        #expect(manifest.declares(importPath: "golang.org/x/sync/errgroup"))
        #expect(manifest.declares(importPath: "github.com/acme/tool/internal/x"))
        #expect(!manifest.declares(importPath: "github.com/spf13/cobrax"))
        #expect(GoModManifest(path: "go.mod", text: "require (\n a v1").problems.count == 1)
    }

    @Test func packageSwift() {
        let text = """
            // swift-tools-version: 5.9
            import PackageDescription

            let package = Package(
                name: "Tooling",
                dependencies: [
                    .package(url: "https://github.com/apple/swift-argument-parser.git", from: "1.3.0"),
                    .package(url: "https://github.com/apple/swift-nio", exact: "2.60.0"),
                    // .package(url: "https://github.com/commented/out", from: "1.0.0"),
                    .package(path: "../LocalKit"),
                ],
                targets: [
                    .executableTarget(name: "tool", dependencies: [
                        .product(name: "ArgumentParser", package: "swift-argument-parser"),
                        .product(name: "NIOPosix", package: "swift-nio"),
                        "ToolCore",
                    ]),
                    .target(name: "ToolCore"),
                    .testTarget(name: "ToolCoreTests", dependencies: ["ToolCore"]),
                ]
            )
            """
        let manifest = SwiftPackageManifest(path: "Package.swift", text: text)
        #expect(manifest.packageName == "Tooling")
        #expect(manifest.dependencies.map(\.name) == ["swift-argument-parser", "swift-nio", "localkit"])
        #expect(manifest.products == ["ArgumentParser", "NIOPosix"])
        #expect(manifest.targets == ["tool", "ToolCore", "ToolCoreTests"])
        #expect(manifest.declares(module: "ArgumentParser"))
        #expect(manifest.declares(module: "ToolCore"))
        #expect(manifest.declares(module: "LocalKit"))
        #expect(!manifest.declares(module: "Alamofire"))
    }

    @Test(arguments: ["", "let package = Package(", ")))(((", "\"unterminated", "/* open comment", ".package(url: x)"])
    func malformedSwiftAndGoNeverCrash(text: String) {
        _ = SwiftPackageManifest(path: "Package.swift", text: text)
        _ = GoModManifest(path: "go.mod", text: text)
        _ = SetupPyManifest(path: "setup.py", text: text)
        _ = SetupCfgManifest(path: "setup.cfg", text: text)
        _ = RequirementsFile(path: "requirements.txt", text: text)
        _ = PipfileManifest(path: "Pipfile", text: text)
    }
}

@Suite struct ProjectManifestTests {
    @Test func pythonDeclarations() {
        let project = ProjectManifest(files: [
            "requirements.txt": "-r requirements/base.txt\nopencv-python-headless\n",
            "requirements/base.txt": "PyYAML>=6\nprotobuf\nbeautifulsoup4\n",
            "pyproject.toml": "[project]\nname = \"acme_tools\"\nrequires-python = \">=3.9,<4\"\n",
            "README.md": "not a manifest",
        ])
        #expect(project.problems.isEmpty, "\(project.problems)")
        #expect(project.pythonImport("yaml") == .declared(by: "requirements/base.txt"))
        #expect(project.pythonImport("google.protobuf.json_format") == .declared(by: "requirements/base.txt"))
        #expect(project.pythonImport("bs4") == .declared(by: "requirements/base.txt"))
        #expect(project.pythonImport("cv2") == .declared(by: "requirements.txt"))
        #expect(project.pythonImport("acme_tools.cli") == .declared(by: "pyproject.toml"))
        #expect(project.pythonImport("requests") == .notDeclared)
        #expect(project.pythonImport(".yaml") == .unknown)
        let affixed = ProjectManifest(files: ["requirements.txt": "python-pptx-tools\npy-spy\nmysqlclient-binary\n"])
        #expect(affixed.pythonImport("pptx_tools") == .declared(by: "requirements.txt"))
        #expect(affixed.pythonImport("spy") == .declared(by: "requirements.txt"))
        #expect(affixed.pythonImport("mysqlclient") == .declared(by: "requirements.txt"))
        #expect(affixed.pythonImport("python") == .notDeclared)
        #expect(project.pythonImport("..requests") == .unknown)
        #expect(project.minimumPythonVersion == PythonVersion(3, 9))
        #expect(project.javaScriptImport("react") == .unknown)
    }

    @Test func missingIncludeMakesItUnknown() {
        let project = ProjectManifest(files: ["requirements.txt": "-r missing.txt\nflask\n"])
        #expect(project.problems.count == 1)
        #expect(project.pythonImport("flask") == .declared(by: "requirements.txt"))
        #expect(project.pythonImport("requests") == .unknown)
    }

    @Test func javaScriptDeclarations() {
        let project = ProjectManifest(files: [
            "package.json": #"{"name": "root", "workspaces": ["packages/*"], "devDependencies": {"vitest": "1"}, "engines": {"node": "^18.17.0 || >=20"}}"#,
            "packages/ui/package.json": #"{"name": "@acme/ui", "dependencies": {"react": "18"}}"#,
        ])
        #expect(project.javaScriptImport("vitest/config") == .declared(by: "package.json"))
        #expect(project.javaScriptImport("react") == .declared(by: "packages/ui/package.json"))
        #expect(project.javaScriptImport("@acme/ui") == .declared(by: "packages/ui/package.json"))
        #expect(project.javaScriptImport("lodash") == .notDeclared)
        #expect(project.javaScriptImport("./x") == .unknown)
        #expect(project.minimumNodeVersion?.major == 18)
        #expect(project.minimumNodeVersion?.minor == 17)
        let broken = ProjectManifest(files: ["package.json": "{ \"dependencies\": { \"a\": \"1\", } }"])
        #expect(broken.javaScriptImport("lodash") == .unknown)
    }

    @Test func minimumVersions() {
        #expect(MinimumVersion.python(">=3.8") == PythonVersion(3, 8))
        #expect(MinimumVersion.python(">=3.8, <4") == PythonVersion(3, 8))
        #expect(MinimumVersion.python("^3.10") == PythonVersion(3, 10))
        #expect(MinimumVersion.python("~=3.9.2") == PythonVersion(3, 9))
        #expect(MinimumVersion.python("==3.11.*") == PythonVersion(3, 11))
        #expect(MinimumVersion.python(">3.7,!=3.9.0") == PythonVersion(3, 7))
        #expect(MinimumVersion.python("<3.12") == nil)
        #expect(MinimumVersion.python("*") == nil)
        #expect(MinimumVersion.python(">=3.8 || >=3.10") == PythonVersion(3, 8))
        #expect(MinimumVersion.node(">=18")! == (18, 0))
        #expect(MinimumVersion.node(">= 16.14.0 < 21")! == (16, 14))
        #expect(MinimumVersion.node("18.x")! == (18, 0))
        #expect(MinimumVersion.node("v20.1.0")! == (20, 1))
        #expect(MinimumVersion.node("14 - 20")! == (14, 0))
        #expect(MinimumVersion.node("*") == nil)
        #expect(MinimumVersion.node("") == nil)
    }

    @Test func goAndSwift() {
        let project = ProjectManifest(files: [
            "go.mod": "module example.com/app\n\ngo 1.21\n\nrequire github.com/pkg/errors v0.9.1\n",
            "Package.swift": ".package(url: \"https://github.com/apple/swift-log.git\", from: \"1.0.0\")\n.product(name: \"Logging\", package: \"swift-log\")",
        ])
        // Read for the Go module and Swift package providers to come (issues for Go and Swift).
        #expect(project.goMods.map(\.path) == ["go.mod"])
        #expect(project.goMods[0].declares(importPath: "github.com/pkg/errors"))
        #expect(!project.goMods[0].declares(importPath: "github.com/pkg/errorz"))
        #expect(project.swiftPackages.map(\.path) == ["Package.swift"])
        #expect(project.swiftPackages[0].declares(module: "Logging"))
        #expect(!project.swiftPackages[0].declares(module: "Alamofire"))
    }
}

@Suite struct DynamicAndDiskTests {
    @Test func dynamicDependencies() {
        let pyproject = """
            [project]
            name = "dyn"
            dynamic = ["dependencies", "version"]

            [tool.setuptools.dynamic]
            dependencies = {file = ["deps/runtime.in"]}
            """
        let withFile = ProjectManifest(files: ["pyproject.toml": pyproject, "deps/runtime.in": "httpx\n"])
        #expect(withFile.pythonImport("httpx") == .declared(by: "deps/runtime.in"))
        #expect(withFile.pythonImport("requests") == .notDeclared)
        let withoutFile = ProjectManifest(files: ["pyproject.toml": pyproject])
        #expect(withoutFile.pythonImport("requests") == .unknown)
        let hatch = ProjectManifest(files: ["pyproject.toml": "[project]\nname = 'h'\ndynamic = ['dependencies']\n"])
        #expect(hatch.pythonImport("requests") == .unknown)
    }

    @Test func loadsFromDiskWalkingUp() throws {
        let root = FileManager.default.temporaryDirectory.appendingPathComponent("drift-manifests-\(UInt32.random(in: 0...UInt32.max))").path
        defer { try? FileManager.default.removeItem(atPath: root) }
        func write(_ path: String, _ text: String) throws {
            let full = root + "/" + path
            try FileManager.default.createDirectory(atPath: (full as NSString).deletingLastPathComponent, withIntermediateDirectories: true)
            try text.write(toFile: full, atomically: true, encoding: .utf8)
        }
        try FileManager.default.createDirectory(atPath: root + "/.git", withIntermediateDirectories: true)
        try write("package.json", #"{"name": "mono", "workspaces": ["packages/*"], "devDependencies": {"typescript": "5"}}"#)
        try write("packages/ui/package.json", #"{"name": "@mono/ui", "dependencies": {"react": "18"}}"#)
        try write("packages/api/package.json", #"{"name": "@mono/api", "dependencies": {"fastify": "4"}}"#)
        try write("packages/ui/src/button.tsx", "export {}")
        try write("requirements.txt", "-r requirements/base.txt\n")
        try write("requirements/base.txt", "PyYAML\n")

        let project = ManifestLoader.load(forFile: root + "/packages/ui/src/button.tsx")
        #expect(project.problems.isEmpty, "\(project.problems)")
        #expect(project.javaScriptImport("react") == .declared(by: root + "/packages/ui/package.json"))
        #expect(project.javaScriptImport("typescript") == .declared(by: root + "/package.json"))
        #expect(project.javaScriptImport("fastify") == .declared(by: root + "/packages/api/package.json"))
        #expect(project.javaScriptImport("left-pad") == .notDeclared)
        #expect(project.pythonImport("yaml") == .declared(by: root + "/requirements/base.txt"))
        #expect(ManifestLoader.projectDirectory(containing: root + "/packages/ui/src/button.tsx") == root + "/packages/ui")
    }
}
