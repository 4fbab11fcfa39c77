import DriftCore
import DriftSyntax
import Foundation

/// Per-blob analyses, kept in memory (least recently used dropped past a byte bound) and in a
/// SQLite file shared by every Drift process of the user, so a blob is analysed once across
/// commits, branches, repositories and restarts.
public final class BlobCache: @unchecked Sendable {
    /// What an analysis depends on: the blob's contents, the language it is read as, and the
    /// role its path gives it (the same blob is judged differently as a test). The engine
    /// fingerprint is the cache's own and prefixes every stored key.
    public struct Key: Hashable, Sendable {
        public var blobID: String
        public var language: Language
        public var role: FileRole

        public init(blobID: String, language: Language, role: FileRole) {
            self.blobID = blobID
            self.language = language
            self.role = role
        }
    }

    /// Counters since the cache was created.
    public struct Statistics: Sendable, Equatable {
        public var memoryHits = 0
        public var diskHits = 0
        public var misses = 0
        public var memoryEntries = 0
        public var memoryBytes = 0
    }

    /// The engine fingerprint keys are made under.
    public let fingerprint: String
    /// The SQLite file, or nil for a memory-only cache.
    public let path: String?

    private let lock = NSLock()
    private let memory: LeastRecentlyUsed<Key, BlobAnalysis>
    private let disk: BlobStore?
    private var counters = Statistics()

    /// - Parameters:
    ///   - path: the SQLite file (`BlobCache.defaultPath()`), or nil to keep nothing on disk.
    ///   - memoryLimit: bytes of analyses kept in memory (estimated from their encoded size).
    ///   - diskLimit: bytes of encoded analyses kept in the file before the oldest are evicted.
    ///   - openLazily: open the SQLite file on first use rather than now (it is retried after a
    ///     failure either way).
    ///   - warn: receives one-line warnings (a corrupt file moved aside, the disk cache disabled).
    public init(
        path: String? = BlobCache.defaultPath(),
        memoryLimit: Int = 64 << 20,
        diskLimit: Int = 256 << 20,
        fingerprint: String = EngineFingerprint.current,
        openLazily: Bool = false,
        warn: @escaping @Sendable (String) -> Void = BlobCache.warnOnStandardError
    ) {
        self.path = path
        self.fingerprint = fingerprint
        self.memory = LeastRecentlyUsed(costLimit: memoryLimit)
        self.disk = path.map { BlobStore(path: $0, byteLimit: diskLimit, lazily: openLazily, warn: warn) }
    }

    /// Why the SQLite file is not in use right now (memory only meanwhile), if it is not.
    public var diskProblem: String? { disk?.problem }

    /// `$XDG_CACHE_HOME/drift/cache.sqlite`, else `~/.cache/drift/cache.sqlite`.
    public static func defaultPath(environment: [String: String] = ProcessInfo.processInfo.environment) -> String {
        if let xdg = environment["XDG_CACHE_HOME"], xdg.hasPrefix("/") {
            return xdg + "/drift/cache.sqlite"
        }
        let home = environment["HOME"].flatMap { $0.isEmpty ? nil : $0 } ?? NSHomeDirectory()
        return home + "/.cache/drift/cache.sqlite"
    }

    public static let warnOnStandardError: @Sendable (String) -> Void = { message in
        FileHandle.standardError.write(Data((message + "\n").utf8))
    }

    public var statistics: Statistics {
        lock.lock()
        defer { lock.unlock() }
        var result = counters
        result.memoryEntries = memory.count
        result.memoryBytes = memory.totalCost
        return result
    }

    /// The cached analysis for `key`, if any.
    public func analysis(for key: Key) -> BlobAnalysis? {
        analyses(for: [key])[key]
    }

    /// Cached analyses for `keys`: from memory, then from disk in one transaction.
    public func analyses(for keys: [Key]) -> [Key: BlobAnalysis] {
        var found: [Key: BlobAnalysis] = [:]
        var absent: [Key] = []
        lock.lock()
        for key in keys where found[key] == nil {
            if let analysis = memory.value(for: key) {
                found[key] = analysis
                counters.memoryHits += 1
            } else {
                absent.append(key)
            }
        }
        lock.unlock()
        guard !absent.isEmpty else { return found }

        var fromDisk: [(Key, BlobAnalysis, Int)] = []
        if let disk {
            let stored = disk.values(for: absent.map(storageKey))
            let decoder = JSONDecoder()
            for key in absent {
                guard let data = stored[storageKey(key)],
                      let analysis = try? decoder.decode(BlobAnalysis.self, from: data) else { continue }
                fromDisk.append((key, analysis, data.count))
            }
        }
        lock.lock()
        for (key, analysis, size) in fromDisk {
            found[key] = analysis
            memory.set(analysis, for: key, cost: Self.memoryCost(encodedSize: size))
        }
        counters.diskHits += fromDisk.count
        counters.misses += absent.count - fromDisk.count
        lock.unlock()
        return found
    }

    /// Stores one analysis in memory and on disk.
    public func store(_ analysis: BlobAnalysis, for key: Key) {
        store([(key, analysis)])
    }

    /// Stores analyses in memory and on disk (one transaction).
    public func store(_ items: [(key: Key, analysis: BlobAnalysis)]) {
        guard !items.isEmpty else { return }
        let encoder = JSONEncoder()
        var encoded: [(key: String, value: Data)] = []
        lock.lock()
        for (key, analysis) in items {
            guard let data = try? encoder.encode(analysis) else { continue }
            memory.set(analysis, for: key, cost: Self.memoryCost(encodedSize: data.count))
            encoded.append((storageKey(key), data))
        }
        lock.unlock()
        disk?.store(encoded)
    }

    /// Rows and bytes in the disk cache.
    public func diskTotals() -> (rows: Int, bytes: Int) {
        disk?.totals() ?? (0, 0)
    }

    /// The key as stored on disk: fingerprint, blob, language, role bits.
    func storageKey(_ key: Key) -> String {
        "\(fingerprint):\(key.blobID):\(key.language.rawValue):\(key.role.rawValue)"
    }

    /// Decoded Swift values take roughly their encoded size plus fixed overhead per entry.
    private static func memoryCost(encodedSize: Int) -> Int {
        encodedSize + 256
    }
}
