import DriftCore
import DriftEngine
import DriftKnowledge
import DriftRules
import DriftSyntax
import DriftTestSupport
import Foundation
import Testing

/// Which probe rule was called on which language: the probes record every call.
final class ProbeCalls: @unchecked Sendable {
    static let shared = ProbeCalls()
    private let lock = NSLock()
    private var calls: [(rule: String, language: Language)] = []

    func record(_ rule: String, _ language: Language) {
        lock.lock()
        calls.append((rule, language))
        lock.unlock()
    }

    func reset() {
        lock.lock()
        calls = []
        lock.unlock()
    }

    /// The languages `rule` was called on since the last reset.
    func languages(of rule: String) -> Set<Language> {
        lock.lock()
        defer { lock.unlock() }
        return Set(calls.filter { $0.rule == rule }.map(\.language))
    }
}

/// A local rule whose examples are Python only; it reports the first byte of every file it sees.
struct PythonProbeRule: Rule {
    static let description = RuleDescription(
        id: "python-probe", name: "Python probe", category: .placeholderCode, severity: .low,
        summary: "Test probe.", why: "Test probe.", fix: "None.",
        examples: [.bad(.python, "↓x = 1\n"), .good(.python, "\n")])

    func findings(in file: SourceFile, context: RuleContext) -> [Finding] {
        ProbeCalls.shared.record(Self.description.id, file.language)
        return file.bytes.isEmpty ? [] : [finding(in: file, from: 0, to: 1, message: "probe")]
    }
}

/// A rule that reads the project, with JavaScript and Python examples.
struct ProjectProbeRule: Rule {
    static let readsProject = true
    static let description = RuleDescription(
        id: "project-probe", name: "Project probe", category: .hallucinatedAPIs, severity: .low,
        summary: "Test probe.", why: "Test probe.", fix: "None.",
        examples: [.bad(.javascript, "↓x;\n"), .good(.javascript, "\n"), .bad(.python, "↓x\n"), .good(.python, "\n")])

    func findings(in file: SourceFile, context: RuleContext) -> [Finding] {
        ProbeCalls.shared.record(Self.description.id, file.language)
        return file.bytes.isEmpty ? [] : [finding(in: file, from: 0, to: 1, message: "probe")]
    }
}

/// The engine runs a rule only on the languages its description declares, on every path: a
/// rule is never even called for another language.
@Suite(.serialized) struct LanguageDispatchTests {
    static let probes: [any Rule.Type] = [PythonProbeRule.self, ProjectProbeRule.self]
    static let code = "x = 1\n"

    @Test func theAnalyzerNeverCallsARuleForALanguageItDoesNotDeclare() {
        ProbeCalls.shared.reset()
        let analyzer = Analyzer(rules: Self.probes)
        let project = ProjectKnowledge()
        for language in Language.allCases {
            let path = "src/a.\(language.defaultExtension)"
            let file = SourceFile(path: path, language: language, text: Self.code)
            _ = analyzer.findings(in: file, configuration: Configuration(), project: project)
            _ = analyzer.analysis(of: Array(Self.code.utf8), language: language, path: path)
            _ = analyzer.projectFindings(in: file, projectPath: path, project: project)
        }
        #expect(ProbeCalls.shared.languages(of: "python-probe") == [.python])
        #expect(ProbeCalls.shared.languages(of: "project-probe") == [.javascript, .python])
        #expect(analyzer.rules(for: .python).map { $0.description.id } == ["python-probe", "project-probe"])
        #expect(analyzer.rules(for: .typescript).isEmpty)
    }

