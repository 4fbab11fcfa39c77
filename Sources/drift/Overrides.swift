import ArgumentParser
import DriftCore
import DriftEngine
import DriftGit
import Foundation

/// `drift overrides`: every `Drift-Override` trailer in history, so a team can review what was
/// waved through and why.
struct Overrides: ParsableCommand {
    static let configuration = CommandConfiguration(
        abstract: "List every Drift-Override trailer in history: commit, author, date, rules and reason.",
        discussion: """
            Walks the commits reachable from HEAD (or those of --range BASE..HEAD / BASE...HEAD), \
            newest first, and lists each Drift-Override trailer git reads in their messages. \
            Trailers that name an unknown rule or give no reason were not honoured; they are \
            listed as invalid, with the problem.
            """)

    @Option(name: .customLong("range"), help: ArgumentHelp("Only the commits of this range: BASE..HEAD, BASE...HEAD or BASE.", valueName: "range"))
    var rangeSpec: String?

    @Option(help: "Output format: text or json.")
    var format: OutputFormat = .text

    @Option(name: .shortAndLong, help: "Write the list to this file instead of standard output.")
    var output: String?

    /// One trailer of one commit.
    struct Entry {
        var commit: CommitInfo
        var rules: [String]?
        var reason: String?
        var value: String
        var problem: String?
    }

    func run() throws {
        let environment = ProcessInfo.processInfo.environment
        let engine = CommitEngine(cache: BlobCache(path: nil))
        let cwd = FileManager.default.currentDirectoryPath
        let repository = try engine.repository(for: CommitRequest(cwd: cwd, gitDir: environment["GIT_DIR"].flatMap { $0.isEmpty ? nil : $0 }))
        var entries: [Entry] = []
        do {
            let commits: [String]
            if let rangeSpec {
                commits = try repository.range(rangeSpec).commits
            } else if (try? repository.commitID(of: "HEAD")) == nil {
                commits = []  // no commit yet
            } else {
                commits = try repository.commits(from: "HEAD")
            }
            for id in commits {
                let info = try repository.commitInfo(id)
                for trailer in Trailer.parse(info.message) where trailer.hasKey(OverrideTrailer.key) {
                    switch OverrideTrailer.parse(trailer.value, ruleIDs: RangeScan.ruleIDs) {
                    case .success(let override):
                        let rules: [String]? = switch override.scope {
                        case .all: nil
                        case .rules(let ids): ids
                        }
                        entries.append(Entry(commit: info, rules: rules, reason: override.reason, value: trailer.value))
                    case .failure(let error):
                        entries.append(Entry(commit: info, rules: [], reason: nil, value: trailer.value, problem: error.problem))
                    }
                }
            }
        } catch let error as GitError {
            throw CommitEngine.Failure(error.message)
        }
        let text = format == .json ? json(entries) : plain(entries)
        if let output {
            try Data(text.utf8).write(to: URL(fileURLWithPath: output))
        } else {
            print(text, terminator: "")
        }
    }

    private func plain(_ entries: [Entry]) -> String {
        var text = ""
        for entry in entries {
            let date = String(entry.commit.authorDate.prefix(10))
            let head = "\(entry.commit.id.prefix(12))  \(date)  \(entry.commit.authorName) <\(entry.commit.authorEmail)>"
            if let problem = entry.problem {
                text += "\(head)\n    invalid: \(OverrideTrailer.key): \(entry.value)\n    (\(problem))\n"
            } else {
                text += "\(head)\n    \(entry.rules?.joined(separator: ", ") ?? "all") — \(entry.reason ?? "")\n"
            }
        }
        let valid = entries.count { $0.problem == nil }
        let commits = Set(entries.map(\.commit.id)).count
        text += entries.isEmpty
            ? "No Drift-Override trailers.\n"
            : "\(valid) override\(valid == 1 ? "" : "s") in \(commits) commit\(commits == 1 ? "" : "s")"
                + (valid == entries.count ? ".\n" : "; \(entries.count - valid) invalid (not honoured).\n")
        return text
    }

    private func json(_ entries: [Entry]) -> String {
        let items = entries.map { entry -> JSONValue in
            var pairs: [(String, JSONValue)] = [
                ("commit", .string(entry.commit.id)),
                ("author", .string(entry.commit.authorName)),
                ("email", .string(entry.commit.authorEmail)),
                ("date", .string(entry.commit.authorDate)),
                ("subject", .string(String(entry.commit.message.split(separator: "\n", maxSplits: 1).first ?? ""))),
                ("valid", .bool(entry.problem == nil)),
                ("all", .bool(entry.problem == nil && entry.rules == nil)),
                ("rules", .array((entry.rules ?? []).map { .string($0) })),
                ("reason", entry.reason.map { .string($0) } ?? .null),
                ("trailer", .string(entry.value)),
            ]
            if let problem = entry.problem { pairs.append(("problem", .string(problem))) }
            return .object(pairs)
        }
        return JSONValue.object([("version", .int(1)), ("overrides", .array(items))]).serialized(indent: 2) + "\n"
    }
}
