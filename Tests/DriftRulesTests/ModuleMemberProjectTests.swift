import DriftCore
import DriftEngine
import DriftKnowledge
@testable import DriftRules
import DriftSyntax
import DriftTestSupport
import Foundation
import Testing

/// `unknown-module-member` and `unknown-builtin-member` over real projects on disk: project files,
/// a virtualenv made with `python3 -m venv` holding real packages copied from this machine, and a
/// `node_modules` holding real Debian node packages, all read through `ProjectKnowledge()`.
@Suite struct ModuleMemberProjectTests {
    typealias Project = GitFixture

    /// The site-packages folder of a real virtualenv made in the project.
    func makeVirtualenv(in project: Project) throws -> String {
        let process = Process()
        process.executableURL = URL(fileURLWithPath: "/usr/bin/env")
        process.arguments = ["python3", "-m", "venv", "--without-pip", project.root + "/.venv"]
        try process.run()
        process.waitUntilExit()
        try #require(process.terminationStatus == 0)
        let lib = project.root + "/.venv/lib"
        let version = try #require(try FileManager.default.contentsOfDirectory(atPath: lib).first { $0.hasPrefix("python") })
        return ".venv/lib/" + version + "/site-packages"
    }

    static let distPackages = "/usr/lib/python3/dist-packages"

    @Test(.enabled(if: FileManager.default.fileExists(atPath: distPackages + "/blinker/__init__.py")))
    func pythonProjectFilesAndInstalledPackages() throws {
        let project = try Project()
        let site = try makeVirtualenv(in: project)
        // Real packages as pip lays them out: blinker re-exports from `blinker.base`, distro from `.distro`.
        try project.copy(Self.distPackages + "/blinker", to: site + "/blinker")
        try project.copy(Self.distPackages + "/distro", to: site + "/distro")
        // A stub is not what runs (it may leave names out), an extension cannot be read, `__getattr__`
        // serves any name: all three are unknown for absence; a stub still proves presence.
        try project.write(site + "/fast.cpython-311-x86_64-linux-gnu.so", "")
        try project.write(site + "/fast.pyi", "def go() -> None: ...\n")
        try project.write(site + "/opaque.cpython-311-x86_64-linux-gnu.so", "")
        try project.write(site + "/lazy/__init__.py", "def __getattr__(name): ...\n")
        try project.write("app/__init__.py", "")
        try project.write("app/models.py", "class User:\n    pass\n")
        try project.write("app/views.py", """
            from .models import User, Usr
            from . import models
            import blinker, distro
            from blinker import signal, Signall
            from fast import go, stop
            from opaque import anything
            from lazy import whatever
            import app.models
            print(models.Usr, blinker.NamedSignal, blinker.base.Signal, distro.os_release_attr, distro.linux_distributon)
            print(app.models.User, app.models.Userr)
            """)
        let found = try project.findings(UnknownModuleMemberRule.self, in: "app/views.py")
        #expect(found.map(\.line) == [1, 4, 9, 9, 10], "\(found)")
        #expect(found.first?.message.contains("Did you mean `User` (") == true)
        #expect(found.first?.message.contains("models.py:1") == true)
        #expect(found.count > 1 && found[1].message.contains("`Signal`"))
        #expect(found.count > 3 && found[3].message.contains("`linux_distribution`"))
    }

