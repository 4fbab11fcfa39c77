import Foundation
import GRDB

/// The blob cache's SQLite file: encoded analyses by key, bounded in size, least recently used
/// rows evicted first. Every failure degrades to a cache miss; none reaches the commit.
final class BlobStore: @unchecked Sendable {
    /// Bumped when the table layout or the encoding of values changes; older files are rebuilt.
    static let schemaVersion = 1
    /// "DRFT": marks the file as Drift's, so a foreign SQLite file is never mistaken for a cache.
    static let applicationID: Int32 = 0x4452_4654

    let path: String
    let byteLimit: Int
    private let warn: @Sendable (String) -> Void
    private let lock = NSLock()
    private var pool: DatabasePool?
    /// Sum of stored value sizes as of the last count, plus what this process added since.
    private var approximateBytes = 0
    private var warnedAboutFailure = false
    /// Why the file is not in use right now (cannot be opened, locked by another process).
    private var currentProblem: String?
    private var lastWarning: String?
    /// Monotonic time before which the file is not tried again after a failure.
    private var retryAt: UInt64 = 0
    /// How long the file rests after it could not be opened or was found locked.
    static let retryInterval: UInt64 = 10_000_000_000
    /// Files moved aside as corrupt that are kept for a post-mortem; older ones are deleted.
    static let brokenFilesKept = 2

    /// `lazily`: open the file on first use, not here (the daemon listens before it touches the
    /// disk, so a locked or slow cache file never delays its start).
    init(path: String, byteLimit: Int, lazily: Bool = false, warn: @escaping @Sendable (String) -> Void) {
        self.path = path
        self.byteLimit = byteLimit
        self.warn = warn
        guard !lazily else { return }
        lock.lock()
        defer { lock.unlock() }
        openOrRebuild()
        if pool == nil { retryAt = Self.monotonicNow() + Self.retryInterval }
    }

    /// Why the disk cache is off right now, or nil when it is in use (or not tried yet).
    var problem: String? {
        lock.lock()
        defer { lock.unlock() }
        return currentProblem
    }

    private static func monotonicNow() -> UInt64 { DispatchTime.now().uptimeNanoseconds }

    /// Warns once per distinct problem, so a retry that fails the same way stays quiet.
    private func warnOnce(_ message: String) {
        guard message != lastWarning else { return }
        lastWarning = message
        warn(message)
    }

    // MARK: Reading and writing

    /// Stored values for `keys` (those found), marking them used, in one transaction.
    func values(for keys: [String]) -> [String: Data] {
        guard !keys.isEmpty else { return [:] }
        lock.lock()
        defer { lock.unlock() }
        return perform { pool in
            try pool.write { db -> [String: Data] in
                var found: [String: Data] = [:]
                let now = Self.now()
                for key in keys {
                    guard let data = try Data.fetchOne(db, sql: "SELECT value FROM analysis WHERE key = ?", arguments: [key]) else {
                        continue
                    }
                    found[key] = data
                    try db.execute(sql: "UPDATE analysis SET used = ? WHERE key = ?", arguments: [now, key])
                }
                return found
            }
        } ?? [:]
    }

    /// Stores values in one transaction, then evicts if the file has grown past its bound.
    func store(_ values: [(key: String, value: Data)]) {
        let values = values.filter { $0.value.count + $0.key.utf8.count <= byteLimit }
        guard !values.isEmpty else { return }
        lock.lock()
        defer { lock.unlock() }
        let stored: Void? = perform { pool in
            try pool.write { db in
                let now = Self.now()
                for (key, value) in values {
                    try db.execute(
                        sql: "INSERT OR REPLACE INTO analysis (key, value, size, used) VALUES (?, ?, ?, ?)",
                        arguments: [key, value, value.count + key.utf8.count, now])
                }
            }
        }
        guard stored != nil else { return }
        approximateBytes += values.reduce(0) { $0 + $1.value.count + $1.key.utf8.count }
        if approximateBytes > byteLimit { evict() }
    }

    /// Number of rows and their total size (for tests and `status`).
    func totals() -> (rows: Int, bytes: Int) {
        lock.lock()
        defer { lock.unlock() }
        return perform { pool in
            try pool.read { db in
                let row = try Row.fetchOne(db, sql: "SELECT COUNT(*), COALESCE(SUM(size), 0) FROM analysis")
                return (row?[0] ?? 0, row?[1] ?? 0)
            }
        } ?? (0, 0)
    }

