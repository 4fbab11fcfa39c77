/// `setup.py`, read as text (never executed): string literals in `install_requires=[…]`,
/// `extras_require={…}`, `python_requires="…"` and `name="…"`, following a list assigned to a
/// module-level name (`install_requires=REQUIREMENTS`). Anything computed is reported as a problem.
public struct SetupPyManifest: Sendable {
    public var path: String
    public var projectName: String?
    public var dependencies: [ManifestDependency] = []
    public var requiresPython: String?
    /// Whether every dependency argument was a literal (otherwise what is declared is incomplete).
    public var isComplete = true
    public var problems: [ManifestProblem] = []

    public init(path: String, text: String) {
        self.path = path
        let scanner = PythonLiteralScanner(text: text)
        if let name = scanner.keywordArgument("name"), let value = scanner.stringLiteral(at: name) { projectName = value.text }
        if let python = scanner.keywordArgument("python_requires"), let value = scanner.stringLiteral(at: python) {
            requiresPython = value.text
        }
        read(scanner, keyword: "install_requires", group: "install")
        read(scanner, keyword: "setup_requires", group: "build")
        read(scanner, keyword: "tests_require", group: "dev")
        if let extras = scanner.keywordArgument("extras_require") {
            if let entries = scanner.dictionaryOfLists(at: extras) {
                for (extra, items) in entries {
                    for item in items { add(item.text, line: item.line, group: "optional:" + extra) }
                }
            } else {
                incomplete(at: scanner.line(of: extras), "extras_require is not a literal dictionary")
            }
        }
    }

    private mutating func read(_ scanner: PythonLiteralScanner, keyword: String, group: String) {
        guard let start = scanner.keywordArgument(keyword) else { return }
        var position = start
        if let name = scanner.identifier(at: start) {
            // `install_requires=REQUIREMENTS` with `REQUIREMENTS = [...]` earlier in the file.
            guard let assigned = scanner.assignment(of: name) else {
                incomplete(at: scanner.line(of: start), "\(keyword) is '\(name)', which is not a literal list in this file")
                return
            }
            position = assigned
        }
        guard let items = scanner.listOfStrings(at: position) else {
            incomplete(at: scanner.line(of: start), "\(keyword) is not a literal list of strings")
            return
        }
        for item in items { add(item.text, line: item.line, group: group) }
    }

    private mutating func add(_ text: String, line: Int, group: String) {
        if let requirement = PythonRequirement(text) {
            dependencies.append(ManifestDependency(name: requirement.name, group: group, specifier: requirement.specifier, line: line))
        } else {
            problems.append(ManifestProblem(path: path, line: line, message: "cannot read the requirement '\(text.prefix(80))'"))
        }
    }

    private mutating func incomplete(at line: Int, _ message: String) {
        isComplete = false
        problems.append(ManifestProblem(path: path, line: line, message: message))
    }
}
