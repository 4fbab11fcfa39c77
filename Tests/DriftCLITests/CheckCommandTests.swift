import DriftProtocol
import Foundation
import Testing

/// Runs the built `drift` binary, as a user would.
struct DriftProcess {
    static let binary: URL = {
        // Tests run from the build folder that also holds the `drift` executable.
        let runner = URL(fileURLWithPath: CommandLine.arguments[0]).resolvingSymlinksInPath()
        var folder = runner.deletingLastPathComponent()
        while folder.path != "/" {
            let candidate = folder.appendingPathComponent("drift")
            var isDirectory: ObjCBool = false
            if FileManager.default.fileExists(atPath: candidate.path, isDirectory: &isDirectory), !isDirectory.boolValue {
                return candidate
            }
            folder = folder.deletingLastPathComponent()
        }
        return URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent()
            .deletingLastPathComponent().appendingPathComponent(".build/debug/drift")
    }()

    struct Output {
        var status: Int32
        var stdout: String
        var stderr: String
    }

    static func run(_ arguments: [String], stdin: String? = nil, in directory: URL? = nil, environment: [String: String] = [:]) throws -> Output {
        let process = Process()
        process.executableURL = binary
        process.arguments = arguments
        if let directory { process.currentDirectoryURL = directory }
        var env = ProcessInfo.processInfo.environment
        env.removeValue(forKey: "NO_COLOR")
        env.merge(environment) { $1 }
        process.environment = env
        let out = Pipe(), err = Pipe(), input = Pipe()
        process.standardOutput = out
        process.standardError = err
        process.standardInput = input
        try process.run()
        if let stdin { input.fileHandleForWriting.write(Data(stdin.utf8)) }
        try input.fileHandleForWriting.close()
        let stdoutData = out.fileHandleForReading.readDataToEndOfFile()
        let stderrData = err.fileHandleForReading.readDataToEndOfFile()
        process.waitUntilExit()
        return Output(status: process.terminationStatus, stdout: String(decoding: stdoutData, as: UTF8.self),
                      stderr: String(decoding: stderrData, as: UTF8.self))
    }
}

/// A temporary folder with files, removed afterwards.
final class Fixture {
    let root: URL

    init(_ files: [String: String]) throws {
        root = FileManager.default.temporaryDirectory.appendingPathComponent("drift-cli-\(UUID().uuidString)")
        for (path, content) in files { try write(path, Data(content.utf8)) }
    }

    func write(_ path: String, _ data: Data) throws {
        let url = root.appendingPathComponent(path)
        try FileManager.default.createDirectory(at: url.deletingLastPathComponent(), withIntermediateDirectories: true)
        try data.write(to: url)
    }

    deinit { try? FileManager.default.removeItem(at: root) }
}

private let elided = "def f():\n    # ... rest of the implementation\n    return 1\n"

@Suite struct CheckCommandTests {
    @Test func snippetWithElidedCodeBlocks() throws {
        let output = try DriftProcess.run(["check", "-", "--lang", "python"], stdin: elided)
        #expect(output.status == 1)
        #expect(output.stdout.contains("<stdin>:2:5: high [elided-code]"))
        #expect(output.stdout.contains("  2 |     # ... rest of the implementation"))
        #expect(output.stdout.contains("Why: "))
        #expect(output.stdout.contains("Fix: "))
        #expect(!output.stdout.contains("\u{1B}["), "no colour when piped")
    }

    @Test func cleanSnippetPasses() throws {
        let output = try DriftProcess.run(["check", "-", "--lang", "js"], stdin: "const b = [1];\nconst a = [...b];\n")
        #expect(output.status == 0)
        #expect(output.stdout.contains("No findings in 1 file."))
    }

    @Test func stdinNeedsALanguage() throws {
        let output = try DriftProcess.run(["check", "-"], stdin: elided)
        #expect(output.status == 2)
        #expect(output.stderr.contains("needs --lang"))
    }

