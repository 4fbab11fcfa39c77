import Foundation
import Testing

/// A private world for one test: its own socket folder, cache, HOME and repositories, so tests
/// running in parallel never share a daemon. `close()` stops the daemon and removes everything.
final class Sandbox: @unchecked Sendable {
    /// The folder holding the built drift-hook and driftd (next to the test bundle).
    static let binDirectory: String = {
        if let explicit = ProcessInfo.processInfo.environment["DRIFT_BIN_DIR"] { return explicit }
        let runner = (try? FileManager.default.destinationOfSymbolicLink(atPath: "/proc/self/exe")) ?? CommandLine.arguments[0]
        var folder = (runner as NSString).deletingLastPathComponent
        // The runner may sit inside an .xctest bundle folder.
        while !FileManager.default.fileExists(atPath: folder + "/drift-hook"), folder != "/" {
            folder = (folder as NSString).deletingLastPathComponent
        }
        return folder
    }()

    static var driftHook: String { binDirectory + "/drift-hook" }

    /// The repository this package lives in (for `hooks/`).
    static let packageRoot: String = {
        var folder = (#filePath as NSString).deletingLastPathComponent
        while !FileManager.default.fileExists(atPath: folder + "/Package.swift"), folder != "/" {
            folder = (folder as NSString).deletingLastPathComponent
        }
        return folder
    }()

    let root: String
    var environment: [String: String]

    init() throws {
        // Short, because a Unix socket path holds at most 107 bytes.
        var template = Array("/tmp/dh-XXXXXX".utf8CString)
        root = template.withUnsafeMutableBufferPointer { String(cString: mkdtemp($0.baseAddress!)!) }
        for folder in ["run", "cache", "home"] {
            try FileManager.default.createDirectory(atPath: root + "/" + folder, withIntermediateDirectories: true)
        }
        chmod(root + "/run", 0o700)
        try """
            [user]
                name = Drift Test
                email = test@example.com
            [init]
                defaultBranch = main
            [protocol "file"]
                allow = always
            [advice]
                detachedHead = false
            """.write(toFile: root + "/home/.gitconfig", atomically: true, encoding: .utf8)
        var environment = ProcessInfo.processInfo.environment.filter { !$0.key.hasPrefix("GIT_") && !$0.key.hasPrefix("DRIFT") }
        environment["XDG_RUNTIME_DIR"] = root + "/run"
        environment["XDG_CACHE_HOME"] = root + "/cache"
        environment["HOME"] = root + "/home"
        environment["GIT_CONFIG_NOSYSTEM"] = "1"
        environment["PATH"] = Sandbox.binDirectory + ":" + (environment["PATH"] ?? "/usr/bin:/bin")
        // A daemon left behind by a failed test goes away on its own.
        environment["DRIFTD_IDLE_TIMEOUT"] = "120"
        environment["DRIFT_COLOR"] = "never"
        // Debug daemons start slower than release ones, and CI runs many tests at once.
        environment["DRIFT_HOOK_START_TIMEOUT"] = "10"
        environment.removeValue(forKey: "XDG_CONFIG_HOME")
        self.environment = environment
    }

    var socketDirectory: String { root + "/run/drift" }

    /// Stops this sandbox's daemon and deletes the sandbox.
    func close() {
        _ = try? run([Sandbox.driftHook, "stop"], in: root)
        try? FileManager.default.removeItem(atPath: root)
    }

    struct Result: CustomStringConvertible {
        var status: Int32
        var output: String
        var error: String

        var description: String { "exit \(status)\n--- stdout\n\(output)--- stderr\n\(error)" }
    }

    /// Runs a program (looked up in PATH) to completion.
    @discardableResult
    func run(_ arguments: [String], in folder: String, environment extra: [String: String] = [:]) throws -> Result {
        let process = Process()
        process.executableURL = URL(fileURLWithPath: "/usr/bin/env")
        process.arguments = arguments
        process.currentDirectoryURL = URL(fileURLWithPath: folder)
        process.environment = environment.merging(extra) { $1 }
        let output = Pipe(), error = Pipe()
        process.standardOutput = output
        process.standardError = error
        process.standardInput = FileHandle.nullDevice
        try process.run()
        // Read both pipes at once so neither can fill up and stall the child.
        nonisolated(unsafe) var errorData = Data()
        let group = DispatchGroup()
        group.enter()
        DispatchQueue.global().async {
            errorData = error.fileHandleForReading.readDataToEndOfFile()
            group.leave()
        }
        let outputData = output.fileHandleForReading.readDataToEndOfFile()
        group.wait()
        process.waitUntilExit()
        return Result(
            status: process.terminationStatus, output: String(decoding: outputData, as: UTF8.self),
            error: String(decoding: errorData, as: UTF8.self))
    }

    /// Runs git; a failure is recorded unless `allowFailure`.
    @discardableResult
    func git(
        _ arguments: String..., in folder: String, environment extra: [String: String] = [:], allowFailure: Bool = true,
        sourceLocation: SourceLocation = #_sourceLocation
    ) throws -> Result {
        let result = try run(["git"] + arguments, in: folder, environment: extra)
        if !allowFailure, result.status != 0 {
            Issue.record("git \(arguments.joined(separator: " ")) failed: \(result)", sourceLocation: sourceLocation)
        }
        return result
    }

    /// A fresh repository at `root/name` with Drift's hooks installed.
    func repository(_ name: String = "repo", install: Bool = true) throws -> String {
        let path = root + "/" + name
        try FileManager.default.createDirectory(atPath: path, withIntermediateDirectories: true)
        try git("init", "-q", in: path, allowFailure: false)
        if install {
            let result = try run([Sandbox.driftHook, "install"], in: path)
            #expect(result.status == 0, "\(result)")
        }
        return path
    }

    func write(_ text: String, to path: String) throws {
        let folder = (path as NSString).deletingLastPathComponent
        try FileManager.default.createDirectory(atPath: folder, withIntermediateDirectories: true)
        try text.write(toFile: path, atomically: false, encoding: .utf8)
    }

    /// Writes `text` to `repo/path` and stages it (or `pathspec`, e.g. "." for everything changed).
    func stage(
        _ text: String, at path: String, in repo: String, adding pathspec: String? = nil,
        sourceLocation: SourceLocation = #_sourceLocation
    ) throws {
        try write(text, to: repo + "/" + path)
        let result = try run(["git", "add", pathspec ?? path], in: repo)
        if result.status != 0 { Issue.record("git add failed: \(result)", sourceLocation: sourceLocation) }
    }

    /// The running daemon's pid, from `drift-hook status`.
    func daemonPID() throws -> Int32? {
        let status = try run([Sandbox.driftHook, "status"], in: root)
        guard status.status == 0, let match = status.output.firstMatch(of: /pid (\d+)/) else { return nil }
        return Int32(match.1)
    }
}

/// Source snippets the rules flag or leave alone.
enum Snippet {
    /// Elided code: a high finding (`elided-code`).
    static let elided = "def handler(event):\n    # ... rest of implementation\n    return event\n"
    static let clean = "def add(a, b):\n    return a + b\n"
    static let cleanToo = "def sub(a, b):\n    return a - b\n"
}
