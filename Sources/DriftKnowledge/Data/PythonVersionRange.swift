/// The CPython versions in which a module or member exists.
public struct PythonVersionRange: Sendable, Hashable, CustomStringConvertible {
    /// First version that has it; `nil` means 3.8 or earlier (the oldest surveyed).
    public var introduced: PythonVersion?
    /// First version that no longer has it; `nil` means it is still in the newest surveyed version.
    public var removed: PythonVersion?

    public init(introduced: PythonVersion?, removed: PythonVersion?) {
        self.introduced = introduced
        self.removed = removed
    }

    /// Parses the data's `first-last` form (`8-`, `11-`, `8-11`), CPython 3 minor versions.
    init?(encoded: String) {
        guard let dash = encoded.firstIndex(of: "-"), let first = Int(encoded[..<dash]) else { return nil }
        let lastText = encoded[encoded.index(after: dash)...]
        introduced = first <= PythonVersion.oldestSurveyed.minor ? nil : PythonVersion(3, first)
        if lastText.isEmpty {
            removed = nil
        } else {
            guard let last = Int(lastText) else { return nil }
            removed = PythonVersion(3, last + 1)
        }
    }

    /// Whether it exists in `version`.
    public func contains(_ version: PythonVersion) -> Bool {
        if let introduced, version < introduced { return false }
        if let removed, version >= removed { return false }
        return true
    }

    /// Whether it exists in every version from `minimum` on (up to the newest surveyed).
    public func isAvailable(from minimum: PythonVersion) -> Bool {
        if let introduced, minimum < introduced { return false }
        return removed == nil
    }

    public var description: String {
        switch (introduced, removed) {
        case (nil, nil): "3.8+"
        case let (i?, nil): "\(i)+"
        case let (nil, r?): "until \(r) (removed)"
        case let (i?, r?): "\(i) until \(r) (removed)"
        }
    }
}