    /// `drift check` over a folder and a snippet.
    @Test func driftCheckDispatchesByLanguage() throws {
        ProbeCalls.shared.reset()
        let root = FileManager.default.temporaryDirectory.path + "/drift-dispatch-" + UUID().uuidString
        defer { try? FileManager.default.removeItem(atPath: root) }
        try FileManager.default.createDirectory(atPath: root + "/.git", withIntermediateDirectories: true)
        for language in Language.allCases {
            FileManager.default.createFile(atPath: "\(root)/a.\(language.defaultExtension)", contents: Data(Self.code.utf8))
        }
        let checker = try Checker(analyzer: Analyzer(rules: Self.probes))
        let result = try checker.check(paths: [root])
        #expect(Set(result.report.findings.map { "\($0.ruleID) \(($0.path as NSString).lastPathComponent)" })
            == ["python-probe a.py", "project-probe a.py", "project-probe a.js"])
        _ = try checker.check(snippet: Array(Self.code.utf8), language: .go, path: "<stdin>")
        #expect(ProbeCalls.shared.languages(of: "python-probe") == [.python])
        #expect(ProbeCalls.shared.languages(of: "project-probe") == [.javascript, .python])
    }

    /// The commit path: the per-blob analysis and the project pass.
    @Test func theCommitPathDispatchesByLanguage() throws {
        ProbeCalls.shared.reset()
        let repo = try GitFixture()
        for language in Language.allCases { try repo.write("src/a.\(language.defaultExtension)", Self.code) }
        try repo.git("add", "-A")
        let engine = CommitEngine(cache: BlobCache(path: nil), analyzer: Analyzer(rules: Self.probes))
        let evaluation = try engine.evaluate(CommitRequest(cwd: repo.root, allLines: true))
        #expect(Set(evaluation.report.findings.map { "\($0.ruleID) \($0.path)" })
            == ["python-probe src/a.py", "project-probe src/a.py", "project-probe src/a.js"])
        #expect(ProbeCalls.shared.languages(of: "python-probe") == [.python])
        #expect(ProbeCalls.shared.languages(of: "project-probe") == [.javascript, .python])
    }
}

/// One `.bad` example of a rule, relabelled as a language the rule does not declare.
struct RelabelledExample: Sendable, CustomTestStringConvertible {
    let rule: any Rule.Type
    let example: Example
    let language: Language

    var testDescription: String {
        "\(rule.description.id) \(example.language.rawValue) example at line \(example.sourceLine) as \(language.rawValue)"
    }

    static let all: [RelabelledExample] = RuleCatalog.all.flatMap { rule in
        let declared = Set(rule.description.languages)
        return rule.description.examples.filter { $0.kind == .bad }.flatMap { example in
            Language.allCases.filter { !declared.contains($0) }.map { RelabelledExample(rule: rule, example: example, language: $0) }
        }
    }
}

/// A file of one language never gets a finding from a rule that does not declare that language,
/// whatever its text looks like: every rule's bad examples relabelled as each other language,
/// and real Swift and Go code.
@Suite struct NoFindingsFromUndeclaredLanguagesTests {
    static let analyzer = Analyzer()
    static let declared: [String: Set<Language>] = Dictionary(
        uniqueKeysWithValues: RuleCatalog.all.map { ($0.description.id, Set($0.description.languages)) })

    /// Findings of every path the engine has (drift check, the per-blob analysis, the project
    /// pass) on `code` checked as `language` at `path` inside a project holding `project`.
    static func findings(_ code: String, language: Language, path: String, project: [String: String] = [:]) -> [Finding] {
        let root = FileManager.default.temporaryDirectory.path + "/drift-relabelled/" + UUID().uuidString
        defer { try? FileManager.default.removeItem(atPath: root) }
        try? FileManager.default.createDirectory(atPath: root + "/.git", withIntermediateDirectories: true)
        for (relative, text) in project.merging([path: code], uniquingKeysWith: { _, file in file }) {
            let full = root + "/" + relative
            try? FileManager.default.createDirectory(atPath: (full as NSString).deletingLastPathComponent, withIntermediateDirectories: true)
            FileManager.default.createFile(atPath: full, contents: Data(text.utf8))
        }
        let view = ProjectKnowledge()
        let file = SourceFile(path: root + "/" + path, language: language, text: code)
        return analyzer.findings(in: file, configuration: Configuration(), project: view)
            + analyzer.analysis(of: Array(code.utf8), language: language, path: path).findings
            + analyzer.projectFindings(in: file, projectPath: path, project: view)
    }

    /// The ids of rules among `findings` that do not declare `language`.
    static func undeclared(_ findings: [Finding], _ language: Language) -> [String] {
        findings.map(\.ruleID).filter { !(declared[$0]?.contains(language) ?? false) }
    }

