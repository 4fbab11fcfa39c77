/// What the bundled data says about one member of a module or namespace.
public enum MemberLookup<Availability: Sendable & Equatable>: Sendable, Equatable {
    /// The member exists, with the versions it is available in.
    case present(Availability)
    /// The member exists in no surveyed version; `nearest` is the closest real member, if any is a likely typo.
    case absent(nearest: String?)
    /// Nothing can be proven: unknown module, members not surveyed, dynamic `__getattr__`, a private name.
    case unknown

    /// Whether the data proves the member does not exist.
    public var isAbsent: Bool {
        if case .absent = self { return true }
        return false
    }

    /// The availability when present.
    public var availability: Availability? {
        if case .present(let availability) = self { return availability }
        return nil
    }
}
