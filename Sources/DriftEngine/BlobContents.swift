import DriftGit

/// Staged blobs' bytes by id, shared by every project view the engine makes: a file the project
/// pass reads (a module another file imports, a manifest) comes from the object database once
/// while it stays among the recently used. Blob ids name contents, so one cache serves every
/// repository.
final class BlobContents: Sendable {
    private let recent: Locked<LeastRecentlyUsed<String, [UInt8]>>

    init(byteLimit: Int = 32 << 20) {
        recent = Locked(LeastRecentlyUsed(costLimit: byteLimit))
    }

    /// The bytes of blob `id`, or nil when it cannot be read.
    func bytes(of id: String, in repository: GitRepository) -> [UInt8]? {
        if let bytes = recent.withLock({ $0.value(for: id) }) { return bytes }
        guard let bytes = try? repository.blob(id: id) else { return nil }
        recent.withLock { $0.set(bytes, for: id, cost: bytes.count + 64) }
        return bytes
    }
}
