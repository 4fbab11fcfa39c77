import DriftCore
import DriftGit
import Foundation

/// The engine's verdict on one staged commit: the report, the configuration it was made under,
/// and access to the staged source lines the findings point at.
public struct CommitEvaluation: Sendable {
    public var report: Report
    public var configuration: Configuration
    /// The staged snapshot the report was made from.
    public var snapshot: StagedSnapshot
    /// One-line notes for the user or the log, e.g. that the git CLI was used instead of libgit2.
    public var notes: [String]
    /// The staged `.drift.toml` did not parse and the defaults were used instead (only when the
    /// request asked for that).
    public var configurationProblem: ConfigurationError?
    /// Whether the commit adds, changes or removes `.drift.toml`.
    public var changesConfiguration: Bool
    let lines: StagedLines

    /// The text of 1-based `line` of the staged version of `path` (repository-relative).
    public func sourceLine(path: String, line: Int) -> String? {
        lines.line(line, of: path)
    }
}

/// Reads staged blobs for display only when a finding in them is shown, and keeps their line tables.
final class StagedLines: @unchecked Sendable {
    private let repository: GitRepository
    private let blobIDs: [String: String]
    private let lock = NSLock()
    private var files: [String: (bytes: [UInt8], starts: [Int])] = [:]

    init(repository: GitRepository, blobIDs: [String: String], preloaded: [String: [UInt8]] = [:]) {
        self.repository = repository
        self.blobIDs = blobIDs
        for (path, bytes) in preloaded { files[path] = (bytes, Self.lineStarts(bytes)) }
    }

    func line(_ number: Int, of path: String) -> String? {
        lock.lock()
        defer { lock.unlock() }
        if files[path] == nil {
            guard let id = blobIDs[path], let bytes = try? repository.blob(id: id) else { return nil }
            files[path] = (bytes, Self.lineStarts(bytes))
        }
        guard let file = files[path], number >= 1, number <= file.starts.count else { return nil }
        let start = file.starts[number - 1]
        var end = number < file.starts.count ? file.starts[number] - 1 : file.bytes.count
        if end > start, file.bytes[end - 1] == UInt8(ascii: "\n") { end -= 1 }
        if end > start, file.bytes[end - 1] == UInt8(ascii: "\r") { end -= 1 }
        return String(decoding: file.bytes[start..<max(start, end)], as: UTF8.self)
    }

    private static func lineStarts(_ bytes: [UInt8]) -> [Int] {
        var starts = [0]
        for (offset, byte) in bytes.enumerated() where byte == UInt8(ascii: "\n") && offset + 1 < bytes.count {
            starts.append(offset + 1)
        }
        return starts
    }
}
