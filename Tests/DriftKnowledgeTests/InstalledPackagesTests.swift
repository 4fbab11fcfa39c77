import Foundation
import Testing
@testable import DriftKnowledge

/// Installed packages are read from a fixture project on disk that the test writes.
@Suite struct InstalledPackagesTests {
    final class Fixture {
        let root: String

        init() throws {
            root = FileManager.default.temporaryDirectory.appendingPathComponent("drift-installed-\(UInt32.random(in: 0...UInt32.max))").path
            try FileManager.default.createDirectory(atPath: root, withIntermediateDirectories: true)
        }

        deinit { try? FileManager.default.removeItem(atPath: root) }

        func write(_ path: String, _ text: String = "") throws {
            let full = root + "/" + path
            try FileManager.default.createDirectory(atPath: (full as NSString).deletingLastPathComponent, withIntermediateDirectories: true)
            try text.write(toFile: full, atomically: true, encoding: .utf8)
        }
    }

    @Test func pythonVirtualEnvironment() throws {
        let fixture = try Fixture()
        let site = ".venv/lib/python3.11/site-packages"
        try fixture.write(".venv/pyvenv.cfg", "home = /usr/bin\n")
        try fixture.write("\(site)/yaml/__init__.py", "def safe_load(s): ...\n")
        try fixture.write("\(site)/_yaml.cpython-311-x86_64-linux-gnu.so")
        try fixture.write("\(site)/PyYAML-6.0.1.dist-info/METADATA", "Metadata-Version: 2.1\nName: PyYAML\nVersion: 6.0.1\n\nbody")
        try fixture.write("\(site)/PyYAML-6.0.1.dist-info/top_level.txt", "_yaml\nyaml\n")
        try fixture.write("\(site)/six.py", "")
        try fixture.write("\(site)/six-1.16.0.dist-info/RECORD", "six.py,sha256=x,1\nsix-1.16.0.dist-info/RECORD,,\n")
        try fixture.write("\(site)/google/protobuf/__init__.py", "")
        try fixture.write("\(site)/google/protobuf/json_format.pyi", "")
        try fixture.write("\(site)/protobuf-4.25.0.dist-info/RECORD", "google/protobuf/__init__.py,,\n")

        let environment = try #require(PythonEnvironment.find(projectDirectory: fixture.root, environment: [:]))
        #expect(environment.root == fixture.root + "/.venv")
        #expect(environment.isInstalled(import: "yaml"))
        #expect(environment.isInstalled(import: "_yaml"))
        #expect(environment.isInstalled(import: "six"))
        #expect(environment.isInstalled(import: "google.protobuf.json_format"))
        #expect(!environment.isInstalled(import: "requests"))
        #expect(environment.isInstalled(distribution: "pyyaml"))
        #expect(environment.distributions(providing: "yaml") == ["pyyaml"])
        #expect(environment.distributions(providing: "google.protobuf") == ["protobuf"])
        #expect(environment.sourceFile(of: "yaml")?.path.hasSuffix("yaml/__init__.py") == true)
        #expect(environment.sourceFile(of: "google.protobuf.json_format")?.path.hasSuffix(".pyi") == true)
        #expect(environment.sourceFile(of: "_yaml")?.isCompiled == true)
        #expect(environment.sourceFile(of: "requests") == nil)
        #expect(PythonEnvironment.find(projectDirectory: fixture.root + "/nothing-here", environment: [:]) == nil)
    }

    @Test func nodeModulesWalkUp() throws {
        let fixture = try Fixture()
        try fixture.write("node_modules/lodash/package.json", #"{"name": "lodash", "main": "lodash.js"}"#)
        try fixture.write("node_modules/@types/lodash/package.json", #"{"name": "@types/lodash"}"#)
        try fixture.write("packages/app/node_modules/@acme/ui/package.json",
                          #"{"name": "@acme/ui", "type": "module", "exports": {".": "./index.js", "./button": "./button.js"}}"#)
        try fixture.write("packages/app/src/index.ts")

        let modules = NodeModules(directory: fixture.root + "/packages/app/src")
        #expect(modules.folders == [fixture.root + "/packages/app/node_modules", fixture.root + "/node_modules"])
        #expect(modules.isInstalled("lodash/fp"))
        #expect(modules.isInstalled("@acme/ui/button"))
        #expect(!modules.isInstalled("react"))
        #expect(!modules.isInstalled("./local"))
        #expect(modules.manifest(for: "@acme/ui")?.exportedSubpaths == [".", "./button"])
        #expect(modules.hasTypes(for: "lodash"))
        #expect(!modules.hasTypes(for: "@acme/ui"))
    }

    @Test func siteEntries() {
        #expect(PythonEnvironment.importName(ofEntry: "numpy", isDirectory: true) == "numpy")
        #expect(PythonEnvironment.importName(ofEntry: "numpy.libs", isDirectory: true) == nil)
        #expect(PythonEnvironment.importName(ofEntry: "typing_extensions.py", isDirectory: false) == "typing_extensions")
        #expect(PythonEnvironment.importName(ofEntry: "README.txt", isDirectory: false) == nil)
        #expect(PythonEnvironment.nameFromFolder("PyYAML-6.0.1.dist-info") == "PyYAML")
    }
}
