import Foundation
import Logging

/// Writes log lines to the daemon's log file (and to standard error under `--foreground`).
public struct FileLogHandler: LogHandler {
    public var metadata: Logger.Metadata = [:]
    public var logLevel: Logger.Level = .info
    private let sink: Sink

    /// The open file, shared by every copy of the handler.
    public final class Sink: @unchecked Sendable {
        private let descriptor: Int32
        private let echo: Bool
        private let lock = NSLock()

        init(descriptor: Int32, echo: Bool) {
            self.descriptor = descriptor
            self.echo = echo
        }

        func write(_ line: String) {
            let bytes = Array(line.utf8)
            lock.lock()
            defer { lock.unlock() }
            if descriptor >= 0 { _ = bytes.withUnsafeBytes { Foundation.write(descriptor, $0.baseAddress, $0.count) } }
            if echo { _ = bytes.withUnsafeBytes { Foundation.write(2, $0.baseAddress, $0.count) } }
        }
    }

    /// Appends to `path`, first moving a log over 1 MiB aside to `path.1` so it cannot grow forever.
    public static func sink(path: String, echo: Bool) -> Sink {
        var info = stat()
        if stat(path, &info) == 0, info.st_size > 1 << 20 { rename(path, path + ".1") }
        let descriptor = open(path, O_WRONLY | O_CREAT | O_APPEND | O_CLOEXEC, 0o600)
        return Sink(descriptor: descriptor, echo: echo)
    }

    init(sink: Sink) { self.sink = sink }

    public subscript(metadataKey key: String) -> Logger.Metadata.Value? {
        get { metadata[key] }
        set { metadata[key] = newValue }
    }

    public func log(event: LogEvent) {
        let metadata = event.metadata
        let level = event.level
        let message = event.message
        var merged = self.metadata
        if let metadata { merged.merge(metadata) { $1 } }
        let details = merged.isEmpty ? "" : " " + merged.sorted { $0.key < $1.key }.map { "\($0.key)=\($0.value)" }.joined(separator: " ")
        let stamp = ISO8601DateFormatter.string(from: Date(), timeZone: TimeZone(identifier: "UTC")!, formatOptions: [.withInternetDateTime])
        sink.write("\(stamp) \(level) \(message)\(details)\n")
    }
}

extension Logger {
    /// A logger writing through `sink`.
    static func daemon(sink: FileLogHandler.Sink) -> Logger {
        Logger(label: "driftd") { _ in FileLogHandler(sink: sink) }
    }
}
