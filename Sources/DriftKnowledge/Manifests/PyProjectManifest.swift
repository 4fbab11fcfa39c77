import DriftCore

/// `pyproject.toml`: PEP 621 `[project]` dependencies and optional dependencies, PEP 735
/// `[dependency-groups]`, Poetry (`[tool.poetry.*dependencies]`, groups), uv and PDM dev
/// dependencies, `[build-system] requires`, and the declared Python version.
public struct PyProjectManifest: Sendable {
    public var path: String
    /// The project's own name (`[project] name` or `[tool.poetry] name`).
    public var projectName: String?
    public var dependencies: [ManifestDependency] = []
    /// `requires-python` (PEP 621) or Poetry's `python` dependency, as written.
    public var requiresPython: String?
    /// PEP 621 fields the build backend fills in (`dynamic = ["dependencies"]`): their values are not here.
    public var dynamicFields: [String] = []
    /// Files setuptools reads dynamic dependencies from (`[tool.setuptools.dynamic] dependencies = {file = [...]}`).
    public var dynamicDependencyFiles: [String] = []
    /// Packages Poetry is told to include (`packages = [{ include = "x" }]`): the project's own imports.
    public var localPackages: [String] = []
    public var problems: [ManifestProblem] = []

    /// Parses the file's text; never fails: a syntax error becomes a problem and nothing is declared.
    public init(path: String, text: String) {
        self.path = path
        let entries: [TOMLReader.Entry]
        do {
            entries = try TOMLReader.lenientEntries(in: text)
        } catch {
            problems.append(ManifestProblem(path: path, line: error.line, message: error.message))
            return
        }
        for entry in entries { read(entry) }
    }

    /// `{file = ["a.txt", "b.txt"]}`, `{file = "a.txt"}`, or the bare `file` value.
    private static func files(in value: TOMLReader.Value) -> [String] {
        switch value {
        case .string(let file): [file]
        case .array(let items): items.flatMap(files)
        case .table(let pairs): pairs.filter { $0.key == "file" }.flatMap { files(in: $0.value) }
        default: []
        }
    }

    /// Whether the dependencies are all written here: not `dynamic`, or dynamic from files that
    /// `available` (paths relative to the same folder) says were read.
    public func declaresAllDependencies(available: (String) -> Bool) -> Bool {
        guard dynamicFields.contains("dependencies") || dynamicFields.contains("optional-dependencies") else { return true }
        return !dynamicDependencyFiles.isEmpty && dynamicDependencyFiles.allSatisfy(available)
    }

    private mutating func addRequirements(_ value: TOMLReader.Value, group: String, line: Int) {
        guard case .array(let items) = value else {
            problems.append(ManifestProblem(path: path, line: line, message: "expected an array of requirements for \(group)"))
            return
        }
        for item in items {
            guard case .string(let text) = item else { continue }  // PEP 735 `{include-group = "x"}`
            if let requirement = PythonRequirement(text) {
                dependencies.append(ManifestDependency(name: requirement.name, group: group,
                                                       specifier: requirement.specifier, line: line))
            } else {
                problems.append(ManifestProblem(path: path, line: line, message: "cannot read the requirement '\(text.prefix(80))'"))
            }
        }
    }

    /// A Poetry dependency table entry: `name = "^1.2"` or `name = { version = "…", extras = […] }`.
    private mutating func addPoetry(_ name: String, _ value: TOMLReader.Value, group: String, line: Int) {
        var specifier = ""
        switch value {
        case .string(let text): specifier = text
        case .table(let pairs): specifier = pairs.first { $0.key == "version" }.flatMap { if case .string(let s) = $0.value { s } else { nil } } ?? ""
        case .array: specifier = "multiple constraints"
        default: break
        }
        if name.lowercased() == "python" {
            requiresPython = specifier
            return
        }
        dependencies.append(ManifestDependency(name: name, group: group, specifier: specifier, line: line))
    }