    @Test(.enabled(if: FileManager.default.fileExists(atPath: "/usr/share/nodejs/locate-path/package.json")))
    func javaScriptProjectFilesAndNodeModules() throws {
        let project = try Project()
        try project.write("package.json", #"{"name": "app", "type": "module", "dependencies": {"locate-path": "*", "cjs-lib": "*", "dyn-lib": "*"}}"#)
        try project.copy("/usr/share/nodejs/locate-path", to: "node_modules/locate-path")
        try project.write("node_modules/cjs-lib/package.json", #"{"main": "lib/index.js"}"#)
        try project.write("node_modules/cjs-lib/lib/index.js", "function parse() {}\nmodule.exports = { parse, stringify() {} };\n")
        try project.write("node_modules/dyn-lib/package.json", #"{"main": "index.js"}"#)
        try project.write("node_modules/dyn-lib/index.js", "module.exports = require('./impl')();\n")
        try project.write("src/util.js", "export function formatDate(d) { return d; }\nexport * from './more.js';\n")
        try project.write("src/more.js", "export const pad = 1;\n")
        try project.write("src/app.js", """
            import { locatePath, locatePathAsync } from 'locate-path';
            import { parse, parseAll } from 'cjs-lib';
            import { anything } from 'dyn-lib';
            import { formatDate, pad, formatDat } from './util.js';
            import * as util from './util';
            export const all = [locatePath, parse, anything, formatDate, pad, util.formatDate, util.pad, util.padd];
            import * as logger from './logger';
            logger.log('Babel interop sees the default export's properties');
            """)
        try project.write("src/logger.js", "const logger = { log() {} };\nexport default logger;\n")
        let found = try project.findings(UnknownModuleMemberRule.self, in: "src/app.js")
        #expect(found.map(\.line) == [1, 2, 4, 6], "\(found)")
        #expect(found.first?.message.contains("`locatePathSync`") == true)
        #expect(found.count > 2 && found[2].message.contains("`formatDate`"))
    }

    @Test func builtinMembersAddedElsewhereInTheProjectAreDefined() throws {
        let project = try Project()
        try project.write("package.json", #"{"name": "app"}"#)
        try project.write("src/polyfills.js", "Array.prototype.flatten = function () { return this.flat(); };\nObject.defineProperty(Math, 'clamp', { value: () => 0 });\n")
        try project.write("src/app.js", "export const a = [[1]].flatten();\nexport const b = Math.clamp(1, 0, 2);\nexport const c = JSON.tryParse('1');\n")
        let found = try project.findings(UnknownBuiltinMemberRule.self, in: "src/app.js")
        #expect(found.map(\.line) == [3])
        // A polyfill library among the dependencies can add anything.
        try project.write("package.json", #"{"name": "app", "dependencies": {"core-js": "^3"}}"#)
        #expect(try project.findings(UnknownBuiltinMemberRule.self, in: "src/app.js").isEmpty)
    }

    @Test func moduleResolverAnswersJavaScriptBuiltinsAndRelativePython() {
        let resolver = ModuleResolver(project: nil, path: "src/a.js")
        #expect(resolver.lookup("readFile", inModule: "node:fs", level: 0) != .absent)
        #expect(resolver.lookup("readFileAsync", inModule: "fs", level: 0) == .absent)
        #expect(resolver.lookup("anything", inModule: "left-pad", level: 0) == .unknown)
        let python = ModuleResolver(project: nil, path: "app/a.py")
        #expect(python.lookup("path", inModule: "os", level: 0) != .absent)
        #expect(python.lookup("_private", inModule: "os", level: 0) == .unknown)
        #expect(python.lookup("anything", inModule: "models", level: 1) == .unknown)
    }
}

/// A project for the member rules: a git work tree in a temporary folder.
extension GitFixture {
    func copy(_ source: String, to path: String) throws {
        let full = root + "/" + path
        try FileManager.default.createDirectory(atPath: (full as NSString).deletingLastPathComponent, withIntermediateDirectories: true)
        try FileManager.default.copyItem(atPath: source, toPath: full)
    }

    /// `(line, message)` of every finding of `rule` in the project file at `path`, read from disk.
    func findings(_ rule: any Rule.Type, in path: String) throws -> [(line: Int, message: String)] {
        let full = root + "/" + path
        let language = try #require(Language(path: full))
        let file = SourceFile(path: full, language: language, text: try String(contentsOfFile: full, encoding: .utf8))
        return Analyzer(rules: [rule]).findings(in: file, configuration: Configuration(), project: ProjectKnowledge())
            .map { ($0.range.start.line, $0.message) }
    }
}
