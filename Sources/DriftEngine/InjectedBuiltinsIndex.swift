import DriftGit
import DriftKnowledge

/// The names Python files add to builtins (`builtins._ = gettext`), per package root of a staged
/// tree. Each file's contribution is kept by blob id and HEAD's contributions by tree id, so a new
/// snapshot costs its changed files, not a read of every Python file in the repository.
final class InjectedBuiltinsIndex: Sendable {
    /// Blob id → the names that blob injects (mostly none).
    private let byBlob = Locked(LeastRecentlyUsed<String, Set<String>>(costLimit: 500_000))
    /// "HEAD tree id:root" → the files under the root that inject something, with their names.
    private let byHead = Locked(LeastRecentlyUsed<String, [String: Set<String>]>(costLimit: 64))

    /// The names injected under repository folder `root` of `files`' staged tree.
    func names(under root: String, in files: StagedFiles) -> Set<String> {
        let files = files.recording(into: nil)
        let tree = files.tree
        guard let treeID = tree.headTreeID, let changed = tree.changedPaths(since: tree.headOnly),
              !changed.contains(where: { StagedTree.lastComponent(of: $0) == "__init__.py" }) else {
            // No HEAD, or packages appear or vanish: walk the staged tree itself.
            return Set(contributions(under: root, in: files).values.joined())
        }
        let key = treeID + ":" + root
        var byPath = byHead.withLock { $0.value(for: key) } ?? {
            let head = contributions(under: root, in: files.with(tree: tree.headOnly))
            byHead.withLock { $0.set(head, for: key, cost: 1) }
            return head
        }()
        for path in changed where path.hasSuffix(".py") && (root.isEmpty || path.hasPrefix(root + "/")) {
            byPath[path] = nil
            guard isWalked(path, under: root, in: tree), let entry = tree.entry(at: path), StagedFiles.isRegular(entry.mode),
                  let names = names(ofBlobs: [(path, entry.blobID)], in: files)[path], !names.isEmpty else { continue }
            byPath[path] = names
        }
        return Set(byPath.values.joined())
    }

    /// Files under `root` that inject names, found by walking the package tree as `PythonProject` does.
    private func contributions(under root: String, in files: StagedFiles) -> [String: Set<String>] {
        let absolute = root.isEmpty ? files.root : files.root + "/" + root
        let blobs = PythonProject.pythonFiles(under: absolute, in: files).compactMap { path -> (String, String)? in
            guard let relative = files.relative(path), let entry = files.tree.entry(at: relative) else { return nil }
            return (relative, entry.blobID)
        }
        return names(ofBlobs: blobs, in: files).filter { !$0.value.isEmpty }
    }

    /// Whether the package walk from `root` reaches `path`: every folder in between is a package.
    private func isWalked(_ path: String, under root: String, in tree: StagedTree) -> Bool {
        for folder in StagedTree.ancestors(of: path) where folder.count > root.count {
            guard PythonProject.isPackageFolderName(StagedTree.lastComponent(of: folder)),
                  let entry = tree.entry(at: folder + "/__init__.py"), StagedFiles.isRegular(entry.mode) else { return false }
        }
        return true
    }

    /// The names each blob injects, read (in batches, around the shared blob cache: a whole
    /// repository's files would only flush it) where not known yet.
    private func names(ofBlobs blobs: [(path: String, id: String)], in files: StagedFiles) -> [String: Set<String>] {
        var result: [String: Set<String>] = [:]
        var missing: [(path: String, id: String)] = []
        byBlob.withLock { known in
            for blob in blobs {
                if let names = known.value(for: blob.id) { result[blob.path] = names } else { missing.append(blob) }
            }
        }
        for start in stride(from: 0, to: missing.count, by: 256) {
            let batch = missing[start..<min(missing.count, start + 256)]
            let read = (try? files.repository.blobs(ids: batch.map(\.id))) ?? [:]
            var computed: [(String, Set<String>)] = []
            for blob in batch {
                guard let bytes = read[blob.id], bytes.count <= 1 << 20 else { continue }
                let names = PythonProject.injectedBuiltins(ofPythonFile: files.root + "/" + blob.path, bytes: bytes)
                result[blob.path] = names
                computed.append((blob.id, names))
            }
            byBlob.withLock { known in
                for (id, names) in computed { known.set(names, for: id, cost: 1 + names.count) }
            }
        }
        return result
    }
}
