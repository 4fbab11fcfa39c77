/// What `drift-hook status` shows about a running daemon.
public struct DaemonStatus: Sendable, Equatable {
    public var pid: UInt32
    public var version: String
    public var uptimeSeconds: UInt64
    /// Repositories (their git directories) served since start, most recent first.
    public var repositories: [String]
    public var requests: UInt64
    public var cacheHits: UInt64
    public var cacheMisses: UInt64
    /// Resident memory of the daemon process.
    public var residentBytes: UInt64
    public var idleTimeoutSeconds: UInt64
    public var socketPath: String
    public var logPath: String
    /// Problems the user should know about, one line each: the disk cache is off (and why), the
    /// usual socket folder was passed over.
    public var warnings: [String]

    public init(
        pid: UInt32, version: String, uptimeSeconds: UInt64, repositories: [String], requests: UInt64,
        cacheHits: UInt64, cacheMisses: UInt64, residentBytes: UInt64, idleTimeoutSeconds: UInt64,
        socketPath: String, logPath: String, warnings: [String] = []
    ) {
        self.pid = pid
        self.version = version
        self.uptimeSeconds = uptimeSeconds
        self.repositories = repositories
        self.requests = requests
        self.cacheHits = cacheHits
        self.cacheMisses = cacheMisses
        self.residentBytes = residentBytes
        self.idleTimeoutSeconds = idleTimeoutSeconds
        self.socketPath = socketPath
        self.logPath = logPath
        self.warnings = warnings
    }

    func write(to writer: inout ByteWriter) {
        writer.write(pid)
        writer.write(version)
        writer.write(uptimeSeconds)
        writer.write(repositories)
        writer.write(requests)
        writer.write(cacheHits)
        writer.write(cacheMisses)
        writer.write(residentBytes)
        writer.write(idleTimeoutSeconds)
        writer.write(socketPath)
        writer.write(logPath)
        writer.write(warnings)
    }

    static func read(from reader: inout ByteReader) throws(ProtocolError) -> DaemonStatus {
        DaemonStatus(
            pid: try reader.readUInt32(), version: try reader.readString(field: "version"),
            uptimeSeconds: try reader.readUInt64(), repositories: try reader.readStrings(field: "repository"),
            requests: try reader.readUInt64(), cacheHits: try reader.readUInt64(), cacheMisses: try reader.readUInt64(),
            residentBytes: try reader.readUInt64(), idleTimeoutSeconds: try reader.readUInt64(),
            socketPath: try reader.readString(field: "socket path"), logPath: try reader.readString(field: "log path"),
            warnings: reader.remaining > 0 ? try reader.readStrings(field: "warning") : [])
    }
}
