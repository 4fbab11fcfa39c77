/// `go.mod`: the module path, the `go` version, `require` (single and blocks, `// indirect`
/// noted) and `replace` directives.
public struct GoModManifest: Sendable {
    public var path: String
    /// The module's own import path (`module github.com/acme/tool`).
    public var modulePath: String?
    /// The `go 1.22` directive.
    public var goVersion: String?
    /// Required modules (group `require`, or `indirect` for `// indirect` ones).
    public var dependencies: [ManifestDependency] = []
    /// Replaced module paths (the left side of `replace`).
    public var replaced: [String] = []
    public var problems: [ManifestProblem] = []

    public init(path: String, text: String) {
        self.path = path
        var block: String?
        for (offset, raw) in text.split(separator: "\n", omittingEmptySubsequences: false).enumerated() {
            let number = offset + 1
            var line = Substring(raw)
            var indirect = false
            if let comment = line.firstRange(of: "//") {
                indirect = line[comment.upperBound...].trimmingASCIIWhitespace().hasPrefix("indirect")
                line = line[..<comment.lowerBound]
            }
            let words = line.split(whereSeparator: { $0 == " " || $0 == "\t" || $0 == "\r" }).map { Self.unquote($0) }
            guard let first = words.first else { continue }
            if let current = block {
                if first == ")" { block = nil; continue }
                handle(directive: current, words[...], line: number, indirect: indirect)
                continue
            }
            if words.count >= 2, words[1] == "(" {
                block = first
                continue
            }
            handle(directive: first, words.dropFirst(), line: number, indirect: indirect)
        }
        if block != nil { problems.append(ManifestProblem(path: path, message: "a '(' block is not closed")) }
    }

    private static func unquote(_ word: Substring) -> String {
        if word.count >= 2, word.first == "\"" || word.first == "`", word.last == word.first { return String(word.dropFirst().dropLast()) }
        return String(word)
    }

    private mutating func handle(directive: String, _ words: ArraySlice<String>, line: Int, indirect: Bool) {
        switch directive {
        case "module": modulePath = words.first
        case "go": goVersion = words.first
        case "require":
            guard let name = words.first else { return }
            let version = words.dropFirst().first ?? ""
            dependencies.append(ManifestDependency(name: name, group: indirect ? "indirect" : "require", specifier: version, line: line))
        case "replace":
            if let name = words.first { replaced.append(name) }
        case "toolchain", "exclude", "retract", "godebug", "tool", "ignore": break
        default:
            problems.append(ManifestProblem(path: path, line: line, message: "unknown directive '\(directive)'"))
        }
    }

    /// Whether an import path belongs to the module itself or to a required module.
    public func declares(importPath: String) -> Bool {
        func within(_ module: String) -> Bool { importPath == module || importPath.hasPrefix(module + "/") }
        if let modulePath, within(modulePath) { return true }
        return dependencies.contains { within($0.name) }
    }
}