    /// Deletes least recently used rows until the total is under 90% of the limit, so eviction
    /// runs once per many stores rather than on every one.
    private func evict() {
        perform { pool in
            try pool.write { db in
                var total = try Int.fetchOne(db, sql: "SELECT COALESCE(SUM(size), 0) FROM analysis") ?? 0
                let target = byteLimit / 10 * 9
                if total > byteLimit {
                    let rows = try Row.fetchCursor(db, sql: "SELECT key, size FROM analysis ORDER BY used, key")
                    var victims: [String] = []
                    while total > target, let row = try rows.next() {
                        victims.append(row[0])
                        total -= row[1] as Int
                    }
                    for chunk in stride(from: 0, to: victims.count, by: 500) {
                        let keys = Array(victims[chunk..<min(victims.count, chunk + 500)])
                        let marks = Array(repeating: "?", count: keys.count).joined(separator: ",")
                        try db.execute(sql: "DELETE FROM analysis WHERE key IN (\(marks))", arguments: StatementArguments(keys))
                    }
                }
                approximateBytes = total
            }
        }
    }

    private static func now() -> Int64 {
        Int64(Date().timeIntervalSince1970 * 1000)
    }

    // MARK: Opening, corruption and foreign files

    /// A file that is SQLite but not ours (another application id, or tables without our id).
    private struct ForeignFile: Error {}

    private func openOrRebuild() {
        do {
            try FileManager.default.createDirectory(
                atPath: (path as NSString).deletingLastPathComponent, withIntermediateDirectories: true)
            pool = try open()
            currentProblem = nil
            lastWarning = nil
        } catch {
            guard isCorruption(error) || error is ForeignFile else {
                currentProblem = isLocked(error)
                    ? "\(path) is locked by another process; retrying every \(Self.retryInterval / 1_000_000_000) s"
                    : "cannot open \(path): \(oneLine(error))"
                warnOnce("drift: cache disabled: \(currentProblem!)")
                pool = nil
                return
            }
            let moved = moveAside()
            let why = error is ForeignFile ? "is not a Drift cache" : "is corrupt"
            do {
                pool = try open()
                currentProblem = nil
                warn("drift: cache file \(path) \(why); moved it to \(moved) and started a new cache")
            } catch {
                currentProblem = "cannot create \(path): \(oneLine(error))"
                warnOnce("drift: cache disabled: \(currentProblem!)")
                pool = nil
            }
        }
    }

    /// The open pool, opening (again) when it is not open and its rest after a failure is over.
    private func openPool() -> DatabasePool? {
        if let pool { return pool }
        let now = Self.monotonicNow()
        guard now >= retryAt else { return nil }
        openOrRebuild()
        if pool == nil { retryAt = now + Self.retryInterval }
        return pool
    }

    private func open() throws -> DatabasePool {
        var configuration = GRDB.Configuration()
        // The daemon and `drift scan` may write at the same moment; wait rather than fail.
        configuration.busyMode = .timeout(2)
        configuration.maximumReaderCount = 2
        configuration.prepareDatabase { db in
            // A cache may lose its last writes in a power cut; it must not pay an fsync per commit.
            try db.execute(sql: "PRAGMA synchronous = NORMAL")
        }
        let pool = try DatabasePool(path: path, configuration: configuration)  // WAL
        do {
            try pool.write { db in
                let application = try Int32.fetchOne(db, sql: "PRAGMA application_id") ?? 0
                let version = try Int.fetchOne(db, sql: "PRAGMA user_version") ?? 0
                let tables = try String.fetchAll(db, sql: "SELECT name FROM sqlite_master WHERE type = 'table'")
                if application != Self.applicationID {
                    guard tables.isEmpty && version == 0 else { throw ForeignFile() }
                } else if version == Self.schemaVersion {
                    return
                }
                // A new file, or a Drift cache of another schema version: (re)create the table;
                // it is a cache, so dropping old rows loses nothing but time.
                try db.execute(sql: "DROP TABLE IF EXISTS analysis")
                try db.execute(sql: """
                    CREATE TABLE analysis (
                        key TEXT PRIMARY KEY NOT NULL,
                        value BLOB NOT NULL,
                        size INTEGER NOT NULL,
                        used INTEGER NOT NULL
                    ) WITHOUT ROWID
                    """)
                try db.execute(sql: "CREATE INDEX analysis_used ON analysis (used)")
                try db.execute(sql: "PRAGMA application_id = \(Self.applicationID)")
                try db.execute(sql: "PRAGMA user_version = \(Self.schemaVersion)")
            }
            approximateBytes = try pool.read { db in try Int.fetchOne(db, sql: "SELECT COALESCE(SUM(size), 0) FROM analysis") ?? 0 }
        } catch {
            try? pool.close()
            throw error
        }
        return pool
    }

