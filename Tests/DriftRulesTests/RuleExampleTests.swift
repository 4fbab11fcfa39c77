import DriftCore
import DriftEngine
import DriftKnowledge
import DriftRules
import DriftSyntax
import DriftTestSupport
import Foundation
import Testing

/// One example of one rule, as a test argument.
struct RuleExample: Sendable, CustomTestStringConvertible {
    let rule: any Rule.Type
    let example: Example
    let index: Int

    var testDescription: String {
        "\(rule.description.id) \(example.kind.rawValue) #\(index + 1) (\(example.language.rawValue))"
    }

    var location: Testing.SourceLocation {
        Testing.SourceLocation(fileID: example.sourceFile, filePath: example.sourceFile, line: example.sourceLine, column: 1)
    }

    static let all: [RuleExample] = RuleCatalog.all.flatMap { rule in
        rule.description.examples.enumerated().map { RuleExample(rule: rule, example: $1, index: $0) }
    }

    static let bad: [RuleExample] = all.filter { $0.example.kind == .bad }

    /// The project views the example is checked through: both when it has project files, none
    /// (a snippet, `.disk` standing for "no project") otherwise.
    var views: [ProjectViewKind] { example.project.isEmpty ? [.disk] : ProjectViewKind.allCases }
}

/// The two project views an example with `project` files is checked through: the disk (as
/// `drift check` sees it) and the staged tree of a real git repository (as a commit sees it).
enum ProjectViewKind: String, CaseIterable, Sendable {
    case disk
    case staged
}

/// Where a rule's findings start, when it is run the way the engine runs it. With `project` files,
/// the example and its project are written to a temporary folder and seen through a project view
/// of the disk, as `drift check` sees them (`.disk`), or staged in a fresh git repository and judged
/// through the commit path — the staged tree and its project pass (`.staged`).
func findingStarts(_ rule: any Rule.Type, code: String, language: Language, path: String,
                   project: [String: String] = [:], view: ProjectViewKind = .disk) -> [DriftSyntax.SourceLocation] {
    guard !project.isEmpty else {
        let file = SourceFile(path: path, language: language, text: code)
        return starts(of: rule, in: file, project: nil)
    }
    let files = project.merging([path: code], uniquingKeysWith: { _, example in example })
    switch view {
    case .disk:
        let root = FileManager.default.temporaryDirectory.path + "/drift-examples/" + UUID().uuidString
        defer { try? FileManager.default.removeItem(atPath: root) }
        // A `.git` folder bounds the project: manifests and environments above it are not the example's.
        try? FileManager.default.createDirectory(atPath: root + "/.git", withIntermediateDirectories: true)
        write(files, under: root)
        let file = SourceFile(path: root + "/" + path, language: language, text: code)
        return starts(of: rule, in: file, project: ProjectKnowledge())
    case .staged:
        return stagedStarts(of: rule, path: path, files: files)
    }
}

private func write(_ files: [String: String], under root: String) {
    for (relative, text) in files {
        let full = root + "/" + relative
        try? FileManager.default.createDirectory(atPath: (full as NSString).deletingLastPathComponent, withIntermediateDirectories: true)
        FileManager.default.createFile(atPath: full, contents: Data(text.utf8))
    }
}

/// The example's findings when every file is staged (nothing committed yet, so every line is new)
/// and the commit engine judges the index, running only `rule`.
private func stagedStarts(of rule: any Rule.Type, path: String, files: [String: String]) -> [DriftSyntax.SourceLocation] {
    do {
        let repo = try GitFixture()
        write(files, under: repo.root)
        try repo.git(["add", "-A"])
        let engine = CommitEngine(cache: BlobCache(path: nil), analyzer: Analyzer(rules: [rule]))
        return try engine.evaluate(CommitRequest(cwd: repo.root)).report.findings
            .filter { $0.ruleID == rule.description.id && $0.path == path }
            .map(\.range.start)
            .sorted()
    } catch {
        Issue.record("staging the example failed: \(error)")
        return []
    }
}

