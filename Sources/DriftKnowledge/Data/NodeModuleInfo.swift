import DriftCore

/// A Node.js built-in module (`fs`, `fs/promises`) or a namespace exported by one (`fs.promises`,
/// `events.EventEmitter.prototype`), and its exports.
public struct NodeModuleInfo: Sendable {
    /// The name without `node:` (`fs/promises`, `fs.promises`).
    public let name: String
    /// The Node.js major version that added it, when later than the surveyed one; `nil` means the surveyed node has it.
    public let sinceMajorVersion: Int?
    /// Importable only as `node:name` (`node:test`).
    public let requiresPrefix: Bool
    /// An internal module (`_http_agent`): it exists but is not a public API.
    public let isInternal: Bool
    /// Exports are known (the surveyed node could load it).
    public let exportsKnown: Bool
    private let table: KnowledgeTable.Namespace

    init(_ namespace: KnowledgeTable.Namespace) {
        table = namespace
        name = namespace.name
        sinceMajorVersion = Int(namespace.version)
        requiresPrefix = namespace.flags.hasFlag("p")
        isInternal = namespace.flags.hasFlag("i")
        exportsKnown = !namespace.flags.hasFlag("u") && !namespace.flags.hasFlag("i")
    }

    /// Export names, sorted.
    public var exports: [String] { table.memberNames }

    /// Present (with the Node.js major version that added it, `nil` when the surveyed one has it),
    /// absent with the nearest export, or unknown when the exports are not known.
    public func export(_ name: String) -> MemberLookup<Int?> {
        if let entry = table.member(name) { return .present(Int(entry.version)) }
        // Every export object inherits Object.prototype (`buffer.hasOwnProperty(...)`).
        if JavaScriptGlobals.namespace(named: "Object.prototype")?.availability(of: name) != nil { return .present(nil) }
        guard exportsKnown, !name.hasPrefix("_") else { return .unknown }
        return .absent(nearest: nearest(to: name, in: table.memberNames))
    }
}
