import DriftCore
import DriftKnowledge
import DriftRules
import DriftSyntax
import Foundation

/// Checks files and folders on disk, or a snippet, in-process: `drift check`.
public final class Checker: @unchecked Sendable {
    /// A problem with the request itself (exit code 2), phrased for the user.
    public struct Failure: Error, CustomStringConvertible {
        public var description: String
    }

    /// The report and the sources behind it (to show the flagged lines).
    public struct Result: Sendable {
        public var report: Report
        public var sources: [String: SourceFile]

        public func sourceLine(path: String, line: Int) -> String? { sources[path]?.lineText(line) }
    }

    private let analyzer: Analyzer
    private let explicitConfiguration: Configuration?
    private var configurations: [String: Configuration] = [:]  // by folder
    private let lock = NSLock()
    /// Manifests, configuration and sibling modules around the checked files, read lazily.
    private let project = ProjectKnowledge()

    /// `configurationPath` forces one configuration file instead of looking for the nearest one.
    public init(analyzer: Analyzer = Analyzer(), configurationPath: String? = nil) throws {
        self.analyzer = analyzer
        if let configurationPath {
            self.explicitConfiguration = try Checker.loadConfiguration(at: configurationPath)
        } else {
            self.explicitConfiguration = nil
        }
    }

    /// Checks a snippet read from standard input.
    public func check(snippet bytes: [UInt8], language: Language, path: String) throws -> Result {
        let configuration = try configuration(forFolder: FileManager.default.currentDirectoryPath)
        let file = SourceFile(path: path, language: language, bytes: bytes)
        let findings = analyzer.findings(in: file, configuration: configuration)
        return Result(report: Report(findings: findings, filesChecked: 1, blockAt: configuration.blockAt), sources: [path: file])
    }

    /// Checks files and folders. Folders are walked, skipping dependencies, build output, virtual
    /// environments, excluded paths, binary files and files over the size limit.
    public func check(paths: [String]) throws -> Result {
        var candidates: [(path: String, language: Language?, explicit: Bool)] = []
        for path in paths {
            var isDirectory: ObjCBool = false
            guard FileManager.default.fileExists(atPath: path, isDirectory: &isDirectory) else {
                throw Failure(description: "\(path): no such file or folder")
            }
            if isDirectory.boolValue {
                walk(path) { candidates.append(($0, Language(path: $0), false)) }
            } else {
                candidates.append((path, Language(path: path), true))
            }
        }

        var skipped: [Report.SkippedFile] = []
        var work: [(path: String, language: Language, configuration: Configuration)] = []
        for candidate in candidates {
            let configuration = try configuration(forFile: candidate.path)
            if let reason = exclusion(of: candidate.path, by: configuration) {
                if candidate.explicit { skipped.append(.init(path: candidate.path, reason: reason)) }
                continue
            }
            guard let language = candidate.language else {
                skipped.append(.init(path: candidate.path, reason: "not a language Drift checks (JavaScript, TypeScript, Python, Swift, Go)"))
                continue
            }
            work.append((candidate.path, language, configuration))
        }

        let outcomes = Parallel.map(work) { item in
            self.analyze(path: item.path, language: item.language, configuration: item.configuration)
        }
        var findings: [Finding] = []
        var sources: [String: SourceFile] = [:]
        var checked = 0
        for outcome in outcomes {
            if let skip = outcome.skip { skipped.append(skip); continue }
            checked += 1
            findings += outcome.findings
            if !outcome.findings.isEmpty, let file = outcome.file { sources[file.path] = file }
        }
        let blockAt = explicitConfiguration?.blockAt
            ?? work.first?.configuration.blockAt
            ?? (try? configuration(forFolder: FileManager.default.currentDirectoryPath).blockAt) ?? .high
        return Result(report: Report(findings: findings, filesChecked: checked, skipped: skipped, blockAt: blockAt), sources: sources)
    }

