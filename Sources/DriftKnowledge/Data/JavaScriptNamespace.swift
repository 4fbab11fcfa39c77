import DriftCore

/// A JavaScript global namespace (`Math`, `Array`, `Array.prototype`, `Intl.DateTimeFormat`, or
/// `globalThis` itself) and its members.
public struct JavaScriptNamespace: Sendable {
    /// `Array.prototype`, `Object`, `globalThis`.
    public let name: String
    /// The namespace's own availability.
    public let availability: JavaScriptAvailability
    private let table: KnowledgeTable.Namespace

    init(_ namespace: KnowledgeTable.Namespace) {
        table = namespace
        name = namespace.name
        availability = JavaScriptAvailability(edition: namespace.version.isEmpty ? nil : namespace.version,
                                              inNodeRuntime: !namespace.flags.hasFlag("n"))
    }

    /// Member names in sorted order (own and inherited through the prototype chain).
    public var memberNames: [String] { table.memberNames }

    /// Availability of `member`, or `nil` if the data does not have it.
    public func availability(of member: String) -> JavaScriptAvailability? {
        guard let entry = table.member(member) else { return nil }
        return JavaScriptAvailability(edition: entry.version.isEmpty ? availability.edition : entry.version,
                                      inNodeRuntime: !entry.flags.hasFlag("n") && availability.inNodeRuntime,
                                      browserOnly: entry.flags.hasFlag("d"))
    }

    /// Present with its availability, absent with the nearest real member, or unknown for
    /// `__`-prefixed names (`__proto__`, `__defineGetter__`), which the survey leaves out.
    public func member(_ member: String) -> MemberLookup<JavaScriptAvailability> {
        if let found = availability(of: member) { return .present(found) }
        if member.hasPrefix("__") { return .unknown }
        return .absent(nearest: nearest(to: member, in: table.memberNames))
    }
}
