import DriftCore

/// `package.json`: dependencies of every kind, workspaces, `exports`/`main`/`types`, `imports`,
/// `type` and `engines.node`.
public struct PackageJSONManifest: Sendable {
    public var path: String
    /// The package's own name (a package may import itself by name through `exports`).
    public var name: String?
    /// `"module"` or `"commonjs"`; `nil` when absent (Node.js then treats `.js` as CommonJS).
    public var moduleType: String?
    /// Every dependency, in file order, with its group (`dependencies`, `devDependencies`,
    /// `peerDependencies`, `optionalDependencies`, `bundleDependencies`).
    public var dependencies: [ManifestDependency] = []
    /// Workspace globs (`packages/*`), from the array form or `{ "packages": [...] }`.
    public var workspaces: [String] = []
    /// Subpaths the package exports (`.`, `./utils`, `./features/*`); empty when there is no `exports`.
    public var exportedSubpaths: [String] = []
    /// Whether `exports` is present (then only the listed subpaths can be imported from outside).
    public var hasExports = false
    /// `main`, `module`, `types`/`typings` entry points, when present.
    public var main: String?
    public var module: String?
    public var types: String?
    /// Private import specifiers (`#internal/*`) from `imports`.
    public var importAliases: [String] = []
    /// `engines.node` as written (`>=18`).
    public var nodeEngine: String?
    public var problems: [ManifestProblem] = []

    static let dependencyGroups = ["dependencies", "devDependencies", "peerDependencies", "optionalDependencies"]

    /// Parses the file's text; never fails: invalid JSON becomes a problem and nothing is declared.
    public init(path: String, text: String) {
        self.path = path
        let root: JSONValue
        do {
            root = try JSONReader.value(in: text)
        } catch {
            problems.append(ManifestProblem(path: path, line: error.line, message: "not valid JSON: \(error.message)"))
            return
        }
        guard let pairs = root.objectPairs else {
            problems.append(ManifestProblem(path: path, message: "the top level is not a JSON object"))
            return
        }
        let lines = Self.keyLines(in: text)
        for (key, value) in pairs {
            switch key {
            case "name": name = value.stringValue
            case "type": moduleType = value.stringValue
            case "main": main = value.stringValue
            case "module": module = value.stringValue
            case "types", "typings": types = types ?? value.stringValue
            case _ where Self.dependencyGroups.contains(key):
                guard let entries = value.objectPairs else {
                    problems.append(ManifestProblem(path: path, line: lines[key], message: "\"\(key)\" is not an object"))
                    continue
                }
                for (dependency, spec) in entries {
                    dependencies.append(ManifestDependency(name: dependency, group: key, specifier: spec.stringValue ?? "",
                                                           line: lines[dependency]))
                }
            case "bundleDependencies", "bundledDependencies":
                for item in value.arrayItems ?? [] {
                    if let dependency = item.stringValue {
                        dependencies.append(ManifestDependency(name: dependency, group: "bundleDependencies", line: lines[dependency]))
                    }
                }
            case "workspaces":
                let items = value.arrayItems ?? value["packages"]?.arrayItems ?? []
                workspaces = items.compactMap(\.stringValue)
            case "exports":
                hasExports = true
                exportedSubpaths = Self.subpaths(of: value)
            case "imports":
                importAliases = value.objectPairs?.map(\.0) ?? []
            case "engines":
                nodeEngine = value["node"]?.stringValue
            default: break
            }
        }
    }

    /// `exports` may be a string, an array, conditions (`{"import": …, "require": …}`) or subpaths (`{"./x": …}`).
    private static func subpaths(of exports: JSONValue) -> [String] {
        guard let pairs = exports.objectPairs else { return ["."] }
        let keys = pairs.map(\.0)
        if keys.contains(where: { $0.hasPrefix(".") }) { return keys.filter { $0.hasPrefix(".") } }
        return ["."]
    }

    /// The first line on which each quoted key (`"name":`) appears, for pointing at dependencies.
    private static func keyLines(in text: String) -> [String: Int] {
        var result: [String: Int] = [:]
        let bytes = Array(text.utf8)
        var line = 1
        var index = 0
        while index < bytes.count {
            let c = bytes[index]
            if c == 0x0A { line += 1 }
            guard c == UInt8(ascii: "\"") else { index += 1; continue }
            let start = index + 1
            var end = start
            while end < bytes.count, bytes[end] != UInt8(ascii: "\""), bytes[end] != 0x0A {
                end += bytes[end] == UInt8(ascii: "\\") ? 2 : 1
            }
            guard end < bytes.count, bytes[end] == UInt8(ascii: "\"") else { index = end; continue }
            var after = end + 1
            while after < bytes.count, bytes[after] == 0x20 || bytes[after] == 0x09 { after += 1 }
            if after < bytes.count, bytes[after] == UInt8(ascii: ":") {
                let key = String(decoding: bytes[start..<end], as: UTF8.self)
                if result[key] == nil { result[key] = line }
            }
            index = end + 1
        }
        return result
    }

    /// The package name of a bare specifier: `@scope/pkg/sub` → `@scope/pkg`, `lodash/fp` → `lodash`;
    /// `nil` for what cannot be an npm package: relative and absolute paths, `#` imports, schemes
    /// (`node:`, `bun:`, `virtual:`, `https:`), and the path aliases bundlers and tsconfig `paths`
    /// commonly use (`@/x`, `~/x`, `$lib/x`), which npm names cannot start with.
    public static func packageName(ofSpecifier specifier: String) -> String? {
        guard let first = specifier.first, !".//#~$_".contains(first), !specifier.contains(":") else { return nil }
        let parts = specifier.split(separator: "/", omittingEmptySubsequences: false)
        if first == "@" {
            guard parts.count >= 2, parts[0].count > 1, !parts[1].isEmpty else { return nil }
            return parts[0] + "/" + parts[1]
        }
        return parts[0].isEmpty ? nil : String(parts[0])
    }

    /// Whether a bare import specifier's package is declared here (any group), or is this package itself.
    public func declares(specifier: String) -> Bool {
        guard let package = Self.packageName(ofSpecifier: specifier) else { return false }
        if package == name { return true }
        return dependencies.contains { $0.name == package }
    }
}
