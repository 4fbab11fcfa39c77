import Foundation
import Testing

/// A real repository for range scans: commits made with the `git` CLI, ids read back from it.
final class HistoryRepository {
    let root: URL
    let cache: URL

    init(objectFormat: String = "sha1") throws {
        let base = FileManager.default.temporaryDirectory.appendingPathComponent("drift-range-\(UUID().uuidString)")
        root = base.appendingPathComponent("repo")
        cache = base.appendingPathComponent("cache")
        try FileManager.default.createDirectory(at: root, withIntermediateDirectories: true)
        try git("init", "-q", "-b", "main", "--object-format=\(objectFormat)")
    }

    deinit { try? FileManager.default.removeItem(at: root.deletingLastPathComponent()) }

    static func gitEnvironment() -> [String: String] {
        var environment = ProcessInfo.processInfo.environment.filter { !$0.key.hasPrefix("GIT_") }
        environment["GIT_CONFIG_GLOBAL"] = "/dev/null"
        environment["GIT_AUTHOR_NAME"] = "Ada Reviewer"
        environment["GIT_AUTHOR_EMAIL"] = "ada@example.com"
        environment["GIT_COMMITTER_NAME"] = "Ada Reviewer"
        environment["GIT_COMMITTER_EMAIL"] = "ada@example.com"
        return environment
    }

    /// Runs git; throws with its error output when it fails.
    @discardableResult
    func git(_ arguments: String...) throws -> String {
        let process = Process()
        process.executableURL = URL(fileURLWithPath: "/usr/bin/git")
        process.arguments = arguments
        process.currentDirectoryURL = root
        process.environment = Self.gitEnvironment()
        let out = Pipe(), err = Pipe()
        process.standardOutput = out
        process.standardError = err
        try process.run()
        let stdout = out.fileHandleForReading.readDataToEndOfFile()
        let stderr = err.fileHandleForReading.readDataToEndOfFile()
        process.waitUntilExit()
        guard process.terminationStatus == 0 else {
            throw CocoaError(.fileReadUnknown, userInfo: [
                NSLocalizedDescriptionKey: "git \(arguments.joined(separator: " ")): \(String(decoding: stderr, as: UTF8.self))",
            ])
        }
        return String(decoding: stdout, as: UTF8.self).trimmingCharacters(in: .whitespacesAndNewlines)
    }

    func write(_ path: String, _ text: String) throws {
        let url = root.appendingPathComponent(path)
        try FileManager.default.createDirectory(at: url.deletingLastPathComponent(), withIntermediateDirectories: true)
        try Data(text.utf8).write(to: url)
    }

    /// Commits everything with `message` (paragraphs as separate `-m`) and returns the new id.
    @discardableResult
    func commit(_ message: String...) throws -> String {
        try git("add", "-A")
        var arguments = ["commit", "-q", "--allow-empty"]
        for paragraph in message { arguments += ["-m", paragraph] }
        try gitArray(arguments)
        return try git("rev-parse", "HEAD")
    }

    private func gitArray(_ arguments: [String]) throws {
        let process = Process()
        process.executableURL = URL(fileURLWithPath: "/usr/bin/git")
        process.arguments = arguments
        process.currentDirectoryURL = root
        process.environment = Self.gitEnvironment()
        process.standardOutput = FileHandle.nullDevice
        process.standardError = FileHandle.nullDevice
        try process.run()
        process.waitUntilExit()
        guard process.terminationStatus == 0 else { throw CocoaError(.fileWriteUnknown) }
    }

    func drift(_ arguments: [String], in folder: URL? = nil) throws -> DriftProcess.Output {
        try DriftProcess.run(arguments, in: folder ?? root, environment: [
            "XDG_CACHE_HOME": cache.path, "GIT_DIR": "", "GIT_INDEX_FILE": "", "NO_COLOR": "1",
        ])
    }

    func json(_ text: String) throws -> [String: Any] {
        try #require(try JSONSerialization.jsonObject(with: Data(text.utf8)) as? [String: Any])
    }

