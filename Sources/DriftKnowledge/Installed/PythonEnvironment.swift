import Foundation

/// The packages installed in a project's Python virtual environment (`.venv`, `venv`,
/// `$VIRTUAL_ENV`, or any folder with a `pyvenv.cfg`), read from `site-packages` without running
/// anything: distributions from `*.dist-info`/`*.egg-info`, and the importable top-level names on disk.
public struct PythonEnvironment: Sendable {
    /// The environment's root (the folder holding `pyvenv.cfg`).
    public let root: String
    /// Its `site-packages` folders (one per Python version found under `lib/`).
    public let sitePackages: [String]
    /// Normalised distribution name → its top-level import names.
    public private(set) var importsByDistribution: [String: [String]] = [:]
    /// Top-level import name → normalised distribution names that provide it.
    public private(set) var distributionsByImport: [String: [String]] = [:]
    /// Top-level names importable from `site-packages` (packages, modules, extensions, `.pth`-free).
    public private(set) var topLevelNames: Set<String> = []
    /// The `.pth` files and setuptools' editable finders in `site-packages` (with their folder),
    /// which can make more importable (`canImport` reads them; listing 500 distributions' folder
    /// on every question cost more than a warm request may).
    private(set) var pathConfigurations: [(folder: String, name: String)] = []

    /// Finds the environment for a project folder: `$VIRTUAL_ENV` when it is inside the project,
    /// else `.venv`, `venv`, `env`, `.env` (when they hold `pyvenv.cfg`), else any direct subfolder
    /// that does. `nil` when there is none.
    public static func find(projectDirectory: String, environment: [String: String] = ProcessInfo.processInfo.environment) -> PythonEnvironment? {
        let manager = FileManager.default
        var candidates: [String] = []
        if let active = environment["VIRTUAL_ENV"], !active.isEmpty { candidates.append(active) }
        candidates += [".venv", "venv", "env", ".env"].map { projectDirectory + "/" + $0 }
        let children = ((try? manager.contentsOfDirectory(atPath: projectDirectory)) ?? []).sorted()
        candidates += children.map { projectDirectory + "/" + $0 }
        for candidate in candidates where manager.fileExists(atPath: candidate + "/pyvenv.cfg") {
            return PythonEnvironment(root: candidate)
        }
        return nil
    }

    /// Reads the environment at `root` (its `lib/python3.*/site-packages` and `Lib/site-packages`).
    public init(root: String) {
        self.root = root
        let manager = FileManager.default
        var folders: [String] = []
        for lib in ["lib", "lib64", "Lib"] {
            let base = root + "/" + lib
            if lib == "Lib", manager.fileExists(atPath: base + "/site-packages") { folders.append(base + "/site-packages") }
            for version in ((try? manager.contentsOfDirectory(atPath: base)) ?? []).sorted() where version.hasPrefix("python") {
                let folder = base + "/" + version + "/site-packages"
                if manager.fileExists(atPath: folder), !folders.contains(where: { Self.same($0, folder) }) { folders.append(folder) }
            }
        }
        sitePackages = folders
        for folder in folders { read(folder) }
    }

    private static func same(_ a: String, _ b: String) -> Bool {
        (a as NSString).resolvingSymlinksInPath == (b as NSString).resolvingSymlinksInPath
    }

    private mutating func read(_ folder: String) {
        let manager = FileManager.default
        let names = ((try? manager.contentsOfDirectory(atPath: folder)) ?? []).sorted()
        for name in names {
            if (name.hasSuffix(".pth") && name != "distutils-precedence.pth") || (name.hasPrefix("__editable__") && name.hasSuffix("_finder.py")) {
                pathConfigurations.append((folder, name))
            }
            if name.hasSuffix(".dist-info") || name.hasSuffix(".egg-info") {
                readDistribution(folder + "/" + name, folderName: name)
                continue
            }
            if let module = Self.importName(ofEntry: name, isDirectory: Self.isDirectory(folder + "/" + name)) {
                topLevelNames.insert(module)
            }
        }
    }

    /// The import name a `site-packages` entry provides: `yaml/` → `yaml`, `six.py` → `six`,
    /// `_cffi_backend.cpython-311-x86_64-linux-gnu.so` → `_cffi_backend`; `nil` for the rest.
    static func importName(ofEntry name: String, isDirectory: Bool) -> String? {
        if isDirectory {
            guard !name.contains("."), name != "__pycache__", name != "bin" else { return nil }
            return name
        }
        for suffix in [".py", ".pyi", ".so", ".pyd"] where name.hasSuffix(suffix) {
            let stem = name.dropLast(suffix.count)
            let module = stem.split(separator: ".").first.map(String.init) ?? String(stem)
            return module.isEmpty ? nil : module
        }
        return nil
    }

    private static func isDirectory(_ path: String) -> Bool {
        var isDirectory: ObjCBool = false
        return FileManager.default.fileExists(atPath: path, isDirectory: &isDirectory) && isDirectory.boolValue
    }

