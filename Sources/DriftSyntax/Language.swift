/// A programming language Drift understands.
public enum Language: String, CaseIterable, Sendable, Codable, Comparable {
    case javascript
    case typescript
    case python
    case swift
    case go

    /// Detects the language of a file from its name, or nil when Drift does not analyse it.
    public init?(path: String) {
        // Rules ask this per import and per member read: the last component is found in place,
        // without splitting the path (trailing slashes are ignored, as before).
        let slash = UInt8(ascii: "/")
        var utf8 = Substring(path).utf8
        while utf8.last == slash { utf8 = utf8.dropLast() }
        let name = utf8.lastIndex(of: slash).map { utf8[utf8.index(after: $0)...] } ?? utf8
        guard let dot = name.lastIndex(of: UInt8(ascii: ".")), dot != name.startIndex else { return nil }
        let ext = String(Substring(name[name.index(after: dot)...])).lowercased()
        // Type declaration files describe code, they are not code an assistant writes logic into,
        // but they are still TypeScript.
        switch ext {
        case "js", "mjs", "cjs", "jsx": self = .javascript
        case "ts", "mts", "cts", "tsx": self = .typescript
        case "py", "pyi": self = .python
        case "swift": self = .swift
        case "go": self = .go
        default: return nil
        }
    }

    /// Parses a `--lang` value: a language name or one of its usual short names.
    public init?(name: String) {
        switch name.lowercased() {
        case "javascript", "js", "jsx", "mjs", "cjs", "node": self = .javascript
        case "typescript", "ts", "tsx": self = .typescript
        case "python", "py", "python3": self = .python
        case "swift": self = .swift
        case "go", "golang": self = .go
        default: return nil
        }
    }

    /// The file extensions `init(path:)` reads as this language, without the dot: JSX is
    /// JavaScript, TSX and `.d.ts` are TypeScript.
    public var fileExtensions: [String] {
        switch self {
        case .javascript: ["js", "mjs", "cjs", "jsx"]
        case .typescript: ["ts", "mts", "cts", "tsx"]
        case .python: ["py", "pyi"]
        case .swift: ["swift"]
        case .go: ["go"]
        }
    }

    /// The name people write, e.g. "TypeScript".
    public var displayName: String {
        switch self {
        case .javascript: "JavaScript"
        case .typescript: "TypeScript"
        case .python: "Python"
        case .swift: "Swift"
        case .go: "Go"
        }
    }

    /// A file extension for code of this language (used when a snippet has no path).
    public var defaultExtension: String {
        switch self {
        case .javascript: "js"
        case .typescript: "ts"
        case .python: "py"
        case .swift: "swift"
        case .go: "go"
        }
    }

    /// True for the C family of comment syntax (`//` and `/* */`).
    public var usesSlashComments: Bool { self != .python }

    public static func < (lhs: Language, rhs: Language) -> Bool {
        allCases.firstIndex(of: lhs)! < allCases.firstIndex(of: rhs)!
    }
}
