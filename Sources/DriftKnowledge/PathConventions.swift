import DriftCore

/// What the ecosystems' conventions say a path is for: tests, examples, declarations, generated
/// code, and folders that hold other people's code.
public enum PathConventions {
    /// Folder names whose contents are never the project's own code (dependencies, build output,
    /// virtual environments, version control).
    public static let foreignFolders: Set<String> = [
        ".git", ".hg", ".svn", "node_modules", "bower_components", "jspm_packages", ".build", ".swiftpm",
        "Pods", "Carthage", "DerivedData", "vendor", "third_party", "third-party", "thirdparty",
        "__pycache__", ".venv", "venv", ".tox", ".nox", ".mypy_cache", ".pytest_cache", ".ruff_cache",
        "site-packages", "dist-packages", ".eggs", ".next", ".nuxt", ".yarn", ".pnpm-store", ".gradle",
    ]

    /// Whether a folder name (not a path) is one whose contents Drift skips when walking a tree.
    /// Virtual environments with other names are recognised by their `pyvenv.cfg` by the walker.
    public static func isForeignFolder(_ name: String) -> Bool {
        foreignFolders.contains(name) || name.hasPrefix(".build-") || name.hasPrefix(".build_")
    }

    /// The role of a file from its path (relative or absolute, `/`-separated).
    public static func role(of path: String) -> FileRole {
        var role: FileRole = []
        let components = path.split(separator: "/").map { $0.lowercased() }
        guard let name = components.last else { return role }
        let folders = components.dropLast()

        if folders.contains(where: testFolders.contains) || isTestFileName(name) { role.insert(.test) }
        if folders.contains(where: exampleFolders.contains) { role.insert(.example) }
        if name.hasSuffix(".pyi") || name.hasSuffix(".d.ts") || name.hasSuffix(".d.mts") || name.hasSuffix(".d.cts") {
            role.insert(.declaration)
        }
        if name.hasSuffix(".pb.go") || name.hasSuffix("_pb2.py") || name.hasSuffix(".pb.swift")
            || name.hasSuffix(".generated.swift") || name.hasSuffix(".min.js") || name.hasSuffix("_generated.go") {
            role.insert(.generated)
        }
        return role
    }

    private static let testFolders: Set<String> = [
        "test", "tests", "__tests__", "__mocks__", "spec", "specs", "testing", "testdata", "fixtures",
        "__fixtures__", "e2e", "cypress", "playwright",
    ]

    private static let exampleFolders: Set<String> = [
        "example", "examples", "sample", "samples", "demo", "demos", "docs", "doc", "documentation",
        "tutorial", "tutorials", "cookbook", "quickstart",
    ]

    private static func isTestFileName(_ name: String) -> Bool {
        if name == "conftest.py" { return true }
        if name.hasPrefix("test_") && name.hasSuffix(".py") { return true }
        if name.hasSuffix("_test.py") || name.hasSuffix("_test.go") { return true }
        if name.hasSuffix("tests.swift") || name.hasSuffix("test.swift") { return true }
        for marker in [".test.", ".spec.", "-test.", "-spec.", "_spec."] where name.contains(marker) { return true }
        return false
    }
}
