import Foundation

/// The packages installed under `node_modules` for a project folder, found the way Node.js
/// resolves a bare specifier: in `node_modules` of the folder and of every folder above it.
/// Reads `package.json` files only; nothing is executed.
public struct NodeModules: Sendable {
    /// The `node_modules` folders searched, nearest first.
    public let folders: [String]

    /// The `node_modules` folders at and above `directory` (up to the file-system root).
    public init(directory: String) {
        var folders: [String] = []
        var current = (directory as NSString).standardizingPath
        for _ in 0..<64 {
            let candidate = current + "/node_modules"
            var isDirectory: ObjCBool = false
            if FileManager.default.fileExists(atPath: candidate, isDirectory: &isDirectory), isDirectory.boolValue {
                folders.append(candidate)
            }
            let parent = (current as NSString).deletingLastPathComponent
            if parent == current || parent.isEmpty { break }
            current = parent
        }
        self.folders = folders
    }

    /// The folder of the installed package a bare specifier resolves to (`lodash/fp` → `…/node_modules/lodash`),
    /// or `nil` when no `node_modules` on the way up has it.
    public func packageFolder(for specifier: String) -> String? {
        guard let name = PackageJSONManifest.packageName(ofSpecifier: specifier) else { return nil }
        for folder in folders {
            let candidate = folder + "/" + name
            if FileManager.default.fileExists(atPath: candidate + "/package.json") { return candidate }
        }
        return nil
    }

    /// Whether a bare specifier's package is installed.
    public func isInstalled(_ specifier: String) -> Bool { packageFolder(for: specifier) != nil }

    /// The installed package's `package.json` (name, `exports`, `main`, `types`, `type`).
    public func manifest(for specifier: String) -> PackageJSONManifest? {
        guard let folder = packageFolder(for: specifier),
              let data = FileManager.default.contents(atPath: folder + "/package.json") else { return nil }
        return PackageJSONManifest(path: folder + "/package.json", text: String(decoding: data, as: UTF8.self))
    }

    /// Whether `@types/<name>` is installed for a package (`@types/node` for built-ins, `@types/scope__pkg` for scoped ones).
    public func hasTypes(for specifier: String) -> Bool {
        guard let name = PackageJSONManifest.packageName(ofSpecifier: specifier) else { return false }
        let typesName = name.hasPrefix("@") ? "@types/" + name.dropFirst().replacing("/", with: "__") : "@types/" + name
        return folders.contains { FileManager.default.fileExists(atPath: $0 + "/" + typesName + "/package.json") }
    }

    /// The files an installed package offers for a bare specifier (`lodash`, `lodash/fp`), as
    /// Node.js and TypeScript would pick them: every target of the matching `exports` entry (all
    /// conditions: `types`, `import`, `require`, `default`, …), else `types`/`typings`, `module`
    /// and `main` (default `index.js`) for the package itself, or the file under the package
    /// folder for a subpath. Empty when the package is not installed or its entry cannot be read
    /// statically (subpath patterns, missing files): then nothing about its names is known.
    public func entryFiles(for specifier: String) -> [String] {
        guard let name = PackageJSONManifest.packageName(ofSpecifier: specifier), let folder = packageFolder(for: specifier),
              let data = FileManager.default.contents(atPath: folder + "/package.json"),
              let manifest = (try? JSONSerialization.jsonObject(with: data)) as? [String: Any] else { return [] }
        let subpath = "." + specifier.dropFirst(name.count)
        var targets: [String] = []
        if let exports = manifest["exports"] {
            let entry: Any?
            if let map = exports as? [String: Any], map.keys.contains(where: { $0.hasPrefix(".") }) {
                entry = map[subpath]
            } else {
                entry = subpath == "." ? exports : nil
            }
            guard let entry else { return [] }
            Self.collectTargets(entry, into: &targets)
        } else if subpath == "." {
            targets = ["types", "typings", "module", "main"].compactMap { manifest[$0] as? String }
            if targets.isEmpty { targets = ["./index.js"] }
        } else {
            targets = [subpath]
        }
        var files: [String] = []
        for target in targets {
            guard !target.contains("*"), let file = Self.existingFile(folder + "/" + target) else { return [] }
            if !files.contains(file) { files.append(file) }
        }
        return files
    }

    /// Every string at the leaves of an `exports` value (nested conditions and fallback arrays).
    private static func collectTargets(_ value: Any, into targets: inout [String]) {
        if let string = value as? String { targets.append(string); return }
        if let array = value as? [Any] { for item in array { collectTargets(item, into: &targets) }; return }
        if let conditions = value as? [String: Any] {
            for key in conditions.keys.sorted() { collectTargets(conditions[key]!, into: &targets) }
        }
    }

    /// The file a `main`-style path names, trying Node's extensions and `index` files.
    private static func existingFile(_ path: String) -> String? {
        let standardized = (path as NSString).standardizingPath
        let manager = FileManager.default
        var isDirectory: ObjCBool = false
        if manager.fileExists(atPath: standardized, isDirectory: &isDirectory), !isDirectory.boolValue { return standardized }
        for suffix in [".js", ".cjs", ".mjs", ".d.ts", ".json", "/index.js", "/index.d.ts"]
        where manager.fileExists(atPath: standardized + suffix) {
            return standardized + suffix
        }
        return nil
    }
}
