import Foundation

/// The virtualenvs of project folders (and the listings of `node_modules` folders), read from
/// disk once and kept while nothing is installed or removed: reading one with 500 distributions
/// takes ~10 ms, far more than a warm request may cost, and the commit path makes a new project
/// view per request. An entry is checked against
/// the modification times of the project folder (a new `.venv`), the environment's root and its
/// `site-packages` folders (`pip install` adds and renames entries there) — a few `stat` calls.
public final class InstalledEnvironments: Sendable {
    private struct Entry {
        var environment: PythonEnvironment?
        var watched: [String]
        var stamps: [Int64]
    }

    private let entries = Locked<[String: Entry]>([:])
    /// `node_modules` folder → its package names, with the folders listed and their stamps.
    private let nodeListings = Locked<[String: (names: [String], watched: [String], stamps: [Int64])]>([:])

    public init() {}

    /// The virtualenv of the project folder `root` (see `PythonEnvironment.find`), or nil.
    /// `activeFirst`: an active `$VIRTUAL_ENV` of the process counts first, as `find` has it.
    public func python(for root: String, activeFirst: Bool = true) -> PythonEnvironment? {
        entry(for: root, activeFirst: activeFirst).environment
    }

    /// The package names in the `node_modules` folder `folder` (scoped ones as `@scope/name`),
    /// listed again only when it or one of its scope folders changed (installing renames entries).
    public func nodePackageNames(in folder: String) -> [String] {
        if let known = nodeListings.withLock({ $0[folder] }), known.watched.map(Self.modificationTime) == known.stamps { return known.names }
        var watched = [folder]
        let names = (DiskFiles().names(in: folder) ?? []).flatMap { entry -> [String] in
            guard !entry.hasPrefix(".") else { return [] }
            guard entry.hasPrefix("@") else { return [entry] }
            watched.append(folder + "/" + entry)
            return (DiskFiles().names(in: folder + "/" + entry) ?? []).map { entry + "/" + $0 }
        }
        nodeListings.withLock { listings in
            if listings.count >= 256 { listings.removeAll() }
            listings[folder] = (names, watched, watched.map(Self.modificationTime))
        }
        return names
    }

    /// Modification times of what tells that packages were installed or removed for the project
    /// at `root`: its virtualenv's folders and npm's, yarn's and pnpm's records in `node_modules`.
    public func stamp(of root: String) -> [Int64] {
        let node = ["node_modules", "node_modules/.package-lock.json", "node_modules/.yarn-integrity", "node_modules/.modules.yaml"]
        return node.map { Self.modificationTime(root + "/" + $0) } + entry(for: root).stamps
    }

    private func entry(for root: String, activeFirst: Bool = true) -> Entry {
        let key = activeFirst ? root : "\u{0}" + root
        if let entry = entries.withLock({ $0[key] }), entry.watched.map(Self.modificationTime) == entry.stamps { return entry }
        let environment = activeFirst ? PythonEnvironment.find(projectDirectory: root)
            : PythonEnvironment.find(projectDirectory: root, environment: [:])
        let watched = [root] + (environment.map { [$0.root] + $0.sitePackages } ?? [])
        let entry = Entry(environment: environment, watched: watched, stamps: watched.map(Self.modificationTime))
        entries.withLock { entries in
            if entries.count >= 256 { entries.removeAll() }
            entries[key] = entry
        }
        return entry
    }

    /// Nanoseconds since the epoch of the last modification of `path`, or -1 when it is missing.
    public static func modificationTime(_ path: String) -> Int64 {
        var info = stat()
        guard stat(path, &info) == 0 else { return -1 }
        return Int64(info.st_mtim.tv_sec) * 1_000_000_000 + Int64(info.st_mtim.tv_nsec)
    }
}
