import DriftGit
import DriftKnowledge

/// Staged blobs' bytes by id, and what was derived from them, shared by every project view the
/// engine makes: a file the project pass reads (a module another file imports, a manifest) comes
/// from the object database, and is parsed, once while it stays among the recently used. Blob ids
/// name contents, so one cache serves every repository.
final class BlobContents: Sendable {
    private let recent: Locked<LeastRecentlyUsed<String, [UInt8]>>
    /// "kind:blob id" → a derived value (nil included: "nothing to derive" is an answer too).
    private let derivations = Locked(LeastRecentlyUsed<String, (any Sendable)?>(costLimit: 20_000))

    init(byteLimit: Int = 16 << 20) {
        recent = Locked(LeastRecentlyUsed(costLimit: byteLimit))
    }

    /// The `kind` of value derived from blob `id`, computed once while it stays recently used.
    func derived<T: Sendable>(_ kind: String, of id: String, _ compute: () -> T?) -> T? {
        let key = kind + ":" + id
        if let known = derivations.withLock({ $0.value(for: key) }) { return known as? T }
        let value = compute()
        derivations.withLock { $0.set(value, for: key, cost: 1) }
        return value
    }

    /// The bytes of blob `id`, or nil when it cannot be read.
    func bytes(of id: String, in repository: GitRepository) -> [UInt8]? {
        if let bytes = recent.withLock({ $0.value(for: id) }) { return bytes }
        guard let bytes = try? repository.blob(id: id) else { return nil }
        recent.withLock { $0.set(bytes, for: id, cost: bytes.count + 64) }
        return bytes
    }
}
