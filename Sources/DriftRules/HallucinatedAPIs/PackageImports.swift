import DriftCore
import DriftKnowledge
import DriftSyntax

/// The imports of a file that name packages — not relative, not standard library or Node.js
/// built-in — each with what the project says about its package. Shared by `unknown-package`
/// and `undeclared-dependency`, which read the same evidence from two sides.
struct PackageImport {
    let site: ImportSite
    let evidence: PackageEvidence

    /// The first import of each package in `file`, with evidence; empty without a project, or when
    /// the file changes where modules are found (`sys.path.insert`, `module.paths`).
    static func all(in file: SourceFile, context: RuleContext) -> [PackageImport] {
        guard let project = context.project, !ImportSite.editsModuleSearchPath(file) else { return [] }
        var seen = Set<String>()
        var result: [PackageImport] = []
        for site in ImportSite.all(in: file) {
            let record = site.record
            guard isPackage(record, language: file.language), !isBuildBackend(record, in: file),
                  let evidence = project.packageEvidence(for: record.module, from: file.path),
                  seen.insert(evidence.package).inserted else { continue }
            result.append(PackageImport(site: site, evidence: evidence))
        }
        return result
    }

    /// `import setuptools` in `setup.py`: pip provides the build backend (setuptools when
    /// `[build-system]` names none), so the build script's import needs no declaration.
    private static func isBuildBackend(_ record: ImportRecord, in file: SourceFile) -> Bool {
        guard file.language == .python, file.path == "setup.py" || file.path.hasSuffix("/setup.py") else { return false }
        let top = record.module.split(separator: ".").first.map(String.init) ?? record.module
        return ["setuptools", "pkg_resources", "distutils"].contains(top)
    }

    private static func isPackage(_ record: ImportRecord, language: Language) -> Bool {
        guard !record.module.isEmpty else { return false }
        if language == .python {
            return record.level == 0 && !PythonStandardLibrary.isStandardLibraryImport(record.module)
                && !["__future__", "__main__", "builtins"].contains(record.module)
        }
        return !NodeBuiltins.isBuiltin(record.module) && !record.module.contains("!") && !record.module.contains("?")
            && PackageJSONManifest.packageName(ofSpecifier: record.module) != nil
    }

    /// Whether the code is ready for the import to fail or to be skipped.
    var isOptional: Bool { site.isFailureHandled || site.isConditional }

    /// Where the registry and the project call the package: the distribution for a Python import
    /// (`PyYAML` for `yaml`), the package for a specifier.
    func registryName(language: Language) -> String {
        language == .python ? PackageNames.pythonDistribution(forImport: site.record.module) ?? evidence.package : evidence.package
    }

    /// The registry's name, for messages: "PyPI" or "npm".
    static func registry(_ language: Language) -> String { language == .python ? "PyPI" : "npm" }

    /// Whether the registry data knows the package as one of its most downloaded.
    func isPopular(language: Language) -> Bool {
        if language == .python {
            return PackageNames.isPopular(pypi: evidence.package) || PackageNames.pythonDistribution(forImport: site.record.module) != nil
        }
        return PackageNames.isPopular(npm: evidence.package)
    }

    /// The real name closest to the import: a declared or installed package first, then a popular one.
    func nearestRealName(language: Language) -> String? {
        let name = evidence.package
        let known = evidence.knownNames.filter { $0 != name && PackageNames.normalizedPythonName($0) != PackageNames.normalizedPythonName(name) }
        if let found = DriftCore.nearest(to: name, in: known) { return found }
        return language == .python ? PackageNames.nearestPopular(pypi: name) : PackageNames.nearestPopular(npm: name)
    }

    /// `pyproject.toml, requirements.txt`: the manifests' file names, for messages.
    static func manifestNames(_ paths: [String]) -> String {
        var names: [String] = []
        for path in paths {
            let name = path.split(separator: "/").last.map(String.init) ?? path
            if !names.contains(name) { names.append(name) }
        }
        return names.prefix(3).joined(separator: ", ") + (names.count > 3 ? " (+\(names.count - 3) more)" : "")
    }
}
