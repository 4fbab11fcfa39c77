/// `Package.swift`, read as text (never compiled): `.package(url:/path:/name:)` dependencies,
/// `.product(name:package:)` products, and the package's own target names.
public struct SwiftPackageManifest: Sendable {
    public var path: String
    /// `Package(name: "…")`.
    public var packageName: String?
    /// Package dependencies, named by identity (last URL or path component without `.git`, lower case).
    public var dependencies: [ManifestDependency] = []
    /// Product names used by targets (`ArgumentParser`): the modules such products usually provide.
    public var products: [String] = []
    /// The package's own targets (`.target(name:)`, `.executableTarget`, `.testTarget`, …): its own modules.
    public var targets: [String] = []
    public var problems: [ManifestProblem] = []

    public init(path: String, text: String) {
        self.path = path
        let calls = Self.calls(in: text)
        for call in calls {
            let arguments = Self.stringArguments(call.arguments)
            switch call.name {
            case "Package": packageName = packageName ?? arguments["name"]
            case "package":
                let source = arguments["url"] ?? arguments["path"] ?? ""
                var identity = source.split(separator: "/").last.map(String.init) ?? ""
                if identity.hasSuffix(".git") { identity = String(identity.dropLast(4)) }
                if identity.isEmpty, let id = arguments["id"] { identity = id }
                if let name = arguments["name"], identity.isEmpty { identity = name }
                guard !identity.isEmpty else {
                    problems.append(ManifestProblem(path: path, line: call.line, message: "a .package(...) without a literal url, path or id"))
                    continue
                }
                dependencies.append(ManifestDependency(name: identity.lowercased(), group: "package", specifier: source, line: call.line))
                if let name = arguments["name"], name.lowercased() != identity.lowercased() {
                    dependencies.append(ManifestDependency(name: name.lowercased(), group: "package", specifier: source, line: call.line))
                }
            case "product":
                if let name = arguments["name"] { products.append(name) }
            case "target", "executableTarget", "testTarget", "macro", "plugin", "systemLibrary", "binaryTarget":
                if let name = arguments["name"] { targets.append(name) }
            default: break
            }
        }
    }

    /// Whether `import Module` is the package's own target, a product of a dependency, or a
    /// dependency whose module is named after it.
    public func declares(module: String) -> Bool {
        if targets.contains(module) || products.contains(module) { return true }
        let lower = module.lowercased()
        return dependencies.contains { $0.name == lower || $0.name.replacing("-", with: "_") == lower }
    }

    struct Call {
        var name: String
        var arguments: Substring
        var line: Int
    }

    /// Every `name(` … `)` in the text, with its argument text (strings and comments respected).
    static func calls(in text: String) -> [Call] {
        var scalars = Array(text.unicodeScalars)
        // Comments become spaces first, so nothing inside them is read as code or as a string.
        var index = 0
        while index < scalars.count {
            let c = scalars[index]
            if c == "\"" {
                index += 1
                while index < scalars.count, scalars[index] != "\"", scalars[index] != "\n" {
                    index += scalars[index] == "\\" ? 2 : 1
                }
                index += 1
            } else if c == "/", index + 1 < scalars.count, scalars[index + 1] == "/" {
                while index < scalars.count, scalars[index] != "\n" { scalars[index] = " "; index += 1 }
            } else if c == "/", index + 1 < scalars.count, scalars[index + 1] == "*" {
                while index < scalars.count, !(scalars[index] == "*" && index + 1 < scalars.count && scalars[index + 1] == "/") {
                    if scalars[index] != "\n" { scalars[index] = " " }
                    index += 1
                }
                if index + 1 < scalars.count { scalars[index] = " "; scalars[index + 1] = " " }
                index += 2
            } else {
                index += 1
            }
        }
        func isIdentifier(_ c: Unicode.Scalar) -> Bool { c.properties.isAlphabetic || c == "_" || ("0"..."9").contains(c) }
        var calls: [Call] = []
        var stack: [(name: String, start: Int, line: Int)] = []
        var line = 1
        var nameStart: Int?
        index = 0
        while index < scalars.count {
            let c = scalars[index]
            if c == "\n" { line += 1 }
            if c == "\"" {
                index += 1
                while index < scalars.count, scalars[index] != "\"", scalars[index] != "\n" {
                    index += scalars[index] == "\\" ? 2 : 1
                }
                index += 1
                nameStart = nil
                continue
            }
            if isIdentifier(c) {
                if nameStart == nil || !(index > 0 && isIdentifier(scalars[index - 1])) { nameStart = index }
            } else if c == "(" {
                var name = ""
                if let start = nameStart, start < index {
                    var end = start
                    while end < index, isIdentifier(scalars[end]) { end += 1 }
                    name = String(String.UnicodeScalarView(scalars[start..<end]))
                }
                stack.append((name, index + 1, line))
                nameStart = nil
            } else if c == ")" {
                if let open = stack.popLast(), !open.name.isEmpty, open.start <= index {
                    calls.append(Call(name: open.name, arguments: Substring(String(String.UnicodeScalarView(scalars[open.start..<index]))), line: open.line))
                }
                nameStart = nil
            } else if c != " " && c != "\t" && c != "\n" && c != "\r" {
                nameStart = nil
            }
            index += 1
        }
        return calls
    }

    /// `label: "literal"` pairs at the top level of an argument list.
    static func stringArguments(_ text: Substring) -> [String: String] {
        var result: [String: String] = [:]
        var depth = 0
        var index = text.startIndex
        var label = ""
        var afterColon = false
        while index < text.endIndex {
            let c = text[index]
            if c == "\"" {
                let start = text.index(after: index)
                var end = start
                while end < text.endIndex, text[end] != "\"" {
                    if text[end] == "\\" { end = text.index(after: end) }
                    if end < text.endIndex { end = text.index(after: end) }
                }
                if depth == 0, afterColon, !label.isEmpty, result[label] == nil, end <= text.endIndex {
                    result[label] = String(text[start..<min(end, text.endIndex)])
                }
                index = end < text.endIndex ? text.index(after: end) : text.endIndex
                continue
            }
            switch c {
            case "(", "[", "{": depth += 1; afterColon = false
            case ")", "]", "}": depth -= 1
            case ",": if depth == 0 { label = ""; afterColon = false }
            case ":": if depth == 0 { afterColon = true }
            default:
                if depth == 0, !afterColon, c.isLetter || c.isNumber || c == "_" { label.append(c) }
                else if depth == 0, !afterColon, c == " " || c == "\n" || c == "\t" { }
                else if depth == 0, afterColon, c != " " && c != "\n" && c != "\t" { afterColon = false }
            }
            index = text.index(after: index)
        }
        return result
    }
}
