import Testing
@testable import DriftKnowledge

/// Every manifest parser must return for any input, without crashing, in time linear in its size.
@Suite struct ManifestRobustnessTests {
    /// A small deterministic generator (SplitMix64), so failures reproduce.
    struct Generator {
        var state: UInt64
        mutating func next() -> UInt64 {
            state &+= 0x9E37_79B9_7F4A_7C15
            var z = state
            z = (z ^ (z >> 30)) &* 0xBF58_476D_1CE4_E5B9
            z = (z ^ (z >> 27)) &* 0x94D0_49BB_1331_11EB
            return z ^ (z >> 31)
        }
    }

    /// Fragments that matter to the parsers, so random text reaches their interesting paths.
    static let fragments = [
        "{", "}", "[", "]", "[[", "]]", "(", ")", "\"", "'", "\"\"\"", "'''", "\\", "\n", " ", "\t", ",", ":", "=",
        "#", "//", "/*", "*/", ";", "@", "-r ", "-e ", "--hash=", "requests", ">=1.0", "[extra]", "dependencies",
        "install_requires=", "[project]", "[tool.poetry.dependencies]", "require (", "module ", ".package(url: ",
        ".product(name: ", "python = ", "\u{FEFF}", "é", "🙂", "\0", "\r\n", "true", "1.5", "1979-05-27",
    ]

    @Test(arguments: 0..<200)
    func randomTextNeverCrashes(seed: Int) {
        var generator = Generator(state: UInt64(seed) &* 7919)
        var text = ""
        for _ in 0..<(Int(generator.next() % 300)) {
            text += Self.fragments[Int(generator.next() % UInt64(Self.fragments.count))]
        }
        _ = ProjectManifest(files: [
            "package.json": text, "requirements.txt": text, "pyproject.toml": text, "setup.cfg": text,
            "setup.py": text, "Pipfile": text, "go.mod": text, "Package.swift": text,
        ])
    }

    @Test func deepNestingIsRefusedNotRecursedInto() {
        let depth = 100_000
        let json = String(repeating: "[", count: depth) + String(repeating: "]", count: depth)
        #expect(!PackageJSONManifest(path: "package.json", text: json).problems.isEmpty)
        let toml = "a = " + String(repeating: "[", count: depth) + String(repeating: "]", count: depth)
        _ = PyProjectManifest(path: "pyproject.toml", text: toml)
        let swift = String(repeating: ".package(", count: depth)
        _ = SwiftPackageManifest(path: "Package.swift", text: swift)
        let python = "install_requires=" + String(repeating: "[", count: depth)
        _ = SetupPyManifest(path: "setup.py", text: python)
    }

    @Test func largeInputsStayFast() {
        let requirements = (0..<20_000).map { "package-\($0)>=1.\($0)" }.joined(separator: "\n")
        let clock = ContinuousClock()
        let elapsed = clock.measure { _ = RequirementsFile(path: "requirements.txt", text: requirements) }
        // Generous: a quadratic parser would take minutes here, a linear one milliseconds.
        #expect(elapsed < .seconds(10))
        let dependencies = (0..<20_000).map { "\"dep-\($0)\": \"^1.0.\($0)\"" }.joined(separator: ",\n")
        let json = "{\"dependencies\": {\n" + dependencies + "\n}}"
        let manifest = PackageJSONManifest(path: "package.json", text: json)
        #expect(manifest.dependencies.count == 20_000)
    }
}
