import Foundation

/// Reads a project's manifests from disk, for `drift check` on files outside a git checkout (the
/// hook and `drift scan --staged` build a `ProjectManifest` from the staged tree instead).
public enum ManifestLoader {
    /// The manifests that govern `file`: those in its folder and in every folder above it, up to
    /// the folder holding `.git` (or the file-system root). Dependencies declared higher up count,
    /// as they do for Node.js (hoisted workspaces) and for a repository-level requirements file.
    /// Paths in the result are absolute.
    public static func load(forFile file: String) -> ProjectManifest {
        var files: [String: String] = [:]
        var directory = absolute(parent(of: file))
        for _ in 0..<64 {
            collect(directory: directory, into: &files)
            let names = (try? FileManager.default.contentsOfDirectory(atPath: directory)) ?? []
            let up = parent(of: directory)
            if names.contains(".git") || up == directory { break }
            directory = up
        }
        return ProjectManifest(files: files)
    }

    /// The manifests in `directory` itself (with its `requirements/` folder, `-r` includes and
    /// the `package.json` of its npm workspaces). Paths in the result are absolute.
    public static func load(directory: String) -> ProjectManifest {
        var files: [String: String] = [:]
        collect(directory: absolute(directory), into: &files)
        return ProjectManifest(files: files)
    }

    private static func collect(directory: String, into files: inout [String: String]) {
        let manager = FileManager.default
        var names = (try? manager.contentsOfDirectory(atPath: directory)) ?? []
        if let nested = try? manager.contentsOfDirectory(atPath: directory + "/requirements") {
            names += nested.map { "requirements/" + $0 }
        }
        var pending = names.filter { ProjectManifest.isManifest(path: $0) }.map { directory + "/" + $0 }
        var budget = 500
        while let path = pending.popLast(), budget > 0 {
            budget -= 1
            guard files[path] == nil, let text = read(path) else { continue }
            files[path] = text
            if ProjectManifest.isRequirementsFile(path: path) {
                pending += RequirementsFile(path: path, text: text).includes.map { ProjectManifest.resolve($0, relativeTo: path) }
            } else if path.hasSuffix("/pyproject.toml") {
                pending += PyProjectManifest(path: path, text: text).dynamicDependencyFiles.map { ProjectManifest.resolve($0, relativeTo: path) }
            } else if path.hasSuffix("/package.json") {
                pending += workspaceManifests(of: PackageJSONManifest(path: path, text: text), in: parent(of: path))
            }
        }
    }

    /// `package.json` paths of the workspaces (`packages/*`, `apps/web`; `**` is read as one level).
    private static func workspaceManifests(of manifest: PackageJSONManifest, in directory: String) -> [String] {
        var result: [String] = []
        for pattern in manifest.workspaces where !pattern.hasPrefix("!") && !pattern.contains("..") {
            let parts = pattern.split(separator: "/").map(String.init)
            if let last = parts.last, last == "*" || last == "**" {
                let base = directory + "/" + parts.dropLast().joined(separator: "/")
                for child in ((try? FileManager.default.contentsOfDirectory(atPath: base)) ?? []).sorted() {
                    result.append(base + "/" + child + "/package.json")
                }
            } else if !pattern.contains("*") {
                result.append(directory + "/" + pattern + "/package.json")
            }
        }
        return Array(result.prefix(200))
    }

    /// The nearest folder at or above `path`'s folder that holds a manifest, stopping at a `.git`.
    public static func projectDirectory(containing path: String) -> String? {
        var directory = absolute(parent(of: path))
        for _ in 0..<64 {
            let names = (try? FileManager.default.contentsOfDirectory(atPath: directory)) ?? []
            if names.contains(where: { ProjectManifest.isManifest(path: $0) }) { return directory }
            let up = parent(of: directory)
            if names.contains(".git") || up == directory { return nil }
            directory = up
        }
        return nil
    }

    private static func parent(of path: String) -> String {
        let parent = (path as NSString).deletingLastPathComponent
        return parent.isEmpty ? "." : parent
    }

    private static func absolute(_ path: String) -> String {
        let full = path.hasPrefix("/") ? path : FileManager.default.currentDirectoryPath + "/" + path
        return (full as NSString).standardizingPath
    }

    private static func read(_ path: String) -> String? {
        var isDirectory: ObjCBool = false
        guard FileManager.default.fileExists(atPath: path, isDirectory: &isDirectory), !isDirectory.boolValue,
              let data = FileManager.default.contents(atPath: path), data.count <= 4 << 20 else { return nil }
        return String(decoding: data, as: UTF8.self)
    }
}
