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
}