    @Test func unknownLanguageAndMissingPathAreUsageErrors() throws {
        #expect(try DriftProcess.run(["check", "-", "--lang", "cobol"], stdin: "").status == 2)
        let missing = try DriftProcess.run(["check", "/no/such/place"])
        #expect(missing.status == 2)
        #expect(missing.stderr.contains("/no/such/place: no such file or folder"))
    }

    @Test func walksFoldersSkippingDependenciesBinariesAndBigFiles() throws {
        let fixture = try Fixture([
            "src/app.py": elided,
            "src/ok.ts": "export const x = 1;\n",
            "node_modules/dep/index.js": "// ... existing code ...\n",
            ".venv/lib/x.py": elided,
            "env2/pyvenv.cfg": "home = /usr\n",
            "env2/lib/y.py": elided,
            "vendor/z.go": "// rest of the code stays the same\n",
            "README.md": "# ... rest of the implementation\n",
            "big.js": String(repeating: "// padding\n", count: 200),
            ".drift.toml": "max_file_bytes = 1000\n",
        ])
        try fixture.write("blob.js", Data([0x2F, 0x2F, 0x00, 0x01]))
        let output = try DriftProcess.run(["check", ".", "--format", "json"], in: fixture.root)
        #expect(output.status == 1, "\(output.stderr)")
        let json = try #require(try JSONSerialization.jsonObject(with: Data(output.stdout.utf8)) as? [String: Any])
        #expect(json["version"] as? Int == 1)
        let findings = try #require(json["findings"] as? [[String: Any]])
        #expect(findings.map { $0["path"] as? String } == ["src/app.py"])
        let finding = try #require(findings.first)
        for key in ["ruleId", "severity", "category", "path", "line", "column", "endLine", "endColumn", "message", "why", "fix"] {
            #expect(finding[key] != nil, "missing \(key)")
        }
        let skipped = try #require(json["skipped"] as? [[String: Any]])
        #expect(Set(skipped.compactMap { $0["path"] as? String }) == ["big.js", "blob.js"])
        let summary = try #require(json["summary"] as? [String: Any])
        #expect(summary["files"] as? Int == 2)
        #expect(summary["blocking"] as? Int == 1)
    }

    @Test func configurationExcludesRegradesAndBlockThreshold() throws {
        let fixture = try Fixture([
            ".drift.toml": "exclude = [\"gen/**\"]\nblock_at = \"high\"\n[rules]\nelided-code = \"medium\"\n",
            "gen/a.py": elided,
            "b.py": elided,
        ])
        let output = try DriftProcess.run(["check", "."], in: fixture.root)
        #expect(output.status == 0, "medium does not block at block_at = high")
        #expect(output.stdout.contains("b.py:2:5: medium [elided-code]"))
        #expect(!output.stdout.contains("gen/a.py"))
    }

    @Test func configurationErrorsNameFileAndLine() throws {
        let fixture = try Fixture([".drift.toml": "block_at = \"high\"\n[rules]\nno-such-rule = \"off\"\n", "a.py": "x = 1\n"])
        let output = try DriftProcess.run(["check", "a.py"], in: fixture.root)
        #expect(output.status == 2)
        #expect(output.stderr.contains(".drift.toml:3: unknown rule id 'no-such-rule'"))
    }

    @Test func inlineSuppressionsNeedReasons() throws {
        let code = """
            def f():
                # drift-ignore: elided-code — filled in by the code generator
                # ... rest of the implementation
            def g():
                # drift-ignore: elided-code
                # ... rest of the implementation
            """
        let output = try DriftProcess.run(["check", "-", "--lang", "python", "--format", "json"], stdin: code)
        let json = try #require(try JSONSerialization.jsonObject(with: Data(output.stdout.utf8)) as? [String: Any])
        let findings = try #require(json["findings"] as? [[String: Any]])
        let ids = findings.map { "\($0["ruleId"]!)@\($0["line"]!)" }
        #expect(ids == ["elided-code@6", "malformed-suppression@5"])
    }

