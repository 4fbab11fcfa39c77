import Foundation

/// Reads a project's manifests from its files: the disk for `drift check`, the staged tree in the
/// hook and `drift scan --staged` (`ProjectFiles`).
public enum ManifestLoader {
    /// The manifests that govern `file`: those in its folder and in every folder above it, up to
    /// the folder holding `.git` (or the file-system root). Dependencies declared higher up count,
    /// as they do for Node.js (hoisted workspaces) and for a repository-level requirements file.
    /// Paths in the result are absolute. `including` picks the manifests by path (one language's:
    /// a view that reads only Python's does not depend on a re-staged package.json).
    public static func load(forFile file: String, files: any ProjectFiles = DiskFiles(),
                            including: (String) -> Bool = { _ in true }) -> ProjectManifest {
        var texts: [String: String] = [:]
        for directory in folders(from: absolute(parent(of: file)), files: files) {
            collect(directory: directory, files: files, including: including, into: &texts)
        }
        return parsed.manifest(of: texts)
    }

    /// Manifests parsed from the same texts before: the daemon reads the same manifests on every
    /// request, and parsing a package.json or pyproject.toml of 500 dependencies takes milliseconds.
    private static let parsed = ParsedManifests()

    /// `directory` and the folders above it, nearest first, up to the one holding `.git` (on
    /// disk: a staged tree has no `.git` of its own) or the file-system root; at most 64.
    public static func folders(from directory: String, files: any ProjectFiles = DiskFiles()) -> [String] {
        var result: [String] = []
        var current = directory
        for _ in 0..<64 {
            result.append(current)
            let up = parent(of: current)
            if files.kindOnDisk(current + "/.git") != nil || up == current { break }
            current = up
        }
        return result
    }

    /// The manifests in `directory` itself (with its `requirements/` folder, `-r` includes and
    /// the `package.json` of its npm workspaces). Paths in the result are absolute.
    public static func load(directory: String, files: any ProjectFiles = DiskFiles()) -> ProjectManifest {
        var texts: [String: String] = [:]
        collect(directory: absolute(directory), files: files, including: { _ in true }, into: &texts)
        return parsed.manifest(of: texts)
    }

    private static func collect(directory: String, files: any ProjectFiles, including: (String) -> Bool, into texts: inout [String: String]) {
        var names = files.names(in: directory) ?? []
        if names.contains("requirements"), let nested = files.names(in: directory + "/requirements") {
            names += nested.map { "requirements/" + $0 }
        }
        var pending = names.filter { ProjectManifest.isManifest(path: $0) }.map { directory + "/" + $0 }.filter(including)
        var budget = 500
        while let path = pending.popLast(), budget > 0 {
            budget -= 1
            guard texts[path] == nil, let text = files.text(path, limit: 4 << 20) else { continue }
            texts[path] = text
            if ProjectManifest.isRequirementsFile(path: path) {
                pending += RequirementsFile(path: path, text: text).includes.map { ProjectManifest.resolve($0, relativeTo: path) }
            } else if path.hasSuffix("/pyproject.toml"), text.contains("dynamic") {
                // Parsed here only when it can name files (a 500-dependency manifest takes milliseconds).
                pending += PyProjectManifest(path: path, text: text).dynamicDependencyFiles.map { ProjectManifest.resolve($0, relativeTo: path) }
            } else if path.hasSuffix("/package.json"), text.contains("workspaces") {
                pending += workspaceManifests(of: PackageJSONManifest(path: path, text: text), in: parent(of: path), files: files)
            }
        }
    }

    /// `package.json` paths of the workspaces (`packages/*`, `apps/web`; `**` is read as one level).
    private static func workspaceManifests(of manifest: PackageJSONManifest, in directory: String, files: any ProjectFiles) -> [String] {
        var result: [String] = []
        for pattern in manifest.workspaces where !pattern.hasPrefix("!") && !pattern.contains("..") {
            let parts = pattern.split(separator: "/").map(String.init)
            if let last = parts.last, last == "*" || last == "**" {
                let base = directory + "/" + parts.dropLast().joined(separator: "/")
                for child in (files.names(in: base) ?? []).sorted() {
                    result.append(base + "/" + child + "/package.json")
                }
            } else if !pattern.contains("*") {
                result.append(directory + "/" + pattern + "/package.json")
            }
        }
        return Array(result.prefix(200))
    }

    /// The nearest folder at or above `path`'s folder that holds a manifest, stopping at a `.git`.
    public static func projectDirectory(containing path: String, files: any ProjectFiles = DiskFiles()) -> String? {
        folders(from: absolute(parent(of: path)), files: files).first { directory in
            (files.names(in: directory) ?? []).contains { ProjectManifest.isManifest(path: $0) }
        }
    }

    private static func parent(of path: String) -> String {
        let parent = (path as NSString).deletingLastPathComponent
        return parent.isEmpty ? "." : parent
    }

    private static func absolute(_ path: String) -> String {
        let full = path.hasPrefix("/") ? path : FileManager.default.currentDirectoryPath + "/" + path
        return (full as NSString).standardizingPath
    }
}

/// `ProjectManifest`s by the texts they were parsed from (path → text), the most recent 32.
private final class ParsedManifests: @unchecked Sendable {
    private let lock = NSLock()
    private var byTexts: [[String: String]: ProjectManifest] = [:]

    func manifest(of texts: [String: String]) -> ProjectManifest {
        lock.lock()
        if let known = byTexts[texts] { lock.unlock(); return known }
        lock.unlock()
        let manifest = ProjectManifest(files: texts)
        lock.lock()
        if byTexts.count >= 32 { byTexts.removeAll() }
        byTexts[texts] = manifest
        lock.unlock()
        return manifest
    }
}