    /// The issue's three-commit range on top of a base: one commit introduces a high finding, one
    /// adds another and overrides it in its message, one is clean. Returns the commits' ids.
    func threeCommitRange() throws -> (base: String, introducing: String, overriding: String, clean: String) {
        try write("app.py", "def total(items):\n    return sum(items)\n")
        let base = try commit("base")
        try write("app.py", "def total(items):\n    return sum(items)\n\ndef tax(amount):\n    # ... rest of the implementation\n    return amount\n")
        let introducing = try commit("add tax")
        try write("settings.py", "API_KEY = \"YOUR_API_KEY\"\n")
        let overriding = try commit(
            "settings placeholder", "Drift-Override: placeholder-credential — replaced by the deploy script")
        try write("README.md", "# shop\n")
        try write("util.py", "def double(x):\n    return 2 * x\n")
        let clean = try commit("clean helper")
        return (base, introducing, overriding, clean)
    }
}

@Suite struct RangeScanTests {
    @Test func aThreeCommitRangeGivesTheExpectedReportInEveryFormat() throws {
        let repo = try HistoryRepository()
        let ids = try repo.threeCommitRange()
        let range = "\(ids.base)..HEAD"

        let text = try repo.drift(["scan", "--range", range])
        #expect(text.status == 1, "the un-overridden high finding blocks: \(text.stderr)")
        #expect(text.stdout.contains("app.py:5:5: high [elided-code]"))
        #expect(text.stdout.contains("  5 |     # ... rest of the implementation"))
        #expect(text.stdout.contains("overridden settings.py:1:"))
        #expect(text.stdout.contains("[placeholder-credential] in \(ids.overriding.prefix(12)): replaced by the deploy script"))
        #expect(!text.stdout.contains("util.py"))

        let concise = try repo.drift(["scan", "--range", range, "--format", "concise"])
        #expect(concise.status == 1)
        #expect(concise.stdout.split(separator: "\n") == [
            "app.py:5:5: high [elided-code] This comment stands in for code that was left out: “... rest of the implementation”.",
        ])

        let json = try repo.json(try repo.drift(["scan", "--range", range, "--format", "json"]).stdout)
        let findings = try #require(json["findings"] as? [[String: Any]])
        #expect(findings.map { $0["ruleId"] as? String } == ["elided-code"])
        let suppressed = try #require(json["suppressed"] as? [[String: Any]])
        #expect(suppressed.count == 1)
        #expect(suppressed.first?["ruleId"] as? String == "placeholder-credential")
        let suppression = try #require(suppressed.first?["suppression"] as? [String: Any])
        #expect(suppression["kind"] as? String == "override")
        #expect(suppression["commit"] as? String == ids.overriding)
        #expect(suppression["justification"] as? String == "replaced by the deploy script")
        #expect((json["summary"] as? [String: Any])?["blocking"] as? Int == 1)

        let sarif = try repo.json(try repo.drift(["scan", "--range", range, "--format", "sarif"]).stdout)
        let run = try #require((sarif["runs"] as? [[String: Any]])?.first)
        let results = try #require(run["results"] as? [[String: Any]])
        #expect(results.count == 2)
        let open = try #require(results.first { $0["suppressions"] == nil })
        #expect(open["ruleId"] as? String == "elided-code")
        #expect(open["level"] as? String == "error")
        let region = (((open["locations"] as? [[String: Any]])?.first?["physicalLocation"] as? [String: Any])?["region"]) as? [String: Any]
        #expect(region?["startLine"] as? Int == 5)
        #expect(region?["startColumn"] as? Int == 5)
        let waved = try #require(results.first { $0["suppressions"] != nil })
        let sarifSuppression = try #require((waved["suppressions"] as? [[String: Any]])?.first)
        #expect(sarifSuppression["kind"] as? String == "external")
        #expect(sarifSuppression["justification"] as? String == "replaced by the deploy script")
        let rules = try #require(((run["tool"] as? [String: Any])?["driver"] as? [String: Any])?["rules"] as? [[String: Any]])
        #expect(rules.count >= 20, "every rule is described, not only those that fired")
        let elided = try #require(rules.first { $0["id"] as? String == "elided-code" })
        #expect((elided["defaultConfiguration"] as? [String: Any])?["level"] as? String == "error")
        #expect(((elided["help"] as? [String: Any])?["text"] as? String)?.contains("Flagged:") == true)
        #expect(open["ruleIndex"] as? Int == rules.firstIndex { $0["id"] as? String == "elided-code" })

        let github = try repo.drift(["scan", "--range", range, "--format", "github"])
        #expect(github.status == 1)
        let annotations = github.stdout.split(separator: "\n")
        #expect(annotations.contains { $0.hasPrefix("::error file=app.py,line=5,col=5,endLine=5,endColumn=37,title=drift elided-code (high)::This comment") })
        #expect(annotations.contains { $0.hasPrefix("::notice file=settings.py,line=1,title=drift placeholder-credential overridden::Overridden by \(ids.overriding.prefix(12))") })

        let gitlab = try repo.drift(["scan", "--range", range, "--format", "gitlab"])
        let issues = try #require(try JSONSerialization.jsonObject(with: Data(gitlab.stdout.utf8)) as? [[String: Any]])
        #expect(issues.count == 1)
        #expect(issues.first?["check_name"] as? String == "elided-code")
        #expect(issues.first?["severity"] as? String == "critical")
        #expect(((issues.first?["location"] as? [String: Any])?["lines"] as? [String: Any])?["begin"] as? Int == 5)
        #expect((issues.first?["fingerprint"] as? String)?.count == 32)

        // Past the introducing commit only the overridden finding is left: nothing blocks.
        let rest = try repo.drift(["scan", "--range", "\(ids.introducing)..HEAD", "--format", "concise"])
        #expect(rest.status == 0)
        #expect(rest.stdout.isEmpty)
        // A single revision means REV..HEAD.
        #expect(try repo.drift(["scan", "--range", ids.introducing, "--format", "concise"]).stdout.isEmpty)
    }

    /// libgit2 1.5 cannot open SHA-256 repositories: the range, blame and messages come from the git CLI.
    @Test func aSHA256RepositoryGivesTheSameReportThroughTheGitCLI() throws {
        let repo = try HistoryRepository(objectFormat: "sha256")
        let ids = try repo.threeCommitRange()
        #expect(ids.base.count == 64)
        let result = try repo.drift(["scan", "--range", "\(ids.base)..HEAD", "--format", "json"])
        #expect(result.status == 1, "\(result.stderr)")
        #expect(result.stderr.contains("using the git CLI"))
        let json = try repo.json(result.stdout)
        #expect((json["findings"] as? [[String: Any]])?.map { $0["ruleId"] as? String } == ["elided-code"])
        let suppressed = try #require((json["suppressed"] as? [[String: Any]])?.first?["suppression"] as? [String: Any])
        #expect(suppressed["commit"] as? String == ids.overriding)
        let all = try repo.drift(["scan", "--all", "--format", "concise"])
        #expect(all.stdout.hasPrefix("app.py:5:5: high [elided-code]"))
        let overrides = try repo.drift(["overrides"])
        #expect(overrides.stdout.contains("placeholder-credential — replaced by the deploy script"))
    }

    @Test func anOverrideCoversOnlyWhatItsOwnCommitIntroduced() throws {
        let repo = try HistoryRepository()
        try repo.write("a.py", "x = 1\n")
        let base = try repo.commit("base")
        try repo.write("a.py", "x = 1\nAPI_KEY = \"YOUR_API_KEY\"\n")
        try repo.commit("credential, no trailer")
        try repo.write("b.py", "y = 2\n")
        try repo.commit("unrelated", "Drift-Override: placeholder-credential — meant for a.py, but a.py is not in this commit")
        let result = try repo.drift(["scan", "--range", "\(base)..HEAD", "--format", "concise"])
        #expect(result.status == 1)
        #expect(result.stdout.hasPrefix("a.py:2:"))
        #expect(result.stdout.contains("[placeholder-credential]"))
    }

    @Test func threeDotsMeasureFromTheMergeBase() throws {
        let repo = try HistoryRepository()
        try repo.write("old.py", "def f():\n    # ... rest of the implementation\n    return 1\n")
        try repo.commit("base with an old finding")
        try repo.git("checkout", "-q", "-b", "feature")
        try repo.write("feature.py", "def g():\n    return 2\n")
        try repo.commit("feature work")
        try repo.git("checkout", "-q", "main")
        try repo.write("old.py", "def f():\n    return 1\n")
        try repo.commit("main fixes the old finding")

        // main..feature compares main's tree with feature's: the old line reappears as added.
        let twoDots = try repo.drift(["scan", "--range", "main..feature", "--format", "concise"])
        #expect(twoDots.status == 1)
        #expect(twoDots.stdout.hasPrefix("old.py:2:5: high [elided-code]"))
        // main...feature is what the pull request adds since it branched: only feature.py.
        let threeDots = try repo.drift(["scan", "--range", "main...feature", "--format", "json"])
        #expect(threeDots.status == 0)
        let summary = try repo.json(threeDots.stdout)["summary"] as? [String: Any]
        #expect(summary?["files"] as? Int == 1)
        #expect(summary?["findings"] as? Int == 0)
    }

    @Test func fingerprintsSurviveUnrelatedEditsAndLineMoves() throws {
        let repo = try HistoryRepository()
        try repo.write("app.py", "x = 1\n")
        let base = try repo.commit("base")
        try repo.write("app.py", "x = 1\ndef f():\n    # ... rest of the implementation\n    return 1\ndef g():\n    # ... rest of the implementation\n    return 2\n")
        try repo.commit("two elisions")
        func fingerprints() throws -> [(line: Int, print: String)] {
            let sarif = try repo.json(try repo.drift(["scan", "--range", "\(base)..HEAD", "--format", "sarif"]).stdout)
            let results = try #require(((sarif["runs"] as? [[String: Any]])?.first)?["results"] as? [[String: Any]])
            return try results.map { result in
                let region = try #require((((result["locations"] as? [[String: Any]])?.first?["physicalLocation"] as? [String: Any])?["region"]) as? [String: Any])
                let print = try #require((result["partialFingerprints"] as? [String: String])?["driftLineHash/v1"])
                return (try #require(region["startLine"] as? Int), print)
            }.sorted { $0.line < $1.line }
        }
        let before = try fingerprints()
        #expect(before.map(\.line) == [3, 6])
        #expect(before[0].print != before[1].print, "the same line text twice: told apart by occurrence")

        // Lines above move both findings down and re-indent nothing they flag.
        try repo.write("app.py", "import os\n\n\nx = 1\ndef f():\n    # ... rest of the implementation\n    return 1\ndef g():\n    # ... rest of the implementation\n    return 2\n")
        try repo.commit("imports")
        let after = try fingerprints()
        #expect(after.map(\.line) == [6, 9])
        #expect(after.map(\.print) == before.map(\.print))
    }

    @Test func allScansTheWholeTreeAndPathsFilterWhatIsReported() throws {
        let repo = try HistoryRepository()
        try repo.write("src/app.py", "# ... rest of the implementation\n")
        try repo.write("tools/gen.py", "API_KEY = \"YOUR_API_KEY\"\n")
        try repo.commit("everything at once")
        try repo.write("src/app.py", "# ... rest of the implementation\nx = 1\n")
        try repo.commit("unrelated edit")

        let all = try repo.drift(["scan", "--all", "--format", "concise"])
        #expect(all.status == 1)
        #expect(all.stdout.split(separator: "\n").map { String($0.prefix(while: { $0 != ":" })) } == ["src/app.py", "tools/gen.py"])
        let onlyTools = try repo.drift(["scan", "--all", "--format", "concise", "tools"])
        #expect(onlyTools.stdout.split(separator: "\n").count == 1)
        #expect(onlyTools.stdout.hasPrefix("tools/gen.py:1:"))
        let glob = try repo.drift(["scan", "--all", "--format", "concise", "src/*.py"])
        #expect(glob.stdout.hasPrefix("src/app.py:1:1: high [elided-code]"))
        // Relative to the current folder, as git's pathspecs are.
        let fromSrc = try repo.drift(["scan", "--all", "--format", "concise", "app.py"], in: repo.root.appendingPathComponent("src"))
        #expect(fromSrc.stdout.split(separator: "\n").count == 1)
        #expect(fromSrc.stdout.hasPrefix("src/app.py:1:1:"))

        // --range reports added lines only: the old elision is not on an added line.
        let range = try repo.drift(["scan", "--range", "HEAD~1..HEAD", "--format", "concise"])
        #expect(range.status == 0)
        #expect(range.stdout.isEmpty)
    }

    @Test func outputWritesTheReportToAFileAndKeepsTheExitCode() throws {
        let repo = try HistoryRepository()
        let ids = try repo.threeCommitRange()
        let file = repo.root.deletingLastPathComponent().appendingPathComponent("drift.sarif")
        let result = try repo.drift(["scan", "--range", "\(ids.base)..HEAD", "--format", "sarif", "--output", file.path])
        #expect(result.status == 1)
        #expect(result.stdout.isEmpty)
        let written = try repo.json(String(decoding: try Data(contentsOf: file), as: UTF8.self))
        #expect(written["version"] as? String == "2.1.0")
    }

    @Test func rangeErrorsAreOneLineWithExitTwo() throws {
        let repo = try HistoryRepository()
        try repo.write("a.py", "x = 1\n")
        try repo.commit("base")
        let unknown = try repo.drift(["scan", "--range", "nosuchbranch..HEAD"])
        #expect(unknown.status == 2)
        #expect(unknown.stderr.hasPrefix("drift: unknown revision 'nosuchbranch'"))
        let both = try repo.drift(["scan", "--staged", "--all"])
        #expect(both.status == 2)
        #expect(both.stderr.contains("cannot be combined"))
    }

    @Test func stagedWithAMessageHonoursItsOverrideAsCommitMsgDoes() throws {
        let repo = try HistoryRepository()
        try repo.write("a.py", "x = 1\n")
        try repo.commit("base")
        try repo.write("a.py", "x = 1\nAPI_KEY = \"YOUR_API_KEY\"\n")
        try repo.git("add", "a.py")
        let message = repo.root.deletingLastPathComponent().appendingPathComponent("MSG")
        try "add key\n".write(to: message, atomically: true, encoding: .utf8)
        let blocked = try repo.drift(["scan", "--staged", "--message", message.path])
        #expect(blocked.status == 1)
        #expect(blocked.stdout.contains("drift: commit blocked"))
        try "add key\n\nDrift-Override: placeholder-credential — test fixture\n".write(to: message, atomically: true, encoding: .utf8)
        let passed = try repo.drift(["scan", "--staged", "--message", message.path])
        #expect(passed.status == 0, "\(passed.stdout)")
        #expect(passed.stdout.contains("overridden a.py:2:"))
        #expect(passed.stdout.contains("override accepted for placeholder-credential"))
    }
}