    @Test(arguments: RelabelledExample.all)
    func aBadExampleRelabelledGetsNoFindingFromRulesNotDeclaringTheLanguage(_ case_: RelabelledExample) {
        let path = (case_.example.path as NSString).deletingPathExtension + "." + case_.language.defaultExtension
        let found = Self.findings(case_.example.unmarked.code, language: case_.language, path: path, project: case_.example.project)
        #expect(Self.undeclared(found, case_.language).isEmpty,
                "\(case_.testDescription): \(Self.undeclared(found, case_.language))")
    }

    /// Drift's own sources: real Swift, with async functions, tasks and closures.
    @Test func realSwiftCodeGetsNoFindingFromRulesNotDeclaringSwift() throws {
        let sources = URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent()
            .deletingLastPathComponent().appendingPathComponent("Sources").path
        let enumerator = try #require(FileManager.default.enumerator(atPath: sources))
        var checked = 0
        for case let relative as String in enumerator where relative.hasSuffix(".swift") {
            let text = try String(contentsOfFile: sources + "/" + relative, encoding: .utf8)
            let found = Self.findings(text, language: .swift, path: "Sources/" + relative)
            #expect(Self.undeclared(found, .swift).isEmpty, "Sources/\(relative): \(Self.undeclared(found, .swift))")
            checked += 1
        }
        #expect(checked > 100)
    }

    @Test func realGoCodeGetsNoFindingFromRulesNotDeclaringGo() {
        let found = Self.findings(Self.goServer, language: .go, path: "cmd/server/main.go", project: ["go.mod": "module example.com/server\n\ngo 1.22\n"])
        #expect(Self.undeclared(found, .go).isEmpty, "\(Self.undeclared(found, .go))")
    }

    /// Go with the shapes JavaScript and Python rules look for: calls whose results are dropped,
    /// goroutines, closures in loops, `time.Sleep`, imports of packages, members of `strings`.
    static let goServer = """
        package main

        import (
        \t"context"
        \t"encoding/json"
        \t"errors"
        \t"fmt"
        \t"log"
        \t"net/http"
        \t"os"
        \t"strings"
        \t"sync"
        \t"time"

        \t"github.com/example/missing/pkg"
        \t"./relative/utils"
        )

        type Server struct {
        \tmu    sync.Mutex
        \tcount int
        \tusers map[string]User
        }

        type User struct {
        \tName  string `json:"name"`
        \tEmail string `json:"email"`
        }

        func (s *Server) handle(w http.ResponseWriter, r *http.Request) {
        \tvar u User
        \tif err := json.NewDecoder(r.Body).Decode(&u); err != nil {
        \t\thttp.Error(w, err.Error(), http.StatusBadRequest)
        \t\treturn
        \t}
        \tgo s.save(u)
        \ts.count++
        \ttime.Sleep(10 * time.Millisecond)
        \tfmt.Fprintf(w, "ok %s", strings.ToUpper(u.Name))
        }

        func (s *Server) save(u User) {
        \ts.mu.Lock()
        \tdefer s.mu.Unlock()
        \ts.users[u.Email] = u
        }

        func fetchAll(ctx context.Context, urls []string) error {
        \tvar wg sync.WaitGroup
        \terrs := make(chan error, len(urls))
        \tfor _, url := range urls {
        \t\twg.Add(1)
        \t\tgo func() {
        \t\t\tdefer wg.Done()
        \t\t\treq, _ := http.NewRequestWithContext(ctx, "GET", url, nil)
        \t\t\tresp, err := http.DefaultClient.Do(req)
        \t\t\tif err != nil {
        \t\t\t\terrs <- err
        \t\t\t\treturn
        \t\t\t}
        \t\t\tresp.Body.Close()
        \t\t}()
        \t}
        \twg.Wait()
        \tclose(errs)
        \tselect {
        \tcase err := <-errs:
        \t\treturn err
        \tcase <-ctx.Done():
        \t\treturn ctx.Err()
        \tdefault:
        \t}
        \treturn errors.New("unreachable")
        }

        func notYet() error {
        \tpanic("not implemented")
        }

        func stub() {
        }

        func main() {
        \ts := &Server{users: map[string]User{}}
        \thttp.HandleFunc("/users", s.handle)
        \tpkg.Setup()
        \tutils.Retry(3)
        \tfetchAll(context.Background(), os.Args[1:])
        \tstrings.contains("abc", "a")
        \tlog.Fatal(http.ListenAndServe(":8080", nil))
        }

        """
}
