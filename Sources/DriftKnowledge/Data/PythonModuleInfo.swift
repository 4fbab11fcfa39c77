import DriftCore

/// One module of the Python standard library (or a class commonly used as a namespace, such as
/// `datetime.datetime`) and its public members with their version ranges.
public struct PythonModuleInfo: Sendable {
    /// Dotted name: `os.path`, `xml.etree.ElementTree`, `datetime.datetime`.
    public let name: String
    /// The versions the module (or class) exists in.
    public let range: PythonVersionRange
    /// A package (it has submodules).
    public let isPackage: Bool
    /// A class rather than a module: its members are what `dir(cls)` shows (instance attributes set
    /// in `__init__` are not there, so a miss on an instance proves nothing).
    public let isClass: Bool
    /// The module could not be imported on Linux (Windows-only, or unsafe to import): members unknown.
    public let membersKnown: Bool
    /// The module defines a module-level `__getattr__` that can serve any name: absence proves nothing.
    public let isDynamic: Bool
    /// Members depend on the platform; the list is Linux's plus the Windows/macOS ones generated
    /// code commonly uses, so absence here is strong but not certain evidence.
    public let variesByPlatform: Bool

    private let table: KnowledgeTable.Namespace

    init(_ namespace: KnowledgeTable.Namespace) {
        name = namespace.name
        range = PythonVersionRange(encoded: namespace.version) ?? PythonVersionRange(introduced: nil, removed: nil)
        isPackage = namespace.flags.hasFlag("p")
        isClass = namespace.flags.hasFlag("c")
        membersKnown = !namespace.flags.hasFlag("u")
        isDynamic = namespace.flags.hasFlag("d")
        variesByPlatform = namespace.flags.hasFlag("v")
        table = namespace
    }

    /// Public member names, sorted.
    public var memberNames: [String] { table.memberNames }

    /// Every public member and its range.
    public var members: [String: PythonVersionRange] {
        var result: [String: PythonVersionRange] = [:]
        for (name, member) in table.members { result[name] = PythonVersionRange(encoded: member.version) ?? range }
        return result
    }

    /// What the data says about `member`: present with its range, absent (with the nearest real
    /// member), or unknown when the module's members cannot be known or the name is private.
    public func member(_ member: String) -> MemberLookup<PythonVersionRange> {
        if let found = table.member(member) {
            return .present(PythonVersionRange(encoded: found.version) ?? range)
        }
        if !membersKnown || isDynamic || member.hasPrefix("_") { return .unknown }
        return .absent(nearest: nearest(to: member, in: table.memberNames))
    }
}
