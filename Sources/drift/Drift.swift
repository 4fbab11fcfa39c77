import ArgumentParser
import DriftCore
import DriftEngine
import DriftProtocol
import DriftRules
import DriftSyntax
import Foundation

@main
struct Drift: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "drift",
        abstract: "Catches the bugs AI coding assistants write: elided code, placeholder secrets, and more.",
        discussion: "Exit codes: 0 nothing at or above the block threshold, 1 findings that block, 2 usage or input errors.",
        version: DriftBuild.version,
        subcommands: [Check.self, Scan.self, Overrides.self, Rules.self, Explain.self])

    /// Runs the command, mapping usage errors to exit code 2 as the docs promise.
    static func main() {
        do {
            var command = try parseAsRoot()
            try command.run()
        } catch let failure as Checker.Failure {
            FileHandle.standardError.write(Data("drift: \(failure.description)\n".utf8))
            Foundation.exit(2)
        } catch let failure as CommitEngine.Failure {
            FileHandle.standardError.write(Data("drift: \(failure.description)\n".utf8))
            Foundation.exit(2)
        } catch let error as ConfigurationError {
            FileHandle.standardError.write(Data("drift: \(error.description)\n".utf8))
            Foundation.exit(2)
        } catch {
            let code = exitCode(for: error)
            if code == .success || code.rawValue == 1 { exit(withError: error) }
            // ArgumentParser reports usage errors as 64 (EX_USAGE); Drift's contract is 2.
            FileHandle.standardError.write(Data((fullMessage(for: error) + "\n").utf8))
            Foundation.exit(2)
        }
    }
}

/// The formats of listings: `drift rules`, `drift overrides`.
enum OutputFormat: String, ExpressibleByArgument, CaseIterable {
    case text
    case json
}

enum ColorChoice: String, ExpressibleByArgument, CaseIterable {
    case auto
    case always
    case never
}

struct Check: ParsableCommand {
    static let configuration = CommandConfiguration(
        abstract: "Check files, folders, or a snippet on standard input (-).",
        discussion: """
            Folders are walked, skipping .git, node_modules, .build, virtual environments, vendored \
            and binary files. Configuration comes from the nearest .drift.toml above each file.
            """)

    @Argument(help: "Files or folders to check, or - to read a snippet from standard input.")
    var paths: [String] = ["."]

    @Option(help: "Language of the snippet on standard input: javascript, typescript, python, swift, go.")
    var lang: String?

    @Option(help: "Path to report for standard input (also decides test/example treatment).")
    var stdinPath: String?

    @Option(help: ArgumentHelp(ReportFormat.help))
    var format: ReportFormat = .text

    @Option(name: .shortAndLong, help: "Write the report to this file instead of standard output.")
    var output: String?

    @Option(help: "Colour in text output: auto (on a terminal, unless NO_COLOR is set), always or never.")
    var color: ColorChoice = .auto

    @Option(help: "Use this configuration file instead of the nearest .drift.toml.")
    var config: String?

    func validate() throws {
        if paths.contains("-"), paths.count > 1 {
            throw ValidationError("'-' (standard input) cannot be combined with other paths.")
        }
        if let lang, Language(name: lang) == nil {
            throw ValidationError("unknown language '\(lang)'; use javascript, typescript, python, swift or go.")
        }
    }

    func run() throws {
        let checker = try Checker(configurationPath: config)
        let result: Checker.Result
        if paths == ["-"] {
            guard let language = lang.flatMap(Language.init(name:)) ?? stdinPath.flatMap({ Language(path: $0) }) else {
                throw ValidationError("reading from standard input needs --lang (javascript, typescript, python, swift or go).")
            }
            let bytes = [UInt8](FileHandle.standardInput.readDataToEndOfFile())
            result = try checker.check(snippet: bytes, language: language, path: stdinPath ?? "<stdin>")
        } else {
            result = try checker.check(paths: paths)
        }
        try ReportOutput.write(result.report, format: format, color: color, output: output, sourceLine: result.sourceLine)
    }
}

/// Every format a report can be printed in: the one list `drift check` and `drift scan` offer.
enum ReportFormat: String, ExpressibleByArgument, CaseIterable {
    /// For a person: each finding with its source line and fix, a rule's why once.
    case text
    /// One line per finding, `path:line:col: severity [rule] message`.
    case concise
    case json
    case sarif
    /// GitHub Actions workflow commands: annotations on the pull request.
    case github
    /// GitLab's code quality report.
    case gitlab

    static let help = "Output format: text, concise (one line per finding), json, sarif, github (workflow annotations) or gitlab (code quality report)."
}

/// Prints a report as `check` and `scan` do, and exits 1 when it blocks.
enum ReportOutput {
    /// Renders `report` to standard output or to the file `output`; `trailing` lines (a verdict's
    /// notes) follow a text report, and go to standard error for machine formats.
    static func write(
        _ report: Report, format: ReportFormat, color: ColorChoice, output: String?,
        sourceLine: (String, Int) -> String?, trailing: [String] = []
    ) throws {
        var text: String
        switch format {
        case .json: text = JSONRenderer.render(report)
        case .concise: text = ConciseRenderer.render(report)
        case .sarif:
            text = SARIFRenderer.render(report, rules: RuleCatalog.descriptions, toolVersion: DriftBuild.version, sourceLine: sourceLine)
        case .github: text = GitHubAnnotationRenderer.render(report)
        case .gitlab: text = GitLabCodeQualityRenderer.render(report, sourceLine: sourceLine)
        case .text:
            let renderer = TextRenderer(color: output == nil && Terminal.wantsColor(color), width: Terminal.width())
            text = renderer.render(report, sourceLine: sourceLine)
        }
        let notes = trailing.map { $0 + "\n" }.joined()
        if format == .text || format == .concise { text += notes } else if !notes.isEmpty {
            FileHandle.standardError.write(Data(notes.utf8))
        }
        if let output {
            do {
                try Data(text.utf8).write(to: URL(fileURLWithPath: output))
            } catch {
                throw ValidationError("cannot write \(output): \(error.localizedDescription)")
            }
        } else {
            Swift.print(text, terminator: "")
        }
        if report.isBlocked { throw ExitCode(1) }
    }
}

