import DriftSyntax
import Foundation
import Testing
@testable import DriftKnowledge

/// The names installed modules offer, read from files a test writes: Python `__all__`, package
/// submodules, stubs; JavaScript ES and CommonJS exports, `.d.ts`, `package.json` entry points.
@Suite struct InstalledModuleSymbolsTests {
    typealias Fixture = InstalledPackagesTests.Fixture

    func symbols(_ code: String, _ language: Language, path: String? = nil) -> ModuleSymbols {
        SourceFile(path: path ?? "m.\(language.defaultExtension)", language: language, text: code).moduleSymbols()
    }

    @Test func literalDunderAllDefinesStarImportNames() {
        let module = symbols("from .base import Signal, _hidden\n__all__ = ['Signal', 'extra']\ndef helper(): ...\n", .python)
        #expect(module.dunderAll == ["Signal", "extra"])
        #expect(module.publicNames.sorted() == ["Signal", "extra"])
        // Extended at run time: unknown, so every public name counts (lenient for star imports).
        let extended = symbols("__all__ = ['a']\n__all__ += other.__all__\ndef a(): ...\ndef b(): ...\n", .python)
        #expect(extended.dunderAll == nil)
        #expect(extended.publicNames.sorted() == ["a", "b"])
    }

    @Test func commonJSObjectLiteralIsClosedAndDynamicExportsAreNot() {
        let literal = symbols("function a() {}\nmodule.exports = { a, b: 1, c() {} };\nmodule.exports.d = 2;\n", .javascript)
        #expect(literal.isClosed)
        #expect(Set(literal.names.keys).isSuperset(of: ["a", "b", "c", "d"]))
        #expect(literal.lookup("e") == .absent)
        for dynamic in ["module.exports = { ...base, a: 1 };\n", "module.exports = makeApi();\n",
                        "module.exports = { a: 1 };\nObject.assign(module.exports, extra);\n",
                        "exports[name] = 1;\n"] {
            #expect(!symbols(dynamic, .javascript).isClosed, "\(dynamic)")
        }
    }

    @Test func typeScriptDeclarationsAreClosedUnlessTheyAssignTheExport() {
        let declarations = symbols("export declare function locate(p: string): string;\nexport interface Options { cwd?: string }\n",
                                   .typescript, path: "index.d.ts")
        #expect(declarations.isClosed)
        #expect(declarations.lookup("locate") != .absent && declarations.lookup("Options") != .absent)
        #expect(declarations.lookup("locateAll") == .absent)
        #expect(!symbols("declare function f(): void;\nexport = f;\n", .typescript, path: "index.d.ts").isClosed)
    }

    @Test func packageEntryFilesFollowExportsConditionsMainAndSubpaths() throws {
        let fixture = try Fixture()
        try fixture.write("package.json", "{}")
        try fixture.write("node_modules/cond/package.json", #"{"exports": {".": {"types": "./index.d.ts", "import": "./esm/index.mjs", "require": "./cjs/index.cjs"}, "./extra": "./extra.js"}}"#)
        try fixture.write("node_modules/cond/index.d.ts", "")
        try fixture.write("node_modules/cond/esm/index.mjs", "")
        try fixture.write("node_modules/cond/cjs/index.cjs", "")
        try fixture.write("node_modules/cond/extra.js", "")
        try fixture.write("node_modules/plain/package.json", #"{"main": "lib/main"}"#)
        try fixture.write("node_modules/plain/lib/main.js", "")
        try fixture.write("node_modules/plain/util/index.js", "")
        try fixture.write("node_modules/pattern/package.json", #"{"exports": {"./*": "./dist/*.js"}}"#)
        let modules = NodeModules(directory: fixture.root + "/src")
        let root = (fixture.root as NSString).standardizingPath
        #expect(modules.entryFiles(for: "cond").sorted() == ["/cjs/index.cjs", "/esm/index.mjs", "/index.d.ts"].map { root + "/node_modules/cond" + $0 })
        #expect(modules.entryFiles(for: "cond/extra") == [root + "/node_modules/cond/extra.js"])
        #expect(modules.entryFiles(for: "cond/missing").isEmpty)
        #expect(modules.entryFiles(for: "plain") == [root + "/node_modules/plain/lib/main.js"])
        #expect(modules.entryFiles(for: "plain/util") == [root + "/node_modules/plain/util/index.js"])
        #expect(modules.entryFiles(for: "pattern/x").isEmpty)
        #expect(modules.entryFiles(for: "absent").isEmpty)
    }

    @Test func installedFilesAreCachedByIdentityAndReadAgainWhenChanged() throws {
        let fixture = try Fixture()
        try fixture.write("site-packages/pkg/__init__.py", "def first(): ...\n")
        try fixture.write("site-packages/pkg/sub.py", "")
        try fixture.write("site-packages/pkg/_speedups.cpython-311-x86_64-linux-gnu.so", "")
        try fixture.write("site-packages/pkg/nested/__init__.py", "")
        let cache = InstalledModuleSymbols()
        let path = fixture.root + "/site-packages/pkg/__init__.py"
        let before = try #require(cache.symbols(ofFile: path))
        #expect(Set(before.names.keys) == ["first", "sub", "_speedups", "nested"])
        try fixture.write("site-packages/pkg/__init__.py", "def first(): ...\ndef second(): ...\n")
        #expect(cache.symbols(ofFile: path)?.names["second"] != nil)
        #expect(cache.symbols(ofFile: fixture.root + "/site-packages/pkg/missing.py") == nil)
    }
}
