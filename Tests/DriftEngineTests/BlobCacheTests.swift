import DriftCore
@testable import DriftEngine
import DriftSyntax
import Foundation
import GRDB
import Testing

@Suite struct BlobCacheTests {
    static func temporaryFolder() throws -> String {
        let folder = FileManager.default.temporaryDirectory.appendingPathComponent("drift-cache-\(UUID().uuidString)").path
        try FileManager.default.createDirectory(atPath: folder, withIntermediateDirectories: true)
        return folder
    }

    /// An analysis whose encoded size grows with `padding`.
    static func analysis(_ label: String, padding: Int = 0) -> BlobAnalysis {
        let finding = Finding(
            ruleID: "elided-code", severity: .high, category: .placeholderCode, path: "",
            range: SourceRange(start: SourceLocation(line: 1, column: 1), end: SourceLocation(line: 1, column: 5)),
            message: label + String(repeating: "x", count: padding), why: "why", fix: "fix")
        return BlobAnalysis(findings: [finding], suppressions: [], isBinary: false)
    }

    static func key(_ id: String, role: FileRole = []) -> BlobCache.Key {
        BlobCache.Key(blobID: id, language: .python, role: role)
    }

    /// Collects warnings from another thread safely.
    final class Warnings: @unchecked Sendable {
        private let lock = NSLock()
        private var messages: [String] = []
        func append(_ message: String) { lock.lock(); messages.append(message); lock.unlock() }
        var all: [String] { lock.lock(); defer { lock.unlock() }; return messages }
    }

    @Test func memoryIsBoundedByBytesAndDropsTheLeastRecentlyUsed() {
        let lru = LeastRecentlyUsed<String, Int>(costLimit: 100)
        lru.set(1, for: "a", cost: 40)
        lru.set(2, for: "b", cost: 40)
        #expect(lru.value(for: "a") == 1)  // a is now more recent than b
        lru.set(3, for: "c", cost: 40)
        #expect(lru.value(for: "b") == nil)
        #expect(lru.value(for: "a") == 1 && lru.value(for: "c") == 3)
        #expect(lru.totalCost == 80)
        lru.set(4, for: "huge", cost: 101)
        #expect(lru.value(for: "huge") == nil && lru.count == 2)
        lru.set(5, for: "a", cost: 10)
        #expect(lru.totalCost == 50 && lru.value(for: "a") == 5)

        let cache = BlobCache(path: nil, memoryLimit: 3_000)
        for index in 0..<20 { cache.store(Self.analysis("entry \(index)", padding: 300), for: Self.key("\(index)")) }
        #expect(cache.statistics.memoryBytes <= 3_000)
        #expect(cache.analysis(for: Self.key("19")) != nil)
        #expect(cache.analysis(for: Self.key("0")) == nil)
    }

    @Test func analysesSurviveANewProcessThroughTheFile() throws {
        let path = try Self.temporaryFolder() + "/drift/cache.sqlite"
        let first = BlobCache(path: path)
        first.store(Self.analysis("kept"), for: Self.key("abc"))
        #expect(first.statistics.memoryEntries == 1)

        let second = BlobCache(path: path)
        #expect(second.analysis(for: Self.key("abc")) == Self.analysis("kept"))
        #expect(second.analysis(for: Self.key("abc", role: .test)) == nil, "role is part of the key")
        #expect(second.statistics == BlobCache.Statistics(memoryHits: 0, diskHits: 1, misses: 1, memoryEntries: 1, memoryBytes: second.statistics.memoryBytes))
        #expect(second.analysis(for: Self.key("abc")) != nil)
        #expect(second.statistics.memoryHits == 1)

        let otherEngine = BlobCache(path: path, fingerprint: "another-engine")
        #expect(otherEngine.analysis(for: Self.key("abc")) == nil, "a different engine fingerprint never reuses rows")
    }

