import Testing
@testable import DriftKnowledge

@Suite struct PythonStandardLibraryTests {
    @Test func osPathMembers() throws {
        #expect(PythonStandardLibrary.member("exists", of: "os.path").availability != nil)
        #expect(PythonStandardLibrary.member("exist", of: "os.path") == .absent(nearest: "exists"))
        #expect(PythonStandardLibrary.member("path", of: "os").availability != nil)
        #expect(PythonStandardLibrary.isKnownModule("os.path"))
    }

    @Test func versionRanges() throws {
        let tomllib = try #require(PythonStandardLibrary.module(named: "tomllib"))
        #expect(tomllib.range.introduced == PythonVersion(3, 11))
        #expect(tomllib.range.removed == nil)
        #expect(!tomllib.range.isAvailable(from: PythonVersion(3, 10)))
        #expect(tomllib.range.isAvailable(from: PythonVersion(3, 11)))

        let distutils = try #require(PythonStandardLibrary.module(named: "distutils"))
        #expect(distutils.range.removed == PythonVersion(3, 12))
        #expect(distutils.range.contains(PythonVersion(3, 8)))

        // Deprecated aliases served by collections' module __getattr__ until 3.9.
        let mapping = try #require(PythonStandardLibrary.member("Mapping", of: "collections").availability)
        #expect(mapping.removed == PythonVersion(3, 10))
        #expect(PythonStandardLibrary.member("deque", of: "collections").availability?.removed == nil)
    }

    @Test(arguments: [
        ("asyncio", "TaskGroup", 11), ("asyncio", "timeout", 11), ("typing", "Self", 11), ("typing", "override", 12),
        ("itertools", "batched", 12), ("math", "cbrt", 11), ("importlib.metadata", "packages_distributions", 10),
        ("functools", "cache", 9), ("zoneinfo", "ZoneInfo", 9), ("copy", "replace", 13),
    ])
    func introducedIn(module: String, member: String, minor: Int) {
        #expect(PythonStandardLibrary.member(member, of: module).availability?.introduced == PythonVersion(3, minor))
    }

    @Test func removedMembers() {
        #expect(PythonStandardLibrary.member("getargspec", of: "inspect").availability?.removed == PythonVersion(3, 11))
        #expect(PythonStandardLibrary.member("formatargspec", of: "inspect").availability?.removed == PythonVersion(3, 11))
        #expect(PythonStandardLibrary.module(named: "imp")?.range.removed == PythonVersion(3, 12))
        #expect(PythonStandardLibrary.module(named: "cgi")?.range.removed == PythonVersion(3, 13))
        #expect(PythonStandardLibrary.member("has_key", of: "dict").isAbsent)
        #expect(PythonStandardLibrary.member("push", of: "list").isAbsent)
    }

    @Test func classesAsNamespaces() throws {
        #expect(PythonStandardLibrary.member("now", of: "datetime").isAbsent)
        #expect(PythonStandardLibrary.classes(in: "datetime", having: "now") == ["datetime.datetime"])
        #expect(PythonStandardLibrary.classes(in: "datetime", having: "today") == ["datetime.date", "datetime.datetime"])
        #expect(PythonStandardLibrary.member("now", of: "datetime.datetime").availability != nil)
        #expect(PythonStandardLibrary.member("UTC", of: "datetime").availability?.introduced == PythonVersion(3, 11))
        #expect(PythonStandardLibrary.module(named: "datetime.datetime") == nil)
        #expect(PythonStandardLibrary.namespace(named: "datetime.datetime")?.isClass == true)
        #expect(PythonStandardLibrary.member("startswith", of: "str").availability != nil)
        #expect(PythonStandardLibrary.member("startwith", of: "str") == .absent(nearest: "startswith"))
        #expect(PythonStandardLibrary.member("removeprefix", of: "str").availability?.introduced == PythonVersion(3, 9))
    }

    @Test func submodulesAndDottedNames() {
        for name in ["concurrent.futures", "xml.etree.ElementTree", "urllib.parse", "email.mime.text", "importlib.metadata"] {
            #expect(PythonStandardLibrary.isKnownModule(name), "\(name)")
        }
        #expect(PythonStandardLibrary.member("ThreadPoolExecutor", of: "concurrent.futures").availability != nil)
        #expect(PythonStandardLibrary.member("urlparse", of: "urllib.parse").availability != nil)
        #expect(PythonStandardLibrary.member("parse", of: "urllib").availability != nil)
        #expect(PythonStandardLibrary.isStandardLibraryImport("xml.dom.minidom"))
        #expect(!PythonStandardLibrary.isStandardLibraryImport("requests"))
        #expect(!PythonStandardLibrary.isKnownModule("yaml"))
    }

