/// What a project's manifests declare, read from their texts: dependencies per ecosystem, the
/// project's own names, and the minimum runtime versions. Answers "is this import declared?"
/// for Python, JavaScript/TypeScript, Go and Swift.
public struct ProjectManifest: Sendable {
    /// Whether an import is declared, and where.
    public enum Declaration: Sendable, Equatable {
        /// Declared by the manifest at this path (or it is the project's own package).
        case declared(by: String)
        /// The language's manifests were all read completely, and none declares it.
        case notDeclared
        /// No manifest for the language, or one that could not be read completely: nothing is proven.
        case unknown
    }

    public var packageJSONs: [PackageJSONManifest] = []
    public var requirementsFiles: [RequirementsFile] = []
    public var pyprojects: [PyProjectManifest] = []
    public var setupCfgs: [SetupCfgManifest] = []
    public var setupPys: [SetupPyManifest] = []
    public var pipfiles: [PipfileManifest] = []
    public var goMods: [GoModManifest] = []
    public var swiftPackages: [SwiftPackageManifest] = []
    /// Problems that are not inside one manifest (a `-r` include that is missing).
    public var includeProblems: [ManifestProblem] = []

    /// The kinds of file this reads, by file name.
    public static func isManifest(path: String) -> Bool {
        let name = path.split(separator: "/").last.map(String.init) ?? path
        switch name {
        case "package.json", "pyproject.toml", "setup.cfg", "setup.py", "Pipfile", "go.mod", "Package.swift": return true
        default: return isRequirementsFile(path: path)
        }
    }

    /// `requirements.txt`, `requirements-dev.txt`, `dev-requirements.txt`, `requirements/*.txt`.
    public static func isRequirementsFile(path: String) -> Bool {
        let parts = path.split(separator: "/")
        guard let name = parts.last?.lowercased(), name.hasSuffix(".txt") else { return false }
        if name.hasPrefix("requirements") || name.hasSuffix("requirements.txt") { return true }
        return parts.count >= 2 && parts[parts.count - 2].lowercased() == "requirements"
    }

    public init() {}

    /// Reads every manifest among `files` (path → text; other paths are ignored). `-r` includes are
    /// looked up among `files`, relative to the including file, and read once each.
    public init(files: [String: String]) {
        var includedRequirements = Set<String>()
        for path in files.keys.sorted() {
            guard let text = files[path] else { continue }
            let name = path.split(separator: "/").last.map(String.init) ?? path
            switch name {
            case "package.json": packageJSONs.append(PackageJSONManifest(path: path, text: text))
            case "pyproject.toml": pyprojects.append(PyProjectManifest(path: path, text: text))
            case "setup.cfg": setupCfgs.append(SetupCfgManifest(path: path, text: text))
            case "setup.py": setupPys.append(SetupPyManifest(path: path, text: text))
            case "Pipfile": pipfiles.append(PipfileManifest(path: path, text: text))
            case "go.mod": goMods.append(GoModManifest(path: path, text: text))
            case "Package.swift": swiftPackages.append(SwiftPackageManifest(path: path, text: text))
            default:
                if Self.isRequirementsFile(path: path), !includedRequirements.contains(path) {
                    readRequirements(path: path, files: files, seen: &includedRequirements)
                }
            }
        }
        // Requirement files named by `[tool.setuptools.dynamic]`, whatever their names.
        for pyproject in pyprojects {
            for file in pyproject.dynamicDependencyFiles {
                let target = Self.resolve(file, relativeTo: pyproject.path)
                if files[target] != nil { readRequirements(path: target, files: files, seen: &includedRequirements) }
            }
        }
    }

    private mutating func readRequirements(path: String, files: [String: String], seen: inout Set<String>) {
        guard seen.insert(path).inserted, let text = files[path] else { return }
        let file = RequirementsFile(path: path, text: text)
        requirementsFiles.append(file)
        for include in file.includes {
            let target = Self.resolve(include, relativeTo: path)
            if files[target] == nil {
                includeProblems.append(ManifestProblem(path: path, message: "the included file '\(include)' is not there"))
            } else {
                readRequirements(path: target, files: files, seen: &seen)
            }
        }
    }

    /// `include` relative to the folder of `path`, with `.` and `..` removed.
    static func resolve(_ include: String, relativeTo path: String) -> String {
        var parts = include.hasPrefix("/") ? [] : path.split(separator: "/").dropLast().map(String.init)
        for part in include.split(separator: "/") {
            if part == "." { continue }
            if part == "..", !parts.isEmpty, parts.last != ".." { parts.removeLast(); continue }
            parts.append(String(part))
        }
        return (include.hasPrefix("/") || path.hasPrefix("/") ? "/" : "") + parts.joined(separator: "/")
    }

    // MARK: - Python

    private var hasPythonManifest: Bool {
        !requirementsFiles.isEmpty || !pyprojects.isEmpty || !setupCfgs.isEmpty || !setupPys.isEmpty || !pipfiles.isEmpty
    }

    /// Every Python dependency with the path of the manifest that declares it.
    public var pythonDependencies: [(manifest: String, dependency: ManifestDependency)] {
        requirementsFiles.flatMap { file in file.dependencies.map { (file.path, $0) } }
            + pyprojects.flatMap { file in file.dependencies.map { (file.path, $0) } }
            + setupCfgs.flatMap { file in file.dependencies.map { (file.path, $0) } }
            + setupPys.flatMap { file in file.dependencies.map { (file.path, $0) } }
            + pipfiles.flatMap { file in file.dependencies.map { (file.path, $0) } }
    }