    @Test func theFileIsVersionedWalAndMarkedAsDrifts() throws {
        let path = try Self.temporaryFolder() + "/cache.sqlite"
        let cache = BlobCache(path: path)
        cache.store(Self.analysis("x"), for: Self.key("1"))
        let database = try DatabaseQueue(path: path)
        let (version, application, journal) = try database.read { db in
            (try Int.fetchOne(db, sql: "PRAGMA user_version"), try Int32.fetchOne(db, sql: "PRAGMA application_id"),
             try String.fetchOne(db, sql: "PRAGMA journal_mode"))
        }
        #expect(version == BlobStore.schemaVersion)
        #expect(application == BlobStore.applicationID)
        #expect(journal == "wal")
    }

    @Test func anOlderSchemaIsRebuiltInPlace() throws {
        let path = try Self.temporaryFolder() + "/cache.sqlite"
        BlobCache(path: path).store(Self.analysis("old"), for: Self.key("1"))
        let database = try DatabaseQueue(path: path)
        try database.write { db in try db.execute(sql: "PRAGMA user_version = 0; PRAGMA application_id = \(BlobStore.applicationID)") }
        try database.close()
        let warnings = Warnings()
        let cache = BlobCache(path: path, warn: warnings.append)
        #expect(cache.analysis(for: Self.key("1")) == nil)
        #expect(warnings.all.isEmpty)
        cache.store(Self.analysis("new"), for: Self.key("1"))
        #expect(BlobCache(path: path).analysis(for: Self.key("1")) == Self.analysis("new"))
    }

    @Test func aCorruptFileIsMovedAsideAndRebuiltWithOneWarning() throws {
        let folder = try Self.temporaryFolder()
        let path = folder + "/cache.sqlite"
        try Data(String(repeating: "not a database at all ", count: 400).utf8).write(to: URL(fileURLWithPath: path))
        let warnings = Warnings()
        let cache = BlobCache(path: path, warn: warnings.append)
        #expect(warnings.all.count == 1)
        #expect(warnings.all.first?.contains("is corrupt") == true)
        #expect(warnings.all.first?.contains("\n") == false)
        let moved = try FileManager.default.contentsOfDirectory(atPath: folder).filter { $0.hasPrefix("cache.sqlite.broken-") }
        #expect(moved.count == 1)
        cache.store(Self.analysis("fresh"), for: Self.key("1"))
        #expect(BlobCache(path: path).analysis(for: Self.key("1")) == Self.analysis("fresh"))
    }

    @Test func onlyTheNewestMovedAsideFilesAreKept() throws {
        let folder = try Self.temporaryFolder()
        let path = folder + "/cache.sqlite"
        for stamp in ["20260101T000000Z", "20260102T000000Z", "20260103T000000Z"] {
            try Data("old".utf8).write(to: URL(fileURLWithPath: "\(path).broken-\(stamp)"))
        }
        try Data("wal".utf8).write(to: URL(fileURLWithPath: "\(path).broken-20260101T000000Z-wal"))
        for _ in 0..<3 {
            try Data(String(repeating: "not a database at all ", count: 400).utf8).write(to: URL(fileURLWithPath: path))
            _ = BlobCache(path: path, warn: { _ in })
        }
        let broken = try FileManager.default.contentsOfDirectory(atPath: folder).filter { $0.hasPrefix("cache.sqlite.broken-") }.sorted()
        #expect(broken.count == BlobStore.brokenFilesKept, "\(broken)")
        #expect(!broken.contains { $0.hasPrefix("cache.sqlite.broken-2026010") })
    }

    @Test func aLazyCacheOpensOnFirstUseAndRetriesAfterAFailure() throws {
        let folder = try Self.temporaryFolder()
        let path = folder + "/cache.sqlite"
        let warnings = Warnings()
        let cache = BlobCache(path: path, openLazily: true, warn: warnings.append)
        #expect(!FileManager.default.fileExists(atPath: path))
        cache.store(Self.analysis("lazy"), for: Self.key("1"))
        #expect(FileManager.default.fileExists(atPath: path))
        #expect(cache.diskProblem == nil)
        #expect(BlobCache(path: path).analysis(for: Self.key("1")) == Self.analysis("lazy"))
        #expect(warnings.all.isEmpty)
    }