    @Test func unknownNeverProvesAbsence() {
        // Windows-only: exists, members unknown.
        #expect(PythonStandardLibrary.isKnownModule("msvcrt"))
        #expect(PythonStandardLibrary.member("getch", of: "msvcrt") == .unknown)
        #expect(PythonStandardLibrary.module(named: "winreg")?.range.introduced == nil)
        // Private names and unknown modules prove nothing.
        #expect(PythonStandardLibrary.member("_exit_hidden", of: "os") == .unknown)
        #expect(PythonStandardLibrary.member("anything", of: "not_a_module") == .unknown)
        // Windows-only members of a module that does exist on Linux.
        #expect(PythonStandardLibrary.member("startfile", of: "os").availability != nil)
        #expect(PythonStandardLibrary.module(named: "os")?.variesByPlatform == true)
        #expect(PythonStandardLibrary.isKnownModule("_thread"))
        // Present only in some processes (interactive sessions, PyPy): never proven absent.
        #expect(PythonStandardLibrary.member("ps1", of: "sys").availability != nil)
        #expect(PythonStandardLibrary.member("pypy_version_info", of: "sys").availability != nil)
        // setuptools replaces distutils at import time, so its members are open-ended.
        #expect(PythonStandardLibrary.member("anything_setuptools_adds", of: "distutils.util") == .unknown)
        #expect(PythonStandardLibrary.isKnownModule("__future__"))
    }
}

@Suite struct JavaScriptDataTests {
    @Test func builtinMembers() throws {
        #expect(JavaScriptGlobals.member("clamp", of: "Math").isAbsent)
        #expect(JavaScriptGlobals.member("max", of: "Math").availability?.edition == "es5")
        #expect(JavaScriptGlobals.member("hasOwnPropertyNames", of: "Object") == .absent(nearest: "getOwnPropertyNames"))
        #expect(JavaScriptGlobals.member("tryParse", of: "JSON").isAbsent)
        #expect(JavaScriptGlobals.member("delay", of: "Promise").isAbsent)
        #expect(JavaScriptGlobals.member("range", of: "Array").isAbsent)
        #expect(JavaScriptGlobals.member("flatten", of: "Array.prototype").isAbsent)
        #expect(JavaScriptGlobals.member("contains", of: "String.prototype").isAbsent)
        #expect(JavaScriptGlobals.member("includes", of: "String.prototype").availability?.edition == "es2015")
        #expect(JavaScriptGlobals.member("anything", of: "NotAGlobal") == .unknown)
        #expect(JavaScriptGlobals.member("__proto__", of: "Array.prototype") == .unknown)
        #expect(JavaScriptGlobals.global("Deno")?.inNodeRuntime == false)
        #expect(JavaScriptGlobals.member("getMetadata", of: "Reflect").availability != nil)  // reflect-metadata
        #expect(JavaScriptGlobals.member("prototype", of: "Buffer").availability != nil)
    }

    @Test(arguments: [
        ("Object", "hasOwn", "es2022"), ("String.prototype", "replaceAll", "es2021"), ("Promise", "any", "es2021"),
        ("Promise", "allSettled", "es2020"), ("Array.prototype", "at", "es2022"), ("Object", "fromEntries", "es2019"),
        ("Array.prototype", "includes", "es2016"), ("Object", "entries", "es2017"), ("String.prototype", "padStart", "es2017"),
    ])
    func editions(namespace: String, member: String, edition: String) {
        #expect(JavaScriptGlobals.member(member, of: namespace).availability?.edition == edition)
    }

    @Test func newerEditions() throws {
        let toSorted = try #require(JavaScriptGlobals.member("toSorted", of: "Array.prototype").availability)
        #expect(toSorted.edition == "es2023")
        #expect(toSorted.inNodeRuntime)
        #expect(JavaScriptGlobals.member("groupBy", of: "Object").availability?.edition == "es2024")
        #expect(JavaScriptGlobals.member("withResolvers", of: "Promise").availability?.edition == "es2024")
        #expect(JavaScriptGlobals.member("withResolvers", of: "Promise").availability?.inNodeRuntime == false)
        #expect(JavaScriptGlobals.member("flat", of: "Array.prototype").availability?.edition == "es2019")
        #expect(JavaScriptGlobals.member("hasOwnProperty", of: "Array.prototype").availability != nil)
    }

    @Test func globals() {
        #expect(JavaScriptGlobals.isGlobal("structuredClone"))
        #expect(JavaScriptGlobals.isGlobal("document"))
        #expect(JavaScriptGlobals.global("document")?.browserOnly == true)
        #expect(JavaScriptGlobals.isGlobal("require"))
        #expect(JavaScriptGlobals.isGlobal("Promise"))
        #expect(!JavaScriptGlobals.isGlobal("Promize"))
        #expect(JavaScriptGlobals.namespace(named: "Intl.DateTimeFormat.prototype")?.memberNames.contains("format") == true)
    }

