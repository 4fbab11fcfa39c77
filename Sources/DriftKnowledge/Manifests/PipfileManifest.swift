import DriftCore

/// A `Pipfile` (pipenv): `[packages]`, `[dev-packages]`, other categories, and `[requires] python_version`.
public struct PipfileManifest: Sendable {
    public var path: String
    public var dependencies: [ManifestDependency] = []
    /// `python_version` or `python_full_version` from `[requires]`.
    public var pythonVersion: String?
    public var problems: [ManifestProblem] = []

    public init(path: String, text: String) {
        self.path = path
        let entries: [TOMLReader.Entry]
        do {
            entries = try TOMLReader.lenientEntries(in: text)
        } catch {
            problems.append(ManifestProblem(path: path, line: error.line, message: error.message))
            return
        }
        for entry in entries {
            let path = entry.path
            if path.count == 2, path[0] == "requires", path[1] == "python_version" || path[1] == "python_full_version",
               case .string(let version) = entry.value {
                pythonVersion = pythonVersion ?? version
                continue
            }
            guard path.count >= 2, !["source", "requires", "scripts", "pipenv"].contains(path[0]) else { continue }
            // `[packages]` name = "*" | { version = "…" }; also `[packages.name]` dotted tables.
            let name = path[1]
            if dependencies.contains(where: { $0.name == name && $0.group == groupName(path[0]) }) { continue }
            var specifier = ""
            if case .string(let text) = entry.value, path.count == 2 { specifier = text }
            dependencies.append(ManifestDependency(name: name, group: groupName(path[0]), specifier: specifier, line: entry.line))
        }
    }

    private func groupName(_ section: String) -> String {
        switch section {
        case "packages": "install"
        case "dev-packages": "dev"
        default: "group:" + section
        }
    }
}
