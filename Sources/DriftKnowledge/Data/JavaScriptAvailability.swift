/// Where a JavaScript global or built-in member is available: the ECMAScript edition that
/// standardised it and whether the surveyed Node.js runtime has it.
public struct JavaScriptAvailability: Sendable, Hashable, CustomStringConvertible {
    /// `es5`, `es2015` … `es2025`, `esnext`; `nil` for runtime extensions (V8, Node.js, web platform APIs).
    public var edition: String?
    /// Whether the surveyed Node.js (see `NodeBuiltins.surveyedMajorVersion`) has it.
    public var inNodeRuntime: Bool
    /// Declared only by TypeScript's DOM library: a browser global.
    public var browserOnly: Bool

    public init(edition: String?, inNodeRuntime: Bool, browserOnly: Bool = false) {
        self.edition = edition
        self.inNodeRuntime = inNodeRuntime
        self.browserOnly = browserOnly
    }

    /// The edition's year (`es2015` → 2015, `es5` → 2009, `esnext` → `Int.max`), for comparisons.
    public var editionYear: Int? {
        guard let edition else { return nil }
        if edition == "es5" { return 2009 }
        if edition == "esnext" { return .max }
        return Int(edition.dropFirst(2))
    }

    public var description: String {
        var parts = [edition ?? "runtime extension"]
        if browserOnly { parts.append("browsers") } else if !inNodeRuntime { parts.append("not in Node.js \(NodeBuiltins.surveyedMajorVersion)") }
        return parts.joined(separator: ", ")
    }
}