    @Test func nodeBuiltins() throws {
        #expect(NodeBuiltins.isBuiltin("fs"))
        #expect(NodeBuiltins.isBuiltin("node:fs"))
        #expect(NodeBuiltins.isBuiltin("fs/promises"))
        #expect(NodeBuiltins.isBuiltin("node:test"))
        #expect(!NodeBuiltins.isBuiltin("test"))
        #expect(!NodeBuiltins.isBuiltin("lodash"))
        #expect(NodeBuiltins.export("readFileAsync", of: "fs") == .absent(nearest: "readFileSync"))
        #expect(NodeBuiltins.export("readFile", of: "fs").availability != nil)
        #expect(NodeBuiltins.export("promises", of: "node:fs").availability != nil)
        #expect(NodeBuiltins.export("readFile", of: "fs.promises").availability != nil)
        #expect(NodeBuiltins.export("readFile", of: "fs/promises").availability != nil)
        #expect(NodeBuiltins.export("glob", of: "fs").availability == .some(22))
        #expect(NodeBuiltins.export("join", of: "path").availability == .some(nil))
        #expect(NodeBuiltins.export("on", of: "events.EventEmitter.prototype").availability != nil)
        #expect(NodeBuiltins.surveyedMajorVersion == 20)
        #expect(NodeBuiltins.export("on", of: "process").availability != nil)
        #expect(NodeBuiltins.export("cwd", of: "node:process").availability != nil)
        #expect(NodeBuiltins.export("send", of: "process").availability != nil)  // only with an IPC channel
        #expect(NodeBuiltins.export("hasOwnProperty", of: "buffer").availability != nil)
        #expect(NodeBuiltins.export("O_SYMLINK", of: "constants") == .unknown)  // platform-dependent
        #expect(NodeBuiltins.export("prototype", of: "events").availability != nil)
        #expect(NodeBuiltins.module(named: "_http_agent")?.exportsKnown == false)
    }
}

@Suite struct PackageNamesTests {
    @Test func importToDistribution() {
        #expect(PackageNames.pythonDistribution(forImport: "yaml") == "PyYAML")
        #expect(PackageNames.pythonDistribution(forImport: "cv2") == "opencv-python")
        #expect(PackageNames.pythonDistribution(forImport: "PIL") == "Pillow")
        #expect(PackageNames.pythonDistribution(forImport: "sklearn") == "scikit-learn")
        #expect(PackageNames.pythonDistribution(forImport: "bs4") == "beautifulsoup4")
        #expect(PackageNames.pythonDistribution(forImport: "dateutil") == "python-dateutil")
        #expect(PackageNames.pythonDistribution(forImport: "jwt") == "PyJWT")
        #expect(PackageNames.pythonDistribution(forImport: "google.protobuf") == "protobuf")
        #expect(PackageNames.pythonDistribution(forImport: "google.protobuf.json_format") == "protobuf")
        #expect(PackageNames.pythonImports(forDistribution: "pyyaml").contains("yaml"))
        #expect(PackageNames.pythonImports(forDistribution: "scikit_learn") == ["sklearn"])
    }

    @Test func normalisation() {
        #expect(PackageNames.normalizedPythonName("Friendly_Bard..X") == "friendly-bard-x")
        #expect(PackageNames.normalizedPythonName("PyYAML") == "pyyaml")
    }

    @Test func popularity() {
        #expect(PackageNames.isPopular(pypi: "requests"))
        #expect(PackageNames.isPopular(pypi: "Requests"))
        #expect(PackageNames.rank(pypi: "boto3") == 1)
        #expect(PackageNames.isPopular(npm: "react"))
        #expect(PackageNames.isPopular(npm: "lodash"))
        #expect(!PackageNames.isPopular(pypi: "requestss-toolbelt-pro-max"))
        #expect(PackageNames.nearestPopular(pypi: "reqeusts") == "requests")
        #expect(PackageNames.nearestPopular(npm: "expresss") == "express")
        #expect(PackageNames.popularPyPINames.count > 10_000)
        #expect(PackageNames.popularNPMNames.count == 15_000)
    }

    @Test func fingerprint() {
        #expect(KnowledgeData.fingerprint.split(separator: "-").count == 5)
    }

    @Test func loadTimes() {
        // Not a budget (budgets live in bench/): recorded so `swift test` output shows the cost.
        // Other tests may already have loaded the shared tables, so parse fresh copies.
        let clock = ContinuousClock()
        let times = [
            ("python", clock.measure { _ = KnowledgeTable(text: PythonStandardLibraryData.text) }),
            ("javascript", clock.measure { _ = KnowledgeTable(text: JavaScriptGlobalsData.text) }),
            ("node", clock.measure { _ = KnowledgeTable(text: NodeBuiltinsData.text) }),
            ("packages", clock.measure { _ = SortedKnowledgeSections(text: PackageNamesData.text) }),
        ]
        print("knowledge load times (first use, this build):", times.map { "\($0.0) \($0.1)" }.joined(separator: ", "))
    }
}

@Suite struct SwiftModulesTests {
    @Test func systemModules() {
        #expect(SwiftModules.origin(of: "Foundation") == .linuxToolchain)
        #expect(SwiftModules.origin(of: "Glibc") == .linuxToolchain)
        #expect(SwiftModules.origin(of: "SwiftUI") == .appleSDK)
        #expect(SwiftModules.origin(of: "UIKit") == .appleSDK)
        #expect(SwiftModules.origin(of: "WinSDK") == .otherPlatform)
        #expect(!SwiftModules.isSystemModule("Alamofire"))
        #expect(!SwiftModules.isSystemModule("ArgumentParser"))
    }
}