    private mutating func read(_ entry: TOMLReader.Entry) {
        let path = entry.path
        switch path.count {
        case 2 where path[0] == "project":
            switch path[1] {
            case "name": if case .string(let name) = entry.value { projectName = name }
            case "dependencies": addRequirements(entry.value, group: "install", line: entry.line)
            case "requires-python": if case .string(let text) = entry.value { requiresPython = text }
            case "dynamic":
                if case .array(let items) = entry.value {
                    dynamicFields = items.compactMap { if case .string(let field) = $0 { field } else { nil } }
                }
            case "optional-dependencies":
                // Written inline: `optional-dependencies = { socks = [...] }`.
                if case .table(let pairs) = entry.value {
                    for pair in pairs { addRequirements(pair.value, group: "optional:" + pair.key, line: entry.line) }
                }
            default: break
            }
        case 3 where path[0] == "project" && path[1] == "optional-dependencies":
            addRequirements(entry.value, group: "optional:" + path[2], line: entry.line)
        case 2 where path[0] == "dependency-groups":
            addRequirements(entry.value, group: "group:" + path[1], line: entry.line)
        case 2 where path[0] == "build-system" && path[1] == "requires":
            addRequirements(entry.value, group: "build", line: entry.line)
        case 3 where path[0] == "tool" && path[1] == "poetry" && path[2] == "name":
            if case .string(let name) = entry.value, projectName == nil { projectName = name }
        case 3 where path[0] == "tool" && path[1] == "poetry" && path[2] == "packages":
            if case .array(let items) = entry.value {
                for case .table(let pairs) in items {
                    if let include = pairs.first(where: { $0.key == "include" }), case .string(let name) = include.value {
                        localPackages.append(name)
                    }
                }
            }
        case 4 where path[0] == "tool" && path[1] == "poetry" && (path[2] == "dependencies" || path[2] == "dev-dependencies"):
            addPoetry(path[3], entry.value, group: path[2] == "dependencies" ? "install" : "dev", line: entry.line)
        case 6 where path[0] == "tool" && path[1] == "poetry" && path[2] == "group" && path[4] == "dependencies":
            addPoetry(path[5], entry.value, group: "group:" + path[3], line: entry.line)
        case 3 where path[0] == "tool" && path[1] == "poetry" && (path[2] == "dependencies" || path[2] == "dev-dependencies"):
            // Inline form: `dependencies = { requests = "^2" }`.
            if case .table(let pairs) = entry.value {
                for pair in pairs { addPoetry(pair.key, pair.value, group: path[2] == "dependencies" ? "install" : "dev", line: entry.line) }
            }
        case 5 where path[0] == "tool" && path[1] == "poetry" && path[2] == "extras":
            break
        case 4 where path[0] == "tool" && path[1] == "setuptools" && path[2] == "dynamic"
            && (path[3] == "dependencies" || path[3] == "optional-dependencies"):
            dynamicDependencyFiles += Self.files(in: entry.value)
        case 5 where path[0] == "tool" && path[1] == "setuptools" && path[2] == "dynamic" && path[4] == "file":
            dynamicDependencyFiles += Self.files(in: entry.value)
        case 3 where path[0] == "tool" && path[1] == "uv" && path[2] == "dev-dependencies":
            addRequirements(entry.value, group: "dev", line: entry.line)
        case 4 where path[0] == "tool" && path[1] == "pdm" && path[2] == "dev-dependencies":
            addRequirements(entry.value, group: "group:" + path[3], line: entry.line)
        default:
            // Poetry dependency with a dotted table: `[tool.poetry.dependencies.requests]` `version = "^2"`.
            if path.count == 5, path[0] == "tool", path[1] == "poetry", path[2] == "dependencies",
               !dependencies.contains(where: { $0.name == path[3] && $0.group == "install" }) {
                addPoetry(path[3], path[4] == "version" ? entry.value : .string(""), group: "install", line: entry.line)
            }
        }
    }
}