    /// Runs `body`; on corruption found mid-use the file is moved aside and rebuilt, on any other
    /// error the operation is skipped (a cache miss) with one warning per process.
    @discardableResult
    private func perform<T>(_ body: (DatabasePool) throws -> T) -> T? {
        guard let pool = openPool() else { return nil }
        if retryAt > Self.monotonicNow() { return nil }  // resting after finding the file locked
        do {
            let result = try body(pool)
            if currentProblem != nil { currentProblem = nil }
            return result
        } catch {
            if isCorruption(error) {
                try? pool.close()
                self.pool = nil
                openOrRebuild()
            } else if isLocked(error) {
                // Another process holds the file: rest rather than make every commit wait out the
                // busy timeout, and say so in `drift-hook status`.
                retryAt = Self.monotonicNow() + Self.retryInterval
                currentProblem = "\(path) is locked by another process; retrying every \(Self.retryInterval / 1_000_000_000) s"
            } else if !warnedAboutFailure {
                warnedAboutFailure = true
                warn("drift: cache \(path) unavailable for this operation: \(oneLine(error))")
            }
            return nil
        }
    }

    private func isLocked(_ error: Error) -> Bool {
        guard let error = error as? DatabaseError else { return false }
        return error.resultCode == .SQLITE_BUSY || error.resultCode == .SQLITE_LOCKED
    }

    private func isCorruption(_ error: Error) -> Bool {
        guard let error = error as? DatabaseError else { return false }
        return error.resultCode == .SQLITE_CORRUPT || error.resultCode == .SQLITE_NOTADB
    }

    /// Renames the file (and its WAL and shared-memory files) to `<path>.broken-<UTC time>`.
    private func moveAside() -> String {
        let formatter = DateFormatter()
        formatter.dateFormat = "yyyyMMdd'T'HHmmss'Z'"
        formatter.timeZone = TimeZone(identifier: "UTC")
        formatter.locale = Locale(identifier: "en_US_POSIX")
        var target = "\(path).broken-\(formatter.string(from: Date()))"
        var attempt = 1
        while FileManager.default.fileExists(atPath: target) {
            attempt += 1
            target = "\(path).broken-\(formatter.string(from: Date()))-\(attempt)"
        }
        for suffix in ["", "-wal", "-shm"] where FileManager.default.fileExists(atPath: path + suffix) {
            if rename(path + suffix, target + suffix) != 0 { unlink(path + suffix) }
        }
        pruneBrokenFiles()
        return target
    }

    /// Deletes all but the newest `brokenFilesKept` moved-aside files (their names sort by time:
    /// `broken-<UTC time>[-<attempt>]`),
    /// so a cache that keeps breaking cannot fill the disk.
    private func pruneBrokenFiles() {
        let folder = (path as NSString).deletingLastPathComponent
        let prefix = (path as NSString).lastPathComponent + ".broken-"
        guard let names = try? FileManager.default.contentsOfDirectory(atPath: folder) else { return }
        let broken = names.filter { $0.hasPrefix(prefix) && !$0.hasSuffix("-wal") && !$0.hasSuffix("-shm") }
            .sorted(by: >)
        for name in broken.dropFirst(Self.brokenFilesKept) {
            for suffix in ["", "-wal", "-shm"] { unlink(folder + "/" + name + suffix) }
        }
    }

    private func oneLine(_ error: Error) -> String {
        String(describing: error).split(separator: "\n").first.map(String.init) ?? "\(error)"
    }
}
