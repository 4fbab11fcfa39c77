import Foundation

/// Shared by the test targets that need one: a real git repository in a temporary folder, driven through the `git` CLI; the folder it made
/// (with anything a test put beside the repository) is removed when the fixture goes away.
public final class GitFixture {
    public let root: String
    private let ownedFolder: String?

    public init(objectFormat: String? = nil, in parent: String? = nil, name: String = "repo") throws {
        let base = parent ?? FileManager.default.temporaryDirectory.appendingPathComponent("drift-git-\(UUID().uuidString)").path
        ownedFolder = parent == nil ? base : nil
        root = base + "/" + name
        try FileManager.default.createDirectory(atPath: root, withIntermediateDirectories: true)
        var arguments = ["init", "-q", "-b", "main"]
        if let objectFormat { arguments.append("--object-format=\(objectFormat)") }
        try git(arguments)
    }

    /// An existing work tree (a worktree or submodule checkout).
    public init(existing root: String) {
        self.root = root
        ownedFolder = nil
    }

    deinit {
        if let ownedFolder { try? FileManager.default.removeItem(atPath: ownedFolder) }
    }

    public static func environment(_ extra: [String: String] = [:]) -> [String: String] {
        var environment = ProcessInfo.processInfo.environment.filter { !$0.key.hasPrefix("GIT_") }
        environment["GIT_CONFIG_GLOBAL"] = "/dev/null"
        environment["GIT_AUTHOR_NAME"] = "Drift Test"
        environment["GIT_AUTHOR_EMAIL"] = "test@example.com"
        environment["GIT_COMMITTER_NAME"] = "Drift Test"
        environment["GIT_COMMITTER_EMAIL"] = "test@example.com"
        environment.merge(extra) { $1 }
        return environment
    }

    /// Runs git in the work tree; throws with stderr when it fails.
    @discardableResult
    public func git(_ arguments: [String], environment extra: [String: String] = [:], allowFailure: Bool = false) throws -> String {
        let process = Process()
        process.executableURL = URL(fileURLWithPath: "/usr/bin/git")
        process.arguments = arguments
        process.currentDirectoryURL = URL(fileURLWithPath: root)
        process.environment = GitFixture.environment(extra)
        let out = Pipe(), err = Pipe()
        process.standardOutput = out
        process.standardError = err
        process.standardInput = FileHandle.nullDevice
        try process.run()
        let stdout = out.fileHandleForReading.readDataToEndOfFile()
        let stderr = err.fileHandleForReading.readDataToEndOfFile()
        process.waitUntilExit()
        if process.terminationStatus != 0 && !allowFailure {
            throw FixtureError(message: "git \(arguments.joined(separator: " ")): \(String(decoding: stderr, as: UTF8.self))")
        }
        return String(decoding: stdout, as: UTF8.self)
    }

    @discardableResult
    public func git(_ arguments: String...) throws -> String { try git(arguments) }

    public func write(_ path: String, _ text: String) throws {
        try write(path, bytes: Array(text.utf8))
    }

    public func write(_ path: String, bytes: [UInt8]) throws {
        let full = root + "/" + path
        try FileManager.default.createDirectory(atPath: (full as NSString).deletingLastPathComponent, withIntermediateDirectories: true)
        try Data(bytes).write(to: URL(fileURLWithPath: full))
    }

    public func commitAll(_ message: String = "commit") throws {
        try git("add", "-A")
        try git("commit", "-q", "-m", message)
    }

    /// The blob id git stores for a staged path.
    public func stagedID(_ path: String) throws -> String {
        try git("rev-parse", ":" + path).trimmingCharacters(in: .whitespacesAndNewlines)
    }

    public func gitDirectory() throws -> String {
        try git("rev-parse", "--absolute-git-dir").trimmingCharacters(in: .whitespacesAndNewlines)
    }
}

/// A git command a fixture ran failed.
public struct FixtureError: Error, CustomStringConvertible {
    public var message: String
    public var description: String { message }
}

/// `count` numbered lines: "line 1\n" … .
public func numberedLines(_ count: Int, prefix: String = "line") -> String {
    (1...count).map { "\(prefix) \($0)\n" }.joined()
}
