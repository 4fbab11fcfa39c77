import Foundation

/// Reads a project's manifests from disk, for `drift check` on files outside a git checkout (the
/// hook and `drift scan --staged` build a `ProjectManifest` from the staged tree instead).
public enum ManifestLoader {
    /// The manifests in `directory` (and its `requirements/` folder), `-r` includes followed
    /// within the file system. Unreadable files are skipped.
    public static func load(directory: String) -> ProjectManifest {
        let manager = FileManager.default
        var files: [String: String] = [:]
        var names = (try? manager.contentsOfDirectory(atPath: directory)) ?? []
        if let nested = try? manager.contentsOfDirectory(atPath: directory + "/requirements") {
            names += nested.map { "requirements/" + $0 }
        }
        var pending = names.filter { ProjectManifest.isManifest(path: $0) }
        var seen = Set<String>()
        while let name = pending.popLast(), seen.count < 200 {
            guard seen.insert(name).inserted, let text = read(directory + "/" + name) else { continue }
            files[name] = text
            if ProjectManifest.isRequirementsFile(path: name) {
                // Follow includes so that `-r base.txt` resolves even for names not matching requirements*.
                pending += RequirementsFile(path: name, text: text).includes.map { ProjectManifest.resolve($0, relativeTo: name) }
                    .filter { !$0.hasPrefix("..") && !$0.hasPrefix("/") }
            }
        }
        return ProjectManifest(files: files)
    }

    /// The nearest folder at or above `path`'s folder that holds a manifest, stopping at a `.git`.
    public static func projectDirectory(containing path: String) -> String? {
        let manager = FileManager.default
        var directory = (path as NSString).deletingLastPathComponent
        if directory.isEmpty { directory = "." }
        for _ in 0..<64 {
            let names = (try? manager.contentsOfDirectory(atPath: directory)) ?? []
            if names.contains(where: { ProjectManifest.isManifest(path: $0) }) { return directory }
            if names.contains(".git") { return nil }
            let parent = (directory as NSString).deletingLastPathComponent
            if parent == directory || parent.isEmpty { return nil }
            directory = parent
        }
        return nil
    }

    private static func read(_ path: String) -> String? {
        guard let data = FileManager.default.contents(atPath: path), data.count <= 4 << 20 else { return nil }
        return String(decoding: data, as: UTF8.self)
    }
}
