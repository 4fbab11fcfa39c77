/// One dependency a manifest declares, in any ecosystem.
public struct ManifestDependency: Sendable, Hashable {
    /// The name as written (`PyYAML`, `@types/node`, `github.com/pkg/errors`, `swift-argument-parser`).
    public var name: String
    /// The group it is declared in: `dependencies`, `devDependencies`, `peerDependencies`,
    /// `optionalDependencies`, `bundleDependencies` (package.json); `install`, `optional:<extra>`,
    /// `group:<name>`, `dev`, `build` (Python); `require` (go.mod); `package` (Package.swift).
    public var group: String
    /// Version constraint or source as written (`>=2.0`, `^18.2.0`, `git+https://…`); may be empty.
    public var specifier: String
    /// Line in the manifest, when known.
    public var line: Int?

    public init(name: String, group: String, specifier: String = "", line: Int? = nil) {
        self.name = name
        self.group = group
        self.specifier = specifier
        self.line = line
    }
}
