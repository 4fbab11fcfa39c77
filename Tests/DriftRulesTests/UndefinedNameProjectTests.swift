import DriftCore
import DriftEngine
import DriftKnowledge
@testable import DriftRules
import DriftSyntax
import Foundation
import Testing

/// A project view with fixed answers, standing in for the engine's.
struct FixedProjectView: ProjectView {
    var evidence = GlobalEvidence()
    var modules: [String: ModuleSymbols] = [:]
    var nearby: [(name: String, site: ModuleSymbols.Site)] = []
    var builtins: Set<String> = []

    /// `evidence` for JavaScript, `builtins` (injected into Python's builtins) for Python.
    func globals(for path: String) -> GlobalEvidence {
        path.hasSuffix(".py") ? GlobalEvidence(globals: builtins, isComplete: true) : evidence
    }
    func moduleSymbols(module: String, level: Int, from path: String) -> ModuleSymbols? {
        modules[String(repeating: ".", count: level) + module]
    }
    func definitions(near name: String, from path: String) -> [(name: String, site: ModuleSymbols.Site)] { nearby }
}

/// What `undefined-name` does with evidence from other files: environments, star imports through
/// project modules, injected builtins, and suggestions from elsewhere in the project.
@Suite struct UndefinedNameProjectTests {
    func findings(_ code: String, _ language: Language, path: String, project: (any ProjectView)?) -> [Finding] {
        let file = SourceFile(path: path, language: language, text: code)
        return UndefinedNameRule().findings(in: file, context: RuleContext(role: PathConventions.role(of: path), project: project))
    }

    @Test func completeNodeEvidenceMakesAnUnknownNameHighAndABrowserGlobalMedium() {
        let project = FixedProjectView(evidence: GlobalEvidence(environments: ["node"], isComplete: true, sources: ["package.json"]))
        let code = "import fs from 'fs';\nexport const a = parseConfigFile(fs);\nexport const b = document.title;\n"
        let result = findings(code, .javascript, path: "src/a.js", project: project)
        #expect(result.map(\.severity) == [.high, .medium])
        #expect(result[0].message.contains("package.json"))
        #expect(result[1].message.contains("browsers"))
    }

    @Test func withoutProjectEvidenceAnUnknownNameIsOnlyMedium() {
        let code = "import fs from 'fs';\nexport const a = parseConfigFile(fs);\n"
        #expect(findings(code, .javascript, path: "src/a.js", project: nil).map(\.severity) == [.medium])
        let incomplete = FixedProjectView(evidence: GlobalEvidence(environments: ["node"], isComplete: false))
        #expect(findings(code, .javascript, path: "src/a.js", project: incomplete).map(\.severity) == [.medium])
    }

    @Test func configuredGlobalsAndEnvironmentsAreDefined() {
        let project = FixedProjectView(evidence: GlobalEvidence(environments: ["node", "mocha"], globals: ["APP"], isComplete: true))
        let code = "import x from 'x';\ndescribe('a', () => { it('b', () => x(APP)); });\n"
        #expect(findings(code, .javascript, path: "src/a.js", project: project).isEmpty)
    }

    @Test func starImportOfAProjectModuleBindsItsNames() {
        let helpers = ModuleSymbols(module: "app/helpers.py", names: ["get_user": .init(path: "app/helpers.py", line: 14)], isClosed: true)
        let project = FixedProjectView(modules: [".helpers": helpers])
        let code = "from .helpers import *\nget_user(1)\nretrieve_user(1)\n"
        let result = findings(code, .python, path: "app/views.py", project: project)
        #expect(result.count == 1)
        #expect(result.first?.message.contains("Did you mean `get_user`") == true)
        // The same module unresolved, or open, silences the file.
        #expect(findings(code, .python, path: "app/views.py", project: FixedProjectView()).isEmpty)
        var open = helpers
        open.isClosed = false
        #expect(findings(code, .python, path: "app/views.py", project: FixedProjectView(modules: [".helpers": open])).isEmpty)
    }

    @Test func namesInjectedIntoBuiltinsElsewhereAreDefined() {
        let code = "def test_a():\n    assert _ip.run_cell('1')\n"
        #expect(findings(code, .python, path: "pkg/tests/test_a.py", project: FixedProjectView(builtins: ["_ip"])).isEmpty)
        #expect(findings(code, .python, path: "pkg/tests/test_a.py", project: FixedProjectView()).count == 1)
    }

    @Test func suggestionFromAnotherProjectFileSaysWhereItIsDefined() {
        let project = FixedProjectView(nearby: [("get_user", .init(path: "app/users.py", line: 14))])
        let result = findings("def load(i):\n    return retrieve_user(i)\n", .python, path: "app/views.py", project: project)
        #expect(result.first?.message.contains("did you mean") == false)
        #expect(result.first?.message.contains("`get_user`, defined at app/users.py:14 (not imported here)") == true)
    }