    @Test func aForeignDatabaseIsNeverUsedOrDeleted() throws {
        let folder = try Self.temporaryFolder()
        let path = folder + "/cache.sqlite"
        let foreign = try DatabaseQueue(path: path)
        try foreign.write { db in
            try db.execute(sql: "CREATE TABLE users (name TEXT); INSERT INTO users VALUES ('ada')")
        }
        try foreign.close()
        let warnings = Warnings()
        let cache = BlobCache(path: path, warn: warnings.append)
        #expect(warnings.all.count == 1)
        #expect(warnings.all.first?.contains("is not a Drift cache") == true)
        let moved = try #require(try FileManager.default.contentsOfDirectory(atPath: folder).first { $0.hasPrefix("cache.sqlite.broken-") && !$0.hasSuffix("-wal") && !$0.hasSuffix("-shm") })
        let kept = try DatabaseQueue(path: folder + "/" + moved)
        #expect(try kept.read { db in try String.fetchOne(db, sql: "SELECT name FROM users") } == "ada")
        cache.store(Self.analysis("ours"), for: Self.key("1"))
        #expect(cache.diskTotals().rows == 1)
    }

    @Test func theFileStaysUnderItsBoundByDroppingTheLeastRecentlyUsedRows() throws {
        let path = try Self.temporaryFolder() + "/cache.sqlite"
        let limit = 8_000
        let cache = BlobCache(path: path, memoryLimit: 1_000, diskLimit: limit)
        for index in 0..<40 {
            cache.store(Self.analysis("entry", padding: 400), for: Self.key(String(format: "%03d", index)))
            if index == 5 { Thread.sleep(forTimeInterval: 0.01) }
            // Reading the first entry keeps it recent.
            if index > 5 { _ = cache.analysis(for: Self.key("000")) }
            Thread.sleep(forTimeInterval: 0.002)
        }
        let totals = cache.diskTotals()
        #expect(totals.bytes <= limit)
        #expect(totals.rows > 5 && totals.rows < 40)
        let reopened = BlobCache(path: path)
        #expect(reopened.analysis(for: Self.key("039")) != nil, "newest survives")
        #expect(reopened.analysis(for: Self.key("000")) != nil, "recently read survives")
        #expect(reopened.analysis(for: Self.key("001")) == nil, "least recently used goes first")
    }

    @Test func anUnusableLocationLeavesAMemoryCacheAndOneWarning() {
        let warnings = Warnings()
        let cache = BlobCache(path: "/dev/null/drift/cache.sqlite", warn: warnings.append)
        #expect(warnings.all.count == 1)
        #expect(warnings.all.first?.hasPrefix("drift: cache disabled: ") == true)
        cache.store(Self.analysis("kept"), for: Self.key("1"))
        #expect(cache.analysis(for: Self.key("1")) == Self.analysis("kept"))
    }

    @Test func defaultPathFollowsXDG() {
        #expect(BlobCache.defaultPath(environment: ["XDG_CACHE_HOME": "/x/cache", "HOME": "/home/u"]) == "/x/cache/drift/cache.sqlite")
        #expect(BlobCache.defaultPath(environment: ["XDG_CACHE_HOME": "relative", "HOME": "/home/u"]) == "/home/u/.cache/drift/cache.sqlite")
        #expect(BlobCache.defaultPath(environment: ["HOME": "/home/u"]) == "/home/u/.cache/drift/cache.sqlite")
    }

    @Test func theFingerprintNamesEngineRulesAndKnowledge() {
        #expect(EngineFingerprint.description.contains("engine=\(EngineFingerprint.engineVersion)"))
        for id in ["elided-code", "placeholder-credential", "malformed-suppression"] {
            #expect(EngineFingerprint.description.contains(id))
        }
        // A rule's languages decide which blobs it sees, so they are part of the key.
        #expect(EngineFingerprint.description.contains("stub-body[javascript+typescript+python]"))
        #expect(EngineFingerprint.description.contains("build="))
        #expect(!EngineFingerprint.description.contains("build=unknown"))
        #expect(EngineFingerprint.current.count == 16)
        #expect(EngineFingerprint.hash("a") != EngineFingerprint.hash("b"))
    }
}
