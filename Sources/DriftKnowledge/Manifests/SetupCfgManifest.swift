/// `setup.cfg` (setuptools declarative config): `[options] install_requires`, `python_requires`,
/// `[options.extras_require]` and `[metadata] name`.
public struct SetupCfgManifest: Sendable {
    public var path: String
    public var projectName: String?
    public var dependencies: [ManifestDependency] = []
    public var requiresPython: String?
    public var problems: [ManifestProblem] = []

    public init(path: String, text: String) {
        self.path = path
        var section = ""
        var key: String?
        var keyLine = 0
        var values: [(Int, Substring)] = []

        func finish() {
            guard let current = key else { return }
            switch (section, current) {
            case ("metadata", "name"): projectName = values.first.map { String($0.1) }
            case ("options", "python_requires"): requiresPython = values.first.map { String($0.1) }
            case ("options", "install_requires"): add(values, group: "install")
            case ("options", "setup_requires"): add(values, group: "build")
            case ("options", "tests_require"): add(values, group: "dev")
            case ("options.extras_require", let extra): add(values, group: "optional:" + extra)
            default: break
            }
            key = nil
            values = []
        }

        for (offset, raw) in text.split(separator: "\n", omittingEmptySubsequences: false).enumerated() {
            let number = offset + 1
            var line = Substring(raw)
            if line.last == "\r" { line = line.dropLast() }
            let trimmed = line.trimmingASCIIWhitespace()
            if trimmed.isEmpty || trimmed.hasPrefix("#") || trimmed.hasPrefix(";") { continue }
            let indented = line.first == " " || line.first == "\t"
            if indented, key != nil {
                values.append((number, Self.stripInlineComment(trimmed)))
                continue
            }
            finish()
            if trimmed.hasPrefix("[") {
                guard let close = trimmed.firstIndex(of: "]") else {
                    problems.append(ManifestProblem(path: path, line: number, message: "the section header is not closed"))
                    continue
                }
                section = String(trimmed[trimmed.index(after: trimmed.startIndex)..<close].trimmingASCIIWhitespace())
                continue
            }
            guard let separator = trimmed.firstIndex(where: { $0 == "=" || $0 == ":" }) else {
                problems.append(ManifestProblem(path: path, line: number, message: "expected 'key = value'"))
                continue
            }
            key = String(trimmed[..<separator].trimmingASCIIWhitespace()).replacing("-", with: "_")
            keyLine = number
            let value = Self.stripInlineComment(trimmed[trimmed.index(after: separator)...].trimmingASCIIWhitespace())
            if !value.isEmpty { values.append((number, value)) }
        }
        finish()
        _ = keyLine
    }

    private static func stripInlineComment(_ text: Substring) -> Substring {
        if let hash = text.firstRange(of: " #") ?? text.firstRange(of: " ;") { return text[..<hash.lowerBound].trimmingASCIIWhitespace() }
        return text
    }

    private mutating func add(_ values: [(Int, Substring)], group: String) {
        for (line, value) in values {
            if value.hasPrefix("file:") || value.hasPrefix("attr:") {
                problems.append(ManifestProblem(path: path, line: line, message: "requirements read from '\(value)' are not followed"))
                continue
            }
            // One per line, or several separated by `;`-free commas on one line (older style).
            let items = value.contains(",") && !value.contains("(") && !value.contains("<") ? value.split(separator: ",") : [value]
            for item in items {
                if let requirement = PythonRequirement(item) {
                    dependencies.append(ManifestDependency(name: requirement.name, group: group, specifier: requirement.specifier, line: line))
                } else {
                    problems.append(ManifestProblem(path: path, line: line, message: "cannot read the requirement '\(item.prefix(80))'"))
                }
            }
        }
    }
}