    @Test func moduleResolverAnswersUnknownModuleMemberQuestions() {
        let users = ModuleSymbols(module: "app/users.py", names: ["get_user": .init(path: "app/users.py", line: 14)], isClosed: true)
        let resolver = ModuleResolver(project: FixedProjectView(modules: [".users": users]), path: "app/views.py")
        #expect(resolver.lookup("get_user", inModule: "users", level: 1) == .defined(.init(path: "app/users.py", line: 14)))
        #expect(resolver.lookup("retrieve_user", inModule: "users", level: 1) == .absent)
        #expect(resolver.lookup("exists", inModule: "os.path", level: 0) != .absent)
        #expect(resolver.lookup("exist", inModule: "os.path", level: 0) == .absent)
        #expect(resolver.lookup("path", inModule: "os", level: 0) != .absent)
        #expect(resolver.lookup("anything", inModule: "not_a_module", level: 0) == .unknown)
    }

    @Test func diskProjectViewReadsPackageJSONESLintAndDeclarations() throws {
        let root = FileManager.default.temporaryDirectory.appendingPathComponent("drift-names-\(UUID().uuidString)").path
        try FileManager.default.createDirectory(atPath: root + "/src/types", withIntermediateDirectories: true)
        defer { try? FileManager.default.removeItem(atPath: root) }
        try #"{ "name": "x", "devDependencies": { "mocha": "^10" } }"#.write(toFile: root + "/package.json", atomically: true, encoding: .utf8)
        try "{\n  // comment\n  \"env\": { \"browser\": true },\n  \"globals\": { \"APP\": \"readonly\", },\n}\n"
            .write(toFile: root + "/.eslintrc.json", atomically: true, encoding: .utf8)
        try "declare const BUILD_ID: string;\ndeclare function track(e: string): void;\n"
            .write(toFile: root + "/src/types/globals.d.ts", atomically: true, encoding: .utf8)
        let evidence = ProjectKnowledge().globals(for: root + "/src/a.js")
        #expect(evidence.isComplete)
        #expect(evidence.environments.isSuperset(of: ["node", "mocha", "browser"]))
        #expect(evidence.globals.isSuperset(of: ["APP", "BUILD_ID", "track"]))
    }

    @Test func diskProjectViewResolvesRelativePythonModulesAndInjectedBuiltins() throws {
        let root = FileManager.default.temporaryDirectory.appendingPathComponent("drift-names-\(UUID().uuidString)").path
        try FileManager.default.createDirectory(atPath: root + "/pkg/sub", withIntermediateDirectories: true)
        defer { try? FileManager.default.removeItem(atPath: root) }
        try "".write(toFile: root + "/pkg/__init__.py", atomically: true, encoding: .utf8)
        try "".write(toFile: root + "/pkg/sub/__init__.py", atomically: true, encoding: .utf8)
        try "def get_user(i):\n    return i\n".write(toFile: root + "/pkg/users.py", atomically: true, encoding: .utf8)
        try "import builtins as b\nb._ip = object()\n".write(toFile: root + "/pkg/sub/harness.py", atomically: true, encoding: .utf8)
        let view = ProjectKnowledge()
        let symbols = try #require(view.moduleSymbols(module: "users", level: 2, from: root + "/pkg/sub/views.py"))
        #expect(symbols.lookup("get_user") == .defined(.init(path: root + "/pkg/users.py", line: 1)))
        #expect(view.moduleSymbols(module: "pkg.users", level: 0, from: root + "/pkg/sub/views.py") != nil)
        #expect(view.moduleSymbols(module: "", level: 1, from: root + "/pkg/views.py")?.names["sub"] != nil)
        #expect(view.globals(for: root + "/pkg/sub/test_x.py").globals == ["_ip"])
        #expect(view.definitions(near: "retrieve_user", from: root + "/pkg/views.py").contains { $0.name == "get_user" && $0.site.line == 1 })
        // A package installed in the project's virtualenv resolves too.
        let site = root + "/.venv/lib/python3.11/site-packages/extlib"
        try FileManager.default.createDirectory(atPath: site, withIntermediateDirectories: true)
        try "home = /usr/bin\n".write(toFile: root + "/.venv/pyvenv.cfg", atomically: true, encoding: .utf8)
        try "def helper(): ...\n".write(toFile: site + "/__init__.py", atomically: true, encoding: .utf8)
        #expect(ProjectKnowledge().moduleSymbols(module: "extlib", level: 0, from: root + "/app.py")?.names["helper"] != nil)
    }
}