    /// An async function declared in another project file is proven async through the project view.
    @Test func asyncFunctionsOfOtherProjectFilesAreKnown() throws {
        let fixture = try Fixture([
            "src/db.ts": "export async function saveUser(u) {\n  await fetch(\"/u\");\n}\n",
            "src/api.ts": "import { saveUser } from \"./db\";\nexport function handle(u) {\n  saveUser(u);\n}\n",
            "app/__init__.py": "",
            "app/db.py": "async def load_user(i):\n    return i\n",
            "app/views.py": "from .db import load_user\n\ndef view(i):\n    load_user(i)\n",
        ])
        let output = try DriftProcess.run(["check", "."], in: fixture.root)
        #expect(output.status == 1)
        #expect(output.stdout.contains("src/api.ts:3:3: high [floating-promise] `saveUser` is async (src/db.ts:1)"))
        #expect(output.stdout.contains("app/views.py:4:5: high [coroutine-never-awaited] `load_user` is async (app/db.py:1)"))
    }

    /// `--stdin-path` names the snippet and decides how it is judged: a test file may hold placeholder keys.
    @Test func stdinPathNamesTheSnippetAndDecidesItsRole() throws {
        let code = "API_KEY = \"YOUR_API_KEY\"\n"
        let production = try DriftProcess.run(["check", "-", "--lang", "python", "--stdin-path", "app/settings.py"], stdin: code)
        #expect(production.status == 1)
        #expect(production.stdout.contains("app/settings.py:1:11: high [placeholder-credential]"))
        let test = try DriftProcess.run(["check", "-", "--stdin-path", "tests/test_settings.py"], stdin: code)
        #expect(test.status == 0, "the language comes from the path; tests may use placeholders")
    }

    /// A file's role comes from its path inside its git checkout: a checkout kept under a folder
    /// named `tests` is not all tests.
    @Test func foldersAboveTheCheckoutDoNotDecideTheRole() throws {
        let fixture = try Fixture(["tests/repo/.git/HEAD": "ref: refs/heads/main\n", "tests/repo/settings.py": "API_KEY = \"YOUR_API_KEY\"\n"])
        let output = try DriftProcess.run(["check", fixture.root.path + "/tests/repo/settings.py"])
        #expect(output.status == 1, "\(output.stdout)")
        #expect(output.stdout.contains("high [placeholder-credential]"))
    }

    /// `--config FILE` replaces the nearest `.drift.toml`.
    @Test func explicitConfigurationWinsOverTheNearestOne() throws {
        let fixture = try Fixture([
            ".drift.toml": "[rules]\nelided-code = \"medium\"\n",
            "strict.toml": "block_at = \"medium\"\n",
            "a.py": elided,
        ])
        #expect(try DriftProcess.run(["check", "a.py"], in: fixture.root).status == 0)
        let strict = try DriftProcess.run(["check", "a.py", "--config", "strict.toml"], in: fixture.root)
        #expect(strict.status == 1)
        #expect(strict.stdout.contains("a.py:2:5: high [elided-code]"))
        let missing = try DriftProcess.run(["check", "a.py", "--config", "nope.toml"], in: fixture.root)
        #expect(missing.status == 2)
        #expect(missing.stderr.contains("nope.toml: cannot read the configuration file"))
    }

    @Test func colourFollowsTheChoice() throws {
        let always = try DriftProcess.run(["check", "-", "--lang", "py", "--color", "always"], stdin: elided)
        #expect(always.stdout.contains("\u{1B}[1;31mhigh"))
        let never = try DriftProcess.run(["check", "-", "--lang", "py"], stdin: elided, environment: ["NO_COLOR": "1"])
        #expect(!never.stdout.contains("\u{1B}["))
    }

    /// Two elided blocks: two findings of one rule.
    static let twiceElided = elided + "\ndef g():\n    # ... rest of the implementation\n    return 2\n"

    @Test func textPrintsARulesWhyAndFixOnce() throws {
        let output = try DriftProcess.run(["check", "-", "--lang", "python"], stdin: Self.twiceElided)
        #expect(output.status == 1)
        #expect(output.stdout.contains("<stdin>:2:5: high [elided-code]"))
        #expect(output.stdout.contains("<stdin>:6:5: high [elided-code]"))
        #expect(output.stdout.components(separatedBy: "Why: ").count == 2, "\(output.stdout)")
        #expect(output.stdout.components(separatedBy: "Fix: ").count == 2)
        #expect(output.stdout.contains("  6 |     # ... rest of the implementation"))
    }