struct Rules: ParsableCommand {
    static let configuration = CommandConfiguration(abstract: "List every rule: id, severity, category, languages and summary.")

    @Option(help: "Output format: text or json.")
    var format: OutputFormat = .text

    func run() {
        let descriptions = RuleCatalog.descriptions.sorted { ($0.category.id, $0.id) < ($1.category.id, $1.id) }
        switch format {
        case .json:
            let rules = descriptions.map { description -> JSONValue in
                .object([
                    ("id", .string(description.id)),
                    ("name", .string(description.name)),
                    ("severity", .string(description.severity.rawValue)),
                    ("category", .string(description.category.id)),
                    ("languages", .array(description.languages.map { .string($0.rawValue) })),
                    ("summary", .string(description.summary)),
                ])
            }
            print(JSONValue.array(rules).serialized(indent: 2))
        case .text:
            let idWidth = descriptions.map(\.id.count).max() ?? 0
            let categoryWidth = descriptions.map(\.category.id.count).max() ?? 0
            for description in descriptions {
                let languages = description.languages.map(\.rawValue).joined(separator: ",")
                print(description.id.padding(toLength: idWidth + 2, withPad: " ", startingAt: 0)
                    + description.severity.rawValue.padding(toLength: 8, withPad: " ", startingAt: 0)
                    + description.category.id.padding(toLength: categoryWidth + 2, withPad: " ", startingAt: 0)
                    + languages)
                print(String(repeating: " ", count: idWidth + 2) + description.summary)
            }
            print("\n\(descriptions.count) rules. A rule runs only on the languages listed, those its examples show:")
            for language in Language.allCases {
                print("  \(language.rawValue): " + language.fileExtensions.map { "." + $0 }.joined(separator: " "))
            }
            print("JavaScript examples do not make a rule run on TypeScript: it needs TypeScript examples of its own.")
            print("`drift explain RULE-ID` shows why, how to fix, and examples.")
        }
    }
}

struct Explain: ParsableCommand {
    static let configuration = CommandConfiguration(abstract: "Explain a rule: why it matters, how to fix it, and examples.")

    @Argument(help: "A rule id, as listed by `drift rules`.")
    var ruleID: String

    func validate() throws {
        guard RuleCatalog.rule(withID: ruleID) != nil else {
            let hint = nearest(to: ruleID, in: RuleCatalog.knownIDs).map { " Did you mean '\($0)'?" } ?? ""
            throw ValidationError("unknown rule id '\(ruleID)'.\(hint) `drift rules` lists them.")
        }
    }

    func run() {
        let description = RuleCatalog.rule(withID: ruleID)!.description
        var output = "\(description.id) — \(description.name)\n"
        output += "severity: \(description.severity.rawValue)   category: \(description.category.id)   "
        output += "languages: \(description.languages.map(\.displayName).joined(separator: ", "))\n\n"
        output += description.summary + "\n\n"
        output += "Why:\n" + indent(description.why) + "\n\n"
        output += "Fix:\n" + indent(description.fix) + "\n"
        for (title, kind) in [("Flagged", Example.Kind.bad), ("Not flagged", .good)] {
            let examples = description.examples.filter { $0.kind == kind }
            guard !examples.isEmpty else { continue }
            output += "\n\(title):\n"
            for example in examples {
                let path = example.path == "example.\(example.language.defaultExtension)" ? "" : " (\(example.path))"
                output += "\n  \(example.language.displayName)\(path):\n"
                output += indent(example.unmarked.code, by: 4) + "\n"
            }
        }
        print(output, terminator: "")
    }

    private func indent(_ text: String, by count: Int = 2) -> String {
        let pad = String(repeating: " ", count: count)
        return text.split(separator: "\n", omittingEmptySubsequences: false).map { pad + $0 }.joined(separator: "\n")
    }
}

/// Facts about the terminal standard output is attached to.
enum Terminal {
    static func wantsColor(_ choice: ColorChoice) -> Bool {
        switch choice {
        case .always: return true
        case .never: return false
        case .auto:
            let environment = ProcessInfo.processInfo.environment
            if environment["NO_COLOR"].map({ !$0.isEmpty }) == true { return false }
            if environment["TERM"] == "dumb" { return false }
            return isatty(STDOUT_FILENO) == 1
        }
    }

    static func width() -> Int {
        var size = winsize()
        if ioctl(STDOUT_FILENO, UInt(TIOCGWINSZ), &size) == 0, size.ws_col > 0 { return Int(size.ws_col) }
        if let columns = ProcessInfo.processInfo.environment["COLUMNS"].flatMap(Int.init), columns > 0 { return columns }
        return 100
    }
}