private func starts(of rule: any Rule.Type, in file: SourceFile, project: (any ProjectView)?) -> [DriftSyntax.SourceLocation] {
    Analyzer(rules: [rule]).findings(in: file, configuration: Configuration(), project: project)
        .filter { $0.ruleID == rule.description.id }
        .map(\.range.start)
        .sorted()
}

@Suite struct RuleExampleTests {
    @Test(arguments: RuleExample.all)
    func example(_ case_: RuleExample) {
        let (code, markers) = case_.example.unmarked
        switch case_.example.kind {
        case .bad:
            #expect(!markers.isEmpty, "a .bad example needs ↓ markers", sourceLocation: case_.location)
        case .good:
            #expect(markers.isEmpty, "a .good example has no ↓ markers", sourceLocation: case_.location)
        case .knownGap:
            break
        }
        for view in case_.views {
            let starts = findingStarts(case_.rule, code: code, language: case_.example.language, path: case_.example.path,
                                       project: case_.example.project, view: view)
            switch case_.example.kind {
            case .bad:
                #expect(starts == markers.sorted(), "findings must start exactly at the ↓ markers (\(view) view)", sourceLocation: case_.location)
            case .good:
                #expect(starts.isEmpty, "a .good example must produce no finding (\(view) view)", sourceLocation: case_.location)
            case .knownGap:
                withKnownIssue("known gap of \(case_.rule.description.id) (\(view) view)") {
                    #expect(starts == markers.sorted(), sourceLocation: case_.location)
                }
            }
        }
    }

    /// Code inside a string literal is text, not code: the rule must stay silent.
    @Test(arguments: RuleExample.bad)
    func badExampleInsideAStringIsSilent(_ case_: RuleExample) throws {
        let (code, _) = case_.example.unmarked
        let wrapped = try #require(Wrapping.inString(code, case_.example.language), "cannot wrap \(case_.testDescription) in a string")
        for view in case_.views {
            let starts = findingStarts(case_.rule, code: wrapped, language: case_.example.language, path: case_.example.path,
                                       project: case_.example.project, view: view)
            #expect(starts.isEmpty, "findings in code wrapped in a string literal (\(view) view)", sourceLocation: case_.location)
        }
    }

    /// Code commented out is not code: rules about code must stay silent.
    @Test(arguments: RuleExample.bad.filter { $0.rule.description.subject == .code })
    func badExampleInsideACommentIsSilent(_ case_: RuleExample) {
        let (code, _) = case_.example.unmarked
        let wrapped = Wrapping.inComment(code, case_.example.language)
        for view in case_.views {
            let starts = findingStarts(case_.rule, code: wrapped, language: case_.example.language, path: case_.example.path,
                                       project: case_.example.project, view: view)
            #expect(starts.isEmpty, "findings in commented-out code (\(view) view)", sourceLocation: case_.location)
        }
    }
}

/// Wraps example code in a string literal or a comment of its language.
enum Wrapping {
    static func inString(_ code: String, _ language: Language) -> String? {
        switch language {
        case .python:
            guard !code.contains("'''"), !code.hasSuffix("\\") else { return nil }
            return "text = r'''\(code)'''\n"
        case .javascript, .typescript:
            guard !code.contains("`"), !code.contains("${") else {
                // Code with template literals goes into a one-line quoted string, escaped.
                let escaped = code.replacing("\\", with: "\\\\").replacing("'", with: "\\'").replacing("\n", with: "\\n")
                return "const text = '\(escaped)';\n"
            }
            return "const text = `\(code)`;\n"
        case .swift:
            guard !code.contains("\"\"\"#") else { return nil }
            return "let text = #\"\"\"\n\(code)\n\"\"\"#\n"
        case .go:
            guard !code.contains("`") else { return nil }
            return "var text = `\(code)`\n"
        }
    }

    static func inComment(_ code: String, _ language: Language) -> String {
        let prefix = language == .python ? "# " : "// "
        return code.split(separator: "\n", omittingEmptySubsequences: false).map { prefix + $0 }.joined(separator: "\n")
    }
}