@Suite struct OverridesCommandTests {
    @Test func listsEveryTrailerWithCommitAuthorDateRulesAndReason() throws {
        let repo = try HistoryRepository()
        let ids = try repo.threeCommitRange()
        try repo.write("x.py", "x = 1\n")
        let broad = try repo.commit("broad", "Drift-Override: all — vendored file, reviewed by hand")
        try repo.write("y.py", "y = 1\n")
        let invalid = try repo.commit("bad trailer", "Drift-Override: no-such-rule — typo")

        let text = try repo.drift(["overrides"])
        #expect(text.status == 0)
        #expect(text.stdout.contains("\(ids.overriding.prefix(12))  "))
        #expect(text.stdout.contains("Ada Reviewer <ada@example.com>"))
        #expect(text.stdout.contains("    placeholder-credential — replaced by the deploy script"))
        #expect(text.stdout.contains("    all — vendored file, reviewed by hand"))
        #expect(text.stdout.contains("invalid: Drift-Override: no-such-rule — typo"))
        #expect(text.stdout.hasSuffix("2 overrides in 3 commits; 1 invalid (not honoured).\n"))

        let json = try repo.json(try repo.drift(["overrides", "--format", "json"]).stdout)
        let entries = try #require(json["overrides"] as? [[String: Any]])
        #expect(entries.map { $0["commit"] as? String } == [invalid, broad, ids.overriding], "newest first")
        #expect(entries[2]["rules"] as? [String] == ["placeholder-credential"])
        #expect(entries[2]["author"] as? String == "Ada Reviewer")
        #expect((entries[2]["date"] as? String)?.count == 25)
        #expect(entries[1]["all"] as? Bool == true)
        #expect(entries[0]["valid"] as? Bool == false)
        #expect((entries[0]["problem"] as? String)?.contains("unknown rule id") == true)

        let ranged = try repo.json(try repo.drift(["overrides", "--range", "\(ids.clean)..HEAD", "--format", "json"]).stdout)
        #expect((ranged["overrides"] as? [[String: Any]])?.count == 2)
    }

    @Test func aRepositoryWithoutCommitsHasNone() throws {
        let repo = try HistoryRepository()
        let result = try repo.drift(["overrides"])
        #expect(result.status == 0)
        #expect(result.stdout == "No Drift-Override trailers.\n")
    }
}