    private var pythonProblems: [ManifestProblem] {
        requirementsFiles.flatMap(\.problems) + pyprojects.flatMap(\.problems) + setupCfgs.flatMap(\.problems)
            + setupPys.flatMap(\.problems) + pipfiles.flatMap(\.problems) + includeProblems
    }

    /// The project's own Python names (distribution names and Poetry packages), normalised.
    private var pythonOwnNames: [(String, String)] {
        var names: [(String, String)] = []
        for file in pyprojects {
            if let name = file.projectName { names.append((PackageNames.normalizedPythonName(name), file.path)) }
            names += file.localPackages.map { (PackageNames.normalizedPythonName($0), file.path) }
        }
        for file in setupCfgs { if let name = file.projectName { names.append((PackageNames.normalizedPythonName(name), file.path)) } }
        for file in setupPys { if let name = file.projectName { names.append((PackageNames.normalizedPythonName(name), file.path)) } }
        return names
    }

    /// Whether a Python import (`yaml`, `google.protobuf.json_format`) is declared: by a dependency
    /// whose name matches the import or a distribution known to provide it, or as the project itself.
    public func pythonImport(_ module: String) -> Declaration {
        // Relative imports are the project's own files, not packages.
        guard hasPythonManifest, !module.hasPrefix("."), !module.isEmpty else { return .unknown }
        let components = module.split(separator: ".").map(String.init)
        guard let top = components.first else { return .unknown }
        var candidates = Set<String>()
        for length in stride(from: components.count, through: 1, by: -1) {
            candidates.insert(PackageNames.normalizedPythonName(components[..<length].joined(separator: ".")))
        }
        for distribution in PackageNames.pythonDistributions(forImport: module) {
            candidates.insert(PackageNames.normalizedPythonName(distribution))
        }
        for (manifest, dependency) in pythonDependencies {
            let normalized = PackageNames.normalizedPythonName(dependency.name)
            if candidates.contains(normalized) || candidates.contains(Self.coreName(ofDistribution: normalized)) {
                return .declared(by: manifest)
            }
            let imports = PackageNames.pythonImports(forDistribution: normalized)
            if imports.contains(top) || imports.contains(where: { module == $0 || module.hasPrefix($0 + ".") }) {
                return .declared(by: manifest)
            }
        }
        if let own = pythonOwnNames.first(where: { candidates.contains($0.0) }) { return .declared(by: own.1) }
        let readRequirements = Set(requirementsFiles.map(\.path))
        let dynamicUnread = pyprojects.contains { file in
            !file.declaresAllDependencies { readRequirements.contains(Self.resolve($0, relativeTo: file.path)) }
        }
        let incomplete = !pythonProblems.isEmpty || setupPys.contains { !$0.isComplete } || dynamicUnread
        return incomplete ? .unknown : .notDeclared
    }

    /// A normalised distribution name without the affixes that distributions add to their import
    /// name (`python-docx` → `docx`, `pyserial` stays: only whole `-`-separated affixes go,
    /// `opencv-python-headless` → `opencv`, `psycopg2-binary` → `psycopg2`).
    static func coreName(ofDistribution name: String) -> String {
        var parts = name.split(separator: "-").map(String.init)
        if parts.count > 1, parts.first == "python" || parts.first == "py" { parts.removeFirst() }
        while parts.count > 1, let last = parts.last, ["python", "py", "binary", "headless", "bin", "lite"].contains(last) {
            parts.removeLast()
        }
        return parts.joined(separator: "-")
    }

    /// The lowest Python version the project admits (`requires-python`, Poetry's `python`,
    /// `python_requires`, Pipfile's `python_version`); the highest such bound when several manifests give one.
    public var minimumPythonVersion: PythonVersion? {
        let specifiers = pyprojects.compactMap(\.requiresPython) + setupCfgs.compactMap(\.requiresPython)
            + setupPys.compactMap(\.requiresPython) + pipfiles.compactMap { $0.pythonVersion.map { ">=" + $0 } }
        return specifiers.compactMap(MinimumVersion.python).max()
    }

    // MARK: - JavaScript / TypeScript

    /// Whether a bare specifier's package (`lodash/fp` → `lodash`) is declared in any `package.json`
    /// (any dependency group), or is one of the project's own packages (its name or a workspace's).
    /// Relative, `node:` and `#` specifiers are `.unknown`: they are not packages.
    public func javaScriptImport(_ specifier: String) -> Declaration {
        guard !packageJSONs.isEmpty, let package = PackageJSONManifest.packageName(ofSpecifier: specifier) else { return .unknown }
        for manifest in packageJSONs where manifest.name == package || manifest.dependencies.contains(where: { $0.name == package }) {
            return .declared(by: manifest.path)
        }
        return packageJSONs.contains { !$0.problems.isEmpty } ? .unknown : .notDeclared
    }

    /// The lowest Node.js version `engines.node` admits (the highest bound when several manifests give one).
    public var minimumNodeVersion: (major: Int, minor: Int)? {
        packageJSONs.compactMap { $0.nodeEngine.flatMap(MinimumVersion.node) }.max { ($0.major, $0.minor) < ($1.major, $1.minor) }
    }

    /// Every problem met while reading the manifests.
    public var problems: [ManifestProblem] {
        packageJSONs.flatMap(\.problems) + pythonProblems + goMods.flatMap(\.problems) + swiftPackages.flatMap(\.problems)
    }
}