    private func analyze(path: String, language: Language, configuration: Configuration)
        -> (findings: [Finding], file: SourceFile?, skip: Report.SkippedFile?) {
        guard let handle = FileHandle(forReadingAtPath: path) else {
            return ([], nil, .init(path: path, reason: "cannot be read"))
        }
        defer { try? handle.close() }
        // Read one byte past the limit to know whether the file is over it without reading it all.
        let data = (try? handle.read(upToCount: configuration.maxFileBytes + 1)) ?? Data()
        if data.count > configuration.maxFileBytes {
            return ([], nil, .init(path: path, reason: "larger than max_file_bytes (\(configuration.maxFileBytes) bytes)"))
        }
        let bytes = [UInt8](data)
        if bytes.prefix(8000).contains(0) {
            return ([], nil, .init(path: path, reason: "binary file"))
        }
        let file = SourceFile(path: path, language: language, bytes: bytes)
        let findings = analyzer.findings(in: file, configuration: configuration, project: project, projectPath: projectPath(of: path))
        // Keep the source only when its lines will be shown; a large tree would otherwise stay in memory.
        return (findings, findings.isEmpty ? nil : file, nil)
    }

    /// Why a path is excluded by configuration, if it is.
    private func exclusion(of path: String, by configuration: Configuration) -> String? {
        guard let configPath = configuration.path, !configuration.exclude.isEmpty else { return nil }
        let root = (absolute(configPath) as NSString).deletingLastPathComponent
        let file = absolute(path)
        guard file.hasPrefix(root + "/") else { return nil }
        let relative = String(file.dropFirst(root.count + 1))
        return configuration.excludes(relative) ? "excluded by \(configPath)" : nil
    }

    private func walk(_ folder: String, _ visit: (String) -> Void) {
        var stack = [folder]
        let manager = FileManager.default
        while let current = stack.popLast() {
            guard let names = try? manager.contentsOfDirectory(atPath: current) else { continue }
            for name in names.sorted().reversed() {
                let path = current == "." ? name : (current.hasSuffix("/") ? current + name : current + "/" + name)
                var info = stat()
                guard lstat(path, &info) == 0 else { continue }
                switch info.st_mode & S_IFMT {
                case S_IFDIR:
                    if PathConventions.isForeignFolder(name) { continue }
                    if manager.fileExists(atPath: path + "/pyvenv.cfg") { continue }  // a virtualenv by another name
                    stack.append(path)
                case S_IFREG:
                    if Language(path: name) != nil { visit(path) }
                default:
                    continue  // symlinks, sockets, devices: never followed
                }
            }
        }
    }

    // MARK: Configuration

    private func configuration(forFile path: String) throws -> Configuration {
        if let explicitConfiguration { return explicitConfiguration }
        return try configuration(forFolder: (absolute(path) as NSString).deletingLastPathComponent)
    }

    private func configuration(forFolder folder: String) throws -> Configuration {
        if let explicitConfiguration { return explicitConfiguration }
        let folder = absolute(folder)
        lock.lock()
        if let cached = configurations[folder] { lock.unlock(); return cached }
        lock.unlock()
        let candidate = folder == "/" ? "/" + Configuration.fileName : folder + "/" + Configuration.fileName
        let configuration: Configuration
        if FileManager.default.fileExists(atPath: candidate) {
            configuration = try Checker.loadConfiguration(at: candidate)
        } else if folder == "/" || folder.isEmpty {
            configuration = Configuration()
        } else {
            configuration = try self.configuration(forFolder: (folder as NSString).deletingLastPathComponent)
        }
        lock.lock()
        configurations[folder] = configuration
        lock.unlock()
        return configuration
    }

    static func loadConfiguration(at path: String) throws -> Configuration {
        guard let data = FileManager.default.contents(atPath: path) else {
            throw Failure(description: "\(path): cannot read the configuration file")
        }
        return try Configuration.parse(String(decoding: data, as: UTF8.self), path: path, knownRuleIDs: RuleCatalog.knownIDs)
    }

    /// `path` relative to the git checkout holding it (as the commit path sees it), or as given
    /// outside one.
    private func projectPath(of path: String) -> String {
        let file = absolute(path)
        var folder = (file as NSString).deletingLastPathComponent
        while folder != "/" && !folder.isEmpty {
            // The view remembers what it asked the disk, so a walk of many files stats each folder once.
            if project.files.exists(folder + "/.git") { return String(file.dropFirst(folder.count + 1)) }
            folder = (folder as NSString).deletingLastPathComponent
        }
        return path
    }

    private func absolute(_ path: String) -> String {
        let joined = path.hasPrefix("/") ? path : FileManager.default.currentDirectoryPath + "/" + path
        return (joined as NSString).standardizingPath
    }
}