    @Test func conciseIsOneLinePerFinding() throws {
        let output = try DriftProcess.run(["check", "-", "--lang", "python", "--format", "concise"], stdin: Self.twiceElided)
        #expect(output.status == 1, "blocking findings still exit 1")
        let lines = output.stdout.split(separator: "\n", omittingEmptySubsequences: false).map(String.init)
        #expect(lines.count == 3 && lines[2].isEmpty, "\(output.stdout)")
        for (line, number) in zip(lines, [2, 6]) {
            #expect(line.hasPrefix("<stdin>:\(number):5: high [elided-code] "), "\(line)")
            #expect(line.wholeMatch(of: /[^:]+:\d+:\d+: (high|medium|low) \[[a-z-]+\] .+/) != nil, "\(line)")
        }
        let clean = try DriftProcess.run(["check", "-", "--lang", "python", "--format", "concise"], stdin: "x = 1\n")
        #expect(clean.status == 0 && clean.stdout.isEmpty, "\(clean)")
    }

    @Test func checkOffersScansCIFormats() throws {
        let sarif = try DriftProcess.run(["check", "-", "--lang", "python", "--format", "sarif"], stdin: elided)
        #expect(sarif.status == 1)
        let document = try JSONSerialization.jsonObject(with: Data(sarif.stdout.utf8)) as? [String: Any]
        #expect(document?["version"] as? String == "2.1.0")
        let github = try DriftProcess.run(["check", "-", "--lang", "python", "--format", "github"], stdin: elided)
        #expect(github.stdout.hasPrefix("::error file=<stdin>,line=2,col=5,"), "\(github.stdout)")
        let gitlab = try DriftProcess.run(["check", "-", "--lang", "python", "--format", "gitlab"], stdin: elided)
        #expect(gitlab.stdout.contains("\"severity\": \"critical\""))
        let unknown = try DriftProcess.run(["check", "-", "--lang", "python", "--format", "yaml"], stdin: elided)
        #expect(unknown.status == 2)
        let help = try DriftProcess.run(["check", "--help"])
        #expect(help.stdout.contains("concise"), "\(help.stdout)")
    }
}

@Suite struct RulesAndExplainTests {
    @Test func rulesListsEveryRule() throws {
        let output = try DriftProcess.run(["rules"])
        #expect(output.status == 0)
        for id in ["elided-code", "placeholder-credential", "malformed-suppression"] {
            #expect(output.stdout.contains(id))
        }
        #expect(output.stdout.contains("high    placeholder-code"))
    }

    /// The list says which files each language covers: a rule with JavaScript examples only does
    /// not run on TypeScript.
    @Test func rulesSaysWhatEachLanguageCovers() throws {
        let output = try DriftProcess.run(["rules"])
        #expect(output.stdout.contains("javascript: .js .mjs .cjs .jsx"))
        #expect(output.stdout.contains("typescript: .ts .mts .cts .tsx"))
        #expect(output.stdout.contains("A rule runs only on the languages listed"))
    }

    /// `drift --version` prints the version the hook and the daemon compare in the handshake.
    @Test func versionIsTheBuildVersion() throws {
        let output = try DriftProcess.run(["--version"])
        #expect(output.status == 0)
        #expect(output.stdout == DriftBuild.version + "\n")
    }

    @Test func explainPrintsWhyFixAndExamples() throws {
        let output = try DriftProcess.run(["explain", "elided-code"])
        #expect(output.status == 0)
        #expect(output.stdout.contains("Why:"))
        #expect(output.stdout.contains("Fix:"))
        #expect(output.stdout.contains("Flagged:"))
        #expect(output.stdout.contains("// ... existing code ..."))
        #expect(!output.stdout.contains("↓"))
    }

    @Test func explainUnknownRuleIsAUsageError() throws {
        let output = try DriftProcess.run(["explain", "elided-cod"])
        #expect(output.status == 2)
        #expect(output.stderr.contains("Did you mean 'elided-code'?"))
    }
}
