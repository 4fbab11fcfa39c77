/// A pip requirements file (`requirements.txt`, `requirements/dev.txt`): requirements, `-r`/`-c`
/// includes, editable installs, URLs and archive paths, options ignored.
public struct RequirementsFile: Sendable {
    public var path: String
    /// Declared requirements (group `install`), in file order.
    public var dependencies: [ManifestDependency] = []
    /// `-r` includes as written, relative to this file's folder.
    public var includes: [String] = []
    /// `-c` constraint files as written (they constrain versions, they declare nothing).
    public var constraints: [String] = []
    /// Local paths installed from this file (`-e .`, `./libs/tool`): the project's own code.
    public var localPaths: [String] = []
    public var problems: [ManifestProblem] = []

    /// Parses the file's text; never fails, lines it cannot read become `problems`.
    public init(path: String, text: String) {
        self.path = path
        for (number, line) in Self.logicalLines(text) {
            read(line, at: number)
        }
    }

    /// Lines with `\` continuations joined and comments removed, with their first line number.
    private static func logicalLines(_ text: String) -> [(Int, String)] {
        var result: [(Int, String)] = []
        var pending = ""
        var pendingLine = 0
        for (offset, raw) in text.split(separator: "\n", omittingEmptySubsequences: false).enumerated() {
            var line = Substring(raw)
            if line.last == "\r" { line = line.dropLast() }
            if pending.isEmpty { pendingLine = offset + 1 }
            if line.hasSuffix("\\") {
                pending += line.dropLast() + " "
                continue
            }
            pending += line
            result.append((pendingLine, stripComment(pending)))
            pending = ""
        }
        if !pending.isEmpty { result.append((pendingLine, stripComment(pending))) }
        return result
    }

    /// pip's rule: `#` starts a comment at the line start or after whitespace (`#egg=` in a URL does not).
    private static func stripComment(_ line: String) -> String {
        var previous: Character = " "
        for index in line.indices {
            if line[index] == "#", previous == " " || previous == "\t" { return String(line[..<index]) }
            previous = line[index]
        }
        return line
    }

    private static let valueOptions: Set<String> = [
        "-i", "--index-url", "--extra-index-url", "-f", "--find-links", "--trusted-host", "--no-binary",
        "--only-binary", "--use-feature", "--hash", "--global-option", "--config-settings", "--progress-bar",
    ]

    private mutating func read(_ rawLine: String, at line: Int) {
        let text = rawLine.trimmingASCIIWhitespace()
        guard !text.isEmpty else { return }
        if text.hasPrefix("-") {
            let (option, value) = Self.splitOption(text)
            switch option {
            case "-r", "--requirement": if !value.isEmpty { includes.append(value) }
            case "-c", "--constraint": if !value.isEmpty { constraints.append(value) }
            case "-e", "--editable": readReference(value, at: line, editable: true)
            default:
                if value.isEmpty, !Self.valueOptions.contains(option), !option.hasPrefix("--") {
                    problems.append(ManifestProblem(path: path, line: line, message: "unknown option '\(option)'"))
                }
            }
            return
        }
        // Per-requirement options (`--hash=…`) follow the requirement.
        var requirementText = text
        if let optionStart = text.firstRange(of: " --") ?? text.firstRange(of: "\t--") {
            requirementText = text[..<optionStart.lowerBound]
        }
        if let requirement = PythonRequirement(requirementText) {
            dependencies.append(ManifestDependency(name: requirement.name, group: "install",
                                                   specifier: requirement.url.isEmpty ? requirement.specifier : requirement.url,
                                                   line: line))
        } else {
            readReference(String(requirementText), at: line, editable: false)
        }
    }

    private static func splitOption(_ text: Substring) -> (String, String) {
        if let equals = text.firstIndex(of: "="), !text[..<equals].contains(" ") {
            return (String(text[..<equals]), String(text[text.index(after: equals)...].trimmingASCIIWhitespace()))
        }
        let parts = text.split(maxSplits: 1, whereSeparator: { $0 == " " || $0 == "\t" })
        return (String(parts[0]), parts.count > 1 ? String(parts[1].trimmingASCIIWhitespace()) : "")
    }

    /// A URL, VCS reference or local path: its name comes from `#egg=` or the archive file name.
    private mutating func readReference(_ reference: String, at line: Int, editable: Bool) {
        if let egg = reference.firstRange(of: "#egg=") ?? reference.firstRange(of: "&egg=") {
            let name = reference[egg.upperBound...].prefix { $0 != "&" && $0 != " " }
            let bare = name.split(separator: "[").first.map(String.init) ?? String(name)
            dependencies.append(ManifestDependency(name: bare, group: "install", specifier: reference, line: line))
            return
        }
        if let requirement = PythonRequirement(reference), !requirement.specifier.isEmpty || !requirement.url.isEmpty {
            dependencies.append(ManifestDependency(name: requirement.name, group: "install", specifier: reference, line: line))
            return
        }
        let file = reference.split(separator: "/").last.map(String.init) ?? reference
        if let name = Self.archiveName(file) {
            dependencies.append(ManifestDependency(name: name, group: "install", specifier: reference, line: line))
            return
        }
        let isURL = reference.contains("://")
        if !isURL, reference.hasPrefix(".") || reference.hasPrefix("/") || editable || !reference.contains(" ") && reference.contains("/") {
            localPaths.append(reference)
            return
        }
        if let requirement = PythonRequirement(reference) {
            dependencies.append(ManifestDependency(name: requirement.name, group: "install", line: line))
            return
        }
        problems.append(ManifestProblem(path: path, line: line, message: "cannot read the requirement '\(reference.prefix(80))'"))
    }

    /// `pkg-1.0-py3-none-any.whl` → `pkg`; `pkg-name-1.0.tar.gz` → `pkg-name`.
    static func archiveName(_ file: String) -> String? {
        let lower = file.lowercased()
        if lower.hasSuffix(".whl") { return file.split(separator: "-").first.map(String.init) }
        for suffix in [".tar.gz", ".tar.bz2", ".tar.xz", ".zip", ".tgz"] where lower.hasSuffix(suffix) {
            let stem = file.dropLast(suffix.count)
            let parts = stem.split(separator: "-")
            guard let versionIndex = parts.firstIndex(where: { $0.first?.isNumber ?? false }), versionIndex > 0 else { return nil }
            return parts[..<versionIndex].joined(separator: "-")
        }
        return nil
    }
}