    private mutating func readDistribution(_ path: String, folderName: String) {
        let distribution = PackageNames.normalizedPythonName(Self.metadataName(path) ?? Self.nameFromFolder(folderName))
        var imports: [String] = []
        if let topLevel = Self.read(path + "/top_level.txt") {
            imports = topLevel.split(whereSeparator: \.isNewline).map { $0.trimmingASCIIWhitespace() }
                .filter { !$0.isEmpty }.map { String($0).replacing("/", with: ".") }
        } else if let record = Self.read(path + "/RECORD") {
            var seen = Set<String>()
            for line in record.split(whereSeparator: \.isNewline) {
                let file = line.split(separator: ",").first.map(String.init) ?? ""
                let parts = file.split(separator: "/")
                guard let first = parts.first, !first.hasPrefix(".."), !first.hasSuffix(".dist-info"), !first.hasSuffix(".data"),
                      first != "__pycache__" else { continue }
                let module = parts.count > 1 ? String(first) : Self.importName(ofEntry: String(first), isDirectory: false)
                if let module, !module.contains("."), seen.insert(module).inserted { imports.append(module) }
            }
        }
        imports = imports.filter { !["tests", "test", "docs", "examples"].contains($0) }
        importsByDistribution[distribution, default: []] += imports
        for name in imports {
            distributionsByImport[name, default: []].append(distribution)
            topLevelNames.insert(name.split(separator: ".").first.map(String.init) ?? name)
        }
    }

    private static func metadataName(_ path: String) -> String? {
        for file in ["METADATA", "PKG-INFO"] {
            guard let text = read(path + "/" + file) else { continue }
            for line in text.split(separator: "\n", omittingEmptySubsequences: false) {
                if line.hasPrefix("Name:") { return String(line.dropFirst(5).trimmingASCIIWhitespace()) }
                if line.trimmingASCIIWhitespace().isEmpty { break }
            }
        }
        return nil
    }

    /// `PyYAML-6.0.1.dist-info` → `PyYAML`.
    static func nameFromFolder(_ name: String) -> String {
        let stem = name.split(separator: ".").dropLast().joined(separator: ".")
        let parts = stem.split(separator: "-")
        return parts.first.map(String.init) ?? stem
    }

    private static func read(_ path: String) -> String? {
        guard let data = FileManager.default.contents(atPath: path), data.count <= 8 << 20 else { return nil }
        return String(decoding: data, as: UTF8.self)
    }

    /// Whether `import module` (dotted or not) finds a top-level name in the environment.
    public func isInstalled(import module: String) -> Bool {
        guard let top = module.split(separator: ".").first.map(String.init) else { return false }
        return topLevelNames.contains(top)
    }

    /// Whether a distribution (any spelling) is installed.
    public func isInstalled(distribution name: String) -> Bool {
        importsByDistribution[PackageNames.normalizedPythonName(name)] != nil
    }

    /// The installed distributions that provide `import module`, longest dotted prefix first.
    public func distributions(providing module: String) -> [String] {
        var candidate = Substring(module)
        while true {
            if let found = distributionsByImport[String(candidate)] { return found }
            guard let dot = candidate.lastIndex(of: ".") else { return [] }
            candidate = candidate[..<dot]
        }
    }

    /// The file that implements a dotted module, for reading its definitions: the `.py` source (or
    /// package `__init__.py`) that runs, else a `.pyi` stub (which stands in for an extension); for a compiled
    /// extension (`.so`), its path too (then members are unknown). `nil` when not installed.
    public func sourceFile(of module: String) -> (path: String, isCompiled: Bool)? {
        Self.sourceFile(of: module, in: sitePackages)
    }

    /// The file that implements a dotted module under one of `folders` (import roots), as
    /// `sourceFile(of:)` describes.
    public static func sourceFile(of module: String, in folders: [String]) -> (path: String, isCompiled: Bool)? {
        let relative = module.split(separator: ".").joined(separator: "/")
        let manager = FileManager.default
        for folder in folders {
            let base = folder + "/" + relative
            for candidate in [base + ".py", base + "/__init__.py", base + ".pyi", base + "/__init__.pyi"]
            where manager.fileExists(atPath: candidate) {
                return (candidate, false)
            }
            let parent = (base as NSString).deletingLastPathComponent
            let last = (base as NSString).lastPathComponent
            let entries = (try? manager.contentsOfDirectory(atPath: parent)) ?? []
            if let compiled = entries.sorted().first(where: { ($0.hasSuffix(".so") || $0.hasSuffix(".pyd")) && $0.hasPrefix(last + ".") }) {
                return (parent + "/" + compiled, true)
            }
            // A namespace package: a folder with no __init__.
            if Self.isDirectory(base) { return (base, false) }
        }
        return nil
    }
}
