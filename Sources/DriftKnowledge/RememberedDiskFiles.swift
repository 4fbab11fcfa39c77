/// The disk, asked once per question: over a big tree `drift check` asks, from every file, for the
/// entries of the same folders and whether the same manifests and configurations exist above it.
/// Kinds and folder entries are remembered for the lifetime of one view (one `drift check`);
/// file contents are not (their readers keep what they derive from them).
public final class RememberedDiskFiles: ProjectFiles {
    private let disk = DiskFiles()

    public init() {}
    private let kinds = Locked<[String: ProjectFileKind?]>([:])
    private let entries = Locked<[String: [String]?]>([:])

    public func contents(_ path: String, limit: Int) -> [UInt8]? {
        guard kind(of: path) == .file else { return nil }
        return disk.contents(path, limit: limit)
    }

    public func kind(of path: String) -> ProjectFileKind? {
        if let known = kinds.withLock({ $0[path] }) { return known }
        let kind = disk.kind(of: path)
        kinds.withLock { $0[path] = kind }
        return kind
    }

    public func names(in folder: String) -> [String]? {
        if let known = entries.withLock({ $0[folder] }) { return known }
        let names = disk.names(in: folder)
        entries.withLock { $0[folder] = names }
        return names
    }
}
